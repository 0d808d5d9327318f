"""The boilerplate counts of a batch on arrays equal the per-document definitions (``tests.oracle.boilerplate``),
on many random documents."""
from __future__ import annotations

import random

import numpy as np
import pytest

from newsprep.eval.metrics import boilerplate
from newsprep.eval.metrics.boilerplate_arrays import ORDER, SpanColumns, batch_counts, solid_prefix
from newsprep.eval.metrics.intervals import common, union
from newsprep.eval.types import CATEGORIES, Span
from tests.oracle import boilerplate as oracle
from tests.random_spans import disjoint_spans


def test_solid_prefix_counts_what_str_split_keeps():
    text = "a b\u00a0c\u3000d\te\u2028f\U0001F600 g\n"
    prefix = solid_prefix(text)
    for s in range(len(text) + 1):
        for e in range(s, len(text) + 1):
            assert prefix[e] - prefix[s] == oracle.solid(text, s, e)


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
        if rng.random() < 0.05 and pred:  # overlapping predictions: merged before counting
            pred = pred + [Span(pred[0].start, pred[-1].end)]
        if rng.random() < 0.05 and gold:  # overlapping gold, of two categories
            gold = gold + [Span(gold[0].start, gold[-1].end, rng.choice(CATEGORIES))]
        texts.append(text)
        golds.append(gold)
        preds.append(pred)

    def cols(spans, labelled):
        rows = [(d, s.start, s.end, CATEGORIES.index(s.label) if labelled else -1) for d, ss in enumerate(spans) for s in ss]
        return SpanColumns.of(*(list(c) for c in zip(*rows))) if rows else SpanColumns.of([], [], [], [])

    out = batch_counts(texts, cols(golds, True), cols(preds, False))
    assert boilerplate.ORDER == ORDER
    for d, text in enumerate(texts):
        expected = oracle.document_counts(text, golds[d], preds[d])
        assert set(expected) == set(ORDER)
        for key in ORDER:
            c = expected[key]
            assert tuple(out[d, ORDER.index(key)]) == (c.matched_pred, c.matched_gold, c.predicted, c.gold), (seed, d, key)
        assert boilerplate.document_counts(text, golds[d], preds[d]) == expected


def test_union_and_common_equal_brute_force():
    """``union`` covers the characters its intervals cover, with disjoint intervals; ``common`` finds each pair of
    bounds both sides have, once."""
    rng = random.Random(3)
    for _ in range(300):
        doc = sorted(rng.randrange(3) for _ in range(rng.randint(0, 8)))
        these = sorted((d * 100 + s, d * 100 + s + rng.randint(0, 12)) for d, s in zip(doc, (rng.randrange(30) for _ in doc)))
        other = sorted(rng.sample(these, len(these) // 2) + [(s, s + rng.randint(1, 5)) for s, _ in these[:2]])
        lo, hi = (np.array([t[k] for t in these], dtype=np.int64) for k in (0, 1))
        o_lo, o_hi = (np.array([o[k] for o in other], dtype=np.int64) for k in (0, 1))
        u_doc, u_lo, u_hi = union(lo // 100, lo, hi)
        assert (u_hi[:-1] <= u_lo[1:]).all() and (u_lo <= u_hi).all()
        assert u_doc.tolist() == (u_lo // 100).tolist()
        assert {i for s, e in zip(u_lo.tolist(), u_hi.tolist()) for i in range(s, e)} == {i for s, e in these for i in range(s, e)}
        found = common(lo, hi, o_lo, o_hi)
        assert sorted(these[i] for i in found.tolist()) == sorted(set(these) & set(other))
