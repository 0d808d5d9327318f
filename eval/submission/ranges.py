"""The work on each range of documents, in the engine (``submission.engine``): the records routed to the range
are checked against the gold documents they name (ids, offsets, surfaces, overlaps, the task's own rules, one
record per document, every document given) and counted, each gold record read once; ``reduce_ranges`` joins the
ranges in order.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import newsprep.eval.tasks as registry
from newsprep.eval.data.dataset import CONFIGS, dataset_dir
from newsprep.eval.data.manifest import count_records
from newsprep.eval.errors import MAX_PROBLEMS, NewsPrepError, Problem
from newsprep.eval.io.jsonl import parse, parse_validated, read_lines
from newsprep.eval.io.progress import Progress, advance
from newsprep.eval.io.sources import open_input
from newsprep.eval.submission.blocks import Block, Entry
from newsprep.eval.tasks.counting import Counting, add_document, documents_cursor, gold_layers
from newsprep.eval.types import SEGMENT_ID
from newsprep.eval.validate.columns import opened

ONE_PER_DOCUMENT = ("a submission holds one record per document: join the records of one document (one per segment or "
                    "token-view row, offsets shifted into the document) with group_records(records)")
MISSING_KEPT = 11
PROGRESS_EVERY = 512  # documents between two words to a progress bar  # ids of missing documents a range reports (enough for ``listed``)


def document_bounds(root: Path | None, partitions: int) -> list[tuple[int, str]]:
    """``(position, id)`` of the first document of each of ``partitions`` ranges of the documents file, then
    ``(total, END)``. A range may be empty (fewer documents than ranges): its id is its successor's."""
    path = (root or dataset_dir()) / CONFIGS["documents"].path
    total = count_records(path)
    cuts = [total * k // partitions for k in range(partitions + 1)]
    ids: dict[int, str] = {}
    with open(path, "rb") as handle:
        position = 0
        for raw, _ in read_lines(handle):
            if raw is None or not raw.strip():
                continue
            if position in cuts:
                ids[position] = parse_validated(raw)["id"]
            position += 1
    return [(at, ids.get(at, END)) for at in cuts]


END = "\U0010ffff"  # sorts after every document id: the "first id" of the end


def first_ids(bounds: list[tuple[int, str]]) -> list[str]:
    """The first ids of ranges 1, 2, ...: what a block routes by."""
    return [doc for _, doc in bounds[1:-1]]


def routed_to(block: Block, k: int) -> list[Entry]:
    return block.routed[k]


@dataclass
class Labels:
    """The records of one task whose items carry labels outside the header's label set: counted, and named in one
    problem by the engine, instead of one problem per item."""

    records: int = 0
    items: Counter[str] = field(default_factory=Counter)  # label -> items
    first: tuple[int, int] | None = None  # (block, line in the block) of the first such record

    def add(self, other: Labels) -> None:
        self.records += other.records
        self.items.update(other.items)
        self.first = min(f for f in (self.first, other.first) if f is not None) if self.first or other.first else None


@dataclass
class Joined:
    """What the document ranges found, joined in order."""

    problems: list[Problem] = field(default_factory=list)
    labels: dict[str, Labels] = field(default_factory=dict)  # by task
    missing: dict[str, tuple[int, list[str]]] = field(default_factory=dict)  # task -> (count, first ids)
    counts: dict[str, Any] = field(default_factory=dict)  # as count_documents gives


def join_range(k: int, pieces: list[list[Entry]], *, bounds: list[tuple[int, str]], where: list[tuple[str, int]],
               root: Path | None, seen: list[str], count: list[str], label_set: str, keep_rows: bool,
               progress: Progress | None = None, columns: Path | None = None) -> Joined:
    """Check range ``k``'s records against its gold documents, and count them; ``progress`` is told of the
    documents done.

    ``where[b]`` is block b's file and the number of lines before it in that file; ``columns`` the gold's column
    cache (``validate.columns``), read in place of its JSON where it opens."""
    lo, hi = bounds[k][0], bounds[k + 1][0]
    entries: dict[str, list[Entry]] = defaultdict(list)
    for piece in pieces:
        for entry in piece:
            entries[entry.doc].append(entry)
    out = Joined(missing={task: (0, []) for task in seen})
    counting = Counting(count, keep_rows=keep_rows, label_set=label_set)
    check = RangeCheck(where, label_set, out.problems, out.labels)
    base = root or dataset_dir()
    held = opened(columns)
    docs = documents_cursor(base, held)
    layers = gold_layers(base, count, held) if count else {}
    try:
        for layer in (docs, *layers.values()):
            layer.skip(lo)
        untold = 0  # documents done and not yet told to ``progress``
        for _ in range(lo, hi):
            if untold == PROGRESS_EVERY:
                advance(progress, untold)
                untold = 0
            untold += 1
            doc = docs.next_record()
            if doc is None:
                raise NewsPrepError(f"{docs.path}: fewer documents than when it was counted (file changed?)")
            given = entries.pop(doc["id"], [])
            kept: dict[str, dict[str, dict]] = {}
            for task in seen:
                mine = sorted((e for e in given if e.task == task), key=lambda e: (e.block, e.line))
                if not mine:
                    n, ids = out.missing[task]
                    out.missing[task] = (n + 1, ids if len(ids) >= MISSING_KEPT else ids + [doc["id"]])
                    continue
                record = check.document(task, doc["text"], mine)
                if record is not None:
                    kept[task] = {doc["id"]: record}
            if count and all(task in kept for task in count):
                add_document(counting, doc, layers, kept)
        advance(progress, untold)
        for given in entries.values():  # ids that name no document of the range
            for entry in given:
                check.unknown(entry)
    finally:
        for layer in (docs, *layers.values()):
            layer.close()
        check.close()
    out.problems.sort(key=lambda p: p.line or 0)
    del out.problems[MAX_PROBLEMS + 1:]
    out.counts = counting.finish() if count else {}
    return out


class RangeCheck:
    """The one-process reader's per-document rules, for the records of one document in file order."""

    def __init__(self, where: list[tuple[str, int]], label_set: str, problems: list[Problem],
                 labels: dict[str, Labels] | None = None):
        self.where, self.label_set, self.problems = where, label_set, problems
        self.labels = labels if labels is not None else {}
        self.handles: dict[str, Any] = {}

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()

    def locate(self, entry: Entry) -> tuple[str, int]:
        name, before = self.where[entry.block]
        return name, before + entry.line

    def read(self, entry: Entry) -> dict:
        """The record of a valid entry: from the bytes its block kept (checked then), else read again."""
        if entry.raw is not None:
            return parse_validated(entry.raw) if entry.plain else parse(entry.raw)
        name = self.where[entry.block][0]
        if name not in self.handles:
            self.handles[name] = open_input(name)
        handle = self.handles[name]
        handle.seek(entry.offset)
        return parse(handle.readline())

    def add(self, entry: Entry, found) -> None:
        name, line = self.locate(entry)
        self.problems.extend(Problem(name, line, fld, rule, detail) for fld, rule, detail in found)

    def outside(self, task: str, entry: Entry, record: dict) -> bool:
        """Count the record's labels outside the label set, if any (True)."""
        unknown = registry.get(task).unknown_labels(record, self.label_set)
        if unknown:
            self.labels.setdefault(task, Labels()).add(Labels(1, Counter(unknown), (entry.block, entry.line)))
        return bool(unknown)

    def document(self, task: str, text: str, entries: list[Entry]) -> dict | None:
        """The record kept for the document, if one met every rule; problems added for the others."""
        first_line, kept = None, None
        for entry in entries:
            line = self.locate(entry)[1]
            if not entry.valid:
                first_line = first_line if first_line is not None else line
                continue
            record = self.read(entry)
            declared = registry.get(task)
            types = declared.record_problems(record, self.label_set)
            outside = self.outside(task, entry, record)
            if kept is not None:
                self.add(entry, [("doc", "duplicate-record", f"{task} for {entry.doc!r} already given on line {first_line}; "
                                  f"{ONE_PER_DOCUMENT}"), *types])
                continue
            first_line = line
            found = types or ([] if outside else declared.text_problems(text, record))
            self.add(entry, found)
            if not found and not outside:
                kept = record
        return kept

    def unknown(self, entry: Entry) -> None:
        if not entry.valid:
            return
        record = self.read(entry)
        self.outside(entry.task, entry, record)
        segment = SEGMENT_ID.match(entry.doc)
        found = [("doc", "known-document", f"{entry.doc!r} is not a document id" + (
            f"; it names a segment of {segment['doc']!r}, and {ONE_PER_DOCUMENT}" if segment else ""))]
        found += registry.get(entry.task).record_problems(record, self.label_set)
        self.add(entry, found)


def reduce_ranges(*parts: Joined) -> Joined:
    """The ranges' results joined in order: problems listed, missing documents added, tallies merged."""
    out = Joined()
    for part in parts:
        out.problems += part.problems
        for task, labels in part.labels.items():
            out.labels.setdefault(task, Labels()).add(labels)
        for task, (count, ids) in part.missing.items():
            before, kept = out.missing.get(task, (0, []))
            out.missing[task] = (before + count, (kept + ids)[:MISSING_KEPT])
    counted = [p.counts for p in parts if p.counts]
    if counted:
        for task in counted[0]:
            out.counts[task] = registry.get(task).merge([c[task] for c in counted])
    return out
