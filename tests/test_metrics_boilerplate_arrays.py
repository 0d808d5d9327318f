"""The boilerplate counts of a batch on arrays equal ``boilerplate.document_counts``, on many random documents."""
from __future__ import annotations

import random

import pytest

from newsprep.eval.metrics import boilerplate as bp
from newsprep.eval.metrics.boilerplate_arrays import SpanColumns, batch_counts, solid_prefix
from newsprep.eval.types import CATEGORIES, Span
from tests.random_spans import disjoint_spans


def test_solid_prefix_counts_what_str_split_keeps():
    text = "a b\u00a0c\u3000d\te\u2028f\U0001F600 g\n"
    prefix = solid_prefix(text)
    for s in range(len(text) + 1):
        for e in range(s, len(text) + 1):
            assert prefix[e] - prefix[s] == bp.solid(text, s, e)


def random_text(rng: random.Random) -> str:
    # letters and digits of every kind \w knows (astral 𝐀, superscript ², fraction ½, Arabic-Indic ٣, _), and
    # characters it does not (😀, —, ’), so that the word tables are checked against re itself
    words = ("news", "Hà", "Nội", "share", "this", "x", "the", "a1", "—", "’s", "𝐀b", "x²", "½", "٣٤", "snake_case", "😀")
    return "".join(rng.choice(words) + rng.choice((" ", "\n", "  ", "\u00a0", "")) for _ in range(rng.randint(0, 25)))


@pytest.mark.parametrize("seed", range(10))
def test_batch_counts_equal_document_counts(seed):
    rng = random.Random(seed)
    texts, golds, preds = [], [], []
    for _ in range(40):
        text = random_text(rng)
        gold = [Span(s, e, rng.choice(CATEGORIES)) for s, e in disjoint_spans(rng, len(text), 4)]
        pred = [Span(s, e) for s, e in disjoint_spans(rng, len(text), 4)]
        if rng.random() < 0.3:
            pred = [Span(g.start, g.end) for g in gold if rng.random() < 0.7] or pred
        if rng.random() < 0.05 and pred:  # overlapping predictions: counted character by character
            pred = pred + [Span(pred[0].start, pred[-1].end)]
        texts.append(text)
        golds.append(gold)
        preds.append(pred)

    def cols(spans, labelled):
        rows = [(d, s.start, s.end, CATEGORIES.index(s.label) if labelled else -1) for d, ss in enumerate(spans) for s in ss]
        return SpanColumns.of(*(list(c) for c in zip(*rows))) if rows else SpanColumns.of([], [], [], [])

    out = batch_counts(texts, cols(golds, True), cols(preds, False))
    for d, text in enumerate(texts):
        expected = bp.document_counts(text, golds[d], preds[d])
        for k, key in enumerate(bp.ORDER):
            c = expected[key]
            assert tuple(out[d, k]) == (c.matched_pred, c.matched_gold, c.predicted, c.gold), (seed, d, key)
