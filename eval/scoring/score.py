"""Scoring a validated submission: counts per unit (document; pair of documents for duplicates), summed, then
scores with jackknife intervals over the units and a signature per row.

Counting and scoring are apart: each task's counter (``tasks.counting``) turns documents' gold and
predictions into count rows of a ``Tally`` (the engine, ``submission.engine``, hands them the documents);
``report_from_counts`` is the one function that turns summed counts into a ``Report``, for a file and
a submission held in memory alike. Derived scores are never stored and merged.
"""
from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

import newsprep.eval.tasks as registry
from newsprep.eval.data.dataset import data_label
from newsprep.eval.io.progress import Progress
from newsprep.eval.metrics.permutation import group_index, jackknife_from_left_out, jackknife_interval, median_interval
from newsprep.eval.metrics.prf import prf_arrays, prf_vector
from newsprep.eval.metrics.tally import Tally
from newsprep.eval.scoring.details import submission_details
from newsprep.eval.scoring.report import Report, Row, signature
from newsprep.eval.settings import RESAMPLES, SEED
from newsprep.eval.submission import engine
from newsprep.eval.submission.model import Submission, requested, require_validated
from newsprep.eval.tasks import Task
from newsprep.eval.tasks.counting import count_documents
from newsprep.eval.validate.gold import require_valid

STATISTICS = ("precision", "recall", "f1")


