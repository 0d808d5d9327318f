"""Checks that an adapter fed with output built from the gold scores exactly 1."""
from __future__ import annotations

import newsprep.eval as npe

STATISTICS = ("precision", "recall", "f1")


def perfect_rows(records: list[dict], task: str) -> list:
    """Score ``records`` (no intervals) and return the precision/recall/F1 rows of ``task``, checked to be
    exactly 1.0 (the micro, macro and per-document rows, the per-type and per-category ones too)."""
    report = npe.score(records, resamples=0)
    rows = [r for r in report.rows if r.task == task and r.statistic in STATISTICS]
    assert rows, f"no {task} rows"
    wrong = [(r.view, r.metric, r.average, r.statistic, r.value) for r in rows if r.value != 1.0]
    assert not wrong, wrong
    return rows
