"""The entity metrics: the four SemEval-2013 matching schemes, counted for many documents at once on arrays.

Spans are ``[start, end)``. Each scheme (``RULES``) says when a prediction is
correct for a gold mention it overlaps, and what it is otherwise; a prediction
that overlaps no gold mention is spurious, a gold mention no prediction takes
is missed. Matching is greedy in the order of the mentions (start, end, type),
as nervaluate does: each prediction takes one gold mention not taken before,
one it is correct for if there is one (the type scheme: the closest boundaries
among several), else the first it overlaps.

| scheme  | boundaries         | type       |
|---------|--------------------|------------|
| strict  | exact              | must match |
| exact   | exact              | ignored    |
| partial | overlap (½ credit) | ignored    |
| type    | overlap            | must match |

Mentions of a batch of documents are columns (``MentionColumns``): document
number, ``[start, end)``, type number and entity-id number. Each document is
moved to its own stretch of one long line (``STRIDE`` code points apart), so
that sorted gold and predictions of the whole batch are searched at once:
the gold mentions a prediction overlaps are the window ``[lo, hi)`` that two
``searchsorted`` calls find. Where no gold mention overlaps two predictions,
nothing a prediction could take is ever taken already, so each verdict depends
on the prediction and its window alone. A document where that fails (one
prediction split in two, say), or whose mentions overlap, is matched one
prediction at a time by ``greedy_document``.

``semeval_counts`` gives ``C[doc, scheme, slot, verdict]``: schemes in
``SCHEMES`` order; slot 0 overall, slot ``1 + t`` type ``t`` (gold and
predictions restricted to that type, as nervaluate's per-entity results);
verdicts in ``VERDICTS`` order. The definitions written out one document at a
time are the tests' oracle, which they compare with these counts on many random
documents.

>>> gold = MentionColumns.of([0, 0], [0, 10], [5, 15], [0, 1])
>>> pred = MentionColumns.of([0, 0], [0, 10], [5, 13], [0, 1])
>>> semeval_counts(gold, pred, docs=1, types=("PERSON", "GPE"))[0, SCHEME["strict"], 0].tolist()   # overall
[1, 1, 0, 0, 0]
"""
from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

from newsprep.eval.metrics import intervals

STRIDE = 1 << 32  # code points between two documents' origins: more than any text holds


@dataclass(frozen=True)
class Rule:
    """When a prediction is correct for a gold mention it overlaps, and its verdict otherwise."""

    bounds: bool  # correct needs the gold mention's boundaries (else any overlap will do)
    typed: bool  # correct needs the gold mention's type
    otherwise: str  # the verdict of an overlap that is not correct


RULES = {
    "strict": Rule(bounds=True, typed=True, otherwise="incorrect"),
    "exact": Rule(bounds=True, typed=False, otherwise="incorrect"),
    "partial": Rule(bounds=True, typed=False, otherwise="partial"),
    "type": Rule(bounds=False, typed=True, otherwise="incorrect"),
}
SCHEMES = tuple(RULES)
VERDICTS = ("correct", "incorrect", "partial", "missed", "spurious")
SCHEME = {name: k for k, name in enumerate(SCHEMES)}
VERDICT = {name: k for k, name in enumerate(VERDICTS)}
CORRECT, MISSED, SPURIOUS = VERDICT["correct"], VERDICT["missed"], VERDICT["spurious"]


