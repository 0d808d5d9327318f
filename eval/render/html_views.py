"""What the HTML report shows of each task beyond its score table: per article, a block marking its gold and
predicted spans; a section of its own (the duplicate pairs); a table after its scores (the entity type
confusion). A task with no view here (one registered by a user) gets its score table alone.

``ARTICLE_VIEWS``, ``SECTIONS`` and ``SCORE_EXTRAS`` are keyed by the task's name: the page looks a task
up, it never asks which task it is.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from newsprep.eval.data import gold
from newsprep.eval.metrics.duplicates import POSITIVE, TASKS
from newsprep.eval.metrics.prf import prf_vector
from newsprep.eval.render.html_parts import Piece, legend, marked_text, num_cell, overlay, table
from newsprep.eval.scoring.report import Report
from newsprep.eval.tasks.boilerplate.details import span_records
from newsprep.eval.tasks.duplicates.details import pair_details, pair_outcome  # noqa: F401  (pair_outcome: the page's)
from newsprep.eval.tasks.entities.details import mention_records
from newsprep.eval.types import Mention, PairPrediction, Span

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


def _describe_span(span: Span | None, what: str) -> str:
    if span is None:
        return f"{what}: content"
    return f"{what}: boilerplate" + (f" ({span.label})" if span.label else "")


def _describe_mention(m: Mention | None, what: str) -> str:
    if m is None:
        return f"{what}: none"
    return f"{what}: {m.type} [{m.start}, {m.end})" + (f" {m.entity_id}" if m.entity_id else "")


def confusion_section(confusion: dict[str, dict[str, int]]) -> str:
    gold_types = sorted(confusion)
    pred_types = sorted({p for row in confusion.values() for p in row})
    rows = [[f"<th>{escape(g)}</th>"] + [num_cell(str(confusion[g].get(p, 0))) for p in pred_types]
            for g in gold_types]
    return ("<p>Entity type confusion: rows gold, columns predicted, same boundaries; “-” is none.</p>"
            + table(["gold \\ predicted", *pred_types], rows))


def boilerplate_block(text: str, gold_spans: Sequence[Span], pred_spans: Sequence[Span]) -> str:
    """The block of one document's gold and predicted spans, drawn from their records (``span_records``)."""
    return boilerplate_records_block(text, span_records([("", text, gold_spans, pred_spans)]))


def boilerplate_records_block(text: str, records: Sequence[dict]) -> str:
    """The block of one document, from the boilerplate task's records of it (``Report.details``): its text with
    the spans marked, and the character counts of the records."""
    gold_spans, pred_spans = _sides(records, lambda r, _: Span(r["start"], r["end"], r["category"] or ""))
    tp = sum(r["found"] for r in records if r["side"] == "gold")
    fn = sum(r["missed"] for r in records if r["side"] == "gold")
    fp = sum(r["missed"] for r in records if r["side"] == "predicted")
    s = prf_vector([tp, tp, tp + fp, tp + fn])
    pieces = overlay(len(text), gold_spans, pred_spans)
    describe = lambda p: f"{_describe_span(p.gold, 'gold')} · {_describe_span(p.pred, 'predicted')}"  # noqa: E731
    return (f"<h4>Boilerplate</h4><p>{len(gold_spans)} gold spans, {len(pred_spans)} predicted; non-white-space "
            f"characters: precision {s.precision:.3f}, recall {s.recall:.3f}, F1 {s.f1:.3f}.</p>"
            f'<div class="text">{marked_text(text, pieces, boilerplate_status, describe)}</div>')


def _sides(records: Sequence[dict], item: Callable[[dict, str], object]) -> tuple[list, list]:
    """``item(record, prefix)`` of the gold records and of the predicted ones (``prefix``: ``gold``, ``pred``)."""
    return ([item(r, "gold") for r in records if r["side"] == "gold"],
            [item(r, "pred") for r in records if r["side"] == "predicted"])


def entity_block(text: str, gold_mentions: Sequence[Mention], pred_mentions: Sequence[Mention]) -> str:
    """The block of one document's gold and predicted mentions, drawn from their records (``mention_records``)."""
    types = tuple(dict.fromkeys(m.type for m in (*gold_mentions, *pred_mentions)))
    return entity_records_block(text, mention_records("", text, gold_mentions, pred_mentions, types))


