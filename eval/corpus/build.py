"""One source document's layer records, with every problem told in the export's own coordinates.

What the importer does to a document, in order (each refusal names the export's file, the record or line,
the span's name there and the rule):

1. the text: at most ``MAX_TEXT_CHARS`` characters (``text-size``), not empty or white space (``not-empty``),
   no NUL character (``nul``), no carriage return (``line-end``: offsets would count it; convert the export's
   line ends first), and a first line, the document's title, that is not empty (``title``);
2. each span's label through the label map: an OntoNotes type, ``boilerplate:CATEGORY``, or ``ignore``
   (dropped); a label the map does not know is refused (``unknown-label``);
3. offsets: integers (``offset-type``) with ``0 <= start < end <= len(text)`` (``offset-in-range``,
   ``offset-order``); the surface the export states equals the text there (``surface-text``; a span across line
   ends is stated, as brat does, by its lines joined with a space);
4. spans are trimmed of white space at their ends; a span of white space alone, mention or boilerplate, is
   refused (``not-empty``); no span starts or ends just before a combining mark (``grapheme-boundary``: the mark
   belongs to the character before it); a boilerplate span across line ends becomes one span per line; a mention
   may not cross a line end (``single-line``);
5. mentions fall on token boundaries (``token-boundary``, the tokenizer of ``data.tokens``), and overlap neither
   each other nor the edge of a boilerplate span (``boilerplate-boundary``); boilerplate spans do not overlap
   (``no-overlap``);
6. entity ids (``entity_key``): where the export carries them, every named mention has one (``entity-id-required``,
   naming the span whose id showed that the export has them) and value types none (``entity-id-null``); an id
   is ASCII letters and digits (``entity-id``); two different values of the export may not give one id
   (``entity-id-collision``); one type per id (``entity-type-consistent``);
7. segments are derived (``corpus.segments``); a document of more than ``MAX_SEGMENTS`` segments is refused
   (``segments``), and so is one whose boilerplate or entities record would not fit a JSON Lines line
   (``record-size``).

The work is O(n log n) in the text's length and the number of spans: positions (white space, line ends, tokens)
are found once a document and then looked up by bisection.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from unicodedata import combining

from newsprep.eval.corpus.segments import segment_spans
from newsprep.eval.corpus.source import BOILERPLATE, IGNORE, LabelMap, SourceDoc, SourceSpan
from newsprep.eval.data.tokens import misalignment, token_rows, tokenize
from newsprep.eval.errors import Problem
from newsprep.eval.io.jsonl import MAX_LINE_BYTES
from newsprep.eval.types import NAMED_TYPES, TYPES

MAX_SEGMENTS = 999
# The longest text, so that no JSON Lines line written for a document can exceed the validator's MAX_LINE_BYTES
# (10 MB). Per character of text the largest line is a segment's tokens row: a token of one character costs at
# most WORST_TOKEN_BYTES (its JSON string, "\u0001" for a control character; its start and end, six digits
# below a million; its tag, "I-WORK_OF_ART"; each with ", "), so 200,000 characters make at most 8.6 MB. The
# documents record holds the text and its first line (the title), at most 12 bytes a character: 2.4 MB. The
# boilerplate and entities records grow with the spans and their ids, and are measured (``record-size``).
WORST_TOKEN_BYTES = len('"\\u0001", ') + 2 * len("999999, ") + len(f'"I-{max(TYPES, key=len)}", ')
MAX_TEXT_CHARS = 200_000
SPACES = re.compile(r"\s+")
BREAK = re.compile("\n")


@dataclass
class Corpus:
    """What the import keeps across documents: the entity ids (id -> (type, name, where first seen)), the export's
    value behind each id (id -> (value, place)), and ``first_id``, the place of the first span that carries an id
    (``first_id_span``), which made the import require them."""

    labels: LabelMap
    entity_ids: bool
    entities: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    first_id: str | None = None
    raw_ids: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Layers:
    """One document's records: boilerplate spans, mentions and segments (dicts as the layers hold them)."""

    boilerplate: list[dict]
    mentions: list[dict]
    segments: list[dict]

    def tokens(self, doc_id: str, text: str) -> list[dict]:
        """The tokens rows, one a segment; each segment is given only the mentions that start inside it."""
        starts = [m["start"] for m in self.mentions]
        return [row for seg in self.segments for row in token_rows(
            {doc_id: text}, [seg], {doc_id: self.mentions[bisect_left(starts, seg["start"]):bisect_left(starts, seg["end"])]})]


