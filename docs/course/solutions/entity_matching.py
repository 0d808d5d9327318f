"""Reference solution of the exercise entity-matching (for instructors; the tests check it passes)."""
import newsprep.eval as npe


def overlaps(a: npe.Mention, b: npe.Mention) -> bool:
    return a.start < b.end and b.start < a.end


def judge(p: npe.Mention, g: npe.Mention, scheme: str) -> str | None:
    """"correct", "incorrect" or "partial" for one prediction against one gold mention; None if unrelated."""
    same_bounds = (p.start, p.end) == (g.start, g.end)
    if scheme == "strict":
        if same_bounds and p.type == g.type:
            return "correct"
        return "incorrect" if overlaps(p, g) else None
    if scheme == "partial":
        if same_bounds:
            return "correct"
        return "partial" if overlaps(p, g) else None
    raise ValueError(f"unknown scheme {scheme!r}")


def count(gold: list[npe.Mention], pred: list[npe.Mention], scheme: str) -> dict[str, int]:
    """COR, INC, PAR, MIS and SPU of the predictions against the gold, under "strict" or "partial"."""
    counts = {"correct": 0, "incorrect": 0, "partial": 0, "missed": 0, "spurious": 0}
    gold = sorted(gold, key=lambda m: (m.start, m.end))
    taken: set[int] = set()
    for p in sorted(pred, key=lambda m: (m.start, m.end)):
        verdicts = [(i, judge(p, g, scheme)) for i, g in enumerate(gold) if i not in taken]
        fitting = [(i, v) for i, v in verdicts if v is not None]
        best = next(((i, v) for i, v in fitting if v == "correct"), fitting[0] if fitting else None)
        if best is None:
            counts["spurious"] += 1
        else:
            taken.add(best[0])
            counts[best[1]] += 1
    counts["missed"] = len(gold) - len(taken)
    return counts


def f1(counts: dict[str, int]) -> float:
    """F1 from the five counts; a partial match earns half."""
    hits = counts["correct"] + 0.5 * counts["partial"]
    possible = counts["correct"] + counts["incorrect"] + counts["partial"] + counts["missed"]
    actual = counts["correct"] + counts["incorrect"] + counts["partial"] + counts["spurious"]
    precision = hits / actual if actual else 0.0
    recall = hits / possible if possible else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


if __name__ == "__main__":
    text = "ties dating back to the Cold War era"
    gold = [npe.Mention(text.index("Cold War"), text.index(" era"), "EVENT")]
    pred = [npe.Mention(text.index("the Cold War"), text.index(" era"), "EVENT")]
    for scheme in ("strict", "partial"):
        found = count(gold, pred, scheme)
        print(scheme, found, f1(found))
