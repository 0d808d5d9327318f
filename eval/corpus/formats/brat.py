"""brat standoff: a folder of ``NAME.txt`` (a document's text, byte for byte) and ``NAME.ann`` (its
annotations) pairs, read in sorted name order; other files (``annotation.conf``) are ignored. Suffixes are
matched in any case (``NAME.TXT`` and ``NAME.ANN`` are read too) and paired by the name before them; two texts
or two ``.ann`` files of one name (``a.txt`` and ``a.TXT``) are a problem (``brat-pair``).

- A ``T`` line (``T3<tab>PERSON 0 5<tab>Putin``) is one span: the type is its label, the id its ``where``, the
  surface the line states its ``text``.
- A span in fragments (``GPE 0 5;6 11``, as brat and ``newsprep export`` write a span that crosses line
  ends) runs from the first fragment's start to the last one's end. Each fragment's start is before its end
  (rule ``brat-offsets``), and the fragments must be separated by line ends only (rule ``discontinuous``); the
  surface brat states for them, their texts joined by a space, is given as the text it stands for, with the
  line ends.
- ``#1<tab>AnnotatorNotes T3<tab>Q7747`` gives T3's ``entity_id``.
- ``A1<tab>Category T5 navigation`` on a ``Boilerplate`` span makes its label ``boilerplate:navigation``
  (``newsprep export`` writes boilerplate so); ``Boilerplate`` without a category keeps its label.
- Other lines (relations, events, normalizations, other notes and attributes) are ignored. A ``T``, ``A``
  or ``#`` line that cannot be read is a problem naming the ``.ann`` file, the line and the id: rules
  ``brat-line``, ``brat-offsets`` (not ``START END[;START END]...``), ``brat-id`` (an id used twice) and
  ``brat-ref`` (a note or category on a ``T`` id the file lacks, or a second one on the same ``T``). A ``T``,
  ``A`` or ``#`` line after white space is refused (``brat-line``), not passed over as another kind of line.
  A byte order mark at the start of an ``.ann`` file is dropped (in a ``.txt`` it is a character of the text,
  as brat counts it).
- A ``.txt`` without ``.ann`` is a document without spans; an ``.ann`` without ``.txt`` is a problem
  (``brat-pair``); bytes that are not UTF-8 are a ``utf-8`` problem naming the byte. Each file must be a regular
  file (``file_problem``), a ``.txt`` at most ``TXT_BYTES``, an ``.ann`` at most ``MAX_FILE_BYTES``.

>>> ann = "T1\\tGPE 11 16;17 22\\tNorth Korea\\n#1\\tAnnotatorNotes T1\\tQ423\\n"
>>> ann_spans(ann, "Putin left North\\nKorea.")
(SourceSpan(start=11, end=22, label='GPE', where='T1', text='North\\nKorea', entity_id='Q423', line=None),)
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from newsprep.eval.corpus.build import MAX_TEXT_CHARS
from newsprep.eval.corpus.source import BOILERPLATE, SourceDoc, SourceSpan
from newsprep.eval.errors import MAX_PROBLEMS, InvalidInput, Problem, stop_problem
from newsprep.eval.io.jsonl import MAX_FILE_BYTES, file_problem

NAME = "brat"
DESCRIPTION = "brat standoff: a folder of NAME.txt and NAME.ann pairs (T lines, AnnotatorNotes, Category)"

TXT_BYTES = 4 * MAX_TEXT_CHARS  # a longer .txt holds more characters than a document may (rule text-size)
OFFSETS = re.compile(r"\d+ \d+(?:;\d+ \d+)*", re.ASCII)


class Unreadable(Exception):
    """A ``T``, ``A`` or ``#`` line that cannot be read: ``args`` are the rule and what is wrong."""


def bound(fields: list[str], text: str) -> SourceSpan:
    """The span of a ``T`` line split at its first two tabs (id, ``TYPE START END[;START END]...``, surface)."""
    if len(fields) < 2 or not fields[0]:
        raise Unreadable("brat-line", "expected ID<tab>TYPE START END<tab>TEXT")
    label, _, offsets = fields[1].partition(" ")
    if not label:
        raise Unreadable("brat-line", f"no type before the offsets {offsets!r}")
    if not OFFSETS.fullmatch(offsets):
        raise Unreadable("brat-offsets", f"offsets {offsets!r} are not START END[;START END]... in whole numbers")
    parts = [(int(s), int(e)) for s, e in (p.split(" ") for p in offsets.split(";"))]
    if inverted := next((f"{s} {e}" for s, e in parts if s >= e), None):
        raise Unreadable("brat-offsets", f"fragment {inverted!r} of {offsets!r}: its start must be before its end")
    for (_, e), (s, _) in zip(parts, parts[1:]):
        if not e < s <= len(text) or text[e:s].strip("\r\n"):
            past = f", and the text ends at {len(text)}" if s > len(text) else ""
            raise Unreadable("discontinuous", f"fragments {offsets!r} must be in order with line ends only between "
                                              f"them; between {e} and {s} lies {text[e:s]!r}{past}")
    start, end = parts[0][0], parts[-1][1]
    stated = fields[2] if len(fields) > 2 else None
    joined = sum(e - s for s, e in parts) + len(parts) - 1  # the length of the fragments' texts joined by spaces
    if len(parts) > 1 and stated is not None and len(stated) == joined and stated == " ".join(text[s:e] for s, e in parts):
        stated = text[start:end]  # brat's joining spaces stand for the line ends between the fragments
    return SourceSpan(start, end, label, fields[0], stated)


