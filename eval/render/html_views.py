"""What the HTML report shows of each task beyond its score table: per article, a block marking its gold and
predicted spans; a section of its own (the duplicate pairs); a table after its scores (the entity type
confusion). A task with no view here (one registered by a user) gets its score table alone.

``ARTICLE_VIEWS``, ``SECTIONS`` and ``SCORE_EXTRAS`` are keyed by the task's name: the page looks a task
up, it never asks which task it is.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from newsprep.eval.data import gold
from newsprep.eval.metrics.duplicates import POSITIVE, TASKS
from newsprep.eval.metrics.prf import prf_vector
from newsprep.eval.render.html_parts import Piece, legend, marked_text, num_cell, overlay, status_chars, table
from newsprep.eval.scoring.report import Report
from newsprep.eval.submission.model import Submission
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


def duplicates_section(sub: Submission, root: Path | None = None) -> str:
    """The pairs side by side: gold label and score against the predicted label and score."""
    if sub.duplicates is None:
        return ""
    segments = gold.segments(root)
    seg_text = {s["id"]: s["text"] for s in segments}
    n = sum(1 for s in segments if not s["boilerplate"])
    universe = n * (n - 1) // 2
    gold_pairs, pred = gold.duplicate_pairs(root), sub.duplicates
    keys = shown_pairs(gold_pairs, pred)
    rows = [pair_row(k, gold_pairs, pred, seg_text) for k in keys]
    return ('<h2 id="pairs">Duplicate pairs</h2>' + pair_tally(gold_pairs, pred, universe)
            + legend(PAIR_LEGEND)
            + f"<p>{len(keys)} of the {universe} pairs of content segments: every gold-listed pair (near duplicate, "
              "paraphrase, or related: a hard negative) and every pair the system calls near duplicate or "
              "paraphrase; the others are true negatives for both tasks. Errors on same-content detection come "
              "first, then by predicted score.</p>"
            + table(["segment a", "segment b", "gold", "predicted", *TASKS], rows, cls="pairs"))


@dataclass(frozen=True)
class ArticleView:
    """A per-document task's block in each article: the text before the articles, its legend, the gold spans by
    document (for a submission) and the block of one document."""

    intro: str
    legend: dict[str, str]
    gold: Callable[[Submission, Path | None], Mapping[str, Sequence]]  # (submission, dataset folder) -> spans by document
    block: Callable[[str, Sequence, Sequence], str]


ARTICLE_VIEWS = {
    "boilerplate": ArticleView("Boilerplate, per character:", BOILERPLATE_LEGEND, lambda sub, root: gold.boilerplate(root),
                               boilerplate_block),
    "entities": ArticleView("Entities (hover a mark for the types and offsets):", ENTITY_LEGEND,
                            lambda sub, root: {d: in_label_set(m, sub.label_set) for d, m in gold.entities(root).items()},
                            entity_block),  # the gold the scores used
}
SECTIONS: dict[str, tuple[str, str, Callable[[Submission, Path | None], str]]] = {  # task -> (anchor, title, section)
    "duplicates": ("pairs", "Duplicate pairs", duplicates_section),
}
SCORE_EXTRAS: dict[str, Callable[[Report], str]] = {  # task -> what follows its score table
    "entities": lambda report: confusion_section(report.confusion) if report.confusion else "",
}
