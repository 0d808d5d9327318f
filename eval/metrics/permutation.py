"""The paired permutation test (approximate randomization) and the jackknife interval of a difference.

Two systems A and B are scored on the same units (documents, or pairs of documents for duplicates). Each
unit holds a row of counts per system. Under the null hypothesis that the two systems are exchangeable, the
labels "A" and "B" of any unit could be swapped without changing the distribution of the counts. The test
swaps them in every one of the ``2 ** n`` ways (or in ``draws`` random ways when that is too many),
recomputes the metric difference from the summed counts each time, and reports the share of swaps whose
difference is at least as far from zero as the observed one. Enumerated, the test is exact: its false-alarm
rate is at most its level for any number of units. Its smallest p-value is ``2 / 2 ** n`` (the identity
and the swap of every unit give the same absolute difference), 0.0625 for five documents: with five units no
difference can be significant at 0.05, and the test says so instead of printing a smaller number.

A statistic is given "columnwise": it maps a matrix of summed counts, one row per swap, to one value per row.

>>> import numpy as np
>>> a = np.array([[1.0, 1], [2.0, 1], [3.0, 1]])      # a value and a count per unit
>>> b = a + [1, 0]
>>> mean = lambda sums: sums[:, 0] / sums[:, 1]
>>> result = paired_permutation(a, b, mean)
>>> result.p_value, result.p_min, result.exact         # every unit moves up: the smallest p there is
(0.25, 0.25, True)
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from newsprep.eval.settings import RESAMPLES, SEED

Columnwise = Callable[[np.ndarray], np.ndarray]
EXACT_UNITS = 16  # up to 2 ** 16 = 65,536 swaps are enumerated; above, swaps are drawn
TIES = 1e-12  # differences this close to the observed one count as "as extreme" (floating-point noise)


@dataclass(frozen=True)
class PermutationResult:
    """B − A with a two-sided p-value. ``p_min`` is the smallest p-value this number of units allows
    (``2 / 2 ** n`` enumerated, ``1 / (draws + 1)`` drawn); ``exact`` says whether every swap was enumerated."""

    a: float
    b: float
    delta: float
    p_value: float
    p_min: float
    exact: bool
    swaps: int


def swap_matrix(n_units: int) -> np.ndarray:
    """Every one of the ``2 ** n`` rows of 0/1 (1: the unit's systems are swapped), the identity first.

    >>> swap_matrix(2).tolist()
    [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    """
    codes = np.arange(2 ** n_units)[:, None]
    return ((codes >> np.arange(n_units)) & 1).astype(np.float64)


MAX_CELLS = 1 << 22  # swap-matrix cells made at a time (32 MB): the memory of the test does not grow with the units


def swap_chunks(n_units: int, *, draws: int = RESAMPLES, seed: int = SEED) -> Iterator[np.ndarray]:
    """The swaps to try: every one (``swap_matrix``) up to ``EXACT_UNITS`` units; above, the identity and then
    ``draws`` random rows, made in chunks of at most ``MAX_CELLS`` cells."""
    if n_units <= EXACT_UNITS:
        yield swap_matrix(n_units)
        return
    rng = np.random.default_rng(seed)
    step = max(1, MAX_CELLS // n_units)
    yield np.zeros((1, n_units))
    for done in range(0, draws, step):
        yield rng.integers(0, 2, size=(min(step, draws - done), n_units)).astype(np.float64)


def paired_permutation(units_a: np.ndarray, units_b: np.ndarray, statistic: Columnwise, *, draws: int = RESAMPLES,
                       seed: int = SEED) -> PermutationResult:
    """The paired permutation test of B against A on units × counts matrices (the same units, in the same order).

    Drawn (more than ``EXACT_UNITS`` units), the p-value is ``(1 + k) / (draws + 1)`` where ``k`` counts the
    drawn swaps at least as extreme as the observed difference: the +1 correction keeps the test valid.
    """
    units_a, units_b = np.asarray(units_a, dtype=np.float64), np.asarray(units_b, dtype=np.float64)
    sum_a, sum_b = units_a.sum(axis=0), units_b.sum(axis=0)
    value_a, value_b = (float(v) for v in statistic(np.vstack([sum_a, sum_b])))
    observed = value_b - value_a
    n = len(units_a)
    exact = n <= EXACT_UNITS
    diff = units_b - units_a
    extreme = []
    for swaps in swap_chunks(n, draws=draws, seed=seed):
        moved = swaps @ diff  # what each swap moves from B's sums to A's
        deltas = statistic(sum_b - moved) - statistic(sum_a + moved)
        extreme.append(np.abs(deltas) >= abs(observed) - TIES)
    hits = np.concatenate(extreme)
    if exact:
        p_value, p_min = float(hits.mean()), min(1.0, 2 / 2 ** n)
    else:  # the first row is the identity, the observed difference itself
        p_value, p_min = (1 + int(hits[1:].sum())) / len(hits), 1 / len(hits)
    return PermutationResult(value_a, value_b, observed, min(1.0, p_value), p_min, exact, len(hits))


MAX_GROUPS = 100  # above this many units, the jackknife leaves out one of this many contiguous groups at a time


def group_index(n_units: int, groups: int = MAX_GROUPS) -> np.ndarray:
    """The group of each unit: the unit itself up to ``groups`` units, else one of ``groups`` contiguous blocks of
    near-equal size (the delete-a-group jackknife, which keeps the time and memory of an interval bounded).

    >>> group_index(3).tolist(), group_index(5, groups=2).tolist()
    ([0, 1, 2], [0, 0, 0, 1, 1])
    """
    if n_units <= groups:
        return np.arange(n_units)
    return np.arange(n_units) * groups // n_units


def jackknife_from_left_out(value: float, left_out: np.ndarray, *, level: float = 0.95,
                            bounds: tuple[float, float] = (0.0, 1.0)) -> tuple[float, float]:
    """The interval ``value`` ± t(g − 1) × the jackknife standard error, from the statistic with each of ``g``
    groups left out (NaN where fewer than two are defined), cut to the statistic's ``bounds``."""
    left_out = np.asarray(left_out, dtype=np.float64)
    left_out = left_out[np.isfinite(left_out)]
    g = len(left_out)
    if g < 2:
        return float("nan"), float("nan")
    spread = float(np.sqrt((g - 1) / g * np.sum((left_out - left_out.mean()) ** 2)))
    from scipy import stats  # here, not at import: half a second that a run without intervals need not pay

    half = float(stats.t.ppf(0.5 + level / 2, g - 1)) * spread
    return max(bounds[0], value - half), min(bounds[1], value + half)


def jackknife_interval(units: np.ndarray, statistic: Columnwise, *, level: float = 0.95,
                       bounds: tuple[float, float] = (-np.inf, np.inf)) -> tuple[float, float]:
    """The jackknife interval of a statistic of summed unit rows: the value ± the Student t quantile with
    ``g − 1`` degrees of freedom times the jackknife standard error, each of the ``g`` units (or groups of
    units, above ``MAX_GROUPS``) left out once. NaN for fewer than two units.

    >>> rows = np.array([[1.0, 1], [2.0, 1], [3.0, 1], [4.0, 1]])    # a value and a count per unit
    >>> low, high = jackknife_interval(rows, lambda sums: sums[:, 0] / sums[:, 1])  # the mean, whose ...
    >>> round(low, 3), round(high, 3)                                  # ... jackknife is the Student t interval
    (0.446, 4.554)
    """
    units = np.asarray(units, dtype=np.float64)
    total = units.sum(axis=0)
    value = float(statistic(total[None, :])[0])
    groups = group_index(len(units))
    grouped = np.zeros((int(groups.max()) + 1 if len(units) else 0, units.shape[1]))
    np.add.at(grouped, groups, units)
    return jackknife_from_left_out(value, statistic(total[None, :] - grouped), level=level, bounds=bounds)


def median_interval(values: np.ndarray, *, level: float = 0.95) -> tuple[float, float]:
    """The distribution-free interval of a median: the ``k``-th smallest and ``k``-th largest of ``n`` values
    hold the median of their distribution with probability ``1 − 2 P(Binomial(n, 1/2) < k)``, whatever the
    distribution. ``k`` is the largest with at least ``level``; with fewer than six values even the smallest and
    the largest (``k = 1``) fall short: their coverage is ``1 − 2 / 2 ** n`` (0.9375 for five), and the interval
    is that one (``median_coverage`` gives the figure).

    >>> median_interval(np.array([0.9, 0.1, 0.5, 0.7, 0.3]))
    (0.1, 0.9)
    """
    x = np.sort(np.asarray(values, dtype=np.float64))
    k = median_rank(len(x), level)
    return float(x[k - 1]), float(x[len(x) - k])


def median_rank(n: int, level: float = 0.95) -> int:
    """The ``k`` of ``median_interval``: the largest whose coverage is at least ``level``, else 1."""
    k = 1
    while k + 1 <= (n + 1) // 2 and median_coverage(n, k + 1) >= level:
        k += 1
    return k


def median_coverage(n: int, k: int | None = None) -> float:
    """The coverage of the order-statistic interval of ``median_interval`` for ``n`` values.

    >>> median_coverage(5)
    0.9375
    """
    k = median_rank(n) if k is None else k
    from scipy import stats

    return float(1 - 2 * stats.binom.cdf(k - 1, n, 0.5))
