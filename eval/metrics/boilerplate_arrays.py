"""The boilerplate counts of many documents at once, on arrays: the same numbers as
``boilerplate.document_counts`` per document.

The texts of a batch are joined into one string; a span is ``[start, end)`` on
it (its document's offset added), and a prefix sum of the non-white-space
characters gives any span's ``solid`` count by one subtraction. Spans of gold
and prediction that intersect are found for the whole batch by two
``searchsorted`` calls (spans of one side are sorted and disjoint); a document
whose spans overlap is counted by ``document_counts`` itself. Words of the
content are runs of word characters outside the spans, found the same way;
only words that differ between gold and prediction are compared as strings. A test compares
``batch_counts`` with ``document_counts`` on many random documents.

>>> text = "Title\\nShare this\\nBody text."
>>> gold = SpanColumns.of([0], [6], [16], [1])
>>> pred = SpanColumns.of([0], [6], [11])
>>> batch_counts([text], gold, pred)[0, 0].tolist()    # chars: matched, matched, predicted, gold
[5.0, 5.0, 5.0, 9.0]
"""
from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

from newsprep.eval.metrics.boilerplate import ORDER, document_counts
from newsprep.eval.metrics.intervals import same_interval, tangled, window_pairs, windows
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
    def of(cls, doc: ArrayLike, start: ArrayLike, end: ArrayLike,
           category: ArrayLike | None = None) -> SpanColumns:
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


BMP = 0x10000  # code points below it are looked up in tables; the few above it one by one


