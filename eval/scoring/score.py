"""Scoring a validated submission: counts per unit (document or pair), summed, then
scores with bootstrap intervals and a signature per row.

Counting and scoring are apart: ``scoring.batch`` turns documents' gold and
predictions into count rows of a ``Tally``; ``report_from_counts`` is the one
function that turns summed counts into a ``Report``, for an in-memory and a
streamed submission alike. Derived scores are never stored and merged.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from newsprep.eval.data import gold
from newsprep.eval.data.dataset import data_label
from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem
from newsprep.eval.metrics import boilerplate as bp
from newsprep.eval.metrics import duplicates as dup
from newsprep.eval.metrics import entities as ent
from newsprep.eval.metrics.bootstrap import fits_float32, interval, percentile_interval, resampled_sums
from newsprep.eval.metrics.prf import prf_arrays, prf_vector
from newsprep.eval.scoring.batch import BOILERPLATE_KEYS, BoilerplateBatch, EntityBatch, entity_tallies
from newsprep.eval.scoring.report import Report, Row, signature
from newsprep.eval.scoring.tally import DOC_IDS_KEPT, Tally
from newsprep.eval.settings import RESAMPLES, SEED
from newsprep.eval.submission.model import Submission, SubmissionIndex, require_validated
from newsprep.eval.validate.gold import require_valid

STATISTICS = ("precision", "recall", "f1")


@dataclass
class Scorer:
    """Collects rows; intervals of statistics of summed counts are drawn together in ``finish``."""

    resamples: int = RESAMPLES
    seed: int = SEED
    data: str | None = None
    labels: str = "ontonotes5"  # the entity label set, named in entity signatures when it is not the default
    rows: list[Row] = field(default_factory=list)
    pending: list[tuple] = field(default_factory=list)  # (row index, tally, statistic, defined, columnwise)

    def signature(self, task: str, view: str, metric: str, average: str) -> str:
        return signature(task=task, view=view, metric=metric, average=average, resamples=self.resamples,
                         seed=self.seed, data=self.data, labels=self.labels if task == "entities" else None)

    def add(self, units: np.ndarray, statistic: Callable[[np.ndarray], float], *, task, view, metric, average,
            name: str, with_interval: bool = True, defined: Callable[[np.ndarray], bool] | None = None) -> None:
        """A statistic of the unit matrix, resampled row by row."""
        value = float(statistic(units))
        low, high = (interval(units, statistic, resamples=self.resamples, seed=self.seed, defined=defined)
                     if with_interval and self.resamples > 0 else (None, None))
        self.rows.append(Row(task, view, metric, average, name, value, finite(low), finite(high),
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
        """A statistic of the tally's summed counts (what ``add`` would give on its rows, drawn faster).

        ``columnwise``, where given, computes the statistic of every resample at once from the matrix of
        resampled sums (one row each), for the resamples where it is defined: the same numbers, by the same
        floating-point operations, as ``statistic`` row by row."""
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

        A type with neither gold nor predicted items in a resample is left out of
        that resample's mean (as scikit-learn averages over the labels present),
        so a perfect system scores 1 in every resample.
        """
        cols = [tally.column[k] for k in keys]

        def macro(v: np.ndarray) -> float:
            sums = [v[c:c + 4] for c in cols if v[c + 2] or v[c + 3]]
            return float(np.mean([prf_vector(s).f1 for s in sums])) if sums else 0.0
        self.add_sum(tally, macro, task=task, view=view, metric=metric, average=f"macro-{over}", name="f1",
                     columnwise=partial(macro_f1_columns, columns=cols))

    def finish(self) -> list[Row]:
        """Fill in the intervals of the ``add_sum`` rows, one set of resamples per tally (none with ``resamples=0``)."""
        by_tally: dict[int, list[tuple]] = {}
        for item in self.pending:
            by_tally.setdefault(id(item[1]), []).append(item)
        tallies = {key: items[0][1] for key, items in by_tally.items() if self.resamples and items[0][1].n}
        for key, sums in self.resampled(tallies).items():
            for index, _, statistic, defined, columnwise in by_tally[key]:
                stats = columnwise(sums) if columnwise else [statistic(v) for v in sums if defined is None or defined(v)]
                low, high = percentile_interval(stats)
                self.rows[index] = replace(self.rows[index], low=finite(low), high=finite(high))
        self.pending = []
        return self.rows

    def resampled(self, tallies: dict[int, Tally]) -> dict[int, np.ndarray]:
        """Each tally's resampled sums. Tallies of as many units share their draws (the same seed draws the
        same units): where their sums fit float32 (``fits_float32``, a corpus of modest size), their rows are
        resampled side by side in one product, the same sums drawn once; a larger corpus's tallies one by
        one, so that only one tally's rows are copied at a time."""
        groups: dict[int, list[int]] = {}
        for key, tally in tallies.items():
            largest = max(float(block.max()) for block in tally.row_blocks())
            groups.setdefault(tally.n if fits_float32(largest, tally.n) else -key, []).append(key)
        out = {}
        for keys in groups.values():
            edges = np.cumsum([0] + [tallies[k].width for k in keys])
            units = np.empty((tallies[keys[0]].n, edges[-1]), dtype=np.float32)  # the tallies' rows side by side
            for k, lo, hi in zip(keys, edges, edges[1:]):
                row = 0
                for block in tallies[k].row_blocks():
                    units[row:row + len(block), lo:hi] = block
                    row += len(block)
            sums = resampled_sums([units], resamples=self.resamples, seed=self.seed)
            out.update({k: sums[:, lo:hi] for k, lo, hi in zip(keys, edges, edges[1:])})
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


