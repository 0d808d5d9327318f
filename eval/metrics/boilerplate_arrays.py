"""The boilerplate counts of many documents at once, on arrays: the same numbers as
``boilerplate.document_counts`` per document.

The texts of a batch are joined into one string; a span is ``[start, end)`` on
it (its document's offset added), and a prefix sum of the non-white-space
characters gives any span's ``solid`` count by one subtraction. Spans of gold
and prediction that intersect are found for the whole batch by two
``searchsorted`` calls (spans of one side are sorted and disjoint); a document
whose spans overlap is counted by ``document_counts`` itself. The bag of
content words stays a per-document count (``content_words``). A test compares
``batch_counts`` with ``document_counts`` on many random documents.

>>> text = "Title\\nShare this\\nBody text."
>>> gold = SpanColumns.of([0], [6], [16], [1])
>>> pred = SpanColumns.of([0], [6], [11])
>>> batch_counts([text], gold, pred)[0, 0].tolist()    # chars: matched, matched, predicted, gold
[5.0, 5.0, 5.0, 9.0]
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsprep.eval.metrics.boilerplate import ORDER, content_words, document_counts
from newsprep.eval.types import CATEGORIES, Span

CHARS, SPANS_EXACT, SPANS_OVERLAP, CONTENT_TOKENS = range(4)  # the first keys of ORDER; then one per category
assert ORDER[:4] == ("chars", "spans_exact", "spans_overlap", "content_tokens")


@dataclass(frozen=True)
class SpanColumns:
    """Spans of a batch as int64 columns, sorted by document, then start; ``category`` is an index into
    ``CATEGORIES`` (-1 for none)."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    category: np.ndarray

    @classmethod
    def of(cls, doc: Sequence[int], start: Sequence[int], end: Sequence[int],
           category: Sequence[int] | None = None) -> SpanColumns:
        d, s = np.asarray(doc, dtype=np.int64), np.asarray(start, dtype=np.int64)
        columns = [d, s, np.asarray(end, dtype=np.int64),
                   np.full(len(d), -1, dtype=np.int64) if category is None else np.asarray(category, dtype=np.int64)]
        order = np.lexsort((columns[2], s, d))
        return cls(*(c[order] for c in columns))

    def __len__(self) -> int:
        return len(self.doc)

    def spans(self, doc: int) -> list[Span]:
        at = slice(*np.searchsorted(self.doc, [doc, doc + 1]))
        return [Span(int(s), int(e), CATEGORIES[c] if c >= 0 else "")
                for s, e, c in zip(self.start[at], self.end[at], self.category[at])]


@functools.cache
def white_space_table() -> np.ndarray:
    """``table[c]``: code point ``c`` is white space (``str.isspace``); none lies above U+3000."""
    return np.array([chr(c).isspace() for c in range(0x3001)] + [False])


def solid_prefix(text: str) -> np.ndarray:
    """``p[i]``: non-white-space characters in ``text[:i]`` (so ``solid(text, s, e) == p[e] - p[s]``)."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    table = white_space_table()
    solid = ~table[np.minimum(points, len(table) - 1)]
    out = np.zeros(len(points) + 1, dtype=np.int64)
    np.cumsum(solid, out=out[1:])
    return out


def windows(these_lo, these_hi, other_lo, other_hi) -> tuple[np.ndarray, np.ndarray]:
    """For each of these spans, ``[lo, hi)``: the other side's spans (sorted, disjoint) that it overlaps."""
    return np.searchsorted(other_hi, these_lo, side="right"), np.searchsorted(other_lo, these_hi, side="left")


def tangled(doc: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Positions in ``doc`` of spans overlapping the span before them (within one document)."""
    return doc[1:][hi[:-1] > lo[1:]]


def batch_counts(texts: Sequence[str], gold: SpanColumns, pred: SpanColumns) -> np.ndarray:
    """``M[doc, key, 4]``: each document's ``document_counts`` as ``Counts`` columns, keys in ``ORDER``."""
    docs = len(texts)
    origin = np.zeros(docs + 1, dtype=np.int64)
    np.cumsum([len(t) for t in texts], out=origin[1:])
    prefix = solid_prefix("".join(texts))
    g_lo, g_hi = origin[gold.doc] + gold.start, origin[gold.doc] + gold.end
    p_lo, p_hi = origin[pred.doc] + pred.start, origin[pred.doc] + pred.end
    out = np.zeros((docs, len(ORDER), 4))
    bad = np.zeros(docs, dtype=bool)
    bad[tangled(gold.doc, g_lo, g_hi)] = True
    bad[tangled(pred.doc, p_lo, p_hi)] = True

    def count(doc: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(doc, weights=weights, minlength=docs)

    g_solid, p_solid = prefix[g_hi] - prefix[g_lo], prefix[p_hi] - prefix[p_lo]
    lo, hi = windows(p_lo, p_hi, g_lo, g_hi)
    width = hi - lo
    owner = np.repeat(np.arange(len(pred)), width)  # every intersecting (prediction, gold span) pair
    member = lo[owner] + np.arange(len(owner)) - np.repeat(np.cumsum(width) - width, width)
    shared = prefix[np.minimum(p_hi[owner], g_hi[member])] - prefix[np.maximum(p_lo[owner], g_lo[member])]
    tp = count(pred.doc[owner], shared)
    out[:, CHARS] = np.stack([tp, tp, count(pred.doc, p_solid), count(gold.doc, g_solid)], axis=-1)
    first = np.minimum(lo, max(len(gold) - 1, 0))
    exact = (width > 0) & (g_lo[first] == p_lo) & (g_hi[first] == p_hi) if len(gold) else width > 0
    hits = count(pred.doc[exact])
    out[:, SPANS_EXACT] = np.stack([hits, hits, count(pred.doc), count(gold.doc)], axis=-1)
    g_lo_of, g_hi_of = windows(g_lo, g_hi, p_lo, p_hi)
    out[:, SPANS_OVERLAP] = np.stack([count(pred.doc[width > 0]), count(gold.doc[g_hi_of > g_lo_of]),
                                      count(pred.doc), count(gold.doc)], axis=-1)
    for k in range(len(CATEGORIES)):
        mine = gold.category[member] == k
        hit = count(gold.doc[member[mine]], shared[mine])
        out[:, 4 + k] = np.stack([hit, hit, hit, count(gold.doc[gold.category == k], g_solid[gold.category == k])], axis=-1)
    g_at, p_at = np.searchsorted(gold.doc, np.arange(docs + 1)), np.searchsorted(pred.doc, np.arange(docs + 1))
    g_pairs = list(zip(gold.start.tolist(), gold.end.tolist()))
    p_pairs = list(zip(pred.start.tolist(), pred.end.tolist()))
    for doc, text in enumerate(texts):
        if bad[doc]:
            counts = document_counts(text, gold.spans(doc), pred.spans(doc))
            out[doc] = [[c.matched_pred, c.matched_gold, c.predicted, c.gold] for c in (counts[key] for key in ORDER)]
            continue
        gold_content = content_words(text, g_pairs[g_at[doc]:g_at[doc + 1]])
        pred_content = content_words(text, p_pairs[p_at[doc]:p_at[doc + 1]])
        overlap = sum((gold_content & pred_content).values())
        out[doc, CONTENT_TOKENS] = overlap, overlap, sum(pred_content.values()), sum(gold_content.values())
    return out
