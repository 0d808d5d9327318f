"""One scored submission as a self-contained HTML page.

The page holds the score tables, every article with its gold and predicted
spans colour-coded (boilerplate, entities) and the duplicate pairs side by side,
for the tasks the submission holds. It has inline CSS only: no script, no
external resource, and a Content-Security-Policy that forbids both. Every
string from the submission or the data is escaped with ``html.escape``.

The overlay of gold and predicted spans is a pure function:

>>> pieces = overlay(10, [Span(2, 6, "byline")], [Span(4, 8)])
>>> [(p.start, p.end, boilerplate_status(p)) for p in pieces]
[(0, 2, None), (2, 4, 'fn'), (4, 6, 'tp'), (6, 8, 'fp'), (8, 10, None)]
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import groupby

from newsprep.eval.data import gold
from newsprep.eval.metrics.duplicates import POSITIVE, TASKS
from newsprep.eval.metrics.prf import prf_vector
from newsprep.eval.render.text import interval_text, value_text
from newsprep.eval.scoring.report import COUNT_STATISTICS, Report, Row
from newsprep.eval.submission.read import Submission
from newsprep.eval.types import Mention, PairPrediction, Span, in_label_set

# What each colour means, per view. Keys are CSS classes.
BOILERPLATE_LEGEND = {
    "tp": "boilerplate in gold and prediction (true positive)",
    "fp": "predicted boilerplate, gold content (false positive)",
    "fn": "gold boilerplate the system kept (missed)",
}
ENTITY_LEGEND = {
    "tp": "same span and type (true positive)",
    "type": "overlapping spans, other type (wrong type)",
    "boundary": "same type, other boundaries",
    "fp": "predicted, no gold mention here (false positive)",
    "fn": "gold mention, nothing predicted here (missed)",
}
PAIR_LEGEND = {
    "tp": "gold positive, predicted positive (true positive)",
    "fp": "gold negative, predicted positive (false positive)",
    "fn": "gold positive, predicted negative (missed)",
    "tn": "gold negative, predicted negative (true negative)",
}
PAIR_ORDER = ("fn", "fp", "tp", "tn")

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


@dataclass(frozen=True)
class Piece:
    """A stretch ``[start, end)`` of a text and the gold and predicted spans covering it (None: none)."""

    start: int
    end: int
    gold: Span | Mention | None = None
    pred: Span | Mention | None = None


def _sorted_checked(spans: Sequence, length: int, name: str) -> list:
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    for s in spans:
        if not 0 <= s.start < s.end <= length:
            raise ValueError(f"{name} span [{s.start}, {s.end}) is empty or outside [0, {length})")
    for before, after in zip(spans, spans[1:]):
        if after.overlaps(before):
            raise ValueError(f"{name} spans [{before.start}, {before.end}) and [{after.start}, {after.end}) overlap")
    return spans


def overlay(length: int, gold_spans: Sequence, pred_spans: Sequence) -> list[Piece]:
    """Cut ``[0, length)`` at every span boundary into pieces that cover the text once, in order.

    Each layer must be flat (no overlaps inside it). Sorting dominates:
    O((g + p) log(g + p)), independent of the text length.

    >>> [(p.start, p.end, p.gold, p.pred) for p in overlay(5, [Span(0, 3, "a")], [])]
    [(0, 3, Span(start=0, end=3, label='a'), None), (3, 5, None, None)]
    """
    g, p = _sorted_checked(gold_spans, length, "gold"), _sorted_checked(pred_spans, length, "predicted")
    cuts = sorted({0, length, *(s.start for s in g), *(s.end for s in g), *(s.start for s in p), *(s.end for s in p)})
    pieces, gi, pi = [], 0, 0
    for start, end in zip(cuts, cuts[1:]):
        while gi < len(g) and g[gi].end <= start:
            gi += 1
        while pi < len(p) and p[pi].end <= start:
            pi += 1
        pieces.append(Piece(start, end, g[gi] if gi < len(g) and g[gi].start <= start else None,
                            p[pi] if pi < len(p) and p[pi].start <= start else None))
    return pieces


def boilerplate_status(piece: Piece) -> str | None:
    """Character-level outcome: ``tp``, ``fp``, ``fn`` or None (content in both)."""
    if piece.gold and piece.pred:
        return "tp"
    return "fn" if piece.gold else "fp" if piece.pred else None


def entity_status(piece: Piece) -> str | None:
    """``tp`` (same span and type), ``type``, ``boundary``, ``fp``, ``fn`` or None (no mention)."""
    g, p = piece.gold, piece.pred
    if g and p:
        assert isinstance(g, Mention) and isinstance(p, Mention)  # entity pieces hold mentions
        if g.type != p.type:
            return "type"
        return "tp" if (g.start, g.end) == (p.start, p.end) else "boundary"
    return "fn" if g else "fp" if p else None


def status_chars(text: str, pieces: Sequence[Piece], status: Callable[[Piece], str | None]) -> Counter:
    """Non-white-space characters per status (the boilerplate character counts, from the pieces)."""
    out: Counter[str | None] = Counter()
    for piece in pieces:
        out[status(piece)] += sum(1 for ch in text[piece.start:piece.end] if not ch.isspace())
    return out


def _describe_span(span: Span | None, what: str) -> str:
    if span is None:
        return f"{what}: content"
    return f"{what}: boilerplate" + (f" ({span.label})" if span.label else "")


def _describe_mention(m: Mention | None, what: str) -> str:
    if m is None:
        return f"{what}: none"
    return f"{what}: {m.type} [{m.start}, {m.end})" + (f" {m.entity_id}" if m.entity_id else "")


def marked_text(text: str, pieces: Sequence[Piece], status: Callable[[Piece], str | None],
                describe: Callable[[Piece], str]) -> str:
    """The text as HTML, each piece with a status wrapped in ``<mark class=STATUS title=...>``."""
    out = []
    for piece in pieces:
        chunk = escape(text[piece.start:piece.end])
        s = status(piece)
        if s is None:
            out.append(chunk)
            continue
        out.append(f'<mark class="{s}" title="{escape(describe(piece))}">{chunk}</mark>')
        if s == "type":
            assert isinstance(piece.gold, Mention) and isinstance(piece.pred, Mention)  # only entity_status gives "type"
            out.append(f'<sup class="tag">{escape(piece.gold.type)}→{escape(piece.pred.type)}</sup>')
    return "".join(out)


def legend(entries: dict[str, str]) -> str:
    return "<p>" + " ".join(f'<span class="swatch {k}">{escape(v)}</span>' for k, v in entries.items()) + "</p>"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, cls: str = "") -> str:
    """An HTML table; ``header`` is plain text (escaped here), cells are HTML already."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(cell(c) for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def cell(html: str) -> str:
    """Wrap in ``<td>`` unless already a cell (escaped text never starts with ``<``)."""
    return html if html.startswith(("<td", "<th")) else f"<td>{html}</td>"


