"""One scored submission as a self-contained HTML page.

The page holds the score tables, every article with its gold and predicted
spans colour-coded (boilerplate, entities) and the duplicate pairs side by side,
for the tasks the submission holds (``html_views``). It has inline CSS only: no
script, no external resource, and a Content-Security-Policy that forbids both.
Every string from the submission or the data is escaped with ``html.escape``.

The overlay of gold and predicted spans is a pure function:

>>> pieces = overlay(10, [Span(2, 6, "byline")], [Span(4, 8)])
>>> [(p.start, p.end, boilerplate_status(p)) for p in pieces]
[(0, 2, None), (2, 4, 'fn'), (4, 6, 'tp'), (6, 8, 'fp'), (8, 10, None)]
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from itertools import groupby
from pathlib import Path

from newsprep.eval.data import gold
from newsprep.eval.render.html_parts import Piece, cell, legend, marked_text, num_cell, overlay, status_chars, table  # noqa: F401
from newsprep.eval.render.html_views import (  # noqa: F401  (the page's pieces, importable from here)
    ARTICLE_VIEWS,
    BOILERPLATE_LEGEND,
    ENTITY_LEGEND,
    SCORE_EXTRAS,
    SECTIONS,
    boilerplate_block,
    boilerplate_status,
    duplicates_section,
    entity_block,
    entity_status,
    pair_outcome,
    shown_pairs,
)
from newsprep.eval.render.text import interval_text, value_text
from newsprep.eval.scoring.details import submission_details
from newsprep.eval.scoring.report import COUNT_STATISTICS, Report, Row
from newsprep.eval.submission.read import Submission
from newsprep.eval.types import Span  # noqa: F401  (the doctest's)

CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 80em; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { border-bottom: 2px solid #ccc; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.sig { font: 0.7em monospace; color: #555; word-break: break-all; max-width: 36em; }
.stat { white-space: nowrap; margin-right: 1em; font-variant-numeric: tabular-nums; }
code { font-size: 0.8em; color: #555; }
.text { white-space: pre-wrap; font-family: Georgia, serif; border: 1px solid #ddd; padding: 1em; background: #fdfdfd; }
mark { color: inherit; padding: 0 1px; }
.tp { background: #b7e4c7; }
.fp { background: #ffb3b3; text-decoration: line-through; text-decoration-color: #b00; }
.fn { background: #ffe08a; border-bottom: 2px dashed #a60; }
.type { background: #d4c4ff; border-bottom: 2px solid #63c; }
.boundary { background: #b3dcff; border-bottom: 2px dotted #06c; }
.tn { background: #eee; }
.swatch { display: inline-block; padding: 0 0.6em; margin-right: 0.5em; }
sup.tag { font: 0.7em system-ui, sans-serif; color: #63c; }
.pairs td { max-width: 30em; }
"""


def head(report: Report) -> str:
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>NewsPrep report: {escape(report.system)}</title><style>{CSS}</style></head><body>")


def summary_section(sub: Submission, report: Report) -> str:
    tasks = ", ".join(sub.tasks) or "none"
    links = " · ".join(f'<a href="#{k}">{v}</a>' for k, v in _contents(sub))
    settings = escape(json.dumps(sub.settings, indent=2, ensure_ascii=False)) if sub.settings else "none"
    return (f"<h1>NewsPrep report: {escape(report.system)}</h1>"
            f"<p>File <code>{escape(report.path)}</code>, data {escape(report.data_version)}, "
            f"tasks: {escape(tasks)}.</p><p>{links}</p>"
            f"<details><summary>System settings</summary><pre>{settings}</pre></details>")


def _contents(sub: Submission) -> list[tuple[str, str]]:
    out = [("scores", "Scores")]
    if any(t in ARTICLE_VIEWS for t in sub.tasks):
        out.append(("articles", "Articles"))
    out += [SECTIONS[t][:2] for t in sub.tasks if t in SECTIONS]
    return out


def score_table(rows: Sequence[Row], data_version: str | None = None) -> str:
    """One line per signature (task, view, metric, average): each statistic with its 95% interval (and, on the
    data it was measured on, the measured coverage of an interval that falls short of 0.93)."""
    lines = []
    for sig, grouped in groupby(rows, key=lambda r: r.signature):
        group = list(grouped)
        scores = " ".join(f'<span class="stat">{escape(r.statistic)} <b>{value_text(r)}</b>'
                          + ("" if r.statistic in COUNT_STATISTICS else f" {escape(interval_text(r, data_version))}") + "</span>"
                          for r in group)
        lines.append([escape(group[0].view), escape(group[0].metric), escape(group[0].average), scores,
                      f'<td class="sig">{escape(sig)}</td>'])
    return table(["view", "metric", "average", "value [95% interval]", "signature"], lines)


def scores_section(report: Report) -> str:
    """One table per task of the report's rows, each number with its 95% interval and signature."""
    out = ['<h2 id="scores">Scores</h2>',
           "<p>Each score with its 95% interval (“–”: none, one document) and signature, which names the interval "
           "method and its unit (<code>ci:jackknife-t|unit:docs</code>: the jackknife over documents with "
           "Student's t).</p>"]
    for task, rows in groupby(report.rows, key=lambda r: r.task):
        out.append(f"<h3>{escape(task)}</h3>" + score_table(list(rows), report.data_version))
        if task in SCORE_EXTRAS:
            out.append(SCORE_EXTRAS[task](report))
    return "".join(out)


def by_task(records: Sequence[dict]) -> dict[str, list[dict]]:
    """Per-example records (``Report.details``) grouped by task."""
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r["task"], []).append(r)
    return out


def articles_section(sub: Submission, root: Path | None = None, records: Sequence[dict] | None = None) -> str:
    """Every article of the dataset at ``root`` (default: the embedded one) once, with a block per span task the
    submission holds, drawn from the submission's per-example records (``records``, or made here)."""
    views = [(t, ARTICLE_VIEWS[t]) for t in sub.tasks if t in ARTICLE_VIEWS]
    if not views:
        return ""
    if records is None:
        records = submission_details(sub, tasks=[t for t, _ in views], root=root)
    per_doc: dict[tuple[str, str], list[dict]] = {}
    grouped = by_task(records)
    for task, _ in views:
        for r in grouped.get(task, []):
            per_doc.setdefault((task, r["doc"]), []).append(r)
    out = ['<h2 id="articles">Articles</h2>']
    out += [f"<p>{view.intro}</p>" + legend(view.legend) for _, view in views]
    for doc, text in sorted(gold.texts(root).items()):
        out.append(f'<section id="doc-{escape(doc)}"><h3>{escape(doc)}</h3>')
        out += [view.block(text, per_doc.get((t, doc), [])) for t, view in views]
        out.append("</section>")
    return "".join(out)


def render(sub: Submission, report: Report, *, root: Path | None = None) -> str:
    """The whole page for a validated submission and its report, against the dataset at ``root`` (default: the
    embedded one). Its marked articles and its pairs are drawn from the submission's per-example records, the
    ones ``Report.details`` gives."""
    records = by_task(submission_details(sub, root=root))
    sections = [SECTIONS[t][2](records.get(t, []), root) for t in sub.tasks if t in SECTIONS]
    return "".join([head(report), summary_section(sub, report), scores_section(report),
                    articles_section(sub, root, [r for held in records.values() for r in held]),
                    *sections, "</body></html>"])
