"""The entity counts of a batch on arrays equal the per-document definitions (``tests.oracle.entities``), on many
random documents."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import astuple

import numpy as np
import pytest

from newsprep.eval.metrics import entities
from newsprep.eval.metrics.entity_arrays import (
    SCHEME,
    SCHEMES,
    VERDICTS,
    MentionColumns,
    as_count_columns,
    confusion,
    entity_id_counts,
    semeval_counts,
    touching,
)
from newsprep.eval.types import Mention, Span
from tests.oracle import entities as oracle
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
        if rng.random() < 0.08 and gold:  # overlapping gold: the per-document routine decides
            gold.append(Mention(gold[0].start, gold[0].end + 2, rng.choice(TYPES)))
        docs.append((gold, predicted(rng, gold, length)))
    return docs


def columns(mentions: list[list[Mention]]) -> MentionColumns:
    ids = {e: k for k, e in enumerate(IDS)}
    rows = [(d, m.start, m.end, TYPES.index(m.type), ids.get(m.entity_id, -1)) for d, ms in enumerate(mentions) for m in ms]
    return MentionColumns.of(*(list(c) for c in zip(*rows))) if rows else MentionColumns.of([], [], [], [])


@pytest.mark.parametrize("seed", range(20))
def test_semeval_counts_equal_the_greedy_definition(seed):
    docs = random_documents(seed, 60)
    counts = semeval_counts(columns([g for g, _ in docs]), columns([p for _, p in docs]), docs=len(docs), types=TYPES)
    assert tuple(oracle.SCHEMES) == SCHEMES
    for d, (gold, pred) in enumerate(docs):
        expected = oracle.document_counts(gold, pred)
        for scheme in SCHEMES:
            k = SCHEME[scheme]
            assert entities.SemEvalCounts.of(counts[d, k, 0]) == expected[scheme], (seed, d, scheme)
            for t, name in enumerate(TYPES):
                want = expected.get(f"{scheme}:{name}", entities.SemEvalCounts())
                assert entities.SemEvalCounts.of(counts[d, k, 1 + t]) == want, (seed, d, scheme, name)


def test_semeval_counts_match_one_at_a_time_where_a_gold_mention_meets_two_predictions(monkeypatch):
    """The arrays decide a document where no gold mention overlaps two predictions; the greedy routine the others."""
    from newsprep.eval.metrics import entity_arrays

    routed = []
    greedy_document = entity_arrays.greedy_document
    monkeypatch.setattr(entity_arrays, "greedy_document", lambda *a: routed.append(a) or greedy_document(*a))
    gold = [Mention(0, 10, "PERSON")]
    split = [Mention(0, 4, "PERSON"), Mention(5, 10, "GPE")]
    counts = semeval_counts(columns([gold, gold]), columns([split, split[:1]]), docs=2, types=TYPES)
    assert len(routed) == 1  # the first document only
    partial = SCHEME["partial"]
    assert tuple(counts[0, partial, 0]) == (0, 0, 1, 0, 1)
    assert entities.SemEvalCounts.of(counts[0, partial, 0]) == oracle.document_counts(gold, split)["partial"]
    assert entities.SemEvalCounts.of(counts[1, partial, 0]) == oracle.document_counts(gold, split[:1])["partial"]


def test_as_count_columns_give_half_credit_for_partial():
    row = as_count_columns(np.array([[2, 1, 1, 3, 4]]))
    assert row.tolist() == [[2.5, 2.5, 8.0, 7.0]]
    c = entities.SemEvalCounts(**dict(zip(VERDICTS, (2, 1, 1, 3, 4))))
    assert c == entities.SemEvalCounts(correct=2, incorrect=1, partial=1, missed=3, spurious=4)
    assert tuple(row[0]) == astuple(oracle.counts(c)) == astuple(c.counts())


@pytest.mark.parametrize("seed", range(5))
def test_entity_ids_and_confusion_equal_the_per_document_functions(seed):
    docs = random_documents(100 + seed, 50)
    docs = [(sorted(set(g), key=lambda m: (m.start, m.end))[:1] + [m for m in g[1:] if m.start >= g[0].end] if g else g, p)
            for g, p in docs]  # disjoint gold: boundaries name one mention
    g_cols, p_cols = columns([g for g, _ in docs]), columns([p for _, p in docs])
    ids = entity_id_counts(g_cols, p_cols, docs=len(docs))
    table: Counter = Counter()
    for d, (gold, pred) in enumerate(docs):
        c = oracle.entity_id_counts(gold, pred)
        assert tuple(ids[d]) == (c.matched_pred, c.matched_gold, c.predicted, c.gold)
        table += oracle.confusion(gold, pred)
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
