"""The boilerplate metrics of one document written out, character by character and word by word.

Boilerplate is the positive class. Character counts use non-white-space
characters only, so trimming conventions cannot move a score. This is the
definition; the harness counts on arrays (``metrics.boilerplate_arrays``), and
the tests compare the two on many random documents.

>>> text = "Title\\nShare this\\nBody text."
>>> document_counts(text, [Span(6, 16, "sharing")], [Span(6, 11)])["chars"]
Counts(matched_pred=5, matched_gold=5, predicted=5, gold=9)
"""
from __future__ import annotations

import re
from collections import Counter

from newsprep.eval.metrics.prf import Counts
from newsprep.eval.types import CATEGORIES, Span

TOKEN = re.compile(r"\w+", re.UNICODE)


def covered(text: str, spans) -> set[int]:
    """Indices of the non-white-space characters inside any of ``spans``."""
    return {i for s in spans for i in range(s.start, s.end) if not text[i].isspace()}


def solid(text: str, start: int, end: int) -> int:
    """Non-white-space characters of ``text[start:end]``."""
    return sum(not c.isspace() for c in text[start:end])


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
        "spans_overlap": Counts(sum(any(p.overlaps(g) for g in gold) for p in pred),
                                sum(any(g.overlaps(p) for p in pred) for g in gold), len(pred), len(gold)),
        "content_tokens": Counts(overlap, overlap, sum(pred_content.values()), sum(gold_content.values())),
    }
    for category in CATEGORIES:
        mine = covered(text, [g for g in gold if g.label == category])
        hit = len(mine & pred_chars)
        out[f"category:{category}"] = Counts(hit, hit, hit, len(mine))
    return out