@dataclass
class Scorer:
    """Collects rows; the intervals of statistics of summed counts are computed together in ``finish``.

    Every interval is the jackknife interval over the units (documents; pairs of documents for duplicates):
    the value ± Student's t with g − 1 degrees of freedom times the jackknife standard error, each of the g
    units (or of 100 contiguous groups of them, in a larger corpus) left out once (``metrics.permutation``).
    ``resamples=0`` gives values without intervals.
    """

    resamples: int = RESAMPLES
    seed: int = SEED
    data: str | None = None
    labels: str = "ontonotes5"  # the entity label set, named in entity signatures when it is not the default
    rows: list[Row] = field(default_factory=list)
    pending: list[tuple] = field(default_factory=list)  # (row index, tally, statistic, defined, columnwise)

    def signature(self, task: str, view: str, metric: str, average: str, ci: str = "jackknife-t") -> str:
        declared = registry.get(task)
        return signature(task=task, view=view, metric=metric, average=average, resamples=self.resamples,
                         seed=self.seed, data=self.data, labels=declared.labels(self.labels),
                         unit=declared.unit, ci=ci if self.resamples else "none")

    def add(self, units: np.ndarray, statistic: Callable[[np.ndarray], float], *, task, view, metric, average,
            name: str, groups: np.ndarray | None = None, bounds: tuple[float, float] = (0.0, 1.0)) -> None:
        """A statistic of the unit matrix; its interval leaves out the rows of one group (``groups``: each row's
        unit; default: each row its own unit) at a time."""
        value = float(statistic(units))
        low = high = None
        if self.resamples > 0:
            groups = group_index(len(units)) if groups is None else group_index_of(groups)
            left_out = [statistic(units[groups != g]) for g in range(int(groups.max()) + 1)] if len(units) else []
            low, high = jackknife_from_left_out(value, np.array(left_out), bounds=bounds)
        self.rows.append(Row(task, view, metric, average, name, value, finite(low), finite(high),
                             self.signature(task, view, metric, average)))

    def add_mean(self, values: np.ndarray, *, task, view, metric, name: str = "f1") -> None:
        """The mean over documents of per-document values; its interval is Student's t (the jackknife of a mean)."""
        rows = np.column_stack([values, np.ones(len(values))])
        value = float(np.mean(values)) if len(values) else 0.0
        low = high = None
        if self.resamples > 0 and len(values):
            low, high = jackknife_interval(rows, mean_columns, bounds=(0.0, 1.0))
        self.rows.append(Row(task, view, metric, "macro-docs", name, value, finite(low), finite(high),
                             self.signature(task, view, metric, "macro-docs")))

    def add_median(self, values: np.ndarray, *, task, view, metric, name: str = "f1") -> None:
        """The median over documents of per-document values, with the distribution-free interval between two
        order statistics (``metrics.permutation.median_interval``): it assumes nothing of the values' spread."""
        value = float(np.median(values)) if len(values) else 0.0
        low, high = median_interval(values) if self.resamples > 0 and len(values) else (None, None)
        self.rows.append(Row(task, view, metric, "median-docs", name, value, finite(low), finite(high),
                             self.signature(task, view, metric, "median-docs", ci="order-stat")))

    def add_value(self, value: float, *, task: str, view: str, metric: str, average: str, name: str) -> None:
        """A number with no interval (one document's F1)."""
        self.rows.append(Row(task, view, metric, average, name, value, None, None,
                             self.signature(task, view, metric, average)))

    def add_counts(self, gold: float, predicted: float, *, task: str, view: str, metric: str) -> None:
        """``support`` (gold items) and ``predicted`` (predicted items) beside precision, recall and F1, as
        scikit-learn's ``classification_report`` prints them; counts have no interval."""
        for name, value in (("support", gold), ("predicted", predicted)):
            self.rows.append(Row(task, view, metric, "micro", name, float(value), None, None,
                                 self.signature(task, view, metric, "micro")))

    def add_sum(self, tally: Tally, statistic: Callable[[np.ndarray], float], *, task, view, metric, average,
                name: str, defined: Callable[[np.ndarray], bool] | None = None,
                columnwise: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        """A statistic of the tally's summed counts; its interval is computed in ``finish``.

        ``columnwise``, where given, computes the statistic of many rows of summed counts at once, for the rows
        where it is defined: the same numbers, by the same floating-point operations, as ``statistic`` row by row."""
        value = float(statistic(tally.sums))
        self.pending.append((len(self.rows), tally, statistic, defined, columnwise))
        self.rows.append(Row(task, view, metric, average, name, value, None, None, self.signature(task, view, metric, average)))

    def add_prf(self, tally: Tally, key: str, *, task, view, statistics=STATISTICS) -> None:
        """Micro scores from summed counts."""
        c = tally.column[key]
        for name in statistics:
            self.add_sum(tally, partial(prf_statistic, column=c, name=name), task=task, view=view,
                         metric=key, average="micro", name=name, defined=lambda v: bool(v[c + 3]),
                         columnwise=partial(prf_columns, column=c, name=name))
        total = tally.total(key)
        self.add_counts(total[3], total[2], task=task, view=view, metric=key)

    def add_macro(self, tally: Tally, keys: list[str], *, task, view, metric, over: str) -> None:
        """Mean F1 over ``keys`` (types), computed from summed counts.

        A type with neither gold nor predicted items in the counts is left out of the mean (as scikit-learn
        averages over the labels present), so a perfect system scores 1 with any document left out.
        """
        cols = [tally.column[k] for k in keys]

        def macro(v: np.ndarray) -> float:
            sums = [v[c:c + 4] for c in cols if v[c + 2] or v[c + 3]]
            return float(np.mean([prf_vector(s).f1 for s in sums])) if sums else 0.0
        self.add_sum(tally, macro, task=task, view=view, metric=metric, average=f"macro-{over}", name="f1",
                     columnwise=partial(macro_f1_columns, columns=cols))

    def finish(self) -> list[Row]:
        """Fill in the intervals of the ``add_sum`` rows: each tally's sums with one group of documents left out
        at a time (none with ``resamples=0``)."""
        left: dict[int, np.ndarray] = {}
        for index, tally, statistic, defined, columnwise in self.pending:
            if not self.resamples or tally.n < 2:
                continue
            if id(tally) not in left:
                left[id(tally)] = tally.sums[None, :] - group_sums(tally)
            sums = left[id(tally)]
            stats = columnwise(sums) if columnwise else [statistic(v) for v in sums if defined is None or defined(v)]
            low, high = jackknife_from_left_out(self.rows[index].value, np.asarray(stats, dtype=np.float64))
            self.rows[index] = replace(self.rows[index], low=finite(low), high=finite(high))
        self.pending = []
        return self.rows


def mean_columns(sums: np.ndarray) -> np.ndarray:
    """The mean of each row of summed ``[value, count]`` columns; NaN where the count is 0 (nothing to average).

    >>> mean_columns(np.array([[3.0, 2.0], [0.0, 0.0]])).tolist()
    [1.5, nan]
    """
    return np.divide(sums[:, 0], sums[:, 1], out=np.full(len(sums), np.nan), where=sums[:, 1] != 0)


def group_index_of(units: np.ndarray) -> np.ndarray:
    """Unit labels (any integers) as groups 0 … g − 1, at most ``MAX_GROUPS`` of them (units merged in order)."""
    _, dense = np.unique(units, return_inverse=True)
    dense = dense.ravel()
    count = int(dense.max()) + 1 if len(dense) else 0
    return group_index(count)[dense] if count else dense


def group_sums(tally: Tally) -> np.ndarray:
    """The tally's rows summed by group of consecutive documents (``group_index``): one row per group."""
    groups = group_index(tally.n)
    out = np.zeros((int(groups.max()) + 1, tally.width))
    done = 0
    for block in tally.row_blocks():
        np.add.at(out, groups[done:done + len(block)], block.astype(np.float64))
        done += len(block)
    return out


def finite(x: float | None) -> float | None:
    """An interval bound, or None where it is undefined (no resample had the statistic defined): never NaN."""
    return None if x is None or not math.isfinite(x) else x


def prf_statistic(v: np.ndarray, *, column: int, name: str) -> float:
    """Precision, recall or F1 (``name``) of the four counts at ``column`` of a vector of summed counts."""
    return getattr(prf_vector(v[column:column + 4]), name)


def prf_columns(sums: np.ndarray, *, column: int, name: str) -> np.ndarray:
    """``prf_statistic`` of every row of ``sums`` whose gold count is not zero (where recall is defined).

    >>> prf_columns(np.array([[1., 1., 2., 4.], [0., 0., 0., 0.], [2., 2., 2., 2.]]), column=0, name="f1").tolist()
    [0.3333333333333333, 1.0]
    """
    precision, recall, f1 = prf_arrays(sums[sums[:, column + 3] != 0, column:column + 4])
    return {"precision": precision, "recall": recall, "f1": f1}[name]


def macro_f1_columns(sums: np.ndarray, *, columns: list[int]) -> np.ndarray:
    """The macro F1 of ``add_macro`` for every row of ``sums``: the mean F1 of the types present in the row.

    Rows are grouped by which types are present, and each group's F1 values, one row per resample and
    one column per present type in type order, are averaged with ``np.mean`` along the row: the same
    pairwise sum as ``np.mean`` of the row's list, so the same numbers.

    >>> macro_f1_columns(np.array([[1., 1., 2., 4., 0., 0., 0., 0.], [1., 1., 1., 1., 2., 2., 2., 2.]]), columns=[0, 4]).tolist()
    [0.3333333333333333, 1.0]
    """
    present = np.stack([(sums[:, c + 2] != 0) | (sums[:, c + 3] != 0) for c in columns], axis=1)
    f1 = np.stack([prf_arrays(sums[:, c:c + 4])[2] for c in columns], axis=1)
    out = np.zeros(len(sums))
    masks, group = np.unique(present, axis=0, return_inverse=True)
    for g, mask in enumerate(masks):
        if mask.any():
            rows = np.flatnonzero(group.ravel() == g)
            out[rows] = np.mean(np.ascontiguousarray(f1[np.ix_(rows, np.flatnonzero(mask))]), axis=1)
    return out


def count_loaded(task: Task, sub: Submission, root: Path | None = None) -> Any:
    """The counts of one task of a submission held in memory, counted as the engine counts a file
    (``tasks.counting``)."""
    require_validated(sub)
    predictions = sub.predictions[task.name]
    if task.items is None:
        return task.count_whole(predictions, root=root)
    records = {d: {task.items: spans} for d, spans in predictions.items()}
    return count_documents([task.name], {task.name: records}, root=root, label_set=sub.label_set)[task.name]


def report_from_counts(counted: dict[str, Any], *, system: str, path: str, root: Path | None = None,
                       resamples: int = RESAMPLES, seed: int = SEED, label_set: str = "ontonotes5") -> Report:
    """The report from each task's counts (what its counter or ``count_whole`` gives), in the order given: the
    same for a submission held in memory and one read from a file."""
    label = data_label(root)
    report = Report(system, path, label)
    scorer = Scorer(resamples=resamples, seed=seed, data=label, labels=label_set)
    for name, counts in counted.items():
        registry.get(name).rows(counts, scorer, report, root=root)
    report.rows = scorer.finish()
    return report


def score_file(spec: str | os.PathLike, *, client: Any = None, partitions: int = 1, root: Path | None = None,
               tasks: tuple[str, ...] | None = None, resamples: int = RESAMPLES, seed: int = SEED,
               progress: Progress | None = None) -> Report:
    """Validate and count the submission ``spec`` with the engine (``submission.engine.read``: in this process,
    or in ``partitions`` on ``client``), then score the counts; ``progress`` is told of the documents counted."""
    return counted_report(spec, client=client, partitions=partitions, root=root, tasks=tasks, resamples=resamples,
                          seed=seed, progress=progress)[0]


def counted_report(spec: str | os.PathLike, *, client: Any = None, partitions: int = 1, root: Path | None = None,
                   tasks: tuple[str, ...] | None = None, resamples: int = RESAMPLES, seed: int = SEED,
                   progress: Progress | None = None) -> tuple[Report, engine.Counted]:
    """``score_file``'s report and the engine's counts it was made from (what a figure may draw on)."""
    counted = engine.read(spec, client=client, partitions=partitions, root=root, tasks=tasks, keep_rows=resamples > 0,
                          progress=progress)
    index = counted.index
    return report_from_counts(counted.counts, system=index.system, path=index.path, root=root, resamples=resamples,
                              seed=seed, label_set=index.label_set), counted


def score_submission(sub: Submission, *, tasks: tuple[str, ...] | None = None, resamples: int = RESAMPLES,
                     seed: int = SEED, root: Path | None = None) -> Report:
    """Score every requested task of a validated submission (default: every task it holds)."""
    require_validated(sub)
    require_valid(root)
    chosen = requested(sub.tasks, tasks, sub.path)
    counted = {name: count_loaded(registry.get(name), sub, root) for name in chosen}
    report = report_from_counts(counted, system=sub.system, path=sub.path, root=root, resamples=resamples, seed=seed,
                                label_set=sub.label_set)
    report.details_source = details_of(sub, tasks=chosen, root=root)
    return report


def details_of(sub: Submission, *, tasks: tuple[str, ...] | None = None, root: Path | None = None) -> Callable[[], list[dict]]:
    """What gives the per-example records of ``tasks`` of a validated submission, counted on the first call and
    kept (``Report.details``)."""
    return functools.cache(partial(submission_details, sub, tasks=tasks, root=root))