@dataclass(frozen=True)
class MentionColumns:
    """Mentions of a batch as int64 columns, sorted by document, then start; ``entity`` is -1 for no id."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    type: np.ndarray
    entity: np.ndarray

    @classmethod
    def of(cls, doc: ArrayLike, start: ArrayLike, end: ArrayLike, type: ArrayLike,
           entity: ArrayLike | None = None) -> MentionColumns:
        """Columns from lists in any order (sorted here)."""
        d, s = np.asarray(doc, dtype=np.int64), np.asarray(start, dtype=np.int64)
        columns = [d, s, np.asarray(end, dtype=np.int64), np.asarray(type, dtype=np.int64),
                   np.full(len(d), -1, dtype=np.int64) if entity is None else np.asarray(entity, dtype=np.int64)]
        order = np.lexsort((columns[2], s, d))
        return cls(*(c[order] for c in columns))

    def __len__(self) -> int:
        return len(self.doc)

    @property
    def lo(self) -> np.ndarray:
        """Start on the batch's long line."""
        return self.doc * STRIDE + self.start

    @property
    def hi(self) -> np.ndarray:
        return self.doc * STRIDE + self.end

    def where(self, keep: np.ndarray) -> MentionColumns:
        return MentionColumns(self.doc[keep], self.start[keep], self.end[keep], self.type[keep], self.entity[keep])

    def rows(self, doc: int) -> list[tuple[int, int, int]]:
        """One document's mentions as ``(start, end, type)``."""
        at = slice(*np.searchsorted(self.doc, [doc, doc + 1]))
        return list(zip(self.start[at].tolist(), self.end[at].tolist(), self.type[at].tolist()))


def per_doc(doc: np.ndarray, docs: int, weights: np.ndarray | None = None) -> np.ndarray:
    """How many (or how much ``weights``) of each document: a length-``docs`` int64 vector."""
    return np.bincount(doc, weights=weights, minlength=docs).astype(np.int64)


def tangled(columns: MentionColumns, docs: int) -> np.ndarray:
    """Documents in which two mentions overlap (a boolean vector)."""
    out = np.zeros(docs, dtype=bool)
    out[intervals.tangled(columns.doc, columns.lo, columns.hi)] = True
    return out


def any_in_window(lo: np.ndarray, hi: np.ndarray, matches) -> np.ndarray:
    """For each window ``[lo, hi)``, whether ``matches(gold_index, window_index)`` holds for any member."""
    owner, members = intervals.window_pairs(lo, hi)
    return np.bincount(owner, weights=matches(members, owner), minlength=len(lo)) > 0


def semeval_counts(gold: MentionColumns, pred: MentionColumns, *, docs: int, types: Sequence[str]) -> np.ndarray:
    """``C[doc, scheme, slot, verdict]`` of ``docs`` documents (see the module's docstring)."""
    slots = 1 + len(types)
    flat = np.zeros(docs * len(SCHEMES) * slots * len(VERDICTS), dtype=np.int64)
    lo, hi = intervals.windows(pred.lo, pred.hi, gold.lo, gold.hi)
    bad = tangled(gold, docs) | tangled(pred, docs)
    if len(pred) > 1:  # a gold mention overlapping this prediction and the one before
        shared = lo[1:] < np.minimum(hi[1:], hi[:-1])
        bad[pred.doc[1:][shared]] = True
    ok = ~bad[pred.doc]
    took = ok & (lo < hi)  # a prediction that overlaps a gold mention takes one (none is taken already)
    first = np.minimum(lo, max(len(gold) - 1, 0))
    if len(gold):  # gold mentions are disjoint: one with the prediction's boundaries is its window's first
        same_bounds = took & (gold.lo[first] == pred.lo) & (gold.hi[first] == pred.hi)
        right = same_bounds & (gold.type[first] == pred.type)
        same_type = took & any_in_window(lo, hi, lambda g, p: gold.type[g] == pred.type[p])
    else:
        same_bounds = right = same_type = took
    base = pred.doc * (len(SCHEMES) * slots * len(VERDICTS))
    slot = 1 + pred.type
    alone = ok & ~same_type  # per type: nothing of its type overlaps it

    def add(where: np.ndarray, scheme: str, slot: np.ndarray | int, verdict: np.ndarray | int) -> None:
        index = base + (SCHEME[scheme] * slots + np.asarray(slot)) * len(VERDICTS) + verdict
        np.add.at(flat, np.broadcast_to(index, where.shape)[where], 1)

    correct = {(True, True): right, (True, False): same_bounds, (False, True): same_type, (False, False): took}
    for name, rule in RULES.items():
        otherwise = VERDICT[rule.otherwise]
        add(ok & ~took, name, 0, SPURIOUS)
        add(took, name, 0, np.where(correct[rule.bounds, rule.typed], CORRECT, otherwise))
        add(alone, name, slot, SPURIOUS)  # per type every type matches: correct needs the boundaries, or nothing
        add(same_type, name, slot, np.where(right, CORRECT, otherwise) if rule.bounds else CORRECT)
    counts = flat.reshape(docs, len(SCHEMES), slots, len(VERDICTS))
    counts[:, :, 0, MISSED] = (per_doc(gold.doc, docs) - per_doc(pred.doc[took], docs))[:, None]
    by_type = np.bincount(gold.doc * slots + 1 + gold.type, minlength=docs * slots).reshape(docs, slots)
    by_type -= np.bincount((pred.doc * slots + slot)[same_type], minlength=docs * slots).reshape(docs, slots)
    counts[:, :, 1:, MISSED] = by_type[:, None, 1:]
    for doc in np.flatnonzero(bad).tolist():
        counts[doc] = greedy_document(gold.rows(doc), pred.rows(doc), types)
    return counts


