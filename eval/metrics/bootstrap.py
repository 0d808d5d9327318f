"""Seeded bootstrap over units (documents or pairs).

Each unit contributes a row of counts; a resample draws units with
replacement and recomputes the statistic from the drawn rows. The interval is
the percentile interval of the resampled statistics.

>>> import numpy as np
>>> rows = np.array([[1.0], [2.0], [3.0]])
>>> low, high = interval(rows, lambda m: m.sum(0)[0] / len(m), resamples=200, seed=1)
>>> 1.0 <= low <= 2.0 <= high <= 3.0
True
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Statistic = Callable[[np.ndarray], float]


def resample_indices(n_units: int, *, resamples: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, n_units, size=(resamples, n_units))


def interval(units: np.ndarray, statistic: Statistic, *, resamples: int = 1000, seed: int = 12345,
             level: float = 0.95, defined: Callable[[np.ndarray], bool] | None = None) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic`` over the rows of ``units``.

    Resamples where ``defined`` is false (e.g. no gold item of a category was
    drawn, so recall is 0/0) are left out rather than scored as zero.
    """
    if len(units) == 0 or resamples == 0:
        value = statistic(units)
        return value, value
    draws = (units[idx] for idx in resample_indices(len(units), resamples=resamples, seed=seed))  # one at a time
    stats = np.array([statistic(m) for m in draws if defined is None or defined(m)])
    if len(stats) == 0:
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    return float(np.percentile(stats, tail)), float(np.percentile(stats, 100 - tail))


@dataclass(frozen=True)
class PairedResult:
    """Difference B − A of one statistic with its bootstrap interval and a two-sided p-value."""

    a: float
    b: float
    delta: float
    low: float
    high: float
    p_value: float


def paired(units_a: np.ndarray, units_b: np.ndarray, statistic: Statistic, *, resamples: int = 1000,
           seed: int = 12345, level: float = 0.95) -> PairedResult:
    """Paired bootstrap: both systems are resampled with the same units.

    The p-value is the share of resampled differences on the other side of zero
    from the observed one, doubled (two-sided), with the +1 correction.
    """
    a, b = statistic(units_a), statistic(units_b)
    idx = resample_indices(len(units_a), resamples=resamples, seed=seed)
    deltas = np.array([statistic(units_b[i]) - statistic(units_a[i]) for i in idx])
    tail = (1 - level) / 2 * 100
    observed = b - a
    against = np.sum(deltas <= 0) if observed > 0 else np.sum(deltas >= 0) if observed < 0 else resamples
    p_value = min(1.0, 2 * (against + 1) / (resamples + 1))
    return PairedResult(float(a), float(b), float(observed), float(np.percentile(deltas, tail)),
                        float(np.percentile(deltas, 100 - tail)), float(p_value))
