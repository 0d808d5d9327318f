"""The paired permutation test and the jackknife interval (``newsprep.eval.metrics.permutation``)."""
import numpy as np
import pytest
from scipy import stats

from newsprep.eval.metrics.permutation import EXACT_UNITS, jackknife_interval, paired_permutation, swap_matrix
from newsprep.eval.metrics.prf import prf_arrays
from newsprep.eval.scoring.compare import holm
from newsprep.eval.scoring.score import mean_columns


@pytest.mark.parametrize("n", [3, 5, 8])
def test_the_exact_test_equals_scipy_permutation_test_on_a_mean_difference(n):
    rng = np.random.default_rng(n)
    for _ in range(20):
        x, y = rng.normal(size=n), rng.normal(size=n) + rng.normal() * 0.5
        ours = paired_permutation(np.column_stack([x, np.ones(n)]), np.column_stack([y, np.ones(n)]), mean_columns)
        reference = stats.permutation_test((y, x), lambda b, a, axis: np.mean(b - a, axis=axis),
                                           permutation_type="samples", vectorized=True, n_resamples=np.inf,
                                           alternative="two-sided")
        assert ours.exact and ours.swaps == 2 ** n
        assert ours.delta == pytest.approx(y.mean() - x.mean())
        assert ours.p_value == pytest.approx(reference.pvalue)


def test_an_f1_difference_by_hand():
    # two documents; B finds one more mention in the first; swapping a document moves its counts between systems
    a = np.array([[1.0, 1, 2, 2], [1, 1, 1, 1]])
    b = np.array([[2.0, 2, 2, 2], [1, 1, 1, 1]])
    f1 = lambda sums: prf_arrays(sums)[2]  # noqa: E731
    r = paired_permutation(a, b, f1)
    # swaps: none (+1/3 ... observed), first (−), second (+, same as none), both (−): all four as extreme
    assert r.delta == pytest.approx(1.0 - 2 / 3)
    assert (r.p_value, r.p_min, r.swaps) == (1.0, 0.5, 4)


def test_many_units_are_drawn_in_bounded_chunks(monkeypatch):
    from newsprep.eval.metrics import permutation

    monkeypatch.setattr(permutation, "MAX_CELLS", 50)  # chunks of 2 rows for 25 units
    n = 25
    rng = np.random.default_rng(0)
    a, b = np.column_stack([rng.random(n), np.ones(n)]), np.column_stack([rng.random(n), np.ones(n)])
    chunks = list(permutation.swap_chunks(n, draws=9, seed=3))
    assert [len(c) for c in chunks] == [1, 2, 2, 2, 2, 1] and all(c.size <= 50 for c in chunks)
    r = paired_permutation(a, b, mean_columns, draws=9, seed=3)
    assert r.swaps == 10 and r.p_value in [k / 10 for k in range(1, 11)]


def test_many_units_are_drawn_with_the_plus_one_correction():
    n = EXACT_UNITS + 4
    a = np.column_stack([np.zeros(n), np.ones(n)])
    b = np.column_stack([np.ones(n), np.ones(n)])  # B better on every unit: no drawn swap is as extreme ...
    r = paired_permutation(a, b, mean_columns, draws=999, seed=1)
    assert not r.exact and r.swaps == 1000
    assert r.p_value == pytest.approx(1 / 1000) == r.p_min  # ... except by chance all-swapped; p is (1 + 0) / 1000


def test_swap_matrix_enumerates_every_swap_once():
    rows = swap_matrix(4)
    assert len({tuple(r) for r in rows.tolist()}) == 16 and not rows[0].any()


def test_jackknife_of_a_mean_is_the_student_t_interval():
    x = np.array([0.2, 0.5, 0.9, 0.4, 0.6])
    low, high = jackknife_interval(np.column_stack([x, np.ones(5)]), mean_columns)
    ref = stats.t.interval(0.95, 4, loc=x.mean(), scale=stats.sem(x))
    assert (low, high) == pytest.approx(ref)


def test_jackknife_needs_two_units():
    low, high = jackknife_interval(np.array([[1.0, 1.0]]), mean_columns)
    assert np.isnan(low) and np.isnan(high)


def test_holm_against_a_hand_computed_case():
    # sorted 0.01, 0.03, 0.04 -> 3 x 0.01, max(0.03, 2 x 0.03), max(0.06, 1 x 0.04)
    assert holm([0.04, 0.01, 0.03]) == pytest.approx([0.06, 0.03, 0.06])
    assert holm([0.5, 0.9]) == [1.0, 1.0]
