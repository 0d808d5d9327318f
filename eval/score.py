"""Scoring a validated submission: counts per unit, summed, then scores with
bootstrap intervals and a signature per row.

>>> from newsprep.eval.score import signature
>>> signature(task="boilerplate", view="all", metric="chars", average="micro", resamples=1000, seed=12345)[:9]
'newsprep:'
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from . import gold
from .data import data_version
from .errors import InvalidInput, NewsPrepError, Problem
from .metrics import boilerplate as bp
from .metrics import duplicates as dup
from .metrics import entities as ent
from .metrics.bootstrap import interval
from .metrics.prf import Counts, prf_vector
from .submission import Submission

STATISTICS = ("precision", "recall", "f1")


def signature(*, task: str, view: str, metric: str, average: str, resamples: int, seed: int) -> str:
    """A sacrebleu-style string naming everything a number depends on."""
    from . import __version__

    unit = "pairs" if task == "duplicates" else "docs"
    return (f"newsprep:{__version__}|data:{data_version()}|task:{task}|view:{view}|metric:{metric}"
            f"|avg:{average}|boot:{resamples}|unit:{unit}|seed:{seed}")


@dataclass(frozen=True)
class Row:
    """One reported number. ``low``/``high`` are None where no interval exists (a single document)."""

    task: str
    view: str
    metric: str
    average: str
    statistic: str
    value: float
    low: float | None
    high: float | None
    signature: str


@dataclass
class Report:
    system: str
    path: str
    data_version: str
    rows: list[Row] = field(default_factory=list)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"system": self.system, "path": self.path, "data_version": self.data_version,
                "rows": [asdict(r) for r in self.rows], "confusion": self.confusion}


@dataclass
class Scorer:
    resamples: int = 1000
    seed: int = 12345
    rows: list[Row] = field(default_factory=list)

    def add(self, units: np.ndarray, statistic: Callable[[np.ndarray], float], *, task, view, metric, average,
            name: str, with_interval: bool = True, defined: Callable[[np.ndarray], bool] | None = None) -> None:
        value = float(statistic(units))
        low, high = (interval(units, statistic, resamples=self.resamples, seed=self.seed, defined=defined)
                     if with_interval else (None, None))
        sig = signature(task=task, view=view, metric=metric, average=average, resamples=self.resamples, seed=self.seed)
        self.rows.append(Row(task, view, metric, average, name, value, low, high, sig))

    def add_prf(self, units: np.ndarray, *, task, view, metric, statistics=STATISTICS) -> None:
        """Micro scores from summed counts; ``units`` has one ``Counts`` vector per document."""
        for name in statistics:
            self.add(units, lambda m, n=name: getattr(prf_vector(m.sum(0)), n),
                     task=task, view=view, metric=metric, average="micro", name=name, defined=has_gold)

    def add_macro(self, units: np.ndarray, groups: int, *, task, view, metric, over: str) -> None:
        """Mean F1 over ``groups`` blocks of 4 columns (types), computed from summed counts.

        A type with neither gold nor predicted items in a resample is left out of
        that resample's mean (as scikit-learn averages over the labels present),
        so a perfect system scores 1 in every resample.
        """
        def macro(m: np.ndarray) -> float:
            sums = [s for s in m.sum(0).reshape(groups, 4) if s[2] or s[3]]
            return float(np.mean([prf_vector(s).f1 for s in sums])) if sums else 0.0
        self.add(units, macro, task=task, view=view, metric=metric, average=f"macro-{over}", name="f1")


def has_gold(m: np.ndarray) -> bool:
    """A resample of count vectors holds at least one gold item (column 3)."""
    return bool(m.sum(0)[3])


def stack(per_doc: list[dict[str, Counts]], keys: list[str]) -> np.ndarray:
    """Document × (4 × len(keys)) matrix of counts; a key missing in a document counts zero."""
    return np.array([np.concatenate([d.get(k, Counts()).vector() for k in keys]) for d in per_doc])


def boilerplate_counts(sub: Submission) -> list[dict[str, Counts]]:
    """Per-document boilerplate counts, in document order."""
    texts, truth = gold.texts(), gold.boilerplate()
    return [bp.document_counts(texts[d], list(truth[d]), list(sub.boilerplate[d])) for d in sorted(texts)]


def entity_pairs(sub: Submission, view: str) -> list[tuple[list, list]]:
    """``(gold, predicted)`` mentions per document, in document order; ``view="content"`` drops boilerplate."""
    g_all, boiler = gold.entities(), gold.boilerplate()
    pairs = []
    for d in sorted(g_all):
        g, p = list(g_all[d]), list(sub.entities[d])
        if view == "content":
            g, p = content_only(g, boiler[d]), content_only(p, boiler[d])
        pairs.append((g, p))
    return pairs


def entity_counts(pairs: list[tuple[list, list]]) -> list[dict[str, Counts]]:
    return [{k: v.counts() for k, v in ent.document_counts(g, p).items()} for g, p in pairs]


def duplicate_rows(sub: Submission) -> np.ndarray:
    return dup.pair_rows(dup.universe(gold.segments()), gold.duplicate_pairs(), sub.duplicates)


def score_boilerplate(sub: Submission, s: Scorer) -> None:
    docs = sorted(gold.texts())
    per_doc = boilerplate_counts(sub)
    for metric in ("chars", "spans_exact", "spans_overlap", "content_tokens"):
        units = stack(per_doc, [metric])
        s.add_prf(units, task="boilerplate", view="all", metric=metric)
        if metric in ("chars", "content_tokens"):
            s.add(units, lambda m: float(np.mean([prf_vector(r).f1 for r in m])), task="boilerplate", view="all",
                  metric=metric, average="macro-docs", name="f1")
            for d, row in zip(docs, units):
                s.add(row[None, :], lambda m: prf_vector(m[0]).f1, task="boilerplate", view=d, metric=metric,
                      average="document", name="f1", with_interval=False)
    for category in bp.CATEGORIES:
        units = stack(per_doc, [f"category:{category}"])
        if units[:, 3].sum():
            s.add_prf(units, task="boilerplate", view="all", metric=f"category:{category}", statistics=("recall",))


def content_only(mentions, boiler) -> list:
    return [m for m in mentions if not any(m.start < b.end and b.start < m.end for b in boiler)]


def score_entities(sub: Submission, s: Scorer, report: Report) -> None:
    for view in ("all", "content"):
        pairs = entity_pairs(sub, view)
        per_doc = entity_counts(pairs)
        present = [t for t in ent.TYPES if any(f"strict:{t}" in d for d in per_doc)]
        for scheme in ent.SCHEMES:
            s.add_prf(stack(per_doc, [scheme]), task="entities", view=view, metric=scheme)
            s.add_macro(stack(per_doc, [f"{scheme}:{t}" for t in present]), len(present), task="entities",
                        view=view, metric=scheme, over="types")
        for t in present:
            s.add_prf(stack(per_doc, [f"strict:{t}"]), task="entities", view=view, metric=f"strict:{t}")
        if any(m.entity_id for _, p in pairs for m in p):
            units = np.array([ent.entity_id_counts(g, p).vector() for g, p in pairs])
            s.add(units, lambda m: float(m[:, 1].sum() / m[:, 3].sum()) if m[:, 3].sum() else 0.0, task="entities",
                  view=view, metric="entity_id", average="micro", name="accuracy")
        if view == "all":
            table = sum((ent.confusion(g, p) for g, p in pairs), start=ent.Counter())
            for (gt, pt), n in sorted(table.items()):
                report.confusion.setdefault(gt, {})[pt] = n


def score_duplicates(sub: Submission, s: Scorer) -> None:
    rows = duplicate_rows(sub)
    scored = bool(rows[:, dup.COL["has_score"]].any())
    for task in dup.TASKS:
        for name in STATISTICS:
            s.add(rows, lambda m, n=name, t=task: getattr(dup.prf_task(m, t), n), task="duplicates", view=task,
                  metric="pairs", average="micro", name=name)
        s.add(rows, lambda m, t=task: dup.hard_negative_rate(m, t), task="duplicates", view=task,
              metric="hard_negatives", average="micro", name="false_positive_rate")
        if scored:
            s.add(rows, lambda m, t=task: dup.average_precision(m, t), task="duplicates", view=task,
                  metric="ranking", average="micro", name="average_precision")
    if scored:
        s.add(rows, dup.spearman, task="duplicates", view="graded", metric="ranking", average="micro", name="spearman")


def score(sub: Submission, *, tasks: tuple[str, ...] | None = None, resamples: int = 1000, seed: int = 12345) -> Report:
    """Score every requested task of a validated submission (default: every task it holds)."""
    if not sub.tasks:
        raise InvalidInput([Problem(sub.path, None, "task", "has-task",
                                    "only a header: no boilerplate, entities or duplicates record to score")])
    tasks = tasks or sub.tasks
    missing = [t for t in tasks if t not in sub.tasks]
    if missing:
        raise NewsPrepError(f"{sub.path}: task {', '.join(missing)} requested but not in the submission")
    report = Report(sub.system, sub.path, data_version())
    scorer = Scorer(resamples=resamples, seed=seed)
    for task in tasks:
        if task == "boilerplate":
            score_boilerplate(sub, scorer)
        elif task == "entities":
            score_entities(sub, scorer, report)
        elif task == "duplicates":
            score_duplicates(sub, scorer)
    report.rows = scorer.rows
    return report


@dataclass(frozen=True)
class Comparison:
    """B − A on one headline metric, resampling the same units for both systems."""

    task: str
    metric: str
    a: float
    b: float
    delta: float
    low: float
    high: float
    p_value: float
    signature: str


def headline_units(sub: Submission, task: str) -> dict[str, tuple[np.ndarray, Callable]]:
    """The units and statistic of each headline metric of one task."""
    f1 = lambda m: prf_vector(m.sum(0)).f1  # noqa: E731
    if task == "boilerplate":
        per_doc = boilerplate_counts(sub)
        return {m: (stack(per_doc, [m]), f1) for m in ("chars", "content_tokens")}
    if task == "entities":
        per_doc = entity_counts(entity_pairs(sub, "all"))
        return {m: (stack(per_doc, [m]), f1) for m in ("strict", "partial")}
    rows = duplicate_rows(sub)
    return {t: (rows, lambda m, t=t: dup.prf_task(m, t).f1) for t in dup.TASKS}


def compare(a: Submission, b: Submission, *, resamples: int = 1000, seed: int = 12345) -> list[Comparison]:
    """Paired bootstrap of B against A on every task both submissions hold."""
    from .metrics.bootstrap import paired

    out = []
    for task in [t for t in a.tasks if t in b.tasks]:
        units_a, units_b = headline_units(a, task), headline_units(b, task)
        for metric, (ua, stat) in units_a.items():
            r = paired(ua, units_b[metric][0], stat, resamples=resamples, seed=seed)
            sig = signature(task=task, view="all", metric=metric, average="micro", resamples=resamples, seed=seed)
            out.append(Comparison(task, metric, **asdict(r), signature=sig + "|test:paired-bootstrap"))
    if not out:
        raise NewsPrepError(f"{a.path} and {b.path} share no task to compare")
    return out
