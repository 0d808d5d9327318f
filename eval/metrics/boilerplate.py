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


def content_tokens(text: str, spans) -> Counter:
    """Bag of word tokens of the text left after removing ``spans`` (what an extractor outputs)."""
    chars = list(text)
    for s in spans:
        chars[s.start:s.end] = " " * (s.end - s.start)
    return Counter(TOKEN.findall("".join(chars)))


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
    gold_chars, pred_chars = covered(text, gold), covered(text, pred)
    tp = len(gold_chars & pred_chars)
    exact = len({(g.start, g.end) for g in gold} & {(p.start, p.end) for p in pred})
    gold_content, pred_content = content_tokens(text, gold), content_tokens(text, pred)
    overlap = sum((gold_content & pred_content).values())
    out = {
        "chars": Counts(tp, tp, len(pred_chars), len(gold_chars)),
        "spans_exact": Counts(exact, exact, len(pred), len(gold)),
        "spans_overlap": span_overlap_counts(gold, pred),
        "content_tokens": Counts(overlap, overlap, sum(pred_content.values()), sum(gold_content.values())),
    }
    for category in CATEGORIES:
        cat_chars = covered(text, [g for g in gold if g.label == category])
        hit = len(cat_chars & pred_chars)
        out[f"category:{category}"] = Counts(hit, hit, hit, len(cat_chars))
    return out