def num_cell(value: str) -> str:
    return f'<td class="num">{escape(value)}</td>'


# --------------------------------------------------------------------------- sections

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
    if sub.boilerplate is not None or sub.entities is not None:
        out.append(("articles", "Articles"))
    if sub.duplicates is not None:
        out.append(("pairs", "Duplicate pairs"))
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
        if task == "entities" and report.confusion:
            out.append(confusion_section(report.confusion))
    return "".join(out)


def confusion_section(confusion: dict[str, dict[str, int]]) -> str:
    gold_types = sorted(confusion)
    pred_types = sorted({p for row in confusion.values() for p in row})
    rows = [[f"<th>{escape(g)}</th>"] + [num_cell(str(confusion[g].get(p, 0))) for p in pred_types]
            for g in gold_types]
    return ("<p>Entity type confusion: rows gold, columns predicted, same boundaries; “-” is none.</p>"
            + table(["gold \\ predicted", *pred_types], rows))


def boilerplate_block(text: str, gold_spans: Sequence[Span], pred_spans: Sequence[Span]) -> str:
    pieces = overlay(len(text), gold_spans, pred_spans)
    c = status_chars(text, pieces, boilerplate_status)
    s = prf_vector([c["tp"], c["tp"], c["tp"] + c["fp"], c["tp"] + c["fn"]])
    describe = lambda p: f"{_describe_span(p.gold, 'gold')} · {_describe_span(p.pred, 'predicted')}"  # noqa: E731
    return (f"<h4>Boilerplate</h4><p>{len(gold_spans)} gold spans, {len(pred_spans)} predicted; non-white-space "
            f"characters: precision {s.precision:.3f}, recall {s.recall:.3f}, F1 {s.f1:.3f}.</p>"
            f'<div class="text">{marked_text(text, pieces, boilerplate_status, describe)}</div>')


def entity_block(text: str, gold_mentions: Sequence[Mention], pred_mentions: Sequence[Mention]) -> str:
    key = lambda m: (m.start, m.end, m.type)  # noqa: E731
    correct = len({key(m) for m in gold_mentions} & {key(m) for m in pred_mentions})
    s = prf_vector([correct, correct, len(pred_mentions), len(gold_mentions)])
    describe = lambda p: f"{_describe_mention(p.gold, 'gold')} · {_describe_mention(p.pred, 'predicted')}"  # noqa
    pieces = overlay(len(text), gold_mentions, pred_mentions)
    return (f"<h4>Entities</h4><p>{len(gold_mentions)} gold mentions, {len(pred_mentions)} predicted, {correct} "
            f"with the same span and type: strict precision {s.precision:.3f}, recall {s.recall:.3f}, "
            f"F1 {s.f1:.3f}.</p>"
            f'<div class="text">{marked_text(text, pieces, entity_status, describe)}</div>')


