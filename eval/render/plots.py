"""Figures for a scored submission, drawn with matplotlib's Agg backend (extra ``plots``).

Three PNGs, one per task the submission holds: recall of each gold boilerplate
category, strict F1 of each entity type with its 95% interval, and the
precision-recall curves of the two duplicate tasks. The numbers come from pure
functions (``category_recall``, ``type_f1``, ``pr_curve``); drawing only draws them.

>>> from newsprep.eval.scoring.score import Row
>>> row = Row("boilerplate", "all", "category:media", "micro", "recall", 0.5, 0.2, 0.9, "sig")
>>> category_recall(Report("sys", "sys.jsonl", "0.4.0", rows=[row]))
[Bar(label='media', value=0.5, low=0.2, high=0.9)]
"""
from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsprep.eval.errors import NewsPrepError
from newsprep.eval.metrics import duplicates as dup
from newsprep.eval.scoring.score import Report, duplicate_rows
from newsprep.eval.submission.read import Submission

INSTALL = "pip install 'newsprep[plots]'"
FILES = {"boilerplate": "boilerplate_category_recall.png", "entities": "entity_type_f1.png",
         "duplicates": "duplicates_precision_recall.png"}


@dataclass(frozen=True)
class Bar:
    """One bar: a value and its 95% interval from the report (None where there is none)."""

    label: str
    value: float
    low: float | None
    high: float | None


@dataclass(frozen=True, eq=False)
class Curve:
    """A precision-recall curve of one duplicate task, as scikit-learn returns it."""

    task: str
    precision: np.ndarray
    recall: np.ndarray
    average_precision: float
    scored: bool  # False: the submission gave labels only, so the curve has one operating point


def require_matplotlib() -> None:
    """Raise ``NewsPrepError`` with the install command if matplotlib cannot be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise NewsPrepError(f"plots need matplotlib, which is not installed; install it with: {INSTALL}") from None


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _bars(report: Report, *, task: str, view: str, prefix: str, statistic: str) -> list[Bar]:
    return [Bar(r.metric[len(prefix):], r.value, _finite(r.low), _finite(r.high)) for r in report.rows
            if r.task == task and r.view == view and r.metric.startswith(prefix) and r.average == "micro"
            and r.statistic == statistic]


def category_recall(report: Report) -> list[Bar]:
    """Recall of the non-white-space characters of each gold boilerplate category, over all documents."""
    return _bars(report, task="boilerplate", view="all", prefix="category:", statistic="recall")


def type_f1(report: Report, *, view: str = "all") -> list[Bar]:
    """Strict micro F1 of each entity type (gold or predicted) over all documents."""
    return _bars(report, task="entities", view=view, prefix="strict:", statistic="f1")


def pr_curve(rows: np.ndarray, task: str) -> Curve:
    """Precision-recall curve of one task over pair rows (``metrics.duplicates.pair_rows``).

    The ranking is the submission's scores; without scores, its positive labels.
    """
    from sklearn.metrics import average_precision_score, precision_recall_curve

    y = rows[:, dup.GOLD[task]]
    scored = bool(rows[:, dup.COL["has_score"]].any())
    ranking = rows[:, dup.COL["score"]] if scored else rows[:, dup.PRED[task]]
    if not y.any():
        raise NewsPrepError(f"{task}: the gold has no positive pair, so there is no precision-recall curve")
    precision, recall, _ = precision_recall_curve(y, ranking)
    return Curve(task, precision, recall, float(average_precision_score(y, ranking)), scored)


def pr_curves(sub: Submission) -> list[Curve]:
    rows = duplicate_rows(sub)
    return [pr_curve(rows, task) for task in dup.TASKS if rows[:, dup.GOLD[task]].any()]


# --------------------------------------------------------------------------- drawing

def _figure(height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str) -> str:
    """Text shown as written: a ``$`` would start matplotlib's mathtext."""
    return text.replace("$", r"\$")


def draw_bars(bars: list[Bar], *, title: str, xlabel: str):
    """Horizontal bars with the 95% interval of each drawn as a black line."""
    fig = _figure(1.2 + 0.35 * max(len(bars), 1))
    ax = fig.add_subplot()
    y = np.arange(len(bars))
    ax.barh(y, [b.value for b in bars], color="#5b8fd6")
    for k, b in enumerate(bars):
        if b.low is not None and b.high is not None:
            ax.hlines(k, b.low, b.high, color="black", linewidth=1.5)
            ax.vlines([b.low, b.high], k - 0.15, k + 0.15, color="black", linewidth=1.5)
    ax.set_yticks(y, [b.label for b in bars])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.02)
    ax.set_xlabel(xlabel)
    ax.set_title(_plain(title), fontsize=10)
    return fig


def draw_pr(curves: list[Curve], *, title: str):
    """Precision against recall, one step curve per task, average precision in the legend."""
    fig = _figure(5)
    ax = fig.add_subplot()
    for c in curves:
        how = f"AP {c.average_precision:.3f}" if c.scored else "labels only"
        ax.step(c.recall, c.precision, where="post", label=f"{c.task.replace('_', ' ')} ({how})")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title(_plain(title), fontsize=10)
    ax.legend(loc="lower left")
    return fig


def save(fig, path: Path) -> None:
    """Write a PNG through a temporary file in the same folder, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            fig.savefig(handle, format="png")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_plots(sub: Submission, report: Report, folder: str | os.PathLike) -> list[Path]:
    """One PNG per task the submission holds, in ``folder`` (created if needed); returns the paths."""
    require_matplotlib()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    who = f"{_short(report.system)} (data {report.data_version})"
    figures = {}
    if "boilerplate" in sub.tasks:
        figures["boilerplate"] = draw_bars(category_recall(report), xlabel="recall (non-white-space characters)",
                                           title=f"{who}: boilerplate recall per gold category, 95% intervals")
    if "entities" in sub.tasks:
        figures["entities"] = draw_bars(type_f1(report), xlabel="strict F1",
                                        title=f"{who}: entity F1 per type, 95% intervals")
    if "duplicates" in sub.tasks:
        figures["duplicates"] = draw_pr(pr_curves(sub), title=f"{who}: duplicate pairs, precision-recall")
    written = []
    for task, fig in figures.items():
        save(fig, folder / FILES[task])
        written.append(folder / FILES[task])
    return written
