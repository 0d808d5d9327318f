"""The entity counts of a batch on arrays equal the per-document definitions, on many random documents."""
from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from newsprep.eval.metrics import entities as ent
from newsprep.eval.metrics.entity_arrays import (
    MentionColumns,
    as_count_columns,
    confusion,
    entity_id_counts,
    semeval_counts,
    touching,
)
from newsprep.eval.types import Mention, Span
from tests.random_spans import disjoint_spans

TYPES = ("PERSON", "GPE", "ORG", "DATE")
IDS = ("a", "b", "c")


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
