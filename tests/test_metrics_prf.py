"""Precision, recall and F1 from counts (``newsprep.eval.metrics.prf``), checked by hand and against scikit-learn."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import precision_recall_fscore_support

from newsprep.eval import metrics
from newsprep.eval.metrics.prf import Counts, Scores, prf, prf_vector, total


def test_by_hand():
    assert prf(Counts(matched_pred=3, matched_gold=3, predicted=4, gold=6)) == Scores(0.75, 0.5, 0.6)
    # Overlap matching: one prediction may cover two gold spans, so the two "matched" counts differ.
    scores = prf(Counts(matched_pred=1, matched_gold=2, predicted=2, gold=2))
    assert (scores.precision, scores.recall) == (0.5, 1.0) and scores.f1 == pytest.approx(2 / 3)


@pytest.mark.parametrize("counts, expected", [
    (Counts(), Scores(0.0, 0.0, 0.0)),  # nothing predicted, nothing to find
    (Counts(0, 0, 0, 5), Scores(0.0, 0.0, 0.0)),  # nothing predicted
    (Counts(0, 0, 5, 0), Scores(0.0, 0.0, 0.0)),  # nothing to find
    (Counts(0, 0, 3, 4), Scores(0.0, 0.0, 0.0)),  # precision + recall = 0
    (Counts(2, 2, 2, 2), Scores(1.0, 1.0, 1.0)),
])
def test_empty_denominators_give_zero(counts, expected):
    assert prf(counts) == expected


def test_scores_are_plain_floats():
    scores = prf_vector(np.array([1, 1, 2, 4], dtype=np.int64))
    assert all(type(x) is float for x in (scores.precision, scores.recall, scores.f1))


def test_counts_add_and_total():
    a, b = Counts(1, 1, 2, 3), Counts(0.5, 0.5, 1, 0)
    assert a + b == Counts(1.5, 1.5, 3, 3)
    assert total([a, b, Counts(1, 2, 3, 4)]) == Counts(2.5, 3.5, 6, 7)
    assert total([]) == Counts()
    assert total(iter([a])) == a
    assert np.array_equal((a + b).vector(), np.array([1.5, 1.5, 3.0, 3.0]))
    assert (a + b).vector().dtype == float


def test_sums_first_then_scores():
    """Micro averaging: scores of the summed counts, not the mean of per-part scores."""
    parts = [Counts(1, 1, 1, 1), Counts(0, 0, 9, 9)]
    assert prf(total(parts)).f1 == pytest.approx(0.1)
    assert np.mean([prf(c).f1 for c in parts]) == pytest.approx(0.5)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=60))
def test_equals_scikit_learn_on_binary_labels(pairs):
    gold = [g for g, _ in pairs]
    pred = [p for _, p in pairs]
    tp = sum(g and p for g, p in pairs)
    ours = prf(Counts(tp, tp, sum(pred), sum(gold)))
    p, r, f, _ = precision_recall_fscore_support(gold, pred, average="binary", zero_division=0)
    assert (ours.precision, ours.recall, ours.f1) == pytest.approx((p, r, f))


def test_the_metrics_package_lists_its_modules():
    assert metrics.__all__ == ["boilerplate", "bootstrap", "duplicates", "entities", "prf"]
    assert metrics.prf.prf is prf