def entity_records_block(text: str, records: Sequence[dict]) -> str:
    """The block of one document, from the entities task's records of it (``Report.details``): its text with
    the mentions marked, and the strict counts of the records."""
    gold_mentions, pred_mentions = _sides(records, lambda r, side: Mention(
        r[f"{side}_start"], r[f"{side}_end"], r[f"{side}_type"], r[f"{side}_entity_id"]))
    correct = sum(1 for r in records if r["side"] == "predicted" and r["strict"] == "correct")
    s = prf_vector([correct, correct, len(pred_mentions), len(gold_mentions)])
    describe = lambda p: f"{_describe_mention(p.gold, 'gold')} · {_describe_mention(p.pred, 'predicted')}"  # noqa
    pieces = overlay(len(text), gold_mentions, pred_mentions)
    return (f"<h4>Entities</h4><p>{len(gold_mentions)} gold mentions, {len(pred_mentions)} predicted, {correct} "
            f"with the same span and type: strict precision {s.precision:.3f}, recall {s.recall:.3f}, "
            f"F1 {s.f1:.3f}.</p>"
            f'<div class="text">{marked_text(text, pieces, entity_status, describe)}</div>')


def shown_pairs(gold_pairs: dict, pred: dict[tuple[str, str], PairPrediction]) -> list[tuple[str, str]]:
    """Gold-listed pairs and pairs predicted positive: errors first (same-content outcome), then by score."""
    return [(r["a"], r["b"]) for r in shown_records(pair_details(gold_pairs, pred, {}))]


def shown_records(records: Sequence[dict]) -> list[dict]:
    """The duplicates task's records of the gold-listed pairs and the pairs predicted positive (same content):
    errors first (same-content outcome), then by predicted score."""
    def order(r: dict) -> tuple:
        score = r["pred_score"] if r["pred_score"] is not None else float("-inf")
        return PAIR_ORDER.index(r["same_content"]), -score, (r["a"], r["b"])
    return sorted((r for r in records if r["gold_label"] is not None or r["pred_label"] in POSITIVE["same_content"]),
                  key=order)


def pair_row(r: dict) -> list[str]:
    gold_cell = f"{escape(r['gold_label'])} ({r['gold_score']:g}/5)" if r["gold_label"] else "unlisted (unrelated)"
    pred_cell = ((escape(r["pred_label"]) + (f" ({r['pred_score']:.3f})" if r["pred_score"] is not None else ""))
                 if r["pred_label"] is not None else "not listed")
    cells = [f"<b>{escape(r[end])}</b> {escape(r[f'{end}_text'])}" for end in ("a", "b")] + [gold_cell, pred_cell]
    for task in TASKS:
        o = r[task]
        cells.append(f'<td class="{o}">{o.upper()}</td>')
    return cells


def pair_tally(records: Sequence[dict], universe: int) -> str:
    """TP, FP and FN per task, counted over the records (the listed pairs); TN is the rest of the universe."""
    rows = []
    for task in TASKS:
        c = Counter(r[task] for r in records)
        rows.append([escape(task), *(num_cell(str(c[o])) for o in ("tp", "fp", "fn")),
                     num_cell(str(universe - c["tp"] - c["fp"] - c["fn"]))])
    return table(["task", "TP", "FP", "FN", "TN"], rows)


def duplicates_section(records: Sequence[dict], root: Path | None = None) -> str:
    """The pairs side by side, from the duplicates task's records: gold label and score against the predicted
    label and score."""
    n = sum(1 for s in gold.segments(root) if not s["boilerplate"])
    universe = n * (n - 1) // 2
    shown = shown_records(records)
    rows = [pair_row(r) for r in shown]
    return ('<h2 id="pairs">Duplicate pairs</h2>' + pair_tally(records, universe)
            + legend(PAIR_LEGEND)
            + f"<p>{len(shown)} of the {universe} pairs of content segments: every gold-listed pair (near duplicate, "
              "paraphrase, or related: a hard negative) and every pair the system calls near duplicate or "
              "paraphrase; the others are true negatives for both tasks. Errors on same-content detection come "
              "first, then by predicted score.</p>"
            + table(["segment a", "segment b", "gold", "predicted", *TASKS], rows, cls="pairs"))


@dataclass(frozen=True)
class ArticleView:
    """A per-document task's block in each article: the text before the articles, its legend, and the block of
    one document drawn from the task's records of it."""

    intro: str
    legend: dict[str, str]
    block: Callable[[str, Sequence[dict]], str]  # (text, the records of the document) -> HTML


ARTICLE_VIEWS = {
    "boilerplate": ArticleView("Boilerplate, per character:", BOILERPLATE_LEGEND, boilerplate_records_block),
    "entities": ArticleView("Entities (hover a mark for the types and offsets):", ENTITY_LEGEND, entity_records_block),
}
# task -> (anchor, title, section from the task's records and the dataset folder)
SECTIONS: dict[str, tuple[str, str, Callable[[Sequence[dict], Path | None], str]]] = {
    "duplicates": ("pairs", "Duplicate pairs", duplicates_section),
}
SCORE_EXTRAS: dict[str, Callable[[Report], str]] = {  # task -> what follows its score table
    "entities": lambda report: confusion_section(report.confusion) if report.confusion else "",
}
