"""Duplicate-pair records from similarity scores, as a mapping or a matrix with its ids.

The gold-derived system: each listed pair scores its gold similarity / 5, every other pair 0. Gold
similarities of different labels meet at their edges (a related pair and paraphrases at 3.0, the near
duplicate and paraphrases at 4.5), so no threshold on similarity / 5 alone separates them; a tie-break of
0.01 per label rank (related < paraphrase < near_duplicate) does, and with thresholds between the
classes the F1 of both duplicate tasks is exactly 1.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

import newsprep.eval as npe
from newsprep.eval.adapters.pairs import pair_scores
from tests.perfect import perfect_rows

RANK = {"related": 0.0, "paraphrase": 0.01, "near_duplicate": 0.02}
THRESHOLDS = {"near_duplicate": 0.915, "paraphrase": 0.605}
CONTENT = sorted(s["id"] for s in npe.records("segments") if not s["boilerplate"])


def gold_similarity() -> dict[tuple[str, str], float]:
    return {(p["a"], p["b"]): p["score"] / 5 + RANK[p["label"]] for p in npe.records("duplicate_pairs")}


def test_gold_scores_as_a_mapping_give_f1_1_on_both_tasks():
    records = npe.pair_records(gold_similarity(), threshold=THRESHOLDS)
    rows = perfect_rows(records, "duplicates")
    assert {(r.view, r.statistic) for r in rows} == {(v, s) for v in ("near_duplicate", "same_content")
                                                     for s in ("precision", "recall", "f1")}
    assert {r["label"] for r in records} == {"near_duplicate", "paraphrase", "different"}


def test_gold_scores_as_a_matrix_of_every_content_pair_rank_perfectly_too():
    index = {sid: i for i, sid in enumerate(CONTENT)}
    matrix = np.zeros((len(CONTENT), len(CONTENT)))
    for (a, b), score in gold_similarity().items():
        matrix[index[a], index[b]] = matrix[index[b], index[a]] = score
    records = npe.pair_records((matrix, CONTENT), threshold=THRESHOLDS)
    assert len(records) == len(CONTENT) * (len(CONTENT) - 1) // 2
    perfect_rows(records, "duplicates")
    report = npe.score(records, resamples=0)
    for view in ("near_duplicate", "same_content"):
        assert report.get("duplicates", "ranking", "average_precision", view=view).value == 1.0


def test_top_k_labels_the_k_highest():
    gold = gold_similarity()
    positives = sum(score > 0.6 for score in gold.values())  # near duplicates and paraphrases
    records = npe.pair_records(gold, top_k=positives)  # all labelled paraphrase: same content, not near duplicates
    report = npe.score(records, resamples=0)
    assert report.get("duplicates", "pairs", "f1", view="same_content").value == 1.0
    assert report.get("duplicates", "pairs", "recall", view="near_duplicate").value == 0.0


def test_canonical_order_no_self_pairs_every_pair_scored():
    scores = {("b", "a"): 0.9, ("a", "c"): 0.2, ("c", "c"): 1.0, ("a", "b"): 0.9}
    assert npe.pair_records(scores, threshold=0.5, label="near_duplicate") == [
        {"task": "duplicates", "a": "a", "b": "b", "label": "near_duplicate", "score": 0.9},
        {"task": "duplicates", "a": "a", "b": "c", "label": "different", "score": 0.2}]
    assert [r["label"] for r in npe.pair_records(scores)] == ["different", "different"]  # a ranking only
    assert npe.pair_records({("a", "b"): 0.5}, threshold=0.5)[0]["label"] == "paraphrase"  # at the threshold


def test_top_k_ties_go_in_id_order_and_matrix_reads_above_the_diagonal():
    matrix = [[1, 0.5, 0.5], [0.0, 1, 0.5], [0.0, 0.0, 1]]
    records = npe.pair_records((matrix, ["x", "y", "z"]), top_k=2)
    assert [(r["a"], r["b"], r["label"], r["score"]) for r in records] == [
        ("x", "y", "paraphrase", 0.5), ("x", "z", "paraphrase", 0.5), ("y", "z", "different", 0.5)]
    assert all(type(r["score"]) is float for r in records)


def test_bad_scores_are_refused_with_every_problem():
    with pytest.raises(npe.InvalidInput) as err:
        pair_scores({("a", "b"): math.nan, ("b", "c"): 0.3, ("c", "b"): 0.4, "ab": 0.1, ("a", "d"): "high"})
    assert [p.rule for p in err.value.problems] == ["score", "duplicate-pair", "pair", "score"]
    with pytest.raises(npe.InvalidInput, match="shape"):
        pair_scores(([[1, 2]], ["a", "b"]))


@pytest.mark.parametrize("options, message", [
    ({"threshold": 0.5, "top_k": 3}, "not both"),
    ({"threshold": 0.5, "label": "different"}, "label 'different'"),
    ({"threshold": {"related": 0.5}}, "label 'related'"),
    ({"top_k": -1}, "top_k"),
])
def test_bad_options_are_refused(options, message):
    with pytest.raises(npe.NewsPrepError, match=message):
        npe.pair_records({("a", "b"): 0.5}, **options)
