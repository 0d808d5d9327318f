"""Seeded bootstrap (``newsprep.eval.metrics.bootstrap``).

The interval must be reproducible from its seed, bracket the point estimate,
and skip undefined resamples when asked; the paired test must find no
difference between a system and itself and a clear one where B wins everywhere.
"""
import numpy as np
import pytest

from newsprep.eval.metrics.bootstrap import interval, paired, resample_indices


def mean(m):
    return float(m[:, 0].mean())


def recall(m):
    """Column 0 hits over column 1 gold items; 0 where no gold item was drawn."""
    gold = m[:, 1].sum()
    return float(m[:, 0].sum() / gold) if gold else 0.0


@pytest.fixture
def scores():
    """60 units with one continuous value each (so different resamples give different statistics)."""
    return np.random.default_rng(7).normal(0.6, 0.2, size=(60, 1))


def test_same_seed_gives_identical_interval(scores):
    assert interval(scores, mean, resamples=500, seed=3) == interval(scores, mean, resamples=500, seed=3)
    a = paired(scores, scores + 0.01, mean, resamples=300, seed=3)
    b = paired(scores, scores + 0.01, mean, resamples=300, seed=3)
    assert a == b


def test_different_seeds_give_different_intervals(scores):
    """Different seeds draw different resamples, so (with continuous data) the bounds move."""
    assert not np.array_equal(resample_indices(60, resamples=10, seed=1), resample_indices(60, resamples=10, seed=2))
    bounds = {interval(scores, mean, resamples=500, seed=s) for s in range(1, 6)}
    assert len(bounds) == 5


def test_resample_indices_shape_and_range():
    idx = resample_indices(7, resamples=50, seed=0)
    assert idx.shape == (50, 7)
    assert idx.min() >= 0 and idx.max() <= 6


def test_interval_contains_point_estimate(scores):
    """The 95 % interval of a mean brackets the mean and is narrower than the data's range."""
    low, high = interval(scores, mean, resamples=1000, seed=11)
    assert low < mean(scores) < high
    assert scores.min() < low and high < scores.max()


def test_interval_narrows_with_lower_level(scores):
    """A 50 % interval (same seed, same resamples) lies inside the 95 % one."""
    low95, high95 = interval(scores, mean, resamples=1000, seed=5)
    low50, high50 = interval(scores, mean, resamples=1000, seed=5, level=0.5)
    assert low95 < low50 < high50 < high95


def test_interval_of_no_units_or_no_resamples_is_the_point_value(scores):
    assert interval(scores, mean, resamples=0) == (mean(scores), mean(scores))
    assert interval(np.zeros((0, 2)), lambda m: 0.25) == (0.25, 0.25)


def test_paired_with_itself_gives_zero_delta_and_p_one(scores):
    """Comparing a system with itself: every resampled difference is 0, p-value 1."""
    r = paired(scores, scores, mean, resamples=500, seed=1)
    assert (r.a, r.b, r.delta, r.low, r.high, r.p_value) == (mean(scores), mean(scores), 0.0, 0.0, 0.0, 1.0)


def test_paired_where_b_is_better_on_every_unit():
    """B is right on every unit where A is, and on more: delta > 0, interval above 0, p = 2/(R+1).

    A is right on 20 of 50 units, B on 45 (a superset). A resample shows B <= A only if
    it draws none of the 25 units where they differ, chance (25/50)^50: never in 1000.
    With no resample against the observed sign, p = 2 * (0 + 1) / (1000 + 1).
    """
    a = np.zeros((50, 1))
    a[:20] = 1
    b = np.zeros((50, 1))
    b[:45] = 1
    r = paired(a, b, mean, resamples=1000, seed=2)
    assert (r.a, r.b) == (pytest.approx(0.4), pytest.approx(0.9))
    assert r.delta == pytest.approx(0.5)
    assert 0 < r.low <= r.delta <= r.high
    assert r.p_value == pytest.approx(2 / 1001)


def test_paired_is_antisymmetric():
    """Swapping A and B flips the sign of the difference and its interval; the p-value is unchanged."""
    rng = np.random.default_rng(3)
    a, b = rng.random((40, 1)), rng.random((40, 1)) + 0.05
    ab = paired(a, b, mean, resamples=400, seed=9)
    ba = paired(b, a, mean, resamples=400, seed=9)
    assert ba.delta == pytest.approx(-ab.delta)
    assert (ba.low, ba.high) == (pytest.approx(-ab.high), pytest.approx(-ab.low))
    assert ba.p_value == pytest.approx(ab.p_value)


def test_paired_with_no_real_difference_has_large_p():
    """Two systems that differ by noise only: the interval straddles 0 and p is far from significant."""
    rng = np.random.default_rng(4)
    a = rng.random((40, 1))
    b = a + rng.normal(0, 0.01, size=(40, 1))
    b -= b.mean() - a.mean() - 1e-4  # observed difference tiny but non-zero
    r = paired(a, b, mean, resamples=1000, seed=1)
    assert r.low < 0 < r.high
    assert r.p_value > 0.5


def test_defined_filter_drops_undefined_resamples():
    """Recall of a rare category: only 1 of 20 units has gold items, all found.

    Every resample that draws that unit has recall 1; the others have no gold item
    (0/0). Scored as 0 they drag the lower bound to 0 (a resample misses the unit
    with chance (19/20)^20 = 36 %); left out, the interval is exactly (1, 1).
    """
    units = np.zeros((20, 2))
    units[0] = [3, 3]  # 3 gold items, 3 found
    has_gold = lambda m: m[:, 1].sum() > 0  # noqa: E731
    assert interval(units, recall, resamples=500, seed=1) == (0.0, 1.0)
    assert interval(units, recall, resamples=500, seed=1, defined=has_gold) == (1.0, 1.0)


def test_defined_never_true_gives_nan():
    low, high = interval(np.zeros((5, 2)), recall, resamples=50, seed=1, defined=lambda m: False)
    assert np.isnan(low) and np.isnan(high)


def test_draws_in_chunks_equal_draws_in_one_go(monkeypatch):
    import newsprep.eval.metrics.bootstrap as bootstrap

    whole = np.random.default_rng(5).integers(0, 7, size=(30, 7))
    monkeypatch.setattr(bootstrap, "MAX_DRAWN", 20)  # two resamples of 7 units per chunk
    chunks = list(bootstrap.iter_resample_indices(7, resamples=30, seed=5))
    assert len(chunks) == 15
    assert np.array_equal(np.concatenate(chunks), whole)
    assert np.array_equal(resample_indices(7, resamples=30, seed=5), whole)
