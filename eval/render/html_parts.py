"""The pieces of the HTML report that know no task: the overlay of gold and predicted spans on a text, marked
text, legends and tables.

>>> [(p.start, p.end) for p in overlay(10, [Span(2, 6, "byline")], [Span(4, 8)])]
[(0, 2), (2, 4), (4, 6), (6, 8), (8, 10)]
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from newsprep.eval.types import Mention, Span


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


def status_chars(text: str, pieces: Sequence[Piece], status: Callable[[Piece], str | None]) -> Counter:
    """Non-white-space characters per status (the boilerplate character counts, from the pieces)."""
    out: Counter[str | None] = Counter()
    for piece in pieces:
        out[status(piece)] += sum(1 for ch in text[piece.start:piece.end] if not ch.isspace())
    return out


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
