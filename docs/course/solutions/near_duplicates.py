"""Reference solution of the exercise near-duplicates (for instructors; the tests check it passes)."""
import itertools
import re

import newsprep.eval as npe


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two sentences' sets of lower-cased words."""
    wa, wb = words(a), words(b)
    if not wa | wb:
        return 1.0
    return len(wa & wb) / len(wa | wb)


def pr_curve(scores: dict[tuple[str, str], float], positives: set[tuple[str, str]]) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) for each distinct score, highest threshold first."""
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    curve, found = [], 0
    for k, (pair, score) in enumerate(ranked):
        called = k + 1  # the pairs scoring at least `score`, so far
        found += pair in positives
        last_of_its_score = called == len(ranked) or ranked[k + 1][1] != score
        if last_of_its_score:  # every pair scoring at least `score` is now called a duplicate
            curve.append((score, found / called, found / len(positives) if positives else 0.0))
    return curve


def best_threshold(curve: list[tuple[float, float, float]]) -> float:
    """The threshold of the curve with the highest F1; on a tie, the higher threshold."""
    def f1(point: tuple[float, float, float]) -> float:
        _, precision, recall = point
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return max(curve, key=lambda point: (f1(point), point[0]))[0]


if __name__ == "__main__":
    segments = {s["id"]: s["text"] for s in npe.records("segments") if not s["boilerplate"]}
    positives = {(p["a"], p["b"]) for p in npe.records("duplicate_pairs") if p["label"] != "related"}
    scores = {(a, b): similarity(segments[a], segments[b]) for a, b in itertools.combinations(sorted(segments), 2)}
    curve = pr_curve(scores, positives)
    print(curve[:5], best_threshold(curve))
