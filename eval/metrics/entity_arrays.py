"""The entity counts of many documents at once, on arrays: the same numbers as ``entities.document_tuples``
per document, without a Python object per mention.

Mentions of a batch of documents are columns (``MentionColumns``): document
number, ``[start, end)``, type number and entity-id number. Each document is
moved to its own stretch of one long line (``STRIDE`` code points apart), so
that sorted gold and predictions of the whole batch are searched at once:
the gold mentions a prediction overlaps are the window ``[lo, hi)`` that two
``searchsorted`` calls find. Where no gold mention overlaps two predictions
(``entities.one_to_one_counts``'s condition) each verdict depends on the
prediction and its window alone; a document where it fails, or whose
mentions overlap, is counted by ``document_tuples`` itself (``fallback``).

``semeval_counts`` gives ``C[doc, scheme, slot, verdict]``: schemes in
``entities.SCHEMES`` order; slot 0 overall, slot ``1 + t`` type ``t``;
verdicts correct, incorrect, partial, missed, spurious. A test compares it
with ``document_tuples`` on many random documents.

>>> gold = MentionColumns.of([0, 0], [0, 10], [5, 15], [0, 1])
>>> pred = MentionColumns.of([0, 0], [0, 10], [5, 13], [0, 1])
>>> semeval_counts(gold, pred, docs=1, types=("PERSON", "GPE"))[0, 0, 0].tolist()   # strict, overall
[1, 1, 0, 0, 0]
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

from newsprep.eval.metrics import intervals
from newsprep.eval.metrics.entities import SCHEMES, document_tuples
from newsprep.eval.types import Mention

STRIDE = 1 << 32  # code points between two documents' origins: more than any text holds
VERDICTS = ("correct", "incorrect", "partial", "missed", "spurious")
CORRECT, INCORRECT, PARTIAL, MISSED, SPURIOUS = range(5)
STRICT, EXACT, PARTIAL_SCHEME, TYPE = range(4)  # the order of entities.SCHEMES
assert tuple(SCHEMES) == ("strict", "exact", "partial", "type")


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

    def mentions(self, doc: int, types: Sequence[str]) -> list[Mention]:
        """One document's mentions as ``Mention`` objects (entity ids left out: ``document_tuples`` ignores them)."""
        at = slice(*np.searchsorted(self.doc, [doc, doc + 1]))
        return [Mention(int(s), int(e), types[t]) for s, e, t in zip(self.start[at], self.end[at], self.type[at])]


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
    flat = np.zeros(docs * 4 * slots * 5, dtype=np.int64)
    lo, hi = intervals.windows(pred.lo, pred.hi, gold.lo, gold.hi)
    bad = tangled(gold, docs) | tangled(pred, docs)
    if len(pred) > 1:  # a gold mention overlapping this prediction and the one before (one_to_one_counts)
        shared = lo[1:] < np.minimum(hi[1:], hi[:-1])
        bad[pred.doc[1:][shared]] = True
    ok = ~bad[pred.doc]
    took = ok & (lo < hi)
    first = np.minimum(lo, max(len(gold) - 1, 0))
    if len(gold):
        same_bounds = took & (gold.lo[first] == pred.lo) & (gold.hi[first] == pred.hi)
        right = same_bounds & (gold.type[first] == pred.type)
        same_type = took & any_in_window(lo, hi, lambda g, p: gold.type[g] == pred.type[p])
    else:
        same_bounds = right = same_type = took
    base = pred.doc * (4 * slots * 5)

    def add(where: np.ndarray, scheme: int, slot: np.ndarray | int, verdict: np.ndarray | int) -> None:
        index = base + scheme * slots * 5 + np.asarray(slot) * 5 + verdict
        np.add.at(flat, np.broadcast_to(index, where.shape)[where], 1)

    spurious = ok & ~took
    for scheme in range(4):
        add(spurious, scheme, 0, SPURIOUS)
    add(took, STRICT, 0, np.where(right, CORRECT, INCORRECT))
    add(took, EXACT, 0, np.where(same_bounds, CORRECT, INCORRECT))
    add(took, PARTIAL_SCHEME, 0, np.where(same_bounds, CORRECT, PARTIAL))
    add(took, TYPE, 0, np.where(same_type, CORRECT, INCORRECT))
    slot = 1 + pred.type
    alone = ok & ~same_type  # per type: nothing of its type overlaps it
    for scheme in range(4):
        add(alone, scheme, slot, SPURIOUS)
    add(same_type, STRICT, slot, np.where(right, CORRECT, INCORRECT))
    add(same_type, EXACT, slot, np.where(right, CORRECT, INCORRECT))
    add(same_type, PARTIAL_SCHEME, slot, np.where(right, CORRECT, PARTIAL))
    add(same_type, TYPE, slot, CORRECT)
    counts = flat.reshape(docs, 4, slots, 5)
    missed = per_doc(gold.doc, docs) - per_doc(pred.doc[took], docs)
    counts[:, :, 0, MISSED] = missed[:, None]
    by_type = np.bincount(gold.doc * slots + 1 + gold.type, minlength=docs * slots).reshape(docs, slots)
    by_type -= np.bincount((pred.doc * slots + slot)[same_type], minlength=docs * slots).reshape(docs, slots)
    counts[:, :, 1:, MISSED] = by_type[:, None, 1:]
    for doc in np.flatnonzero(bad).tolist():
        counts[doc] = fallback(gold.mentions(doc, types), pred.mentions(doc, types), types)
    return counts


def fallback(gold: list[Mention], pred: list[Mention], types: Sequence[str]) -> np.ndarray:
    """One document's ``C[scheme, slot, verdict]`` from ``document_tuples``."""
    out = np.zeros((4, 1 + len(types), 5), dtype=np.int64)
    slot = {t: 1 + i for i, t in enumerate(types)}
    for key, tup in document_tuples(gold, pred).items():
        name, _, t = key.partition(":")
        out[list(SCHEMES).index(name), slot[t] if t else 0] = tup
    return out


def as_count_columns(counts: np.ndarray) -> np.ndarray:
    """``C[..., verdict]`` as ``Counts`` columns ``[matched_pred, matched_gold, predicted, gold]`` (float64):
    a partial match earns ½ (``entities.as_counts``)."""
    c, i, p, m, s = (counts[..., k].astype(np.float64) for k in range(5))
    hits = c + 0.5 * p
    return np.stack([hits, hits, c + i + p + s, c + i + p + m], axis=-1)


def same_span(gold: MentionColumns, pred: MentionColumns) -> tuple[np.ndarray, np.ndarray]:
    """For each gold mention, whether a prediction has its boundaries, and that prediction's index."""
    return intervals.same_interval(gold.lo, gold.hi, pred.lo, pred.hi)


def entity_id_counts(gold: MentionColumns, pred: MentionColumns, *, docs: int) -> np.ndarray:
    """Per document, ``entities.entity_id_counts`` as ``[matched, matched, predicted with an id, named gold]``."""
    found, at = same_span(gold, pred)
    named = gold.entity >= 0
    hit = named & found & (pred.entity[at] == gold.entity) if len(pred) else named & found
    matched = per_doc(gold.doc[hit], docs)
    return np.stack([matched, matched, per_doc(pred.doc[pred.entity >= 0], docs), per_doc(gold.doc[named], docs)],
                    axis=-1).astype(np.float64)


def confusion(gold: MentionColumns, pred: MentionColumns, types: Sequence[str]) -> Counter:
    """``entities.confusion`` of the whole batch: ``(gold type, predicted type)`` for identical boundaries,
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