def greedy_document(gold: list[tuple[int, int, int]], pred: list[tuple[int, int, int]],
                    types: Sequence[str]) -> np.ndarray:
    """One document's ``C[scheme, slot, verdict]``, matched one prediction at a time: for a document the arrays
    cannot decide. Mentions are ``(start, end, type number)``, in any order, overlapping or not."""
    out = np.zeros((len(SCHEMES), 1 + len(types), len(VERDICTS)), dtype=np.int64)
    order = lambda m: (m[0], m[1], types[m[2]])  # noqa: E731  (the order of Mention: start, end, type)
    sides = {0: (sorted(gold, key=order), sorted(pred, key=order))}  # slot -> its gold and predictions
    for side, mentions in enumerate(sides[0]):
        for m in mentions:
            sides.setdefault(1 + m[2], ([], []))[side].append(m)
    for slot, (g, p) in sides.items():
        matched: dict[tuple[bool, bool], tuple[int, int, int, int]] = {}  # schemes that differ only in a verdict's name
        for name, rule in RULES.items():
            how = (rule.bounds, rule.typed and slot == 0)  # within one type, every type matches
            if how not in matched:
                matched[how] = greedy(g, p, *how)
            row = out[SCHEME[name], slot]
            row[CORRECT], row[VERDICT[rule.otherwise]], row[SPURIOUS], row[MISSED] = matched[how]
    return out


def greedy(gold: list[tuple[int, int, int]], pred: list[tuple[int, int, int]], bounds: bool,
           typed: bool) -> tuple[int, int, int, int]:
    """Correct, otherwise, spurious and missed, of the matching ``greedy_matches`` makes."""
    taken = greedy_matches(gold, pred, bounds, typed)
    correct = sum(1 for g, right in taken if right)
    otherwise = sum(1 for g, right in taken if g >= 0 and not right)
    return correct, otherwise, len(pred) - correct - otherwise, len(gold) - correct - otherwise