@functools.cache
def character_tables() -> tuple[np.ndarray, np.ndarray]:
    """``white[c]``: code point ``c`` is white space (``str.isspace``); ``word[c]``: it is a word character of
    ``re``'s ``\\w`` (``str.isalnum()`` or ``_``), for every ``c`` of the Basic Multilingual Plane."""
    chars = [chr(c) for c in range(BMP)]
    return np.array([c.isspace() for c in chars]), np.array([c.isalnum() or c == "_" for c in chars])


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def classify(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each code point is white space, and whether it is a word character."""
    white, word = character_tables()
    low = np.minimum(points, BMP - 1)
    is_white, is_word = white[low], word[low]
    for i in np.flatnonzero(points >= BMP).tolist():  # no white space lies above the BMP; letters and digits may
        is_white[i], is_word[i] = False, chr(points[i]).isalnum()
    return is_white, is_word


def prefix_sum(mask: np.ndarray) -> np.ndarray:
    """``p[i]``: how many of ``mask[:i]`` are true."""
    out = np.zeros(len(mask) + 1, dtype=np.int64)
    np.cumsum(mask, out=out[1:])
    return out


def solid_prefix(text: str) -> np.ndarray:
    """``p[i]``: non-white-space characters in ``text[:i]`` (so ``solid(text, s, e) == p[e] - p[s]``)."""
    return prefix_sum(~classify(code_points(text))[0])


def word_runs(word: np.ndarray, lo: np.ndarray, hi: np.ndarray, origin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``[start, end)`` of each word of the batch's text left after removing the spans ``[lo, hi)``: a run of
    word characters outside every span that no span and no document's start cuts (``content_words``'s tokens)."""
    n = len(word)
    inside = np.cumsum(np.bincount(lo, minlength=n + 1) - np.bincount(hi, minlength=n + 1))[:n] > 0
    kept = np.zeros(n + 2, dtype=bool)
    kept[1:-1] = word & ~inside
    cut = np.zeros(n + 1, dtype=bool)
    cut[origin] = True
    starts = np.flatnonzero(kept[1:] & (~kept[:-1] | cut))
    ends = np.flatnonzero(kept[:-1] & (~kept[1:] | cut))
    return starts, ends


def batch_counts(texts: Sequence[str], gold: SpanColumns, pred: SpanColumns) -> np.ndarray:
    """``M[doc, key, 4]``: each document's ``document_counts`` as ``Counts`` columns, keys in ``ORDER``."""
    docs = len(texts)
    origin = np.zeros(docs + 1, dtype=np.int64)
    np.cumsum([len(t) for t in texts], out=origin[1:])
    joined = "".join(texts)
    white, word = classify(code_points(joined))
    prefix = prefix_sum(~white)
    g_lo, g_hi = origin[gold.doc] + gold.start, origin[gold.doc] + gold.end
    p_lo, p_hi = origin[pred.doc] + pred.start, origin[pred.doc] + pred.end
    out = np.zeros((docs, len(ORDER), 4))
    bad = np.zeros(docs, dtype=bool)
    bad[tangled(gold.doc, g_lo, g_hi)] = True
    bad[tangled(pred.doc, p_lo, p_hi)] = True  # such documents are counted by document_counts below

    def count(doc: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(doc, weights=weights, minlength=docs)

    g_solid, p_solid = prefix[g_hi] - prefix[g_lo], prefix[p_hi] - prefix[p_lo]
    lo, hi = windows(p_lo, p_hi, g_lo, g_hi)
    owner, member = window_pairs(lo, hi)  # every intersecting (prediction, gold span) pair
    shared = prefix[np.minimum(p_hi[owner], g_hi[member])] - prefix[np.maximum(p_lo[owner], g_lo[member])]
    tp = count(pred.doc[owner], shared)
    out[:, CHARS] = np.stack([tp, tp, count(pred.doc, p_solid), count(gold.doc, g_solid)], axis=-1)
    hits = count(pred.doc[same_interval(p_lo, p_hi, g_lo, g_hi)[0]])
    out[:, SPANS_EXACT] = np.stack([hits, hits, count(pred.doc), count(gold.doc)], axis=-1)
    g_lo_of, g_hi_of = windows(g_lo, g_hi, p_lo, p_hi)
    out[:, SPANS_OVERLAP] = np.stack([count(pred.doc[hi > lo]), count(gold.doc[g_hi_of > g_lo_of]),
                                      count(pred.doc), count(gold.doc)], axis=-1)
    for k in range(len(CATEGORIES)):
        mine = gold.category[member] == k
        hit = count(gold.doc[member[mine]], shared[mine])
        out[:, 4 + k] = np.stack([hit, hit, hit, count(gold.doc[gold.category == k], g_solid[gold.category == k])], axis=-1)
    out[:, CONTENT_TOKENS] = content_word_counts(joined, word, (g_lo, g_hi), (p_lo, p_hi), origin, count)
    for doc in np.flatnonzero(bad).tolist():
        counts = document_counts(texts[doc], gold.spans(doc), pred.spans(doc))
        out[doc] = [[c.matched_pred, c.matched_gold, c.predicted, c.gold] for c in (counts[key] for key in ORDER)]
    return out


def content_word_counts(joined: str, word: np.ndarray, gold: tuple[np.ndarray, np.ndarray], pred: tuple[np.ndarray, np.ndarray],
                        origin: np.ndarray, count) -> np.ndarray:
    """``content_tokens`` counts of each document: words of its text outside the gold spans and outside the
    predicted ones, and the size of the intersection of the two bags.

    A word that is the same run of the text on both sides is in both bags; only the words that differ
    (near a span's edge where gold and prediction disagree) are compared as strings."""
    g_start, g_end = word_runs(word, gold[0], gold[1], origin)
    p_start, p_end = word_runs(word, pred[0], pred[1], origin)
    both, at = same_interval(g_start, g_end, p_start, p_end)
    in_pred = np.zeros(len(p_start), dtype=bool)
    in_pred[at[both]] = True
    doc_of = lambda starts: np.searchsorted(origin, starts, side="right") - 1  # noqa: E731
    g_doc, p_doc = doc_of(g_start), doc_of(p_start)
    shared = count(g_doc[both])
    g_only, p_only = np.flatnonzero(~both), np.flatnonzero(~in_pred)
    bags: dict[int, tuple[Counter, Counter]] = {}
    for side, rows, starts, ends, docs in ((0, g_only, g_start, g_end, g_doc), (1, p_only, p_start, p_end, p_doc)):
        for d, s, e in zip(docs[rows].tolist(), starts[rows].tolist(), ends[rows].tolist()):
            bags.setdefault(d, (Counter(), Counter()))[side][joined[s:e]] += 1
    for d, (g_bag, p_bag) in bags.items():
        shared[d] += sum((g_bag & p_bag).values())
    return np.stack([shared, shared, count(p_doc), count(g_doc)], axis=-1)
