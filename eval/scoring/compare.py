"""The paired comparison of two systems on the same units: a permutation test and an interval of B − A.

The unit is the document (boilerplate, entities) or the pair of documents a segment pair comes from
(duplicates: pairs of segments from five documents are not independent, the 15 pairs of documents, within
and across, are). The test swaps A's and B's counts unit by unit in every one of the ``2 ** n`` ways
(``metrics.permutation``), so its false-alarm rate is at most its level; with five documents its smallest
p-value is 2/32 = 0.0625. The interval of B − A is the jackknife interval over the same units.

>>> rows = compare_submissions(a, b)   # doctest: +SKIP
>>> rows[0].delta, rows[0].p_value, rows[0].p_min     # doctest: +SKIP
(0.2, 0.0625, 0.0625)
"""
from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import newsprep.eval.tasks as registry
from newsprep.eval.data.dataset import data_label
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.metrics.permutation import jackknife_interval, paired_permutation
from newsprep.eval.metrics.prf import prf_arrays
from newsprep.eval.scoring.details import differences, submission_details
from newsprep.eval.scoring.report import signature
from newsprep.eval.scoring.score import count_loaded, mean_columns
from newsprep.eval.settings import RESAMPLES, SEED
from newsprep.eval.submission.model import Submission, require_validated
from newsprep.eval.validate.gold import require_valid

Columnwise = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Comparison:
    """B − A on one headline metric of ``score``'s report (its F1), the same units for both systems.

    ``low``/``high`` bound the 95% jackknife interval of the difference; ``p_value`` is the two-sided p-value
    of the paired permutation test, ``p_min`` the smallest p-value the number of units allows (0.0625 for
    five documents), and ``p_holm`` the p-value adjusted by Holm's method for all the metrics compared at once.

    >>> c = Comparison("entities", "all", "strict", 0.63, 0.69, 0.06, 0.02, 0.12, 0.0625, "newsprep:…")
    >>> c.low < c.delta < c.high, c.p_value >= c.p_min
    (True, True)
    """

    task: str
    view: str
    metric: str
    a: float
    b: float
    delta: float
    low: float
    high: float
    p_value: float
    signature: str
    average: str = "micro"
    p_min: float = 0.0625
    p_holm: float = 1.0
    units: int = 5


def f1_columns(sums: np.ndarray) -> np.ndarray:
    """Micro F1 of each row of summed ``[matched_pred, matched_gold, predicted, gold]`` counts."""
    return prf_arrays(sums)[2]


def per_unit_f1(units: np.ndarray) -> np.ndarray:
    """Each unit's own F1 beside a count of 1: the rows whose ``mean_columns`` is the mean over documents."""
    return np.column_stack([prf_arrays(units)[2], np.ones(len(units))])


def unit_rows(units: np.ndarray, average: str) -> tuple[np.ndarray, Columnwise]:
    """The rows the test swaps and the statistic of their sums, from units x ``[matched_pred, matched_gold,
    predicted, gold]`` counts: the counts and micro F1, or (``macro-docs``) each unit's F1 and their mean."""
    return (per_unit_f1(units), mean_columns) if average == "macro-docs" else (units, f1_columns)


# (view, metric, average) -> units x columns and the columnwise statistic; the first key of a task is its headline
Headlines = dict[tuple[str, str, str], tuple[np.ndarray, Columnwise]]


def headline_units(sub: Submission, task: str, root: Path | None = None) -> Headlines:
    """The units and statistic of each headline metric of one task (``Task.headlines``), as ``score`` names
    its rows."""
    declared = registry.get(task)
    units = declared.headline_units(count_loaded(declared, sub, root), root=root)
    return {h: unit_rows(units[h], h[2]) for h in declared.headlines}


def difference_interval(units_a: np.ndarray, units_b: np.ndarray, statistic: Columnwise) -> tuple[float, float]:
    """The jackknife interval of B − A, leaving out one unit of both systems at a time."""
    k = units_a.shape[1]
    both = np.hstack([units_a, units_b])
    return jackknife_interval(both, lambda sums: statistic(sums[:, k:]) - statistic(sums[:, :k]))


def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjustment: each p-value as it must be read when all of them are tested together.

    >>> holm([0.01, 0.04, 0.03])
    [0.03, 0.06, 0.06]
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    out, running = [0.0] * len(p_values), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[i]))
        out[i] = running
    return out


def test_label(exact: bool) -> str:
    return "perm-exact" if exact else "perm-drawn"


def comparable_tasks(a: Submission, b: Submission) -> tuple[list[str], dict[str, str]]:
    """The tasks both submissions hold that can be compared, and those refused, each with the reason: a task whose
    scores depend on a label set (``Task.labels``) that differs between the two. ``NewsPrepError`` where they
    share no task, or every shared task is refused."""
    shared = [t for t in a.tasks if t in b.tasks]
    refused = {t: f"{t} not compared: {a.path} uses the {a.label_set} labels, {b.path} the {b.label_set} labels; "
                  "compare like with like"
               for t in shared if registry.get(t).labels(a.label_set) != registry.get(t).labels(b.label_set)}
    if not shared:
        raise NewsPrepError(f"{a.path} and {b.path} share no task to compare")
    if len(refused) == len(shared):
        raise NewsPrepError("; ".join(refused.values()))
    return [t for t in shared if t not in refused], refused


def compare_details(a: Submission, b: Submission, *, root: Path | None = None) -> list[dict]:
    """Where two systems differ, example by example (``scoring.details.differences``), on every task
    ``compare_submissions`` compares."""
    tasks, _ = comparable_tasks(a, b)
    return differences(submission_details(a, tasks=tasks, root=root), submission_details(b, tasks=tasks, root=root))


def compare_submissions(a: Submission, b: Submission, *, resamples: int = RESAMPLES, seed: int = SEED,
                        root: Path | None = None) -> list[Comparison]:
    """The paired permutation test of B against A on every headline metric of every task both hold, task by task:
    a task whose label sets differ is left out with a warning (``comparable_tasks``).

    Up to 16 units every swap is enumerated (an exact test); above, ``resamples`` swaps are drawn with
    ``seed`` and the +1 correction. ``p_holm`` adjusts the p-values for the number of metrics compared.
    """
    require_validated(a)
    require_validated(b)
    require_valid(root)
    label = data_label(root)
    shared, refused = comparable_tasks(a, b)
    for reason in refused.values():
        warnings.warn(reason, stacklevel=2)
    out = []
    for task in shared:
        declared = registry.get(task)
        units_a, units_b = headline_units(a, task, root), headline_units(b, task, root)
        for (view, metric, average), (ua, statistic) in units_a.items():
            ub = units_b[(view, metric, average)][0]
            r = paired_permutation(ua, ub, statistic, draws=resamples, seed=seed)
            low, high = difference_interval(ua, ub, statistic)
            sig = signature(task=task, view=view, metric=metric, average=average, resamples=resamples, seed=seed,
                            data=label, labels=declared.labels(a.label_set), unit=declared.unit,
                            ci="jackknife-t", test=test_label(r.exact))
            out.append(Comparison(task=task, view=view, metric=metric, a=r.a, b=r.b, delta=r.delta, low=low,
                                  high=high, p_value=r.p_value, signature=sig, average=average, p_min=r.p_min,
                                  units=len(ua)))
    if not out:
        raise NewsPrepError(f"{a.path} and {b.path} share no metric to compare")
    adjusted = holm([c.p_value for c in out])
    return [Comparison(**{**c.__dict__, "p_holm": p}) for c, p in zip(out, adjusted)]