def articles_section(sub: Submission) -> str:
    """Every article once, with a block per span task the submission holds."""
    if sub.boilerplate is None and sub.entities is None:
        return ""
    out = ['<h2 id="articles">Articles</h2>']
    if sub.boilerplate is not None:
        out.append("<p>Boilerplate, per character:</p>" + legend(BOILERPLATE_LEGEND))
    if sub.entities is not None:
        out.append("<p>Entities (hover a mark for the types and offsets):</p>" + legend(ENTITY_LEGEND))
    texts = gold.texts()
    gold_bp = gold.boilerplate() if sub.boilerplate is not None else {}
    gold_ent = ({d: in_label_set(m, sub.label_set) for d, m in gold.entities().items()}  # the gold the scores used
                if sub.entities is not None else {})
    for doc, text in sorted(texts.items()):
        out.append(f'<section id="doc-{escape(doc)}"><h3>{escape(doc)}</h3>')
        if sub.boilerplate is not None:
            out.append(boilerplate_block(text, gold_bp[doc], sub.boilerplate[doc]))
        if sub.entities is not None:
            out.append(entity_block(text, gold_ent[doc], sub.entities[doc]))
        out.append("</section>")
    return "".join(out)


def pair_outcome(gold_label: str | None, pred_label: str | None, task: str) -> str:
    """``tp``, ``fp``, ``fn`` or ``tn`` of one pair for one duplicate task."""
    g, p = gold_label in POSITIVE[task], pred_label in POSITIVE[task]
    return ("tp" if p else "fn") if g else ("fp" if p else "tn")


def shown_pairs(gold_pairs: dict, pred: dict[tuple[str, str], PairPrediction]) -> list[tuple[str, str]]:
    """Gold-listed pairs and pairs predicted positive: errors first (same-content outcome), then by score."""
    keys = set(gold_pairs) | {k for k, p in pred.items() if p.label in POSITIVE["same_content"]}

    def order(key):
        p = pred.get(key)
        outcome = pair_outcome(gold_pairs.get(key, (None,))[0], p.label if p else None, "same_content")
        score = p.score if p and p.score is not None else float("-inf")
        return PAIR_ORDER.index(outcome), -score, key
    return sorted(keys, key=order)


def pair_row(key, gold_pairs, pred, seg_text) -> list[str]:
    g_label, g_score = gold_pairs.get(key, (None, None))
    p = pred.get(key)
    gold_cell = f"{escape(g_label)} ({g_score:g}/5)" if g_label else "unlisted (unrelated)"
    pred_cell = (escape(p.label) + (f" ({p.score:.3f})" if p.score is not None else "")) if p else "not listed"
    cells = [f"<b>{escape(k)}</b> {escape(seg_text.get(k, ''))}" for k in key] + [gold_cell, pred_cell]
    for task in TASKS:
        o = pair_outcome(g_label, p.label if p else None, task)
        cells.append(f'<td class="{o}">{o.upper()}</td>')
    return cells


def pair_tally(gold_pairs: dict, pred: dict, universe: int) -> str:
    """TP, FP and FN per task, counted over listed pairs; TN is the rest of the universe."""
    rows = []
    keys = set(gold_pairs) | set(pred)
    for task in TASKS:
        c = Counter(pair_outcome(gold_pairs.get(k, (None,))[0], pred[k].label if k in pred else None, task)
                    for k in keys)
        rows.append([escape(task), *(num_cell(str(c[o])) for o in ("tp", "fp", "fn")),
                     num_cell(str(universe - c["tp"] - c["fp"] - c["fn"]))])
    return table(["task", "TP", "FP", "FN", "TN"], rows)


def duplicates_section(sub: Submission) -> str:
    """The pairs side by side: gold label and score against the predicted label and score."""
    if sub.duplicates is None:
        return ""
    segments = gold.segments()
    seg_text = {s["id"]: s["text"] for s in segments}
    n = sum(1 for s in segments if not s["boilerplate"])
    universe = n * (n - 1) // 2
    gold_pairs, pred = gold.duplicate_pairs(), sub.duplicates
    keys = shown_pairs(gold_pairs, pred)
    rows = [pair_row(k, gold_pairs, pred, seg_text) for k in keys]
    return ('<h2 id="pairs">Duplicate pairs</h2>' + pair_tally(gold_pairs, pred, universe)
            + legend(PAIR_LEGEND)
            + f"<p>{len(keys)} of the {universe} pairs of content segments: every gold-listed pair (near duplicate, "
              "paraphrase, or related: a hard negative) and every pair the system calls near duplicate or "
              "paraphrase; the others are true negatives for both tasks. Errors on same-content detection come "
              "first, then by predicted score.</p>"
            + table(["segment a", "segment b", "gold", "predicted", *TASKS], rows, cls="pairs"))


def render(sub: Submission, report: Report) -> str:
    """The whole page for a validated submission and its report."""
    return "".join([head(report), summary_section(sub, report), scores_section(report), articles_section(sub),
                    duplicates_section(sub), "</body></html>"])
