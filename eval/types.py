"""The span types, the labels of every layer, and the one span convention: ``[start, end)`` in code points.

Spans are frozen dataclasses, ordered by position. Two spans overlap when they
share at least one character; ``overlaps`` is that rule, written once.

>>> Span(0, 5, "sharing").overlaps(Span(4, 9))
True
>>> Mention(0, 5, "PERSON").overlaps(Mention(5, 9, "GPE"))   # [0, 5) and [5, 9) touch, share nothing
False
>>> text = "Putin arrived in Hanoi."
>>> list(span_problems(text, 17, 22, "Hanoi"))
[]
>>> list(span_problems(text, 17, 40, "Hanoi"))
[('end', 'offset-in-range', 'end 40 > len(text) 23')]
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Protocol

TASKS = ("boilerplate", "entities", "duplicates")  # the three tasks a submission may hold
# OntoNotes 5 entity types; the first eleven are names and carry an entity_id in the gold.
TYPES = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
         "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL")
NAMED_TYPES = TYPES[:11]
# Categories of the gold boilerplate spans; a submission's category is optional and not scored.
# The CoNLL-2003 entity types, for systems trained on CoNLL labels; CONLL2003 maps each OntoNotes type onto one,
# or leaves it out: CoNLL-2003 annotates no dates, times or numbers.
CONLL_TYPES = ("PER", "LOC", "ORG", "MISC")
CONLL2003: dict[str, str | None] = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "PRODUCT": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
    "DATE": None, "TIME": None, "PERCENT": None, "MONEY": None, "QUANTITY": None, "ORDINAL": None, "CARDINAL": None,
}
SEGMENT_ID = re.compile(r"^(?P<doc>.+)-s\d+$")  # d000-s004: segment 4 of document d000
LABEL_SETS = {"ontonotes5": TYPES, "conll2003": CONLL_TYPES}  # a submission's header may name one (default ontonotes5)
CATEGORIES = ("navigation", "sharing", "comments", "byline", "dateline", "media", "source")
PAIR_LABELS = ("near_duplicate", "paraphrase", "related")  # gold labels of the duplicate layer
PREDICTED_PAIR_LABELS = ("near_duplicate", "paraphrase", "different")  # what a submission may predict


class HasOffsets(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def overlaps(a: HasOffsets, b: HasOffsets) -> bool:
    """True when ``[a.start, a.end)`` and ``[b.start, b.end)`` share at least one character.

    >>> overlaps(Span(0, 3), Span(2, 4)), overlaps(Span(0, 3), Span(3, 4))
    (True, False)
    """
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True, order=True)
class Span:
    """A labelled character span ``[start, end)``; ``label`` is a boilerplate category or empty.

    >>> Span(10, 24, "sharing")
    Span(start=10, end=24, label='sharing')
    """

    start: int
    end: int
    label: str = ""

    def overlaps(self, other: HasOffsets) -> bool:
        """True when the two spans share at least one character (``[0, 5)`` and ``[5, 9)`` only touch)."""
        return overlaps(self, other)


@dataclass(frozen=True, order=True)
class Mention:
    """An entity mention ``[start, end)`` with its OntoNotes type and, for names, a dataset-wide id.

    >>> Mention(0, 14, "PERSON", "vladimir_putin").type
    'PERSON'
    """

    start: int
    end: int
    type: str
    entity_id: str | None = None

    def overlaps(self, other: HasOffsets) -> bool:
        """True when the two spans share at least one character (``[0, 5)`` and ``[5, 9)`` only touch)."""
        return overlaps(self, other)


POSITION = attrgetter("start", "end", "type")  # sort key: the dataclass order, faster (ties only between overlapping spans)


@dataclass(frozen=True)
class PairPrediction:
    """A predicted duplicate pair of segment ids, ``a < b``; ``score`` is None when the system gave none.

    >>> PairPrediction("d000-s001", "d001-s004", "paraphrase", 0.82).label
    'paraphrase'
    """

    a: str
    b: str
    label: str
    score: float | None = None


def in_label_set(mentions: Iterable[Mention], label_set: str) -> tuple[Mention, ...]:
    """Gold mentions as a system using ``label_set`` would label them: OntoNotes types unchanged, or mapped
    to CoNLL-2003 by ``CONLL2003`` (types CoNLL-2003 leaves out are dropped).

    >>> in_label_set([Mention(0, 5, "GPE"), Mention(6, 10, "DATE"), Mention(11, 18, "NORP")], "conll2003")
    (Mention(start=0, end=5, type='LOC', entity_id=None), Mention(start=11, end=18, type='MISC', entity_id=None))
    """
    if label_set == "ontonotes5":
        return tuple(mentions)
    if label_set != "conll2003":
        raise ValueError(f"unknown label set {label_set!r}; known: {', '.join(LABEL_SETS)}")
    return tuple(Mention(m.start, m.end, mapped, m.entity_id) for m in mentions
                 if (mapped := CONLL2003[m.type]) is not None)


def span_problems(text: str, start: int, end: int, surface: str | None, *, single_line: bool = False,
                  trimmed: bool = True) -> Iterator[tuple[str, str, str]]:
    """``(field, rule, detail)`` for each problem of one span against its document text.

    Nothing further is checked after a range error.
    """
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
    """``(index, rule, detail)`` for spans out of order (``sorted``) or overlapping their predecessor (``no-overlap``).

    >>> list(overlap_problems([(0, 5), (3, 8)]))
    [(1, 'no-overlap', '[3, 8) overlaps [0, 5)')]
    """
    previous: Span | None = None
    for index, (start, end) in enumerate(spans):
        span = Span(start, end)
        if previous is not None:
            if start < previous.start:
                yield index, "sorted", f"start {start} < previous start {previous.start}"
            elif overlaps(span, previous):
                yield index, "no-overlap", f"[{start}, {end}) overlaps [{previous.start}, {previous.end})"
        previous = span


def non_space_positions(text: str, start: int, end: int) -> set[int]:
    """Indices of the non-white-space characters in ``text[start:end]``."""
    return {i for i in range(start, end) if not text[i].isspace()}
