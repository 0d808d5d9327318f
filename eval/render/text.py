"""Text renderings: a ``Report`` as a terminal table, JSON or Markdown, and the dataset summary table.

Pure string functions.
"""
from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import asdict
from itertools import groupby

from newsprep.eval.data import dataset as data
from newsprep.eval.scoring.coverage import measured_coverage
from newsprep.eval.scoring.report import COUNT_STATISTICS, Report, Row
from newsprep.eval.settings import __version__


def number(x: float | None) -> str:
    """A score with three decimals; "–" where there is none."""
    return "–" if x is None else f"{x:.3f}"


def value_text(row: Row) -> str:
    """A row's value: a count as an integer, a score with three decimals."""
    return f"{row.value:.0f}" if row.statistic in COUNT_STATISTICS else number(row.value)


def has_intervals(rows: Sequence[Row]) -> bool:
    """False when no row has an interval (``resamples=0``): the interval column is then left out."""
    return any(r.low is not None for r in rows)


def interval_text(row: Row, data_version: str | None = None) -> str:
    """``[low, high]`` with three decimals; "–" where no interval exists. On the data version it was measured on,
    an interval whose measured coverage falls short of 0.93 carries it (``scoring.coverage``).

    >>> interval_text(Row("entities", "all", "strict", "micro", "f1", 0.5, 0.4, 0.6, "sig"))
    '[0.400, 0.600]'
    """
    if row.low is None:
        return "–"
    found = measured_coverage(row.task, row.view, row.metric, row.average, row.statistic, data_version or "")
    return f"[{row.low:.3f}, {row.high:.3f}]" + (f" (coverage {found:.2f})" if found is not None else "")


def _blocks(report: Report):
    """Rows grouped by signature, each block headed by its signature."""
    return groupby(report.rows, key=lambda r: r.signature)


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Left-align text, right-align numbers, one space-padded column each.

    >>> print(format_table(["a", "n"], [["x", 1], ["yy", 22]]))
    a    n
    --  --
    x    1
    yy  22
    """
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(isinstance(row[i], (int, float)) for row in rows) for i in range(len(header))]

    def fmt(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric)).rstrip()

    return "\n".join([fmt(cells[0]), fmt(["-" * w for w in widths])] + [fmt(r) for r in cells[1:]])


def as_table(report: Report) -> str:
    lines = [f"NewsPrep scores for system {report.system!r} ({report.path}), data {report.data_version}", ""]
    ci = has_intervals(report.rows)
    rows = [[r.task, r.view, r.metric, r.average, r.statistic, value_text(r), *([interval_text(r, report.data_version)] if ci else [])]
            for r in report.rows]
    lines.append(format_table(["task", "view", "metric", "average", "statistic", "value", *(["95% CI"] if ci else [])],
                              rows))
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
    """Strict JSON: an undefined bound is ``null``, never ``NaN``."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)


def as_markdown(report: Report) -> str:
    ci = has_intervals(report.rows)
    what = "value and 95% interval over documents" if ci else "value (no intervals: resamples 0)"
    out = [f"### {report.system}", "", f"Data {report.data_version}. Every score: {what}; counts: support (gold) "
           "and predicted.", ""]
    for sig, block in _blocks(report):
        out += [f"`{sig}`", "", "| task | view | metric | average | statistic | value |" + (" 95% CI |" if ci else ""),
                "|---|---|---|---|---|---|" + ("---|" if ci else "")]
        out += [f"| {r.task} | {r.view} | {r.metric} | {r.average} | {r.statistic} | {value_text(r)} |"
                + (f" {interval_text(r, report.data_version)} |" if ci else "") for r in block]
        out.append("")
    return "\n".join(out)


FORMATS = {"table": as_table, "json": as_json, "markdown": as_markdown}


