"""One source document's layer records, with every problem told in the export's own coordinates.

What the importer does to a document, in order (each refusal names the export's file, the record or line,
the span's name there and the rule):

1. the text: not empty, no carriage return (offsets would count it; convert the export's line ends first);
2. each span's label through the label map: an OntoNotes type, ``boilerplate:CATEGORY``, or ``ignore``
   (dropped); a label the map does not know is refused (``unknown-label``);
3. offsets: integers with ``0 <= start < end <= len(text)`` (``offset-in-range``, ``offset-order``); the surface
   the export states equals the text there (``surface-text``; a span across line ends is stated, as brat
   does, by its lines joined with a space);
4. spans are trimmed of white space at their ends (a span of white space alone is refused); a boilerplate
   span across line ends becomes one span per line; a mention may not cross a line end (``single-line``);
5. mentions fall on token boundaries (``token-boundary``, the tokenizer of ``data.tokens``), and overlap neither
   each other nor the edge of a boilerplate span; boilerplate spans do not overlap (``no-overlap``);
6. entity ids: where the export carries them (``entity_key``: a note with white space in it is no id), every
   named mention has one and value types have none (``entity-id-required``, ``entity-id-null``), one type per id;
7. segments are derived (``corpus.segments``); a document of more than 999 segments is refused.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from newsprep.eval.corpus.segments import segment_spans
from newsprep.eval.corpus.source import BOILERPLATE, IGNORE, LabelMap, SourceDoc, SourceSpan
from newsprep.eval.data.tokens import misalignment, token_rows, tokenize
from newsprep.eval.errors import Problem
from newsprep.eval.types import NAMED_TYPES

MAX_SEGMENTS = 999


@dataclass
class Corpus:
    """What the import keeps across documents: the entity ids (id -> (type, name, where first seen))."""

    labels: LabelMap
    entity_ids: bool
    entities: dict[str, tuple[str, str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Layers:
    """One document's records: boilerplate spans, mentions and segments (dicts as the layers hold them)."""

    boilerplate: list[dict]
    mentions: list[dict]
    segments: list[dict]

    def tokens(self, doc_id: str, text: str) -> list[dict]:
        return token_rows({doc_id: text}, self.segments, {doc_id: self.mentions})


def stated(surface: str, text: str, start: int, end: int) -> bool:
    """Whether ``surface`` is the text at ``[start, end)``: as it stands, or (brat's way of showing a span across
    line ends) its lines joined by a space."""
    piece = text[start:end]
    return surface == piece or ("\n" in piece and surface == " ".join(p for p in piece.split("\n") if p))


