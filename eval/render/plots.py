"""Figures for a scored submission, drawn with matplotlib's Agg backend (extra ``plots``).

One PNG per task the submission holds: what the task's ``figure`` gives (bars
with 95% intervals, such as the recall of each gold boilerplate category or the
strict F1 of each entity type, or precision-recall curves, for duplicates). The
numbers come from the task's pure functions; drawing only draws them.

>>> figure_files()["entities"]
'entity_type_f1.png'
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

import newsprep.eval.tasks as tasks
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.scoring.score import Report, count_loaded
from newsprep.eval.submission.read import Submission
from newsprep.eval.tasks.figures import Bar, Curve

INSTALL = "pip install 'newsprep[plots]'"


def figure_files() -> dict[str, str]:
    """The PNG each task's figure is written to (``Task.figure_file``)."""
    return {t.name: t.figure_file for t in tasks.registered() if t.figure_file}


def require_matplotlib() -> None:
    """Raise ``NewsPrepError`` with the install command if matplotlib cannot be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise NewsPrepError(f"plots need matplotlib, which is not installed; install it with: {INSTALL}") from None


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


def write_plots(held: Submission | Sequence[str], report: Report, folder: str | os.PathLike, *,
                root: Path | None = None, counts: Callable[[str], Any] | None = None) -> list[Path]:
    """One PNG per task held (a submission in memory, or the names of its tasks with ``counts``, which gives a
    task's counts by name, as the engine counted them), in ``folder`` (created if needed), against the dataset
    at ``root`` (default: the embedded one); returns the paths."""
    require_matplotlib()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    who = f"{_short(report.system)} (data {report.data_version})"
    if isinstance(held, Submission):
        sub, names = held, held.tasks
        counts = counts or (lambda name: count_loaded(tasks.get(name), sub, root))
    elif counts is None:
        raise TypeError("write_plots: give counts= with the names of the tasks held")
    else:
        names = tuple(held)
    figures = {}
    for name in names:
        task = tasks.get(name)
        shown = task.figure(report, partial(counts, name))
        if shown is None or task.figure_file is None:
            continue
        title = f"{who}: {shown.title}"
        figures[task.figure_file] = (draw_bars(shown.bars, xlabel=shown.xlabel, title=title) if not shown.curves
                                     else draw_pr(shown.curves, title=title))
    written = []
    for file, fig in figures.items():
        save(fig, folder / file)
        written.append(folder / file)
    return written
