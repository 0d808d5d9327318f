"""The four SemEval-2013 entity schemes written out: one small class each, a double loop.

Spans are ``[start, end)``. Gold and predictions are sorted (the dataclass
order: start, end, type); matching is greedy in that order, as nervaluate does,
so the counts do not depend on record order. ``Scheme.count`` is the
definition; the harness counts on arrays (``metrics.entity_arrays``), and the
tests compare the two on many random documents.

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
>>> counts(Partial().count(gold, pred))
Counts(matched_pred=1.5, matched_gold=1.5, predicted=2, gold=2)
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newsprep.eval.metrics.entities import SemEvalCounts
from newsprep.eval.metrics.prf import Counts
from newsprep.eval.types import CONLL_TYPES, TYPES, Mention, overlaps

ALL_TYPES = tuple(dict.fromkeys(TYPES + CONLL_TYPES))  # every type a mention of either label set can have


def counts(c: SemEvalCounts) -> Counts:
    """POSSIBLE = COR+INC+PAR+MIS, ACTUAL = COR+INC+PAR+SPU; a partial match earns ½."""
    hits = c.correct + 0.5 * c.partial
    possible = c.correct + c.incorrect + c.partial + c.missed
    actual = c.correct + c.incorrect + c.partial + c.spurious
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


def document_counts(gold: Sequence[Mention], pred: Sequence[Mention]) -> dict[str, SemEvalCounts]:
    """Counts of one document: ``SCHEME`` overall and ``SCHEME:TYPE`` for each type of either side.

    Per type, gold and predictions are first restricted to that type (as
    nervaluate's per-entity results), so a right span with a wrong type counts
    as one missed and one spurious there.
    """
    out = {}
    for name, scheme in SCHEMES.items():
        out[name] = scheme.count(gold, pred)
        for t in ALL_TYPES:
            g, p = [m for m in gold if m.type == t], [m for m in pred if m.type == t]
            if g or p:
                out[f"{name}:{t}"] = scheme.count(g, p)
    return out


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
