"""Formatting a ``Report``: terminal table, JSON and Markdown. Pure string functions."""
from __future__ import annotations

import json
from itertools import groupby

from .score import Report, Row
from .summary import format_table


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _ci(row: Row) -> str:
    return "–" if row.low is None else f"[{row.low:.3f}, {row.high:.3f}]"


def _blocks(report: Report):
    """Rows grouped by signature, each block headed by its signature."""
    return groupby(report.rows, key=lambda r: r.signature)


def as_table(report: Report) -> str:
    lines = [f"NewsPrep scores for system {report.system!r} ({report.path}), data {report.data_version}", ""]
    rows = [[r.task, r.view, r.metric, r.average, r.statistic, _num(r.value), _ci(r)] for r in report.rows]
    lines.append(format_table(["task", "view", "metric", "average", "statistic", "value", "95% CI"], rows))
    lines += ["", "Signatures:"]
    lines += sorted({f"  {r.task}/{r.view}/{r.metric}/{r.average}: {r.signature}" for r in report.rows})
    if report.confusion:
        lines += ["", "Entity type confusion (rows gold, columns predicted; same boundaries; '-' = none):",
                  confusion_table(report.confusion)]
    return "\n".join(lines)


def confusion_table(confusion: dict[str, dict[str, int]]) -> str:
    gold_types = sorted(confusion)
    pred_types = sorted({p for row in confusion.values() for p in row})
    rows = [[g] + [confusion[g].get(p, 0) for p in pred_types] for g in gold_types]
    return format_table(["gold \\ pred"] + pred_types, rows)


def as_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)


def as_markdown(report: Report) -> str:
    out = [f"### {report.system}", "", f"Data {report.data_version}. Every score: value and bootstrap 95% interval.", ""]
    for sig, rows in _blocks(report):
        rows = list(rows)
        out.append(f"`{sig}`")
        out.append("")
        out.append("| task | view | metric | average | statistic | value | 95% CI |")
        out.append("|---|---|---|---|---|---|---|")
        out += [f"| {r.task} | {r.view} | {r.metric} | {r.average} | {r.statistic} | {_num(r.value)} | {_ci(r)} |" for r in rows]
        out.append("")
    return "\n".join(out)


FORMATS = {"table": as_table, "json": as_json, "markdown": as_markdown}
