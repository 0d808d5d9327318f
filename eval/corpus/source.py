"""What a format's reader gives the importer: documents with labelled character spans, each span named by
the export's own coordinates (brat ``T3``, a Label Studio task and result id, a doccano line), so that every
later problem can be told in them.

Labels are the tool's own. The label map (``LabelMap``) turns each into what NewsPrep annotates: an
OntoNotes 5 entity type, a boilerplate category (``boilerplate:navigation``), or ``ignore``. With no map
given, only NewsPrep's own labels are known: the 18 OntoNotes types and ``boilerplate:CATEGORY``, which is
what ``newsprep export`` writes, so that an export imports again as it was.

>>> labels = LabelMap.parse({"PER": "PERSON", "Nav": "boilerplate:navigation", "Misc": "ignore"})
>>> labels.target("PER"), labels.target("Nav"), labels.target("Misc"), labels.target("GPE")
('PERSON', 'boilerplate:navigation', 'ignore', 'GPE')
>>> labels.target("Foo") is None
True
"""
from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newsprep.eval.errors import InvalidInput, Problem
from newsprep.eval.io.jsonl import DuplicateKey, exact, file_problem
from newsprep.eval.types import CATEGORIES, TYPES

BOILERPLATE = "boilerplate:"  # a map target (and a NewsPrep label) "boilerplate:CATEGORY"
IGNORE = "ignore"
TARGETS = (*TYPES, *(BOILERPLATE + c for c in CATEGORIES), IGNORE)
MAX_LABEL_MAP_BYTES = 1_000_000  # a label map names a tool's labels: tens of lines; a larger file is refused unread


@dataclass(frozen=True)
class SourceSpan:
    """One labelled span ``[start, end)`` in code points of its document's text, as the export gives it.

    ``where`` names it in the export (``"T3"``, ``"task 17, result 'a1b2'"``, ``"label 2"``); ``text`` is the
    surface the export states, or None where it states none (the importer checks it against the text);
    ``entity_id`` is a cross-document id where the format carries one (brat ``AnnotatorNotes``, spaCy
    ``kb_id_``); ``line`` the span's own line where the export gives each span one (CoNLL), else the document's
    line names it.
    """

    start: int
    end: int
    label: str
    where: str
    text: str | None = None
    entity_id: str | None = None
    line: int | None = None  # the span's own line in the export, where the format has lines per span (CoNLL)


@dataclass(frozen=True)
class SourceDoc:
    """One document of an export: its text, exactly, and its spans.

    ``name`` is the document's name in the export (a brat file's stem, a Label Studio task id, a doccano line's
    ``id``), kept as provenance; ``file`` and ``line`` say where it was read (``line`` None where the format
    has no lines, e.g. a brat ``.ann`` file is named by ``file`` alone).
    """

    name: str
    text: str
    spans: tuple[SourceSpan, ...]
    file: str
    line: int | None = None
    sentences: tuple[tuple[int, int], ...] | None = field(default=None)  # given by the format (CoNLL), else derived


@dataclass(frozen=True)
class LabelMap:
    """The user's table from a tool's labels to NewsPrep's (see the module docstring)."""

    table: Mapping[str, str]

    @classmethod
    def parse(cls, table: Mapping[str, str] | None = None, *, source: str = "--labels",
              lines: Mapping[str, int] | None = None) -> LabelMap:
        """A map from a dict: each key a str (``label-map``), each value one of ``TARGETS`` (``label-target``);
        else ``InvalidInput`` names the label, and its line in ``source`` where ``lines`` gives it."""
        table, lines = dict(table or {}), lines or {}
        bad = [Problem(source, None, repr(k), "label-map", f"the label {k!r} is not a string ({type(k).__name__})")
               if not isinstance(k, str) else
               Problem(source, lines.get(k), k, "label-target",
                       f"{v!r} is not an OntoNotes type, boilerplate:CATEGORY ({', '.join(CATEGORIES)}) or ignore")
               for k, v in table.items() if not isinstance(k, str) or v not in TARGETS]
        if bad:
            raise InvalidInput(bad)
        return cls(table)

    @classmethod
    def read(cls, path: str | os.PathLike) -> LabelMap:
        """A map from a JSON object file (``{"PER": "PERSON", ...}``, parsed exactly: a key twice is refused) or a
        two-column CSV (``PER,PERSON``; quotes as the ``csv`` module reads them, spaces after a comma skipped, lines
        starting with ``#`` and blank lines ignored; a label on two lines is refused, ``label-map-duplicate``).
        Either is UTF-8, a byte order mark allowed, and at most ``MAX_LABEL_MAP_BYTES``."""
        label = str(path)
        if found := file_problem(Path(path), label, max_bytes=MAX_LABEL_MAP_BYTES):
            raise InvalidInput([found])
        try:
            raw = Path(path).read_bytes().decode("utf-8-sig")
        except OSError as err:
            raise InvalidInput([Problem(label, None, "-", "readable", err.strerror or str(err))]) from None
        except UnicodeDecodeError as err:
            raise InvalidInput([Problem(label, None, "-", "utf-8", f"byte {err.start} is not UTF-8")]) from None
        if Path(path).suffix.lower() == ".json":
            return cls.parse(json_table(raw, label), source=label)
        table, lines = csv_table(raw, label)
        return cls.parse(table, source=label, lines=lines)

    def target(self, label: str) -> str | None:
        """What ``label`` becomes: the table's entry, else the label itself if it is NewsPrep's own, else None."""
        if label in self.table:
            return self.table[label]
        return label if label in TARGETS and label != IGNORE else None


def json_table(raw: str, label: str) -> dict:
    """The object of a JSON label map, parsed exactly (``newsprep.eval.io.jsonl.exact``): a label twice is refused."""
    try:
        table = exact(raw)
    except DuplicateKey as err:
        raise InvalidInput([Problem(label, None, err.key, "label-map-duplicate", str(err))]) from None
    except (ValueError, RecursionError) as err:
        raise InvalidInput([Problem(label, None, "-", "json", str(err)[:200] or "nested too deep")]) from None
    if not isinstance(table, dict):
        raise InvalidInput([Problem(label, None, "-", "label-map", "expected a JSON object {label: target}")])
    return table


def csv_table(raw: str, label: str) -> tuple[dict[str, str], dict[str, int]]:
    """The table of a CSV label map and each label's line; every bad or repeated row is a problem."""
    table: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    rows = csv.reader(io.StringIO(raw, newline=""), skipinitialspace=True)
    try:
        for row in rows:
            number, cells = rows.line_num, [c.strip() for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if len(cells) != 2 or not cells[0]:
                problems.append(Problem(label, number, "-", "label-map", f"{','.join(row)[:60]!r}: expected LABEL,TARGET"))
            elif cells[0] in lines:
                problems.append(Problem(label, number, cells[0], "label-map-duplicate",
                                        f"label {cells[0]!r} is on line {lines[cells[0]]} and line {number}"))
            else:
                table[cells[0]], lines[cells[0]] = cells[1], number
    except csv.Error as err:
        problems.append(Problem(label, rows.line_num, "-", "label-map", f"not CSV: {err}"))
    if problems:
        raise InvalidInput(problems)
    return table, lines