def reference(fields: list[str], kind: str) -> tuple[str, str, str] | None:
    """``(name, T-id, value)`` of a note (``kind`` "#") or attribute ("A") line split at its first two tabs; None
    for one that names no ``T`` id (it is ignored)."""
    words = fields[1].split(" ") if len(fields) > 1 and fields[0] else []
    if kind == "#" and (len(fields) != 3 or len(words) != 2 or not all(words)):
        raise Unreadable("brat-line", "expected #ID<tab>NOTE TARGET<tab>TEXT")
    if kind == "A" and (len(fields) != 2 or len(words) not in (2, 3) or not all(words)):
        raise Unreadable("brat-line", "expected ID<tab>NAME TARGET [VALUE]")
    value = fields[2] if kind == "#" else words[2] if len(words) == 3 else ""
    return (words[0], words[1], value) if words[1].startswith("T") else None


def ann_spans(ann: str, text: str, *, file: str = "ann") -> tuple[SourceSpan, ...]:
    """The spans of ``.ann`` text over the document ``text``, in the order of their ``T`` lines; every line
    that cannot be read is a ``Problem`` of ``file`` (``InvalidInput``). See the module docstring."""
    spans: dict[str, SourceSpan] = {}
    extra: dict[tuple[str, str], str] = {}  # (T-id, "entity_id" or "category") -> value
    refs: list[tuple[int, str, str, str]] = []  # (line, note or attribute id, its name, T-id): checked at the end
    problems: list[Problem] = []
    for number, line in enumerate(ann.removeprefix("\ufeff").split("\n"), start=1):
        line = line.removesuffix("\r")
        fields = line.split("\t", 2)
        try:
            if line[:1] != line.lstrip()[:1] and line.lstrip()[:1] in ("T", "A", "#"):
                raise Unreadable("brat-line", "white space before the id; brat reads an id only at the start of a line")
            if line[:1] == "T":
                span = bound(fields, text)
                if span.where in spans:
                    raise Unreadable("brat-id", f"{span.where} is used twice")
                spans[span.where] = span
            elif line[:1] in ("A", "#") and (found := reference(fields, line[0])):
                name, target, value = found
                key = (target, {"AnnotatorNotes": "entity_id", "Category": "category"}.get(name, ""))
                if key[1] and key in extra:
                    raise Unreadable("brat-ref", f"a second {name} on {target}")
                if key[1]:
                    extra[key] = value
                    refs.append((number, fields[0], name, target))
        except Unreadable as err:
            ident = fields[0].strip().split(" ", 1)[0] or "-"  # "T2" also where a space stands for the tab
            problems.append(Problem(file, number, ident, err.args[0], f"{line[:80]!r}: {err.args[1]}"))
            if len(problems) >= MAX_PROBLEMS:
                problems.append(stop_problem(file, number))
                break
    problems += [Problem(file, number, ident, "brat-ref", f"{name} on {target}, which no T line defines")
                 for number, ident, name, target in refs if target not in spans]
    if problems:
        raise InvalidInput(problems)
    for tid, span in spans.items():
        category = extra.get((tid, "category")) if span.label == "Boilerplate" else None
        spans[tid] = replace(span, label=BOILERPLATE + category if category else span.label,
                             entity_id=extra.get((tid, "entity_id")))
    return tuple(spans.values())


def decoded(path: Path, problems: list[Problem], max_bytes: int) -> str:
    """The UTF-8 text of ``path``, a regular file of at most ``max_bytes`` (``file_problem``); a file that cannot be
    read or decoded adds a problem and gives ""."""
    if found := file_problem(path, str(path), max_bytes=max_bytes):
        problems.append(found)
        return ""
    try:
        data = path.read_bytes()
        return data.decode("utf-8")  # strictly, and no newline translation: the text byte for byte
    except OSError as err:
        problems.append(Problem(str(path), None, "-", "readable", err.strerror or str(err)))
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problems.append(Problem(str(path), line, "-", "utf-8",
                                f"byte {err.start} {data[err.start:err.end]!r} is not UTF-8"))
    return ""


def read(src: Path) -> Iterator[SourceDoc]:
    """The documents of the brat folder ``src``, one at a time in sorted name order; each file is read when
    its document is reached."""
    src = Path(src)
    if not src.is_dir():
        raise InvalidInput([Problem(str(src), None, "-", "readable", "not a folder of NAME.txt and NAME.ann files")])
    found: dict[str, dict[str, list[Path]]] = {}  # stem -> ".txt" or ".ann" -> the files, suffixes in any case
    for path in src.iterdir():
        if path.suffix.lower() in (".txt", ".ann") and path.is_file():
            found.setdefault(path.stem, {".txt": [], ".ann": []})[path.suffix.lower()].append(path)
    for name in sorted(found):
        problems: list[Problem] = []
        for paths in found[name].values():
            if len(paths) > 1:
                problems.append(Problem(str(paths[1]), None, "-", "brat-pair", f"{paths[0].name} is there too: one "
                                        "text and one .ann a name"))
        txts, anns = found[name][".txt"], found[name][".ann"]
        txt, ann = txts[0] if txts else None, anns[0] if anns else None
        if txt is None:
            problems.append(Problem(str(ann), None, "-", "brat-pair", f"no {name}.txt beside it"))
        text = decoded(txt, problems, TXT_BYTES) if txt is not None else ""
        annotations = decoded(ann, problems, MAX_FILE_BYTES) if ann is not None else ""
        if problems:
            raise InvalidInput(problems)
        file = str(ann if ann is not None else txt)  # a document without .ann is named by its .txt
        yield SourceDoc(name, text, ann_spans(annotations, text, file=file), file)
