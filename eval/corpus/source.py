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

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newsprep.eval.errors import InvalidInput, Problem
from newsprep.eval.types import CATEGORIES, TYPES

BOILERPLATE = "boilerplate:"  # a map target (and a NewsPrep label) "boilerplate:CATEGORY"
IGNORE = "ignore"
TARGETS = (*TYPES, *(BOILERPLATE + c for c in CATEGORIES), IGNORE)


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
    def parse(cls, table: Mapping[str, str] | None = None, *, source: str = "--labels") -> LabelMap:
        """A map from a dict; each value must be one of ``TARGETS``, else ``InvalidInput`` names the label."""
        table = dict(table or {})
        bad = [Problem(source, None, str(k), "label-target",
                       f"{v!r} is not an OntoNotes type, boilerplate:CATEGORY ({', '.join(CATEGORIES)}) or ignore")
               for k, v in table.items() if not isinstance(k, str) or v not in TARGETS]
        if bad:
            raise InvalidInput(bad)
        return cls(table)

    @classmethod
    def read(cls, path: str | os.PathLike) -> LabelMap:
        """A map from a JSON object file (``{"PER": "PERSON", ...}``) or a two-column CSV (``PER,PERSON``)."""
        label = str(path)
        try:
            raw = Path(path).read_bytes().decode("utf-8")
        except OSError as err:
            raise InvalidInput([Problem(label, None, "-", "readable", err.strerror or str(err))]) from None
        except UnicodeDecodeError as err:
            raise InvalidInput([Problem(label, None, "-", "utf-8", f"byte {err.start} is not UTF-8")]) from None
        if Path(path).suffix.lower() == ".json":
            try:
                table = json.loads(raw)
            except ValueError as err:
                raise InvalidInput([Problem(label, None, "-", "json", str(err)[:200])]) from None
            if not isinstance(table, dict):
                raise InvalidInput([Problem(label, None, "-", "label-map", "expected a JSON object {label: target}")])
            return cls.parse(table, source=label)
        table, problems = {}, []
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = [c.strip() for c in line.split(",")]
            if len(cells) != 2:
                problems.append(Problem(label, number, "-", "label-map", f"{line[:60]!r}: expected LABEL,TARGET"))
            else:
                table[cells[0]] = cells[1]
        if problems:
            raise InvalidInput(problems)
        return cls.parse(table, source=label)

    def target(self, label: str) -> str | None:
        """What ``label`` becomes: the table's entry, else the label itself if it is NewsPrep's own, else None."""
        if label in self.table:
            return self.table[label]
        return label if label in TARGETS and label != IGNORE else None
