"""Validating a submission in byte ranges ("blocks"), so that no one process reads the whole file first.

A block checks what its lines alone decide: each line's JSON rules and
schema, the ends of each duplicates pair, and where the header records are.
Each boilerplate or entities record is routed, as an ``Entry`` (its line's
bytes, so that the block is read once), to the range of documents that holds
its document id; the rules
that need the document's text or the other records of the same document
(known id, offsets, surfaces, overlaps, types, one record per document, every
document covered) are checked where those ranges are joined with the gold
(``newsprep.eval.submission.ranges``). Line numbers are counted within the
block; the caller adds the number of lines before it.

A block keeps the bytes of the lines it routes up to ``KEEP_BYTES``; a line
past that is routed by its offset alone and read again where its range is
joined, so that memory stays bounded on a submission of any size.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "sub.jsonl"
>>> _ = path.write_text('{"task": "header", "dataset_version": "0.4.3", "system": "x"}\\n'
...                     '{"task": "entities", "doc": "d003", "mentions": []}\\n{"task": "entities"}\\n')
>>> block = validate_block(0, str(path), 0, path.stat().st_size, bounds=["d002"])
>>> block.lines, [h[0] for h in block.headers], [str(p) for p in block.problems]
(3, [1], [...sub.jsonl:3: doc: schema:required ('doc' is a required property)", ...])
>>> block.routed[1]
[Entry(doc='d003', task='entities', block=0, line=2, offset=62, valid=True, raw=b'{"task": "entities", "doc": "d003", "mentions": []}\\n', plain=True)]
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

import newsprep.eval.tasks as registry
from newsprep.eval.errors import MAX_PROBLEMS, Problem
from newsprep.eval.io.jsonl import MAX_LINE_BYTES, parse_line, parse_validated
from newsprep.eval.io.sources import lines_in
from newsprep.eval.submission.schema import record_schema_problems
from newsprep.eval.submission.typed import decode
from newsprep.eval.tasks import Task


class Entry(NamedTuple):
    """A record of a per-document task: its line's bytes (``raw``), or where to read it again (``offset`` in the
    block's file) when the block kept no more.

    ``valid`` is False for a record that broke a line or schema rule: it still counts as given for
    its document, and is not read again."""

    doc: str
    task: str
    block: int
    line: int  # within the block
    offset: int
    valid: bool
    raw: bytes | None = None
    plain: bool = False  # the typed reader took the line (``submission.typed``): orjson reads it again as it was


KEEP_BYTES = 256 << 20  # the bytes of routed lines one block keeps; past them a line is read again by offset


@dataclass
class Block:
    """What validating one block found (line numbers within the block)."""

    index: int
    lines: int = 0  # lines starting in the block, blank ones included
    first_record: int | None = None  # the first line that is not blank
    problems: list[Problem] = field(default_factory=list)
    headers: list[tuple[int, dict]] = field(default_factory=list)  # header records that met the schema
    seen: set[str] = field(default_factory=set)  # tasks named by a record (valid or not)
    whole: list[tuple[int, str, dict, list]] = field(default_factory=list)  # (line, task, record, its problems) of the tasks not per document
    routed: list[list[Entry]] = field(default_factory=list)  # per range of documents

    def summary(self) -> Block:
        """The block without its routed entries: what the driver needs (the entries stay with the workers)."""
        return replace(self, routed=[])


def validate_block(index: int, path: str, start: int, end: int, *, bounds: list[str], root: Path | None = None,
                   label: str | None = None, keep_bytes: int | None = None) -> Block:
    """Check the lines of ``path`` that start in ``[start, end)``; ``bounds`` are the first document ids of
    ranges 1, 2, ... (range 0 starts at the first document). The lines routed are kept up to ``keep_bytes``
    (default ``KEEP_BYTES``)."""
    name = label or path
    keep_bytes = KEEP_BYTES if keep_bytes is None else keep_bytes
    out = Block(index, routed=[[] for _ in range(len(bounds) + 1)])
    kept = 0
    references: dict[str, Any] = {}  # Task.reference of the tasks not per document, read when their first record comes
    for at, raw, size in lines_in(path, start, end):
        out.lines += 1
        line = out.lines
        typed = decode(raw) if raw is not None else None  # a plain line that meets its schema: one parse, in C
        record: dict | None = None
        problem: Problem | None = None
        if typed is None:
            if raw is None:
                problem = Problem(name, line, "-", "line-size", f"{size} bytes > limit {MAX_LINE_BYTES}")
            else:
                # line 1 of a file is where a byte-order mark is looked for: only the first block holds it
                record, problem = parse_line(raw, name, line if start == 0 else line + 1)
                problem = problem and replace(problem, line=line)
                if record is None and problem is None:
                    continue  # a blank line
        if out.first_record is None:
            out.first_record = line
        if len(out.problems) >= MAX_PROBLEMS:
            continue  # enough to report; the lines are still counted
        task: Task | None
        if typed is not None:
            task, doc, found = registry.get(typed[0]), typed[1], []
        elif problem or record is None:
            out.problems.extend([problem] if problem else [])
            continue
        else:
            found = record_schema_problems(record, name, line)
            task = registry.get(record["task"]) if type(record.get("task")) is str and record["task"] in registry.names() else None
            doc = record.get("doc")
        if task is not None:
            out.seen.add(task.name)
        if found:
            out.problems.extend(found)
            if task is not None and task.per_document and isinstance(doc, str):
                route(out, bounds, Entry(doc, task.name, index, line, at, False))
        elif task is None:  # the schema allows no other task
            assert record is not None
            out.headers.append((line, record))
        elif not task.per_document:
            if task.name not in references:
                references[task.name] = task.reference(root)
            if record is None:
                assert raw is not None  # the typed reader took it
                record = parse_validated(raw)
            out.whole.append((line, task.name, record, task.whole_problems(record, references[task.name])))
        else:
            assert raw is not None and isinstance(doc, str)
            keep = kept + len(raw) <= keep_bytes
            kept += len(raw) if keep else 0
            route(out, bounds, Entry(doc, task.name, index, line, at, True, raw if keep else None, typed is not None))
    return out


def route(out: Block, bounds: list[str], entry: Entry) -> None:
    out.routed[bisect.bisect_right(bounds, entry.doc)].append(entry)