class Positions:
    """Where a text's runs of white space, line ends and tokens lie: found once, then looked up by bisection."""

    def __init__(self, text: str):
        self.spaces = [(m.start(), m.end()) for m in SPACES.finditer(text)]
        self.space_starts = [s for s, _ in self.spaces]
        self.breaks = [m.start() for m in BREAK.finditer(text)]
        self.tokens = tokenize(text)
        self.token_starts = [s for _, s, _ in self.tokens]
        self.bounds = set(self.token_starts) | {e for _, _, e in self.tokens}

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` without the white space at its ends; ``end <= start`` where it is white space alone."""
        k = bisect_right(self.space_starts, start) - 1
        left = self.spaces[k][1] if k >= 0 and self.spaces[k][1] > start else start
        k = bisect_right(self.space_starts, end - 1) - 1
        right = self.spaces[k][0] if k >= 0 and self.spaces[k][1] >= end else end
        return left, right

    def breaks_in(self, start: int, end: int) -> list[int]:
        """The line ends in ``[start, end)``."""
        return self.breaks[bisect_left(self.breaks, start):bisect_left(self.breaks, end)]

    def lines(self, start: int, end: int) -> list[tuple[int, int]]:
        """``[start, end)`` cut at line ends, each piece trimmed; empty pieces left out."""
        cuts = self.breaks_in(start, end)
        pieces = (self.trimmed(a, b) for a, b in zip([start, *(c + 1 for c in cuts)], [*cuts, end]))
        return [(a, b) for a, b in pieces if b > a]

    def near(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """The tokens at and around ``start`` and ``end``: all that ``misalignment`` needs to say where each falls."""
        at = bisect_left(self.token_starts, start)
        found = {at - 1, at, bisect_left(self.token_starts, end) - 1}
        return [self.tokens[k] for k in sorted(found) if 0 <= k < len(self.tokens)]


def shown(text: str, start: int, end: int, width: int = 40) -> str:
    """``text[start:end]`` as a repr of at most ``width`` characters (with "..." where it is longer)."""
    return repr(text[start:min(end, start + width)]) + ("..." if end - start > width else "")


def stated(surface: str, text: str, start: int, end: int) -> bool:
    """Whether ``surface`` is the text at ``[start, end)``: as it stands, or (brat's way of showing a span across
    line ends) its lines joined by a space. Never longer than the span: a longer one is told apart unread."""
    if len(surface) > end - start:
        return False
    if len(surface) == end - start and text.startswith(surface, start):
        return True
    piece = text[start:end]
    return "\n" in piece and surface == " ".join(p for p in piece.split("\n") if p)


def text_problem(text: str) -> tuple[str, str] | None:
    """Rule 1: ``(rule, detail)`` of what refuses the whole text, or None."""
    if len(text) > MAX_TEXT_CHARS:
        return "text-size", (f"{len(text)} characters; at most {MAX_TEXT_CHARS} a document (so that each JSON Lines "
                             f"line written for it stays under {MAX_LINE_BYTES} bytes); split the document")
    if not text.strip():
        return "not-empty", "the text is empty or white space"
    if "\x00" in text:
        return "nul", f"the text holds a NUL character (U+0000) at {text.index(chr(0))}; remove it (and shift the offsets)"
    if "\r" in text:
        return "line-end", (f"the text holds a carriage return at {text.index(chr(13))}; NewsPrep texts end lines "
                            "with \\n (convert the export's line ends, and its offsets, first)")
    if text.startswith("\n"):
        return "title", "the first line, the document's title, is empty; remove the line ends before the text"
    return None


def document_layers(doc: SourceDoc, doc_id: str, corpus: Corpus) -> tuple[Layers | None, list[Problem]]:
    """The layer records of ``doc`` (named ``doc_id``), or None and every problem found."""
    text, problems = doc.text, []
    lines = {span.where: span.line for span in doc.spans if span.line is not None}
    document = f"document {doc.name!r}"

    def problem(where: str, rule: str, detail: str) -> None:
        problems.append(Problem(doc.file, lines.get(where, doc.line), where, rule, detail))

    if refused := text_problem(text):
        problem(document, *refused)
        return None, problems
    at = Positions(text)
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
        start, end = at.trimmed(span.start, span.end)
        kind = "boilerplate span" if target.startswith(BOILERPLATE) else target
        mark = next((i for i in (start, end) if i < len(text) and combining(text[i])), None)
        if end <= start:
            problem(span.where, "not-empty", f"{kind} [{span.start}, {span.end}) is white space only")
        elif mark is not None:
            problem(span.where, "grapheme-boundary", f"{kind} {shown(text, start, end)} [{start}, {end}): "
                    f"{'start' if mark == start else 'end'} {mark} falls before the combining mark U+{ord(text[mark]):04X}, "
                    "which belongs to the character before it")
        elif kind == "boilerplate span":
            boiler.append((start, end, target[len(BOILERPLATE):], span.where))
        elif at.breaks_in(start, end):
            problem(span.where, "single-line", f"{target} [{span.start}, {span.end}) crosses a line end")
        elif start not in at.bounds or end not in at.bounds:
            problem(span.where, "token-boundary", f"{target} {shown(text, start, end)} [{start}, {end}): "
                    + misalignment(at.near(start, end), start, end))
        elif not entity_problem(span, target, text, (start, end), corpus, problem, place(doc, span)):
            key = entity_key(span.entity_id) if corpus.entity_ids else None
            mentions.append((start, end, target, key, span.where))
    mentions.sort(key=lambda m: m[:2])
    boiler.sort(key=lambda b: b[:2])
    for kind, placed in (("mention", mentions), ("boilerplate span", boiler)):
        for (s, e, *_, where), (ws, we, *_, wwhere) in overlapping(placed):
            problem(where, "no-overlap", f"{kind} [{s}, {e}) overlaps [{ws}, {we}) ({wwhere})")
    starts = [b[0] for b in boiler]
    for s, e, t, _, where in mentions:
        k = bisect_right(starts, s) - 1  # the last boilerplate span that starts at or before the mention
        edge = [b for b in boiler[max(k, 0):k + 2] if b[0] < e and s < b[1] and not (b[0] <= s and e <= b[1])]
        if edge:
            bs, be, _, bwhere = edge[0]
            problem(where, "boilerplate-boundary", f"{t} [{s}, {e}) crosses the edge of boilerplate span "
                    f"[{bs}, {be}) ({bwhere}); a segment cannot hold it")
    if problems:
        return None, problems
    boiler = [(a, b, c, w) for s, e, c, w in boiler for a, b in at.lines(s, e)]
    segments = segment_spans(text, [(s, e) for s, e, _, _ in boiler], [(s, e) for s, e, *_ in mentions], doc.sentences,
                             limit=MAX_SEGMENTS)
    if len(segments) > MAX_SEGMENTS:
        problem(document, "segments", f"more than {MAX_SEGMENTS} segments; at most {MAX_SEGMENTS} a document")
        return None, problems
    layers = Layers(
        [{"start": s, "end": e, "text": text[s:e], "category": c} for s, e, c, _ in boiler],
        [{"start": s, "end": e, "text": text[s:e], "type": t, "entity_id": i} for s, e, t, i, _ in mentions],
        [{"id": f"{doc_id}-s{k:03d}", "doc": doc_id, "start": s, "end": e, "text": text[s:e], "boilerplate": b}
         for k, (s, e, b) in enumerate(segments, start=1)])
    for name, rows in (("boilerplate", layers.boilerplate), ("entities", layers.mentions)):
        size = len(json.dumps(rows, ensure_ascii=False).encode("utf-8", "surrogatepass")) + 100  # and the record's keys
        if size > MAX_LINE_BYTES:
            problem(document, "record-size", f"its {name} record would be about {size} bytes, more than a JSON Lines "
                    f"line may hold ({MAX_LINE_BYTES}); split the document")
    return (None, problems) if problems else (layers, [])


def overlapping(placed: list) -> list[tuple]:
    """``(span, earlier)`` for each span of ``placed`` (sorted ``(start, end, ...)``) that overlaps an earlier one,
    ``earlier`` being the one that reaches furthest."""
    found, furthest = [], None
    for span in placed:
        if furthest is not None and span[0] < furthest[1]:
            found.append((span, furthest))
        if furthest is None or span[1] > furthest[1]:
            furthest = span
    return found


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
                f"is {shown(text, span.start, span.end)}")
    else:
        return True
    return False


def entity_key(raw: str | None) -> str | None:
    """An export's entity id in NewsPrep's form: case-folded, each run of characters other than letters and digits
    one ``_``, none at the ends. A value with white space in it is a note, not an id (brat's ``AnnotatorNotes`` hold
    whatever the annotator typed): None, as for a value with no letter or digit. Letters and digits of every script
    are kept, so that a key that is not ASCII can be refused by name (rule ``entity-id``), not dropped.

    >>> entity_key("Q7747"), entity_key("Wikipedia:Vladimir_Putin"), entity_key("check this one"), entity_key("")
    ('q7747', 'wikipedia_vladimir_putin', None, None)
    >>> entity_key("Путин"), entity_key("C++")
    ('путин', 'c')
    """
    if raw is None or any(c.isspace() for c in raw):
        return None
    return re.sub(r"[\W_]+", "_", raw.casefold()).strip("_") or None


def place(doc: SourceDoc, span: SourceSpan) -> str:
    """Where ``span`` is in the export: ``FILE:LINE: WHERE``, or ``FILE: WHERE`` where the format has no lines."""
    line = span.line if span.line is not None else doc.line
    return f"{doc.file}{f':{line}' if line is not None else ''}: {span.where}"


def first_id_span(doc: SourceDoc) -> str | None:
    """The ``place`` of the first span of ``doc`` that carries an entity id (``entity_key`` not None), or None:
    for the first reading of an export to keep as ``Corpus.first_id``."""
    return next((place(doc, s) for s in doc.spans if entity_key(s.entity_id) is not None), None)


def entity_problem(span: SourceSpan, target: str, text: str, bounds: tuple[int, int], corpus: Corpus, problem,
                   where: str) -> bool:
    """Rule 6 for the mention at ``bounds`` (trimmed) of ``text``; records a new id in ``corpus`` with its surface as
    the name and the export's value at ``where`` (the span's ``place``). True where the span is refused."""
    if not corpus.entity_ids:
        return False  # the corpus has no ids: any an export carries for some mentions were refused in the count
    raw, eid, named = span.entity_id or "", entity_key(span.entity_id), target in NAMED_TYPES
    if eid is not None and corpus.first_id is None:
        corpus.first_id = where
    if named and eid is None:
        why = f" (its note {raw[:40]!r} holds white space: a note, not an id)" if raw.strip() else ""
        problem(span.where, "entity-id-required", f"{target} {shown(text, *bounds)} has no entity id{why}, while the "
                f"export's mentions carry ids ({corpus.first_id or 'another span'} has one); give every named mention one")
    elif not named and eid is not None:
        problem(span.where, "entity-id-null", f"value type {target} carries entity id {raw[:40]!r}")
    elif eid is not None and not eid.isascii():
        problem(span.where, "entity-id", f"{raw[:40]!r} gives the id {eid[:40]!r}: ids must be ASCII letters and "
                "digits; map or rename them")
    elif eid is not None and corpus.raw_ids.setdefault(eid, (raw, where))[0] != raw:
        first = corpus.raw_ids[eid]
        problem(span.where, "entity-id-collision", f"{raw[:40]!r} and {first[0][:40]!r} ({first[1]}) both give the id "
                f"{eid[:40]!r}; rename one of them")
    elif eid is not None and corpus.entities.get(eid, (target,))[0] != target:
        first_type = corpus.entities[eid]
        problem(span.where, "entity-type-consistent", f"{eid!r} is {target} here, {first_type[0]} at {first_type[2]}")
    else:
        if eid is not None and eid not in corpus.entities:
            corpus.entities[eid] = (target, text[bounds[0]:bounds[1]], span.where)
        return False
    return True