def entity_id_accuracy(v: np.ndarray, *, column: int) -> float:
    """Entity ids right among the mentions matched with one (the ``entity_id`` counts at ``column``)."""
    return float(v[column + 1] / v[column + 3]) if v[column + 3] else 0.0


def pair_statistic(m: np.ndarray, *, task: str, name: str) -> float:
    """Precision, recall or F1 (``name``) of a duplicates task over pair rows."""
    return getattr(dup.prf_task(m, task), name)


# --------------------------------------------------------------------------- tallies of the tasks

def tally_types(tally: Tally) -> list[str]:
    """The entity types a tally counts, in label-set order."""
    return [k.split(":", 1)[1] for k in tally.keys if k.startswith("strict:")]


def boilerplate_tally(sub: Submission, root: Path | None = None) -> Tally:
    """Per-document boilerplate counts, in document order."""
    require_validated(sub)
    assert sub.boilerplate is not None  # called only for a submission with this task
    texts, truth = gold.texts(root), gold.boilerplate(root)
    tally = Tally(BOILERPLATE_KEYS)
    counter = BoilerplateBatch(tally)
    for d in sorted(texts):
        counter.add(d, texts[d], truth[d], sub.boilerplate[d])
    counter.flush()
    return tally


def entity_tally(sub: Submission, root: Path | None = None) -> dict[str, Tally]:
    require_validated(sub)
    assert sub.entities is not None  # called only for a submission with this task
    g_all, boiler = gold.entities(root), gold.boilerplate(root)
    tallies = entity_tallies(label_set=sub.label_set)
    counter = EntityBatch(tallies, sub.label_set)
    for d in sorted(g_all):
        counter.add(d, g_all[d], sub.entities[d], boiler[d])
    counter.flush()
    return tallies


def duplicate_rows(sub: Submission | SubmissionIndex, root: Path | None = None) -> np.ndarray:
    """One row per pair of content segments (``metrics.duplicates.COLUMNS``)."""
    require_validated(sub)
    assert sub.duplicates is not None  # called only for a submission with this task
    require_valid(root)  # the gold lines need no second check
    pairs = gold.duplicate_pairs(root, validated=True)  # first: a corpus without the pair layer is refused before the universe is built
    return dup.pair_rows(dup.universe(gold.segments(root, validated=True)), pairs, sub.duplicates)


# --------------------------------------------------------------------------- rows of the report

def score_boilerplate(tally: Tally, s: Scorer) -> None:
    task = "boilerplate"
    for metric in ("chars", "spans_exact", "spans_overlap", "content_tokens"):
        s.add_prf(tally, metric, task=task, view="all")
        if metric in ("chars", "content_tokens"):
            f1 = tally.per_document(f"f1:{metric}")[:, None]
            s.add(f1, lambda m: float(np.mean(m[:, 0])), task=task, view="all", metric=metric, average="macro-docs", name="f1")
            if tally.n <= DOC_IDS_KEPT:
                for d, value in zip(tally.docs, f1[:, 0]):
                    s.rows.append(Row(task, d, metric, "document", "f1", float(value), None, None,
                                      s.signature(task, d, metric, "document")))
    for category in bp.CATEGORIES:
        if tally.total(f"category:{category}")[3]:
            s.add_prf(tally, f"category:{category}", task=task, view="all", statistics=("recall",))


