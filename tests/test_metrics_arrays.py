"""The array counts of a batch equal the per-document definitions, on many random documents."""
from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from newsprep.eval.metrics import boilerplate as bp
from newsprep.eval.metrics import entities as ent
from newsprep.eval.metrics.boilerplate_arrays import SpanColumns, batch_counts, solid_prefix
from newsprep.eval.metrics.entity_arrays import (
    MentionColumns,
    as_count_columns,
    confusion,
    entity_id_counts,
    semeval_counts,
    touching,
)
from newsprep.eval.types import CATEGORIES, Mention, Span

TYPES = ("PERSON", "GPE", "ORG", "DATE")
IDS = ("a", "b", "c")


def disjoint_spans(rng: random.Random, length: int, most: int) -> list[tuple[int, int]]:
    cuts = sorted(rng.sample(range(length + 1), min(2 * rng.randint(0, most), length + 1)))
    return [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]


def predicted(rng: random.Random, gold: list[Mention], length: int) -> list[Mention]:
    """A prediction near the gold: kept, shifted, retyped, split, dropped, or spurious; disjoint."""
    out: list[Mention] = []
    for g in gold:
        roll = rng.random()
        if roll < 0.4:
            out.append(Mention(g.start, g.end, g.type, rng.choice((g.entity_id, None, "a"))))
        elif roll < 0.55:
            out.append(Mention(g.start, max(g.start + 1, g.end - 1), g.type))
        elif roll < 0.7:
            out.append(Mention(g.start, g.end, rng.choice(TYPES)))
        elif roll < 0.8 and g.end - g.start >= 2:  # two predictions inside one gold mention
            middle = (g.start + g.end) // 2
            out += [Mention(g.start, middle, g.type), Mention(middle, g.end, rng.choice(TYPES))]
    for s, e in disjoint_spans(rng, length, 3):
        out.append(Mention(s, e, rng.choice(TYPES)))
    out.sort(key=lambda m: (m.start, m.end))
    kept: list[Mention] = []
    for m in out:
        if not kept or kept[-1].end <= m.start:
            kept.append(m)
    if rng.random() < 0.1 and kept:  # now and then a prediction spanning two gold mentions
        kept = [Mention(kept[0].start, max(m.end for m in kept), kept[0].type)]
    return kept


def random_documents(seed: int, count: int) -> list[tuple[list[Mention], list[Mention]]]:
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        length = rng.randint(0, 60)
        gold = [Mention(s, e, rng.choice(TYPES), rng.choice((None, *IDS))) for s, e in disjoint_spans(rng, length, 6)]
        if rng.random() < 0.08 and gold:  # overlapping gold: the per-document definition decides
            gold.append(Mention(gold[0].start, gold[0].end + 2, rng.choice(TYPES)))
        docs.append((gold, predicted(rng, gold, length)))
    return docs


def columns(mentions: list[list[Mention]]) -> MentionColumns:
    ids = {e: k for k, e in enumerate(IDS)}
    rows = [(d, m.start, m.end, TYPES.index(m.type), ids.get(m.entity_id, -1)) for d, ms in enumerate(mentions) for m in ms]
    return MentionColumns.of(*(list(c) for c in zip(*rows))) if rows else MentionColumns.of([], [], [], [])


@pytest.mark.parametrize("seed", range(20))
def test_semeval_counts_equal_document_tuples(seed):
    docs = random_documents(seed, 60)
    counts = semeval_counts(columns([g for g, _ in docs]), columns([p for _, p in docs]), docs=len(docs), types=TYPES)
    for d, (gold, pred) in enumerate(docs):
        expected = ent.document_tuples(gold, pred)
        for k, scheme in enumerate(ent.SCHEMES):
            assert tuple(counts[d, k, 0]) == expected[scheme], (seed, d, scheme)
            for t, name in enumerate(TYPES):
                want = expected.get(f"{scheme}:{name}", (0, 0, 0, 0, 0))
                assert tuple(counts[d, k, 1 + t]) == want, (seed, d, scheme, name)


def test_semeval_counts_take_the_fallback_where_a_gold_mention_meets_two_predictions():
    gold = [Mention(0, 10, "PERSON")]
    pred = [Mention(0, 4, "PERSON"), Mention(5, 10, "GPE")]
    assert ent.one_to_one_counts(gold, pred) is None
    counts = semeval_counts(columns([gold]), columns([pred]), docs=1, types=TYPES)
    assert tuple(counts[0, 2, 0]) == ent.document_tuples(gold, pred)["partial"] == (0, 0, 1, 0, 1)


def test_as_count_columns_give_half_credit_for_partial():
    row = as_count_columns(np.array([[2, 1, 1, 3, 4]]))
    assert row.tolist() == [[2.5, 2.5, 8.0, 7.0]]
    assert tuple(row[0]) == ent.as_counts((2, 1, 1, 3, 4))


@pytest.mark.parametrize("seed", range(5))
def test_entity_ids_and_confusion_equal_the_per_document_functions(seed):
    docs = random_documents(100 + seed, 50)
    docs = [(sorted(set(g), key=lambda m: (m.start, m.end))[:1] + [m for m in g[1:] if m.start >= g[0].end] if g else g, p)
            for g, p in docs]  # disjoint gold: boundaries name one mention
    g_cols, p_cols = columns([g for g, _ in docs]), columns([p for _, p in docs])
    ids = entity_id_counts(g_cols, p_cols, docs=len(docs))
    table: Counter = Counter()
    for d, (gold, pred) in enumerate(docs):
        c = ent.entity_id_counts(gold, pred)
        assert tuple(ids[d]) == (c.matched_pred, c.matched_gold, c.predicted, c.gold)
        table += ent.confusion(gold, pred)
    assert confusion(g_cols, p_cols, TYPES) == table


def test_touching_finds_every_mention_that_overlaps_a_span():
    rng = random.Random(7)
    for _ in range(200):
        mentions = [Mention(s, e, "PERSON") for s, e in disjoint_spans(rng, 40, 5)]
        boiler = [Span(s, e) for s, e in disjoint_spans(rng, 40, 3)]
        cols = columns([mentions])
        starts = np.array([b.start for b in boiler], dtype=np.int64)
        ends = np.array([b.end for b in boiler], dtype=np.int64)
        found = touching(cols, starts, ends).tolist()
        assert found == [any(m.overlaps(b) for b in boiler) for m in mentions]


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
