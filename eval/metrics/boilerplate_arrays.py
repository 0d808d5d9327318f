"""The boilerplate metrics, counted for many documents at once on arrays.

Boilerplate is the positive class. Character counts use non-white-space
characters only, so trimming conventions cannot move a score. The metrics, by
key (``ORDER``):

- ``chars``: non-white-space characters labelled boilerplate;
- ``spans_exact``: spans with identical offsets (category ignored);
- ``spans_overlap``: spans overlapping at least one character;
- ``content_tokens``: bag-of-words overlap of the extracted content (the text left after removing the spans,
  each leaving a space) with the gold content;
- ``category:NAME``: recall of the gold characters of one category (precision is undefined).

The texts of a batch are joined into one string; a span is ``[start, end)`` on
it (its document's offset added), and a prefix sum of the non-white-space
characters gives any span's count by one subtraction. Spans of one side that
overlap are first merged (``intervals.union``), so that the spans of gold and
prediction that intersect are found for the whole batch by two
``searchsorted`` calls. Words of the content are runs of word characters
outside the spans, found the same way; only words that differ between gold and
prediction are compared as strings. The definitions written out one document at
a time are the tests' oracle, which they compare with these counts on many
random documents.

>>> text = "Title\\nShare this\\nBody text."
>>> gold = SpanColumns.of([0], [6], [16], [1])
>>> pred = SpanColumns.of([0], [6], [11])
>>> batch_counts([text], gold, pred)[0, ORDER.index("chars")].tolist()    # matched, matched, predicted, gold
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

from newsprep.eval.metrics.intervals import common, same_interval, union, window_pairs, windows
from newsprep.eval.types import CATEGORIES

ORDER = ("chars", "spans_exact", "spans_overlap", "content_tokens", *(f"category:{c}" for c in CATEGORIES))


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
    """``p[i]``: non-white-space characters in ``text[:i]`` (so ``text[s:e]`` has ``p[e] - p[s]``)."""
    return prefix_sum(~classify(code_points(text))[0])


def coverage(lo: np.ndarray, hi: np.ndarray, n: int) -> np.ndarray:
    """``inside[i]``: position ``i`` of a length-``n`` text lies in one of the intervals ``[lo, hi)``."""
    return np.cumsum(np.bincount(lo, minlength=n + 1) - np.bincount(hi, minlength=n + 1))[:n] > 0


def word_runs(word: np.ndarray, lo: np.ndarray, hi: np.ndarray, origin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``[start, end)`` of each word of the batch's text left after removing the spans ``[lo, hi)``: a run of
    word characters outside every span that no span and no document's start cuts (``re``'s ``\\w+`` tokens of
    the text left, each span replaced by a space)."""
    n = len(word)
    kept = np.zeros(n + 2, dtype=bool)
    kept[1:-1] = word & ~coverage(lo, hi, n)
    cut = np.zeros(n + 1, dtype=bool)
    cut[origin] = True
    starts = np.flatnonzero(kept[1:] & (~kept[:-1] | cut))
    ends = np.flatnonzero(kept[:-1] & (~kept[1:] | cut))
    return starts, ends


def batch_counts(texts: Sequence[str], gold: SpanColumns, pred: SpanColumns) -> np.ndarray:
    """``M[doc, key, 4]``: each document's counts as ``Counts`` columns, keys in ``ORDER``. The spans of a side
    may overlap: a character or word covered twice is covered once."""
    docs = len(texts)
    origin = np.zeros(docs + 1, dtype=np.int64)
    np.cumsum([len(t) for t in texts], out=origin[1:])
    joined = "".join(texts)
    white, word = classify(code_points(joined))
    prefix = prefix_sum(~white)
    g_lo, g_hi = origin[gold.doc] + gold.start, origin[gold.doc] + gold.end
    p_lo, p_hi = origin[pred.doc] + pred.start, origin[pred.doc] + pred.end

    def count(doc: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(doc, weights=weights, minlength=docs)

    def solid(doc: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Each document's non-white-space characters in disjoint intervals."""
        return count(doc, prefix[hi] - prefix[lo])

    def shared(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> np.ndarray:
        """Each document's non-white-space characters in both of two sets of disjoint ``(doc, lo, hi)``."""
        owner, member = window_pairs(*windows(a[1], a[2], b[1], b[2]))
        return solid(a[0][owner], np.maximum(a[1][owner], b[1][member]), np.minimum(a[2][owner], b[2][member]))

    def overlapping(lo: np.ndarray, hi: np.ndarray, doc: np.ndarray, other: tuple[np.ndarray, ...]) -> np.ndarray:
        """Each document's intervals that overlap one of ``other`` (disjoint ``(doc, lo, hi)``)."""
        first, last = windows(lo, hi, other[1], other[2])
        return count(doc[last > first])

    g_all, p_all = union(gold.doc, g_lo, g_hi), union(pred.doc, p_lo, p_hi)
    n_pred, n_gold = count(pred.doc), count(gold.doc)
    tp, exact = shared(p_all, g_all), count(pred.doc[common(p_lo, p_hi, g_lo, g_hi)])
    columns = {
        "chars": [tp, tp, solid(*p_all), solid(*g_all)],
        "spans_exact": [exact, exact, n_pred, n_gold],
        "spans_overlap": [overlapping(p_lo, p_hi, pred.doc, g_all), overlapping(g_lo, g_hi, gold.doc, p_all),
                          n_pred, n_gold],
        "content_tokens": content_word_counts(joined, word, (g_lo, g_hi), (p_lo, p_hi), origin, count),
    }
    for k, category in enumerate(CATEGORIES):
        mine = gold.category == k
        g_mine = union(gold.doc[mine], g_lo[mine], g_hi[mine])
        hit = shared(p_all, g_mine)
        columns[f"category:{category}"] = [hit, hit, hit, solid(*g_mine)]
    return np.stack([np.stack(columns[key], axis=-1) for key in ORDER], axis=1).astype(np.float64)


def content_word_counts(joined: str, word: np.ndarray, gold: tuple[np.ndarray, np.ndarray], pred: tuple[np.ndarray, np.ndarray],
                        origin: np.ndarray, count) -> list[np.ndarray]:
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
    return [shared, shared, count(p_doc), count(g_doc)]
