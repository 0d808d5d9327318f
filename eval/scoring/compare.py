"""The paired bootstrap of two systems on the same units (documents or pairs).

>>> rows = compare_submissions(a, b)   # doctest: +SKIP
>>> rows[0].delta, rows[0].p_value     # doctest: +SKIP
(0.06, 0.002)
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from newsprep.eval.data.dataset import data_label
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.metrics import duplicates as dup
from newsprep.eval.metrics.bootstrap import paired
from newsprep.eval.metrics.prf import prf_vector
from newsprep.eval.scoring.report import signature
from newsprep.eval.scoring.score import boilerplate_tally, duplicate_rows, entity_tally
from newsprep.eval.settings import RESAMPLES, SEED
from newsprep.eval.submission.model import Submission, require_validated
from newsprep.eval.validate.gold import require_valid


@dataclass(frozen=True)
class Comparison:
    """B − A on one headline metric, resampling the same units for both systems.

    ``view`` and ``metric`` name the row of ``score``'s report that is compared
    (its F1). ``low``/``high`` bound the 95% interval of the difference;
    ``p_value`` is two-sided and never below ``p_floor(resamples)``.

    >>> c = Comparison("entities", "all", "strict", 0.63, 0.69, 0.06, 0.02, 0.12, 0.002, "newsprep:…")
    >>> c.low < c.delta < c.high
    True
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


def p_floor(resamples: int) -> float:
    """The smallest p-value a paired bootstrap with ``resamples`` draws can give: ``2 / (resamples + 1)``.

    It is reached when no resample moves against the observed difference. With
    five documents that happens whenever every document moves the same way, so
    a p-value at the floor says "the documents agree in direction", not that
    the difference is that unlikely by chance: more resamples only lower the floor.

    >>> round(p_floor(1000), 4)
    0.002
    """
    return 2 / (resamples + 1)


def headline_units(sub: Submission, task: str, root: Path | None = None
                   ) -> dict[tuple[str, str], tuple[np.ndarray, Callable]]:
    """The units and statistic of each headline ``(view, metric)`` of one task: the rows ``score`` names so."""
    f1 = lambda m: prf_vector(m.sum(0)).f1  # noqa: E731
    if task == "boilerplate":
        tally = boilerplate_tally(sub, root)
        return {("all", m): (tally.units(m), f1) for m in ("chars", "content_tokens")}
    if task == "entities":
        tally = entity_tally(sub, root)["all"]
        return {("all", m): (tally.units(m), f1) for m in ("strict", "partial")}
    rows = duplicate_rows(sub, root)
    return {(t, "pairs"): (rows, lambda m, t=t: dup.prf_task(m, t).f1) for t in dup.TASKS}


def compare_submissions(a: Submission, b: Submission, *, resamples: int = RESAMPLES, seed: int = SEED,
                        root: Path | None = None) -> list[Comparison]:
    """Paired bootstrap of B against A on every task both validated submissions hold."""
    require_validated(a)
    require_validated(b)
    require_valid(root)
    out = []
    label = data_label(root)
    if "entities" in a.tasks and "entities" in b.tasks and a.label_set != b.label_set:
        raise NewsPrepError(f"{a.path} uses {a.label_set} entity types, {b.path} {b.label_set}: compare like with like")
    for task in [t for t in a.tasks if t in b.tasks]:
        units_a, units_b = headline_units(a, task, root), headline_units(b, task, root)
        for (view, metric), (ua, stat) in units_a.items():
            r = paired(ua, units_b[(view, metric)][0], stat, resamples=resamples, seed=seed)
            sig = signature(task=task, view=view, metric=metric, average="micro", resamples=resamples, seed=seed,
                            data=label, labels=a.label_set if task == "entities" else None)
            out.append(Comparison(task=task, view=view, metric=metric, **asdict(r),
                                  signature=sig + "|test:paired-bootstrap"))
    if not out:
        raise NewsPrepError(f"{a.path} and {b.path} share no task to compare")
    return out