def lines_of(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``[start, end)`` cut at line ends, each piece trimmed; empty pieces left out."""
    pos = start
    for piece in text[start:end].split("\n"):
        left, right = pos + len(piece) - len(piece.lstrip()), pos + len(piece.rstrip())
        if right > left:
            yield left, right
        pos += len(piece) + 1


def document_layers(doc: SourceDoc, doc_id: str, corpus: Corpus) -> tuple[Layers | None, list[Problem]]:
    """The layer records of ``doc`` (named ``doc_id``), or None and every problem found."""
    text, problems = doc.text, []

    lines = {span.where: span.line for span in doc.spans if span.line is not None}

    def problem(where: str, rule: str, detail: str) -> None:
        problems.append(Problem(doc.file, lines.get(where, doc.line), where, rule, detail))

    if not text.strip():
        problem(f"document {doc.name!r}", "not-empty", "the text is empty or white space")
        return None, problems
    if "\r" in text:
        problem(f"document {doc.name!r}", "line-end",
                f"the text holds a carriage return at {text.index(chr(13))}; NewsPrep texts end lines with \\n "
                "(convert the export's line ends, and its offsets, first)")
        return None, problems
    bounds = {s for _, s, _ in tokenize(text)} | {e for _, _, e in tokenize(text)}
    mentions: list[tuple[int, int, str, str | None, str]] = []
    boiler: list[tuple[int, int, str, str]] = []
    for span in doc.spans:
        target = corpus.labels.target(span.label)
        if target is None:
            problem(span.where, "unknown-label", f"label {span.label!r} is not in the label map nor one of NewsPrep's own "
                    f"(an OntoNotes type, boilerplate:CATEGORY); add a line {span.label},TARGET to --labels "
                    "(TARGET may be ignore)")
            continue
        if target == IGNORE or not checked(span, text, problem):
            continue
        if target.startswith(BOILERPLATE):
            boiler += [(s, e, target[len(BOILERPLATE):], span.where) for s, e in lines_of(text, span.start, span.end)]
            continue
        pieces = list(lines_of(text, span.start, span.end))
        if len(pieces) != 1:
            problem(span.where, "single-line" if pieces else "not-empty",
                    f"{target} [{span.start}, {span.end}) {'crosses a line end' if pieces else 'is white space only'}")
            continue
        start, end = pieces[0]
        if start not in bounds or end not in bounds:
            problem(span.where, "token-boundary", f"{target} {text[start:end]!r} [{start}, {end}): "
                    + misalignment(tokenize(text), start, end))
            continue
        if entity_problem(span, target, text[start:end], corpus, problem):
            continue
        mentions.append((start, end, target, entity_key(span.entity_id) if corpus.entity_ids else None, span.where))
    mentions.sort(key=lambda m: m[:2])
    boiler.sort(key=lambda b: b[:2])
    named: list[tuple[str, list[tuple[int, int, str]]]] = [
        ("mention", [(m[0], m[1], m[4]) for m in mentions]), ("boilerplate span", [(b[0], b[1], b[3]) for b in boiler])]
    for kind, placed in named:
        for before, after in zip(placed, placed[1:]):
            if after[0] < before[1]:
                problem(after[2], "no-overlap",
                        f"{kind} [{after[0]}, {after[1]}) overlaps [{before[0]}, {before[1]}) ({before[2]})")
    for s, e, t, _, where in mentions:
        edge = next(((bs, be, w) for bs, be, _, w in boiler if (bs < e and s < be) and not (bs <= s and e <= be)), None)
        if edge:
            problem(where, "boilerplate-boundary", f"{t} [{s}, {e}) crosses the edge of boilerplate span "
                    f"[{edge[0]}, {edge[1]}) ({edge[2]}); a segment cannot hold it")
    if problems:
        return None, problems
    segments = segment_spans(text, [(s, e) for s, e, _, _ in boiler], [(s, e) for s, e, *_ in mentions], doc.sentences)
    if len(segments) > MAX_SEGMENTS:
        problem(f"document {doc.name!r}", "segments", f"{len(segments)} segments; at most {MAX_SEGMENTS} per document")
        return None, problems
    return Layers(
        [{"start": s, "end": e, "text": text[s:e], "category": c} for s, e, c, _ in boiler],
        [{"start": s, "end": e, "text": text[s:e], "type": t, "entity_id": i} for s, e, t, i, _ in mentions],
        [{"id": f"{doc_id}-s{k:03d}", "doc": doc_id, "start": s, "end": e, "text": text[s:e], "boilerplate": b}
         for k, (s, e, b) in enumerate(segments, start=1)]), []


def checked(span: SourceSpan, text: str, problem) -> bool:
    """Offsets in range and in order, and the stated surface equal to the text (rule 3)."""
    if type(span.start) is not int or type(span.end) is not int:
        problem(span.where, "offset-type", f"offsets {span.start!r}, {span.end!r} are not integers")
    elif span.start < 0 or span.end > len(text):
        problem(span.where, "offset-in-range", f"[{span.start}, {span.end}) lies outside the text of {len(text)} characters")
    elif span.start >= span.end:
        problem(span.where, "offset-order", f"start {span.start} >= end {span.end}")
    elif span.text is not None and not stated(span.text, text, span.start, span.end):
        problem(span.where, "surface-text", f"the export says {span.text[:40]!r}, the text at [{span.start}, {span.end}) "
                f"is {text[span.start:span.end][:40]!r}")
    else:
        return True
    return False


def entity_key(raw: str | None) -> str | None:
    """An export's entity id in NewsPrep's form: lower case, each run of other characters than letters and digits
    one ``_``. A value with white space in it is a note, not an id (brat's ``AnnotatorNotes`` hold whatever the
    annotator typed): None.

    >>> entity_key("Q7747"), entity_key("Wikipedia:Vladimir_Putin"), entity_key("check this one"), entity_key("")
    ('q7747', 'wikipedia_vladimir_putin', None, None)
    """
    if raw is None or any(c.isspace() for c in raw):
        return None
    return re.sub(r"[^a-z0-9]+", "_", raw.lower()).strip("_") or None


def entity_problem(span: SourceSpan, target: str, name: str, corpus: Corpus, problem) -> bool:
    """Rule 6; records a new id in ``corpus`` with its first surface ``name``. True where the span is refused."""
    eid, named = entity_key(span.entity_id), target in NAMED_TYPES
    if not corpus.entity_ids:
        return False  # the corpus has no ids: any an export carries for some mentions were refused in the count
    if named and eid is None:
        problem(span.where, "entity-id-required", f"{target} has no entity id, while other mentions of the export have one")
    elif not named and eid is not None:
        problem(span.where, "entity-id-null", f"value type {target} carries entity id {eid!r}")
    elif eid is not None and corpus.entities.setdefault(eid, (target, name, span.where))[0] != target:
        first = corpus.entities[eid]
        problem(span.where, "entity-type-consistent", f"{eid!r} is {target} here, {first[0]} at {first[2]}")
    else:
        return False
    return True
