"""Character spans: the one convention, ``[start, end)`` in code points, and its checks.

The same checks serve gold data and submissions. Each returns
``(field, rule, detail)`` tuples so the caller can place them in a file and line.

>>> text = "Putin arrived in Hanoi."
>>> list(span_problems(text, 17, 22, "Hanoi"))
[]
>>> list(span_problems(text, 17, 40, "Hanoi"))
[('end', 'offset-in-range', 'end 40 > len(text) 23')]
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Iterable, Iterator


@dataclass(frozen=True, order=True)
class Span:
    """A labelled character span ``[start, end)``; ``label`` is a category or an entity type."""

    start: int
    end: int
    label: str = ""

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, order=True)
class Mention:
    """A predicted or gold entity mention ``[start, end)`` with its type and optional id."""

    start: int
    end: int
    type: str
    entity_id: str | None = None


POSITION = attrgetter("start", "end", "type")  # sort key: the dataclass order, faster (ties only between overlapping spans)


@dataclass(frozen=True)
class PairPrediction:
    """A predicted duplicate pair; ``a < b``. ``score`` is None when the system gave none."""

    a: str
    b: str
    label: str
    score: float | None = None


def span_problems(text: str, start: int, end: int, surface: str | None, *, single_line: bool = False,
                  trimmed: bool = True) -> Iterator[tuple[str, str, str]]:
    """Problems of one span against its document text; nothing further is checked after a range error."""
    if start >= end:
        yield "end", "offset-order", f"start {start} >= end {end}"
        return
    if start < 0 or end > len(text):
        yield ("start" if start < 0 else "end"), "offset-in-range", (
            f"start {start} < 0" if start < 0 else f"end {end} > len(text) {len(text)}")
        return
    found = text[start:end]
    if surface is not None and found != surface:
        yield "text", "surface-text", f"text[{start}:{end}] is {found[:40]!r}, record says {surface[:40]!r}"
    if trimmed and found != found.strip():
        yield "start", "trimmed", f"{found[:40]!r} has surrounding white space"
    if single_line and "\n" in found:
        yield "end", "single-line", f"span [{start}, {end}) crosses a line end"


def overlap_problems(spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, str, str]]:
    """``(index, rule, detail)`` for spans out of order or overlapping their predecessor."""
    previous = None
    for index, (start, end) in enumerate(spans):
        if previous is not None:
            if start < previous[0]:
                yield index, "sorted", f"start {start} < previous start {previous[0]}"
            elif start < previous[1]:
                yield index, "no-overlap", f"[{start}, {end}) overlaps [{previous[0]}, {previous[1]})"
        previous = (start, end)


def non_space_positions(text: str, start: int, end: int) -> set[int]:
    """Indices of the non-white-space characters in ``text[start:end]``."""
    return {i for i in range(start, end) if not text[i].isspace()}