def greedy_matches(gold: list[tuple[int, int, int]], pred: list[tuple[int, int, int]], bounds: bool,
                   typed: bool) -> list[tuple[int, bool]]:
    """For each prediction, the index of the gold mention it takes (-1: none, it is spurious) and whether it is
    correct for it: each prediction in order takes a gold mention it overlaps, not taken before: among those it
    is correct for (``Rule.bounds``, ``Rule.typed``), the closest boundaries (then the first); else the first.
    Both sides sorted by (start, end, type).

    >>> gold = [(0, 5, 0), (6, 9, 1)]          # a PERSON, then a GPE; one prediction spans both, as a GPE
    >>> greedy_matches(gold, [(0, 9, 1)], bounds=False, typed=True), greedy_matches(gold, [(0, 9, 1)], bounds=True, typed=True)
    ([(1, True)], [(0, False)])
    """
    out = []
    taken: set[int] = set()
    starts = [g[0] for g in gold]
    reach = list(itertools.accumulate((g[1] for g in gold), max))  # the furthest end so far
    for start, end, kind in pred:
        window = range(bisect.bisect_right(reach, start), bisect.bisect_left(starts, end))
        fits = [i for i in window if i not in taken and gold[i][1] > start]  # the free ones it overlaps
        right = [(abs(start - gold[i][0]) + abs(end - gold[i][1]), i) for i in fits
                 if (not bounds or gold[i][:2] == (start, end)) and (not typed or gold[i][2] == kind)]
        if right:
            out.append((min(right)[1], True))
        elif fits:
            out.append((fits[0], False))
        else:
            out.append((-1, False))
        if out[-1][0] >= 0:
            taken.add(out[-1][0])
    return out


def as_count_columns(counts: np.ndarray) -> np.ndarray:
    """``C[..., verdict]`` as ``Counts`` columns ``[matched_pred, matched_gold, predicted, gold]`` (float64):
    POSSIBLE = COR+INC+PAR+MIS, ACTUAL = COR+INC+PAR+SPU, and a partial match earns ½."""
    v = {name: counts[..., k].astype(np.float64) for name, k in VERDICT.items()}
    hits = v["correct"] + 0.5 * v["partial"]
    actual = v["correct"] + v["incorrect"] + v["partial"] + v["spurious"]
    possible = v["correct"] + v["incorrect"] + v["partial"] + v["missed"]
    return np.stack([hits, hits, actual, possible], axis=-1)


def same_span(gold: MentionColumns, pred: MentionColumns) -> tuple[np.ndarray, np.ndarray]:
    """For each gold mention, whether a prediction has its boundaries, and that prediction's index."""
    return intervals.same_interval(gold.lo, gold.hi, pred.lo, pred.hi)


def entity_id_counts(gold: MentionColumns, pred: MentionColumns, *, docs: int) -> np.ndarray:
    """Per document, ``[matched, matched, predicted with an id, named gold]``: named gold mentions whose
    prediction has the same span and the same entity id (accuracy = matched / named gold mentions)."""
    found, at = same_span(gold, pred)
    named = gold.entity >= 0
    hit = named & found & (pred.entity[at] == gold.entity) if len(pred) else named & found
    matched = per_doc(gold.doc[hit], docs)
    return np.stack([matched, matched, per_doc(pred.doc[pred.entity >= 0], docs), per_doc(gold.doc[named], docs)],
                    axis=-1).astype(np.float64)


def confusion(gold: MentionColumns, pred: MentionColumns, types: Sequence[str]) -> Counter:
    """The type confusion of the whole batch: ``(gold type, predicted type)`` for identical boundaries,
    ``"-"`` for a missed or spurious mention."""
    found, at = same_span(gold, pred)
    names = (*types, "-")
    none = len(types)
    given = np.where(found, pred.type[at] if len(pred) else none, none)
    taken = np.zeros(len(pred), dtype=bool)
    taken[at[found]] = True
    cells = np.concatenate([gold.type * (none + 1) + given, none * (none + 1) + pred.type[~taken]])
    table = np.bincount(cells, minlength=(none + 1) ** 2)
    return Counter({(names[k // (none + 1)], names[k % (none + 1)]): int(n) for k, n in enumerate(table) if n})


def touching(columns: MentionColumns, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which mentions touch a span of ``[starts, ends)`` (on the batch's long line, sorted and disjoint)."""
    k = np.searchsorted(starts, columns.hi, side="left") - 1  # the span starting last before the mention ends
    return (k >= 0) & (ends[np.maximum(k, 0)] > columns.lo) if len(starts) else np.zeros(len(columns), dtype=bool)