def score_entities(tallies: dict[str, Tally], s: Scorer, report: Report) -> None:
    task = "entities"
    for view, tally in tallies.items():
        present = [t for t in tally_types(tally) if tally.total(f"strict:{t}")[2:].any()]
        for scheme in ent.SCHEMES:
            s.add_prf(tally, scheme, task=task, view=view)
            s.add_macro(tally, [f"{scheme}:{t}" for t in present], task=task, view=view, metric=scheme, over="types")
        for t in present:
            s.add_prf(tally, f"strict:{t}", task=task, view=view)
        if "entity_id" in tally.flags:
            c = tally.column["entity_id"]
            s.add_sum(tally, partial(entity_id_accuracy, column=c), task=task, view=view,
                      metric="entity_id", average="micro", name="accuracy")
        if view == "all":
            for (gt, pt), n in sorted(tally.confusion.items()):
                report.confusion.setdefault(gt, {})[pt] = n


def score_duplicates(rows: np.ndarray, s: Scorer) -> None:
    scored = bool(rows[:, dup.COL["has_score"]].any())
    for task in dup.TASKS:
        for name in STATISTICS:
            s.add(rows, partial(pair_statistic, task=task, name=name), task="duplicates", view=task,
                  metric="pairs", average="micro", name=name)
        s.add_counts(rows[:, dup.GOLD[task]].sum(), rows[:, dup.PRED[task]].sum(), task="duplicates", view=task,
                     metric="pairs")
        s.add(rows, partial(dup.hard_negative_rate, task=task), task="duplicates", view=task,
              metric="hard_negatives", average="micro", name="false_positive_rate")
        if scored:
            s.add(rows, partial(dup.average_precision, task=task), task="duplicates", view=task,
                  metric="ranking", average="micro", name="average_precision")
    if scored:
        s.add(rows, dup.spearman, task="duplicates", view="graded", metric="ranking", average="micro", name="spearman")


def report_from_counts(counted: dict, *, system: str, path: str, root: Path | None = None,
                       resamples: int = RESAMPLES, seed: int = SEED, label_set: str = "ontonotes5") -> Report:
    """The report from counted tasks: ``boilerplate`` a Tally, ``entities`` a Tally per view,
    ``duplicates`` the pair rows. The same for an in-memory and a streamed submission."""
    label = data_label(root)
    report = Report(system, path, label)
    scorer = Scorer(resamples=resamples, seed=seed, data=label, labels=label_set)
    for task, counts in counted.items():
        if task == "boilerplate":
            score_boilerplate(counts, scorer)
        elif task == "entities":
            score_entities(counts, scorer, report)
        elif task == "duplicates":
            score_duplicates(counts, scorer)
    report.rows = scorer.finish()
    return report


def requested(sub_tasks: tuple[str, ...], tasks: tuple[str, ...] | None, path: str) -> tuple[str, ...]:
    """The tasks to score: those asked for, all of them in the submission (default: every task it holds)."""
    if not sub_tasks:
        raise InvalidInput([Problem(path, None, "task", "has-task",
                                    "only a header: no boilerplate, entities or duplicates record to score")])
    tasks = tasks or sub_tasks
    missing = [t for t in tasks if t not in sub_tasks]
    if missing:
        raise NewsPrepError(f"{path}: task {', '.join(missing)} requested but not in the submission")
    return tasks


def score_submission(sub: Submission, *, tasks: tuple[str, ...] | None = None, resamples: int = RESAMPLES,
                     seed: int = SEED, root: Path | None = None) -> Report:
    """Score every requested task of a validated submission (default: every task it holds)."""
    require_validated(sub)
    require_valid(root)
    counted: dict[str, Any] = {}
    for task in requested(sub.tasks, tasks, sub.path):
        if task == "boilerplate":
            counted[task] = boilerplate_tally(sub, root)
        elif task == "entities":
            counted[task] = entity_tally(sub, root)
        elif task == "duplicates":
            counted[task] = duplicate_rows(sub, root)
    return report_from_counts(counted, system=sub.system, path=sub.path, root=root, resamples=resamples, seed=seed,
                              label_set=sub.label_set)
