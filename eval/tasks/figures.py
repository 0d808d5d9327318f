"""What a task's figure shows, as plain data (``Task.figure``); ``render.plots`` draws it.

>>> Figure("recall per category", bars=[Bar("media", 0.5, 0.2, 0.9)], xlabel="recall").bars[0].value
0.5
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Bar:
    """One bar: a value and its 95% interval from the report (None where there is none)."""

    label: str
    value: float
    low: float | None
    high: float | None


@dataclass(frozen=True, eq=False)
class Curve:
    """A precision-recall curve, as scikit-learn returns it."""

    task: str
    precision: np.ndarray
    recall: np.ndarray
    average_precision: float
    scored: bool  # False: the submission gave labels only, so the curve has one operating point


@dataclass(frozen=True)
class Figure:
    """Bars with intervals (``xlabel`` their axis) or precision-recall curves, with a title."""

    title: str
    bars: list[Bar] = field(default_factory=list)
    curves: list[Curve] = field(default_factory=list)
    xlabel: str = ""


def finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def bars(report: Any, *, task: str, view: str, prefix: str, statistic: str) -> list[Bar]:
    """A bar for each micro row of ``report`` whose metric starts with ``prefix`` (the rest is its label)."""
    return [Bar(r.metric[len(prefix):], r.value, finite(r.low), finite(r.high)) for r in report.rows
            if r.task == task and r.view == view and r.metric.startswith(prefix) and r.average == "micro"
            and r.statistic == statistic]