def format_comparison(rows: Sequence, system_a: str, system_b: str) -> str:
    """The table of ``newsprep compare``: per headline metric B − A, its interval, the p-value of the paired
    permutation test, the smallest p-value the units allow, and the Holm-adjusted p-value."""
    table = [[r.task, r.view, r.metric, r.average, *comparison_cells(r)] for r in rows]
    text = (f"Paired permutation test: A = {system_a!r}, B = {system_b!r} (F1 of each row)\n\n"
            + format_table(["task", "view", "metric", "average", *COMPARISON_COLUMNS], table)
            + "\n\nSignatures:\n" + "\n".join(f"  {r.task}/{r.view}/{r.metric}/{r.average}: {r.signature}" for r in rows))
    return text + "\n\n" + comparison_note(rows)


COMPARISON_COLUMNS = ["A", "B", "B − A", "95% CI", "p", "p min", "p Holm"]


def comparison_cells(r) -> list[str]:
    """A ``Comparison``'s numbers as ``COMPARISON_COLUMNS`` print them."""
    return [f"{r.a:.3f}", f"{r.b:.3f}", f"{r.delta:+.3f}", f"[{r.low:+.3f}, {r.high:+.3f}]", f"{r.p_value:.4f}",
            f"{r.p_min:.4f}", f"{r.p_holm:.4f}"]


def comparison_note(rows: Sequence) -> str:
    """What the p-values of a comparison say, and what they cannot."""
    text = (f"p: two-sided, per metric; p Holm: adjusted for the {len(rows)} metrics compared together. "
            "p min: the smallest p-value the units allow (units swapped in every way: 2 / 2^n). ")
    if any(r.p_min > 0.05 for r in rows):
        text += ("With this few units no difference can reach p < 0.05: the units cannot tell these systems apart "
                 "at that level, whatever the difference of the point values. ")
    return text + "See docs/statistics.md"


def comparison_json(rows: Sequence, system_a: str, system_b: str) -> str:
    """``newsprep compare --format json``: the two systems and every field of each ``Comparison``; strict JSON (a
    bound that is not a finite number is ``null``)."""
    def plain(value: object) -> object:
        return None if isinstance(value, float) and not math.isfinite(value) else value

    return json.dumps({"a": system_a, "b": system_b,
                       "rows": [{k: plain(v) for k, v in asdict(r).items()} for r in rows]},
                      indent=2, ensure_ascii=False, allow_nan=False)


def comparison_markdown(rows: Sequence, system_a: str, system_b: str) -> str:
    """``newsprep compare --format markdown``: the table of ``format_comparison`` in Markdown."""
    out = [f"### Paired permutation test: A = {system_a}, B = {system_b}", "", "F1 of each row.", "",
           "| task | view | metric | average | " + " | ".join(COMPARISON_COLUMNS) + " |",
           "|---|---|---|---|" + "---:|" * len(COMPARISON_COLUMNS)]
    out += [f"| {r.task} | {r.view} | {r.metric} | {r.average} | " + " | ".join(comparison_cells(r)) + " |"
            for r in rows]
    out += ["", "Signatures:", ""] + [f"- {r.task}/{r.view}/{r.metric}/{r.average}: `{r.signature}`" for r in rows]
    return "\n".join(out + ["", comparison_note(rows), ""])


COMPARISON_FORMATS = {"table": format_comparison, "json": comparison_json, "markdown": comparison_markdown}


def summary_table(root: str | os.PathLike | None = None) -> str:
    """The documents of the dataset at ``root`` (default: the embedded one), one row each."""
    docs = data.documents(root)
    rows = []
    for doc in docs.values():
        text = doc["text"]
        rows.append([doc["id"], doc["seed_file"] or "-", doc["outlet"] or "-", doc["published"] or "-",
                     doc["num_chars"], text.count("\n") + 1, len(text.split()), doc["title"][:48]])
    header = ["id", "seed file", "outlet", "published", "chars", "lines", "words", "title"]
    head = f"NewsPrep data {data.data_label(root)} (package {__version__}): {len(docs)} documents"
    return head + "\n\n" + format_table(header, rows)
