"""Duplicate-pair metrics (``newsprep.eval.metrics.duplicates``).

Rows are built with ``pair_rows`` from small universes; the metrics are checked
against scikit-learn (P/R/F1, average precision) and scipy (Spearman), and by
hand (hard-negative rate, the rank of unlisted predictions).
"""
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr
from sklearn.metrics import average_precision_score, precision_recall_fscore_support

from newsprep.eval.metrics.duplicates import (
    COL,
    GOLD,
    POSITIVE,
    TASKS,
    average_precision,
    hard_negative_rate,
    pair_rows,
    prf_task,
    spearman,
    universe,
)
from newsprep.eval.types import PairPrediction

LABELS = ("near_duplicate", "paraphrase", "related")


def pairs_of(n):
    return universe([{"id": f"s{i:02d}", "boilerplate": False} for i in range(n)])


@st.composite
def judged_universe(draw):
    """A universe of 2-9 segments; each pair may be listed in gold and/or predicted, with a label and score.

    Scores are drawn from a small set so that ties occur; a prediction may have no score.
    """
    pairs = pairs_of(draw(st.integers(2, 9)))
    gold, pred = {}, {}
    for key in pairs:
        if draw(st.booleans()):
            gold[key] = (draw(st.sampled_from(LABELS)), float(draw(st.integers(0, 5))))
        if draw(st.booleans()):
            score = draw(st.one_of(st.none(), st.sampled_from([-2.0, 0.0, 0.25, 0.5, 0.75, 1.0, 3.0])))
            pred[key] = PairPrediction(key[0], key[1], draw(st.sampled_from(LABELS)), score)
    return pairs, gold, pred


def test_universe_is_all_unordered_content_pairs():
    segments = [{"id": "d1-2", "boilerplate": False}, {"id": "d1-1", "boilerplate": False},
                {"id": "d1-0", "boilerplate": True}, {"id": "d2-0", "boilerplate": False}]
    assert universe(segments) == [("d1-1", "d1-2"), ("d1-1", "d2-0"), ("d1-2", "d2-0")]


