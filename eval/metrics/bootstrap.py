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

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from newsprep.eval.settings import RESAMPLES, SEED

Statistic = Callable[[np.ndarray], float]


MAX_DRAWN = 1 << 22  # indices drawn at a time (32 MB); draws in chunks equal draws in one go


def resample_indices(n_units: int, *, resamples: int, seed: int) -> np.ndarray:
    """All draws at once: row ``r`` holds the unit indices of resample ``r``."""
    return np.concatenate(list(iter_resample_indices(n_units, resamples=resamples, seed=seed)))


def iter_resample_indices(n_units: int, *, resamples: int, seed: int) -> Iterator[np.ndarray]:
    """The rows of ``resample_indices`` in chunks, so memory stays bounded for many units.

    numpy's generator fills an array element by element from one stream, so the
    chunks concatenate to exactly the array one call would draw.
    """
    rng = np.random.default_rng(seed)
    step = max(1, min(resamples, MAX_DRAWN // max(1, n_units)))
    for done in range(0, resamples, step):
        yield rng.integers(0, n_units, size=(min(step, resamples - done), n_units))


def interval(units: np.ndarray, statistic: Statistic, *, resamples: int = RESAMPLES, seed: int = SEED,
             level: float = 0.95, defined: Callable[[np.ndarray], bool] | None = None) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic`` over the rows of ``units``.

    Resamples where ``defined`` is false (e.g. no gold item of a category was
    drawn, so recall is 0/0) are left out rather than scored as zero.
    """
    if len(units) == 0 or resamples == 0:
        value = statistic(units)
        return value, value
    stats = [statistic(m) for chunk in iter_resample_indices(len(units), resamples=resamples, seed=seed)
             for m in (units[idx] for idx in chunk) if defined is None or defined(m)]
    return percentile_interval(stats, level)


def percentile_interval(stats: list[float], level: float = 0.95) -> tuple[float, float]:
    """The percentile interval of resampled statistics; NaN where no resample was defined."""
    if len(stats) == 0:
        return float("nan"), float("nan")
    values = np.array(stats)
    tail = (1 - level) / 2 * 100
    return float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))


@dataclass(frozen=True)
class PairedResult:
    """Difference B − A of one statistic with its bootstrap interval and a two-sided p-value."""

    a: float
    b: float
    delta: float
    low: float
    high: float
    p_value: float


def paired(units_a: np.ndarray, units_b: np.ndarray, statistic: Statistic, *, resamples: int = RESAMPLES,
           seed: int = SEED, level: float = 0.95) -> PairedResult:
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
