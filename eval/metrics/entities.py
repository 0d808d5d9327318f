"""Entity metrics: the four SemEval-2013 matching schemes, one small class each.

Spans are ``[start, end)``. Both gold and predictions are sorted by
``(start, end)`` and contain no overlapping mentions; matching is greedy in
that order, as nervaluate does, so the counts do not depend on record order.
``Scheme.count`` is the definition (a double loop); ``document_counts`` gets
the same counts in one pass over both lists (tests compare the two).

| scheme  | boundaries        | type       |
|---------|-------------------|------------|
| strict  | exact             | must match |
| exact   | exact             | ignored    |
| partial | overlap (½ credit)| ignored    |
| type    | overlap           | must match |

>>> gold = [Mention(0, 5, "PERSON"), Mention(10, 15, "GPE")]
>>> pred = [Mention(0, 5, "PERSON"), Mention(10, 13, "GPE")]
>>> Strict().count(gold, pred)
SemEvalCounts(correct=1, incorrect=1, partial=0, missed=0, spurious=0)
>>> prf(Partial().count(gold, pred).counts()).f1
0.75
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import astuple, dataclass

from newsprep.eval.metrics.prf import Counts, prf  # noqa: F401  (prf is used in the docstring example)
from newsprep.eval.types import CONLL_TYPES, POSITION, TYPES, Mention, overlaps

ALL_TYPES = tuple(dict.fromkeys(TYPES + CONLL_TYPES))  # every type a mention of either label set can have


@dataclass(frozen=True)
class SemEvalCounts:
    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    def __add__(self, other: SemEvalCounts) -> SemEvalCounts:
        return SemEvalCounts(*(a + b for a, b in zip(astuple(self), astuple(other))))

    def counts(self) -> Counts:
        """POSSIBLE = COR+INC+PAR+MIS, ACTUAL = COR+INC+PAR+SPU; a partial match earns ½."""
        hits = self.correct + 0.5 * self.partial
        possible = self.correct + self.incorrect + self.partial + self.missed
        actual = self.correct + self.incorrect + self.partial + self.spurious
        return Counts(hits, hits, actual, possible)


class Scheme:
    """Greedy matching: each prediction, in order, takes the first unmatched gold mention it fits."""

    name = ""

    def judge(self, pred: Mention, gold: Mention) -> str | None:
        """``"correct"``, ``"incorrect"``, ``"partial"`` or None (no relation)."""
        raise NotImplementedError

    def count(self, gold: Sequence[Mention], pred: Sequence[Mention]) -> SemEvalCounts:
        gold, pred = sorted(gold), sorted(pred)
        tally: Counter[str] = Counter()
        taken: set[int] = set()
        for p in pred:
            best = None
            for i, g in enumerate(gold):
                if i in taken:
                    continue
                verdict = self.judge(p, g)
                if verdict == "correct":
                    best = (i, verdict)
                    break
                if verdict and best is None:
                    best = (i, verdict)
            if best is None:
                tally["spurious"] += 1
            else:
                taken.add(best[0])
                tally[best[1]] += 1
        tally["missed"] = len(gold) - len(taken)
        return SemEvalCounts(**tally)


class Strict(Scheme):
    name = "strict"

    def judge(self, p, g):
        if (p.start, p.end, p.type) == (g.start, g.end, g.type):
            return "correct"
        return "incorrect" if overlaps(p, g) else None


class Exact(Scheme):
    name = "exact"

    def judge(self, p, g):
        if (p.start, p.end) == (g.start, g.end):
            return "correct"
        return "incorrect" if overlaps(p, g) else None


class Partial(Scheme):
    name = "partial"

    def judge(self, p, g):
        if (p.start, p.end) == (g.start, g.end):
            return "correct"
        return "partial" if overlaps(p, g) else None


class Type(Scheme):
    """Overlap with the same type is correct; among several, the closest boundaries win (as nervaluate)."""

    name = "type"

    def count(self, gold, pred):
        gold, pred = sorted(gold), sorted(pred)
        tally: Counter[str] = Counter()
        taken: set[int] = set()
        for p in pred:
            same = [(abs(p.start - g.start) + abs(p.end - g.end), i) for i, g in enumerate(gold)
                    if i not in taken and overlaps(p, g) and g.type == p.type]
            other = [i for i, g in enumerate(gold) if i not in taken and overlaps(p, g) and g.type != p.type]
            if same:
                taken.add(min(same)[1])
                tally["correct"] += 1
            elif other:
                taken.add(other[0])
                tally["incorrect"] += 1
            else:
                tally["spurious"] += 1
        tally["missed"] = len(gold) - len(taken)
        return SemEvalCounts(**tally)


SCHEMES: dict[str, Scheme] = {s.name: s for s in (Strict(), Exact(), Partial(), Type())}
TYPE_KEYS = {name: {t: f"{name}:{t}" for t in ALL_TYPES} for name in SCHEMES}  # "strict:PERSON", ...


def document_counts(gold: Sequence[Mention], pred: Sequence[Mention]) -> dict[str, SemEvalCounts]:
    """Counts of one document: ``SCHEME`` overall and ``SCHEME:TYPE`` per type.

    Per type, gold and predictions are first restricted to that type (as
    nervaluate's per-entity results), so a right span with a wrong type counts
    as one missed and one spurious there.
    """
    return {key: SemEvalCounts(*c) for key, c in document_tuples(gold, pred).items()}


def document_tuples(gold: Sequence[Mention], pred: Sequence[Mention]) -> dict[str, tuple]:
    """``document_counts`` as plain ``(correct, incorrect, partial, missed, spurious)`` tuples (faster)."""
    gold, pred = sorted(gold, key=BOUNDS), sorted(pred, key=BOUNDS)
    fast = disjoint(gold) and disjoint(pred)
    if fast and (found := one_to_one_counts(gold, pred)) is not None:
        return found
    count = window_counts if fast else greedy_counts
    by_type: dict[str, tuple[list, list]] = {}
    for m in gold:
        by_type.setdefault(m.type, ([], []))[0].append(m)
    for m in pred:
        by_type.setdefault(m.type, ([], []))[1].append(m)
    overall = count(gold, pred)
    per_type = {t: count(*by_type[t]) for t in ALL_TYPES if t in by_type}
    out = {}
    for name in SCHEMES:
        out[name] = astuple(overall[name])
        out.update({f"{name}:{t}": astuple(counts[name]) for t, counts in per_type.items()})
    return out


def as_counts(c: tuple) -> tuple[float, float, float, float]:
    """``SemEvalCounts(*c).counts()`` as a tuple: matched (twice), predicted, gold."""
    correct, incorrect, partial, missed, spurious = c
    hits = correct + 0.5 * partial
    return hits, hits, correct + incorrect + partial + spurious, correct + incorrect + partial + missed


BOUNDS = POSITION


def disjoint(mentions: Sequence[Mention]) -> bool:
    """Sorted mentions of which none overlaps the next (so none overlaps any other)."""
    return all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def overlap_window(gold: Sequence[Mention], p: Mention, lo: int) -> tuple[int, int]:
    """``[lo, hi)``: the gold mentions (sorted, no overlaps) that overlap ``p``, searching from ``lo``."""
    n = len(gold)
    while lo < n and gold[lo].end <= p.start:
        lo += 1
    hi = lo
    while hi < n and gold[hi].start < p.end:
        hi += 1
    return lo, hi


def one_to_one_counts(gold: Sequence[Mention], pred: Sequence[Mention]) -> dict[str, tuple] | None:
    """``document_tuples`` in one pass when no gold mention overlaps two predictions; None otherwise.

    Then nothing a prediction could take is ever taken already, so each verdict
    depends on the prediction and the gold mentions it overlaps alone: one with
    the same boundaries (correct for exact and partial; for strict if the type is
    the same too), else any (incorrect; partial for the partial scheme), else
    none (spurious). Per type, only the gold mentions of the prediction's type count.
    """
    bounds = {(g.start, g.end): g.type for g in gold}
    # correct, incorrect, partial, missed, spurious of each scheme, overall and per type
    strict, exact, partial, typed = overall = [[0, 0, 0, 0, 0] for _ in SCHEMES]
    by_type: dict[str, list[list[int]]] = {}
    took = 0
    took_type: Counter[str] = Counter()
    lo, last_hi, n = 0, 0, len(gold)
    for p in pred:
        lo, hi = overlap_window(gold, p, lo)
        if lo < min(hi, last_hi):
            return None  # gold[lo] overlaps this prediction and the one before
        last_hi = hi
        if p.type not in by_type:
            by_type[p.type] = [[0, 0, 0, 0, 0] for _ in SCHEMES]
        t_strict, t_exact, t_partial, t_typed = by_type[p.type]
        if lo == hi:  # overlaps nothing: spurious everywhere
            for counts in (strict, exact, partial, typed, t_strict, t_exact, t_partial, t_typed):
                counts[4] += 1
            continue
        took += 1
        same_bounds = bounds.get((p.start, p.end))
        same_type = gold[lo].type == p.type if hi == lo + 1 else any(gold[i].type == p.type for i in range(lo, hi))
        right = same_bounds == p.type
        strict[0 if right else 1] += 1
        exact[1 if same_bounds is None else 0] += 1
        partial[2 if same_bounds is None else 0] += 1
        typed[0 if same_type else 1] += 1
        if not same_type:  # per type: nothing of this type overlaps
            for counts in (t_strict, t_exact, t_partial, t_typed):
                counts[4] += 1
            continue
        took_type[p.type] += 1
        t_strict[0 if right else 1] += 1
        t_exact[0 if right else 1] += 1
        t_partial[0 if right else 2] += 1
        t_typed[0] += 1
    gold_types = Counter(g.type for g in gold)
    nothing = [(0, 0, 0, 0, 0)] * 4
    present = [(t, by_type.get(t, nothing), gold_types[t] - took_type[t]) for t in ALL_TYPES if t in by_type or t in gold_types]
    out = {}
    for k, name in enumerate(SCHEMES):
        overall[k][3] = n - took
        out[name] = tuple(overall[k])
        keys = TYPE_KEYS[name]
        for t, per_scheme, missed in present:
            c = per_scheme[k]
            out[keys[t]] = (c[0], c[1], c[2], missed, c[4])
    return out


def greedy_counts(gold: Sequence[Mention], pred: Sequence[Mention]) -> dict[str, SemEvalCounts]:
    return {name: scheme.count(gold, pred) for name, scheme in SCHEMES.items()}


def window_counts(gold: Sequence[Mention], pred: Sequence[Mention]) -> dict[str, SemEvalCounts]:
    """The four schemes' counts in one pass, for sorted lists without overlaps; equal to ``Scheme.count``.

    Why one pass is the greedy matching: the gold mentions a prediction overlaps
    form a window ``[lo, hi)`` of the sorted gold, and a gold mention taken by an
    earlier prediction can only be the window's first (it must start before this
    prediction), which is then the last one taken. Within the window the
    candidates are tried in order, a correct one first, as ``Scheme.count`` does.
    """
    at = {(g.start, g.end): i for i, g in enumerate(gold)}
    # per scheme: [correct, incorrect, partial, spurious, index of the gold mention taken last]
    strict, exact, partial, typed = [0, 0, 0, 0, -1], [0, 0, 0, 0, -1], [0, 0, 0, 0, -1], [0, 0, 0, 0, -1]
    lo, n = 0, len(gold)
    for p in pred:
        lo, hi = overlap_window(gold, p, lo)
        same = at.get((p.start, p.end), -1)
        for t, verdict_if_not in ((strict, 1), (exact, 1), (partial, 2)):
            first = lo + 1 if t[4] == lo else lo
            if first >= hi:
                t[3] += 1
            elif first <= same and (t is not strict or gold[same].type == p.type):
                t[0] += 1
                t[4] = same
            else:
                t[verdict_if_not] += 1
                t[4] = first
        first = lo + 1 if typed[4] == lo else lo
        if first >= hi:
            typed[3] += 1
            continue
        fits = [(abs(p.start - gold[i].start) + abs(p.end - gold[i].end), i) for i in range(first, hi) if gold[i].type == p.type]
        typed[0 if fits else 1] += 1
        typed[4] = min(fits)[1] if fits else first
    return {name: SemEvalCounts(t[0], t[1], t[2], n - t[0] - t[1] - t[2], t[3])
            for name, t in (("strict", strict), ("exact", exact), ("partial", partial), ("type", typed))}


def entity_id_counts(gold: Sequence[Mention], pred: Sequence[Mention]) -> Counts:
    """Named gold mentions whose prediction has the same span and the same ``entity_id``.

    Accuracy = matched / named gold mentions (``Counts.gold``); ``predicted``
    counts predicted mentions that carry an id.
    """
    by_span = {(p.start, p.end): p for p in pred}
    named = [g for g in gold if g.entity_id is not None]
    hit = sum(1 for g in named if (p := by_span.get((g.start, g.end))) and p.entity_id == g.entity_id)
    return Counts(hit, hit, sum(1 for p in pred if p.entity_id is not None), len(named))


def confusion(gold: Sequence[Mention], pred: Sequence[Mention]) -> Counter:
    """``(gold type, predicted type)`` for mentions with identical boundaries; ``"-"`` for missed or spurious."""
    g_by, p_by = {(m.start, m.end): m.type for m in gold}, {(m.start, m.end): m.type for m in pred}
    table: Counter[tuple[str, str]] = Counter()
    for span, t in g_by.items():
        table[(t, p_by.get(span, "-"))] += 1
    for span, t in p_by.items():
        if span not in g_by:
            table[("-", t)] += 1
    return table