@settings(max_examples=200, deadline=None)
@given(judged_universe(), st.sampled_from(TASKS))
def test_prf_task_equals_sklearn_binary(data, task):
    """P/R/F1 of a task equal scikit-learn's on the pair labels (positive = the task's positive labels)."""
    pairs, gold, pred = data
    y_true = [key in gold and gold[key][0] in POSITIVE[task] for key in pairs]
    y_pred = [key in pred and pred[key].label in POSITIVE[task] for key in pairs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
    ours = prf_task(pair_rows(pairs, gold, pred), task)
    assert (ours.precision, ours.recall, ours.f1) == pytest.approx((p, r, f))


def system_scores(pairs, pred):
    """Scores as the metric should rank them: given scores, and below all of them everything else."""
    given_scores = [p.score for p in pred.values() if p.score is not None]
    lowest = min(given_scores, default=0.0) - 10.0
    return [pred[k].score if k in pred and pred[k].score is not None else lowest for k in pairs]


@settings(max_examples=200, deadline=None)
@given(judged_universe(), st.sampled_from(TASKS))
def test_average_precision_equals_sklearn(data, task):
    """Average precision over the universe equals scikit-learn's, with unscored pairs below every scored one."""
    pairs, gold, pred = data
    y_true = [key in gold and gold[key][0] in POSITIVE[task] for key in pairs]
    assume(any(y_true))
    expected = average_precision_score(y_true, system_scores(pairs, pred))
    assert average_precision(pair_rows(pairs, gold, pred), task) == pytest.approx(expected)


def test_average_precision_without_positives_is_zero():
    pairs = pairs_of(3)
    gold = {pairs[0]: ("related", 1.0)}
    pred = {pairs[0]: PairPrediction(*pairs[0], "near_duplicate", 0.9)}
    assert average_precision(pair_rows(pairs, gold, pred), "near_duplicate") == 0.0


def test_unlisted_predictions_rank_last():
    """A gold positive that the system did not list ranks below every listed pair, even negative scores.

    pairs (in universe order) p0, p1, p2. Gold: p0 near_duplicate. Predicted: p1 with
    score -5 (a negative), p2 with score -3 (a negative). Ranking: p2, p1, then p0
    (unlisted). The only positive is at rank 3 -> AP = precision at rank 3 = 1/3.
    Were unlisted pairs given 0, p0 would rank first and AP would be 1.
    """
    p0, p1, p2 = pairs_of(3)
    gold = {p0: ("near_duplicate", 5.0)}
    pred = {p1: PairPrediction(*p1, "related", -5.0), p2: PairPrediction(*p2, "related", -3.0)}
    assert average_precision(pair_rows([p0, p1, p2], gold, pred), "near_duplicate") == pytest.approx(1 / 3)


def test_listed_pair_without_score_ranks_with_the_unlisted():
    """A prediction with no score ranks below all scored pairs, tied with the unlisted ones.

    pairs p0..p3. Gold positives p0, p1. p0 is predicted with no score, p2 and p3 with
    scores 0.2 and 0.1, p1 is unlisted. Ranking: p2, p3, then {p0, p1} tied at the bottom
    -> sklearn takes the tie as one threshold: precision 2/4 at recall 1 -> AP 0.5.
    """
    p0, p1, p2, p3 = pairs_of(4)[:4]
    gold = {p0: ("near_duplicate", 1.0), p1: ("paraphrase", 1.0)}
    pred = {p0: PairPrediction(*p0, "near_duplicate", None), p2: PairPrediction(*p2, "related", 0.2),
            p3: PairPrediction(*p3, "related", 0.1)}
    rows = pair_rows([p0, p1, p2, p3], gold, pred)
    assert average_precision(rows, "same_content") == pytest.approx(0.5)
    assert rows[0, 7] == 0  # has_score is false for p0


def test_hard_negative_rate_by_hand():
    """Share of gold ``related`` pairs predicted positive.

    Gold related: p0, p1, p2, p3. Predicted: p0 near_duplicate, p1 paraphrase, p2 related,
    p3 unlisted; p4 (gold near_duplicate) predicted near_duplicate does not count.
    near_duplicate: 1 of 4 (p0) = 0.25; same_content: 2 of 4 (p0, p1) = 0.5.
    """
    p = pairs_of(4)[:5]
    gold = {p[0]: ("related", 2.0), p[1]: ("related", 2.0), p[2]: ("related", 2.0), p[3]: ("related", 2.0),
            p[4]: ("near_duplicate", 5.0)}
    pred = {p[0]: PairPrediction(*p[0], "near_duplicate"), p[1]: PairPrediction(*p[1], "paraphrase"),
            p[2]: PairPrediction(*p[2], "related"), p[4]: PairPrediction(*p[4], "near_duplicate")}
    rows = pair_rows(p, gold, pred)
    assert hard_negative_rate(rows, "near_duplicate") == pytest.approx(0.25)
    assert hard_negative_rate(rows, "same_content") == pytest.approx(0.5)


def test_hard_negative_rate_without_related_pairs_is_zero():
    p = pairs_of(3)
    rows = pair_rows(p, {p[0]: ("near_duplicate", 5.0)}, {p[1]: PairPrediction(*p[1], "near_duplicate")})
    assert hard_negative_rate(rows, "near_duplicate") == 0.0


@settings(max_examples=200, deadline=None)
@given(judged_universe())
def test_spearman_equals_scipy_on_gold_listed_pairs(data):
    """Spearman over the gold-listed pairs equals scipy's on (gold score, system score), unlisted ranked last.

    Where either side is constant (or fewer than 2 pairs) the correlation is undefined and 0 is reported.
    """
    pairs, gold, pred = data
    listed = [k for k in pairs if k in gold]
    gold_scores = [gold[k][1] for k in listed]
    sys_scores = [s for k, s in zip(pairs, system_scores(pairs, pred)) if k in gold]
    ours = spearman(pair_rows(pairs, gold, pred))
    if len(listed) < 2 or len(set(gold_scores)) == 1 or len(set(sys_scores)) == 1:
        assert ours == 0.0
    else:
        assert ours == pytest.approx(spearmanr(gold_scores, sys_scores).statistic)


def test_spearman_by_hand():
    """Gold scores 5, 3, 1 against system scores 0.9, 0.1, 0.5: ranks (3,2,1) vs (3,1,2).

    rho = 1 - 6 * sum(d^2) / (n (n^2 - 1)) = 1 - 6 * (0 + 1 + 1) / 24 = 0.5.
    A fourth pair predicted but not in gold does not take part.
    """
    p = pairs_of(3)
    gold = {p[0]: ("near_duplicate", 5.0), p[1]: ("paraphrase", 3.0), p[2]: ("related", 1.0)}
    extra = ("s00", "s99")
    pred = {p[0]: PairPrediction(*p[0], "near_duplicate", 0.9), p[1]: PairPrediction(*p[1], "related", 0.1),
            p[2]: PairPrediction(*p[2], "related", 0.5), extra: PairPrediction(*extra, "related", 100.0)}
    assert spearman(pair_rows(p + [extra], gold, pred)) == pytest.approx(0.5)


def test_row_columns_for_one_pair():
    """A single pair's indicators: gold paraphrase, predicted near_duplicate with score 0.7."""
    key = ("a", "b")
    rows = pair_rows([key], {key: ("paraphrase", 4.0)}, {key: PairPrediction("a", "b", "near_duplicate", 0.7)})
    # score holds the rank of 0.7 among the system's scores (the only one: rank 1)
    #                 gold_nd pred_nd gold_sc pred_sc related p_rel_nd p_rel_sc has_score score listed gold_score
    expected = np.array([[0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 4.0]])
    np.testing.assert_allclose(rows, expected)


@pytest.mark.parametrize("scale", [1.0, 2.0**53, 2.0**60, 1e300])
def test_unlisted_pairs_rank_below_scores_of_any_magnitude(scale):
    """Regression: the unlisted pairs' score was the smallest given score minus 1, which equals that
    score from 2**53 on, so an unlisted gold positive tied with a scored pair and AP rose.

    pairs p0, p1, p2. Gold positive p0, unlisted. p1 and p2 scored ``scale`` and ``2 * scale``:
    p0 ranks last whatever the scale, so AP = 1/3 (as in ``test_unlisted_predictions_rank_last``).
    """
    p0, p1, p2 = pairs_of(3)
    gold = {p0: ("near_duplicate", 5.0)}
    pred = {p1: PairPrediction(*p1, "different", scale), p2: PairPrediction(*p2, "different", 2 * scale)}
    assert average_precision(pair_rows([p0, p1, p2], gold, pred), "near_duplicate") == pytest.approx(1 / 3)


def test_equal_scores_share_a_rank():
    p0, p1, p2 = pairs_of(3)
    pred = {p0: PairPrediction(*p0, "different", 0.5), p1: PairPrediction(*p1, "different", 0.5),
            p2: PairPrediction(*p2, "different", -1.0)}
    rows = pair_rows([p0, p1, p2], {}, pred)
    assert rows[:, 8].tolist() == [2.0, 2.0, 1.0]


@pytest.mark.parametrize("positives", [1, 2, 7, 119, 148, 333])
def test_average_precision_of_a_perfect_ranking_is_exactly_one(positives):
    """Regression: scikit-learn's plain sum gave 0.9999999999999999 for a perfect ranking of 119 positives,
    so the gold scored against itself printed less than 1 in the JSON report."""
    rows = np.zeros((positives + 40, len(COL)))
    rows[:positives, GOLD["same_content"]] = 1
    rows[:, COL["score"]] = np.r_[np.linspace(5, 3, positives), np.linspace(2, 0, 40)]
    assert average_precision(rows, "same_content") == 1.0
