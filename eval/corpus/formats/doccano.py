"""doccano's JSONL export of a sequence-labelling project: one JSON object a line with the document's
``"text"`` and its spans, either ``"label": [[START, END, "LABEL"], ...]`` (a project without relations) or
``"entities": [{"id": 7, "start_offset": START, "end_offset": END, "label": "LABEL"}, ...]`` (a project with
relations, whose ``"relations"`` are ignored). Other keys (``"Comments"``, metadata) are ignored; blank lines
are skipped.

Offsets: doccano keeps what its annotator (``v-annotator``) takes from the browser's selection, JavaScript
string indices, that is UTF-16 code units (doccano issue #2290). They are read as such and given in code
points; for a text without characters beyond U+FFFF (emoji, some rare scripts) the two agree. An offset that
falls between the two code units of one such character is a problem (``utf-16``). A project made with
"Count grapheme clusters as one character" counts grapheme clusters instead, which its export does not say:
such offsets are misread after a cluster that is not one UTF-16 code unit (an emoji, an accent written apart,
``\\r\\n``); turn the setting off before annotating.

A line is a document named by its ``id`` (else ``line N``); a span's ``where`` is ``label I`` (0-based) or
``entity ID``. doccano states no surface text. Problems, each naming the file, the line and the value: those
of ``newsprep.eval.io.jsonl.parse_line`` (``utf-8``, ``json``, ``object``, ...), ``required`` (no ``text``, an
entity without an offset or label), ``span-list`` (neither or both of ``label`` and ``entities``), ``type``,
``label-item`` (an item that is not ``[start, end, "LABEL"]``), ``offset`` (not a whole number >= 0),
``utf-16`` and ``text-size`` (a text of more than ``MAX_TEXT_CHARS``, refused before its spans are read). Lines
are read one at a time; once one has a problem no further document is yielded, the file is read to its end and
``InvalidInput`` lists every problem.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.jsonl"
>>> _ = path.write_text('{"id": 3, "text": "🐱 Putin", "label": [[3, 8, "PER"]]}\\n', encoding="utf-8")
>>> [doc] = read(path)
>>> doc.name, doc.spans
('3', (SourceSpan(start=2, end=7, label='PER', where='label 0', text=None, entity_id=None, line=None),))
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from pathlib import Path

from newsprep.eval.corpus.build import MAX_TEXT_CHARS
from newsprep.eval.corpus.source import SourceDoc, SourceSpan
from newsprep.eval.errors import MAX_PROBLEMS, InvalidInput, Problem, described, stop_problem
from newsprep.eval.io.jsonl import MAX_LINE_BYTES, STREAMED_BYTES, file_problem, parse_line, read_lines

NAME = "doccano"
DESCRIPTION = "doccano JSONL export of a sequence-labelling project: text and label [[start, end, LABEL]] or entities"

WIDE = re.compile("[\U00010000-\U0010ffff]")  # a character of two UTF-16 code units (a surrogate pair)


ENTITIES = "entities"  # the key of doccano's newer export (a list of span objects)

def from_utf16(text: str) -> Callable[[int], int | None]:
    """A function from an offset in UTF-16 code units of ``text`` (a JavaScript string index) to code points;
    None for one between the two code units of a character beyond U+FFFF. Past the text it counts on one for one.

    >>> at = from_utf16("🐱 cat")
    >>> at(0), at(1), at(2), at(6), at(9)
    (0, None, 1, 5, 8)
    """
    starts = [m.start() + k for k, m in enumerate(WIDE.finditer(text))]  # each wide character's first code unit
    if not starts:
        return lambda unit: unit

    def code_point(unit: int) -> int | None:
        before = bisect_left(starts, unit - 1)  # wide characters that end at or before ``unit``, if none is cut
        return None if before < len(starts) and starts[before] == unit - 1 else unit - before
    return code_point


def is_offset(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def document(record: dict, file: str, line: int) -> tuple[SourceDoc | None, list[Problem]]:
    """The document of one parsed line, or the problems that stop it."""
    problems: list[Problem] = []

    def problem(field: str, rule: str, detail: str) -> None:
        problems.append(Problem(file, line, field, rule, detail))

    text = record.get("text")
    if "text" not in record:
        problem("text", "required", f"no 'text' among the keys {sorted(record)[:10]}")
    elif not isinstance(text, str):
        problem("text", "type", f"expected the document's text, a str, got {described(text)}")
    elif len(text) > MAX_TEXT_CHARS:  # refused before its spans are read
        problem("text", "text-size", f"{len(text)} characters; at most {MAX_TEXT_CHARS} a document; split it")
        return None, problems
    body = text if isinstance(text, str) else ""
    ident = record.get("id", "")
    if not isinstance(ident, (str, int)) or isinstance(ident, bool):
        problem("id", "type", f"expected a str or int, got {described(ident)}")
    if ("label" in record) == (ENTITIES in record):
        problem("label", "span-list", "expected 'label' [[start, end, \"LABEL\"], ...] or 'entities' [{...}], "
                + ("found both" if "label" in record else "found neither"))
        return None, problems
    key = "label" if "label" in record else ENTITIES
    items = record[key]
    if not isinstance(items, list):
        problem(key, "type", f"expected a list, got {described(items)}")
        return None, problems
    code_point = from_utf16(body)
    names = ("[0]", "[1]", "[2]") if key == "label" else (".start_offset", ".end_offset", ".label")
    spans = []
    for i, item in enumerate(items):
        field = f"{key}[{i}]"
        if key == "label" and (not isinstance(item, list) or len(item) != 3):
            problem(field, "label-item", f"expected [start, end, \"LABEL\"], got {described(item)}")
            continue
        if key == ENTITIES and not isinstance(item, dict):
            problem(field, "type", f"expected an object, got {described(item)}")
            continue
        if key == ENTITIES and (missing := [k for k in ("start_offset", "end_offset", "label") if k not in item]):
            problem(field, "required", f"no {', '.join(map(repr, missing))} in {described(item)}")
            continue
        *offsets, label = item if key == "label" else (item["start_offset"], item["end_offset"], item["label"])
        where = f"label {i}" if key == "label" else f"entity {item['id']}" if "id" in item else f"entity [{i}]"
        bad = [(field + n, v) for n, v in zip(names, offsets) if not is_offset(v)]
        for name, value in bad:
            problem(name, "offset", f"{where}: expected a whole number >= 0, got {described(value)}")
        if not isinstance(label, str):
            problem(field + names[2], "label-item" if key == "label" else "type",
                    f"{where}: expected the label, a str, got {described(label)}")
        if bad or not isinstance(label, str):
            continue
        start, end = (code_point(v) for v in offsets)
        for name, unit, point in zip(names, offsets, (start, end)):
            if point is None:
                at = code_point(unit - 1)  # where the character that the offset cuts starts
                char = body[at] if at is not None else "?"
                problem(field + name, "utf-16", f"{where}: offset {unit} falls inside {char!r} (U+{ord(char):04X}), "
                                                "two UTF-16 code units; doccano counts UTF-16 code units")
        if start is not None and end is not None:
            spans.append(SourceSpan(start, end, label, where))
    if problems:
        return None, problems
    name = str(record["id"]) if "id" in record else f"line {line}"
    return SourceDoc(name, body, tuple(spans), file, line), []


def read(src: Path) -> Iterator[SourceDoc]:
    """The documents of the doccano JSONL file ``src`` one at a time, in file order (see the module docstring)."""
    file = str(src)
    if found := file_problem(Path(src), file, max_bytes=STREAMED_BYTES):
        raise InvalidInput([found])
    problems: list[Problem] = []
    try:
        with open(src, "rb") as handle:
            for number, (raw, size) in enumerate(read_lines(handle), start=1):
                stop: Problem | None
                if raw is None:
                    record, stop = None, Problem(file, number, "-", "line-size", f"{size} bytes > limit {MAX_LINE_BYTES}")
                else:
                    record, stop = parse_line(raw, file, number)
                if stop:
                    problems.append(stop)
                elif record is not None:
                    doc, found_problems = document(record, file, number)
                    problems += found_problems
                    if doc and not problems:
                        yield doc
                if len(problems) >= MAX_PROBLEMS:
                    raise InvalidInput(problems[:MAX_PROBLEMS] + [stop_problem(file, number)])
    except OSError as err:
        raise InvalidInput([Problem(file, None, "-", "readable", err.strerror or str(err))]) from None
    if problems:
        raise InvalidInput(problems)
