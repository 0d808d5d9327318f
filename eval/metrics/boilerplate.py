"""Boilerplate metrics for one document, as counts.

Boilerplate is the positive class. Character counts use non-white-space
characters only, so trimming conventions cannot move a score.

>>> text = "Title\\nShare this\\nBody text."
>>> gold = [Span(6, 16, "sharing")]
>>> c = document_counts(text, gold, [Span(6, 11)])
>>> prf(c["chars"]).recall
0.5555555555555556
"""
from __future__ import annotations

import re
from collections import Counter

from newsprep.eval.metrics.prf import Counts, prf  # noqa: F401  (prf is used in the docstring example)
from newsprep.eval.types import CATEGORIES, Span

TOKEN = re.compile(r"\w+", re.UNICODE)


def covered(text: str, spans) -> set[int]:
    """Indices of the non-white-space characters inside any of ``spans``."""
    return {i for s in spans for i in range(s.start, s.end) if not text[i].isspace()}


def solid(text: str, start: int, end: int) -> int:
    """Non-white-space characters of ``text[start:end]`` (``str.split`` and ``str.isspace`` agree on white space)."""
    return len("".join(text[start:end].split()))


def intervals(spans) -> list[tuple[int, int]] | None:
    """``(start, end)`` of the spans, sorted; None where two overlap (then characters are counted one by one)."""
    out = sorted((s.start, s.end) for s in spans)
    return out if all(a[1] <= b[0] for a, b in zip(out, out[1:])) else None


def shared(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The intersections of two sorted lists of disjoint intervals (a merge of the two lists)."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return out


def content_tokens(text: str, spans) -> Counter:
    """Bag of word tokens of the text left after removing ``spans`` (what an extractor outputs).

    A removed span leaves a space, so the words on either side stay apart.
    """
    kept, at = [], 0
    for start, end in sorted((s.start, s.end) for s in spans):
        if start > at:
            kept.append(text[at:start])
        at = max(at, end)
    kept.append(text[at:])
    return Counter(TOKEN.findall(" ".join(kept)))


def span_overlap_counts(gold, pred) -> Counts:
    """A prediction counts if it overlaps any gold span; a gold span is found if any prediction overlaps it."""
    return Counts(
        matched_pred=sum(any(p.overlaps(g) for g in gold) for p in pred),
        matched_gold=sum(any(g.overlaps(p) for p in pred) for g in gold),
        predicted=len(pred),
        gold=len(gold),
    )


def document_counts(text: str, gold: list[Span], pred: list[Span]) -> dict[str, Counts]:
    """All boilerplate counts of one document, keyed by metric name.

    - ``chars``: non-white-space characters labelled boilerplate;
    - ``spans_exact``: spans with identical offsets (category ignored);
    - ``spans_overlap``: spans overlapping at least one character;
    - ``content_tokens``: bag-of-words overlap of the extracted content with the gold content;
    - ``category:NAME``: recall of the gold characters of one category (precision is undefined).
    """
    exact = len({(g.start, g.end) for g in gold} & {(p.start, p.end) for p in pred})
    gold_content, pred_content = content_tokens(text, gold), content_tokens(text, pred)
    overlap = sum((gold_content & pred_content).values())
    out = {
        "spans_exact": Counts(exact, exact, len(pred), len(gold)),
        "spans_overlap": span_overlap_counts(gold, pred),
        "content_tokens": Counts(overlap, overlap, sum(pred_content.values()), sum(gold_content.values())),
    }
    g, p = intervals(gold), intervals(pred)
    if g is None or p is None:  # overlapping spans (never in validated data): count characters one by one
        return {**out, **character_counts_by_set(text, gold, pred)}
    tp = sum(solid(text, s, e) for s, e in shared(g, p))
    out["chars"] = Counts(tp, tp, sum(solid(text, s, e) for s, e in p), sum(solid(text, s, e) for s, e in g))
    for category in CATEGORIES:
        mine = [(s.start, s.end) for s in gold if s.label == category]
        hit = sum(solid(text, s, e) for s, e in shared(sorted(mine), p)) if mine else 0
        out[f"category:{category}"] = Counts(hit, hit, hit, sum(solid(text, s, e) for s, e in mine))
    return {key: out[key] for key in ORDER}


ORDER = ("chars", "spans_exact", "spans_overlap", "content_tokens", *(f"category:{c}" for c in CATEGORIES))


def character_counts_by_set(text: str, gold: list[Span], pred: list[Span]) -> dict[str, Counts]:
    """``chars`` and ``category:*`` counted character by character, for spans that may overlap."""
    gold_chars, pred_chars = covered(text, gold), covered(text, pred)
    tp = len(gold_chars & pred_chars)
    out = {"chars": Counts(tp, tp, len(pred_chars), len(gold_chars))}
    for category in CATEGORIES:
        cat_chars = covered(text, [g for g in gold if g.label == category])
        hit = len(cat_chars & pred_chars)
        out[f"category:{category}"] = Counts(hit, hit, hit, len(cat_chars))
    return out
