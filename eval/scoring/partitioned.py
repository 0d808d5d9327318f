"""Scoring a submission in partitions, on a Dask cluster or in this process: the same report as ``score_file``.

The submission (one file, shards matched by a glob, or ``fsspec`` URLs) is cut
into byte blocks; the gold documents into consecutive ranges. The job is a
small task graph:

1. ``document_bounds``: how many documents there are, and the first id of each range.
2. ``validate_block`` for each block (``newsprep.eval.submission.blocks``): the
   rules a line alone decides; each record is routed to its document's range.
3. the driver gathers the blocks' summaries (problems, headers, pairs, line
   counts; never the records) and checks the header and the pairs.
4. ``join_range`` for each range, on the workers: its records, gathered from every
   block, are checked against the gold documents they name (ids, offsets,
   surfaces, overlaps, types, one record per document, every document given)
   and counted into tallies, read once per document from the gold files.
5. ``reduce_ranges``: the ranges' tallies joined in order, on a worker; only the
   joined tallies (the per-document rows the intervals need) and the problems
   come back.

Problems from every step are sorted by file and line and capped at
``MAX_PROBLEMS`` as in one process; if there is any, nothing is scored. A
task that fails or a cluster that loses its workers raises ``NewsPrepError``:
a score is given whole or not at all.

>>> report = score_partitioned("run/part-*.jsonl", client=client, partitions=4)   # doctest: +SKIP
"""
from __future__ import annotations

import errno
import os
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import newsprep.eval.tasks as registry
from newsprep.eval.data.dataset import CONFIGS, data_version, dataset_dir
from newsprep.eval.data.goldfile import Layer
from newsprep.eval.data.manifest import count_records
from newsprep.eval.errors import MAX_PROBLEMS, InvalidInput, NewsPrepError, Problem, stop_problem
from newsprep.eval.io.jsonl import file_problem, parse, parse_validated, read_lines
from newsprep.eval.io.sources import byte_ranges, expand, is_url, open_input, size_of
from newsprep.eval.parallel.cluster import InProcess
from newsprep.eval.scoring.batch import Counting, per_document_tasks
from newsprep.eval.scoring.report import Report
from newsprep.eval.scoring.score import report_from_counts, requested
from newsprep.eval.scoring.stream import add_document, count_whole, gold_layers
from newsprep.eval.settings import RESAMPLES, SEED
from newsprep.eval.submission.blocks import Block, Entry, validate_block
from newsprep.eval.submission.model import SubmissionIndex, mark_validated, same_minor
from newsprep.eval.submission.read import listed
from newsprep.eval.validate.gold import require_valid

MISSING_KEPT = 11  # ids of missing documents a range reports (enough for ``listed``)


def score_partitioned(spec: str | os.PathLike, *, client: Any = None, partitions: int = 1, root: Path | None = None,
                      tasks: tuple[str, ...] | None = None, resamples: int = RESAMPLES, seed: int = SEED) -> Report:
    """Validate and score the submission ``spec`` in ``partitions`` blocks and document ranges on ``client``
    (a ``distributed.Client``; None runs the same tasks in this process)."""
    run = client if client is not None else InProcess()
    paths = expand(spec)
    sizes = input_sizes(paths)
    require_valid(root)
    partitions = bounded(partitions, sizes, root)
    blocks = plan_blocks(paths, sizes, partitions)
    bounds = run.submit(document_bounds, root, partitions, pure=False)
    validated = [run.submit(validate_block, b, path, start, end, bounds=run.submit(first_ids, bounds), root=root,
                            pure=False) for b, (path, start, end) in enumerate(blocks)]
    summaries: list[Block] = run.gather([run.submit(Block.summary, v) for v in validated])
    file_of = [paths.index(path) for path, _, _ in blocks]
    firsts = first_lines(blocks, summaries)
    problems = [p for block in summaries for p in shifted(block.problems, firsts[block.index])]
    header, header_found = find_header(summaries, firsts, paths, file_of, root)
    problems += header_found
    whole, whole_found = check_whole(summaries, firsts, paths, file_of)
    problems += whole_found
    seen = set().union(*(b.seen for b in summaries))
    label_set = header.get("label_set", "ontonotes5") if header else "ontonotes5"
    per_document = [t for t in per_document_tasks() if t in seen]
    wanted = [t for t in per_document if t in (tasks or seen)]
    where = [(path, before) for (path, _, _), before in zip(blocks, firsts)]
    ranges = [run.submit(join_range, k, [run.submit(routed_to, v, k) for v in validated], bounds=bounds,
                         where=where, root=root, seen=per_document,
                         count=wanted, label_set=label_set, keep_rows=resamples > 0, pure=False)
              for k in range(partitions)]
    joined: Joined = run.gather(run.submit(reduce_ranges, *ranges, pure=False))
    order = {path: i for i, path in enumerate(paths)}
    problems = sorted(problems + joined.problems, key=lambda p: (order[p.file], p.line or 0))
    if len(problems) >= MAX_PROBLEMS:
        raise InvalidInput(problems[:MAX_PROBLEMS] + [stop_problem(problems[MAX_PROBLEMS - 1].file,
                                                                   problems[MAX_PROBLEMS - 1].line)])
    problems += finish_problems(paths[0], header, joined, whole)
    if problems:
        raise InvalidInput(problems)
    assert header is not None  # finish_problems reports a missing header
    label = os.fspath(spec)
    index = mark_validated(SubmissionIndex(
        path=label, system=header["system"], dataset_version=header["dataset_version"],
        settings=header.get("settings", {}), label_set=label_set,
        ordered=tuple(per_document),
        whole={t: whole.get(t, {}) for t in seen if not registry.get(t).per_document}))
    chosen = requested(index.tasks, tasks, label)
    counted: dict[str, Any] = {t: joined.counts[t] for t in chosen if registry.get(t).per_document}
    counted.update(count_whole(index, chosen, root=root))
    counted = {t: counted[t] for t in chosen}
    return report_from_counts(counted, system=index.system, path=label, root=root, resamples=resamples, seed=seed,
                              label_set=label_set)


# --------------------------------------------------------------------------- the plan, on the driver

def input_sizes(paths: list[str]) -> list[int]:
    """Each input's size, after the file rules of ``io.jsonl.file_problem`` (for a local file)."""
    problems = [p for path in paths if not is_url(path) and (p := file_problem(Path(path), path, max_bytes=1 << 62))]
    if problems:
        raise InvalidInput(problems)
    sizes, problems = [], []
    for path in paths:
        try:
            sizes.append(size_of(path))
        except OSError as err:  # named by the input as given: an fsspec error may carry no file name, or an inner one
            detail = err.strerror or (os.strerror(errno.ENOENT) if isinstance(err, FileNotFoundError) else str(err)[:200])
            problems.append(Problem(path, None, "-", "readable", detail))
    if problems:
        raise InvalidInput(problems)
    return sizes


def bounded(partitions: int, sizes: list[int], root: Path | None) -> int:
    """``partitions`` cut to the work: no more than the gold documents (a range holds one at least) and than
    the lines the submission can hold (a record takes 3 bytes at least), so that asking for 65536 partitions
    of a 6-line file costs what 5 cost."""
    documents = count_records((root or dataset_dir()) / CONFIGS["documents"].path)
    return max(1, min(partitions, documents, sum(sizes) // 3))


def plan_blocks(paths: list[str], sizes: list[int], partitions: int) -> list[tuple[str, int, int]]:
    """About ``partitions`` byte blocks over all the files, each file cut in proportion to its size."""
    total = sum(sizes) or 1
    return [(path, start, end) for path, size in zip(paths, sizes)
            for start, end in byte_ranges(size, max(1, round(partitions * size / total)))]


def first_lines(blocks: list[tuple[str, int, int]], summaries: list[Block]) -> list[int]:
    """The number of lines in the file before each block."""
    out, previous = [], None
    for i, (path, _, _) in enumerate(blocks):
        out.append(0 if path != previous else out[-1] + summaries[i - 1].lines)
        previous = path
    return out


def shifted(problems: list[Problem], before: int) -> list[Problem]:
    return [p if p.line is None else replace(p, line=p.line + before) for p in problems]


def find_header(summaries: list[Block], firsts: list[int], paths: list[str], file_of: list[int],
                root: Path | None) -> tuple[dict | None, list[Problem]]:
    """The header (the first record of the first file, once) and the problems with header records."""
    first = next(((b.index, b.first_record) for b in summaries if b.first_record is not None), None)
    header, problems, version = None, [], data_version(root)
    for block in summaries:
        for line, record in block.headers:
            at, name = firsts[block.index] + line, paths[file_of[block.index]]
            if header is not None or first != (block.index, line) or file_of[block.index] != 0:
                problems.append(Problem(name, at, "task", "header-first", "the header must be the first record, once"))
                continue
            header = record
            if not same_minor(record["dataset_version"], version):
                problems.append(Problem(name, at, "dataset_version", "dataset-version",
                                        f"submission made for {record['dataset_version']}, data is {version} "
                                        "(MAJOR.MINOR must match)"))
    return header, problems


def check_whole(summaries: list[Block], firsts: list[int], paths: list[str],
                file_of: list[int]) -> tuple[dict[str, dict], list[Problem]]:
    """Every record of a task not per document, in file and line order: its problems, then no key (pair) twice.
    Returns each such task's predictions by key."""
    held: dict[str, dict] = {}
    given: dict[tuple, int] = {}  # the line of each key's record
    problems = []
    for block in summaries:
        name = paths[file_of[block.index]]
        for line, task_name, record, found in block.whole:
            task = registry.get(task_name)
            at = firsts[block.index] + line
            problems += [Problem(name, at, fld, rule, detail) for fld, rule, detail in found]
            if found:
                continue
            key, mine = task.key(record), held.setdefault(task_name, {})
            if key in mine:
                problems.append(Problem(name, at, "b", "duplicate-record",
                                        f"{task.key_text(key)} already given on line {given[(task_name, key)]}"))
                continue
            given[(task_name, key)] = at
            mine[key] = task.load(record)
    return held, problems


def finish_problems(first_file: str, header: dict | None, joined: Joined, whole: dict[str, dict]) -> list[Problem]:
    """The rules about the whole submission, in the one-process reader's order."""
    problems = []
    if header is None:
        problems.append(Problem(first_file, None, "task", "header-first", "no header record"))
    for task in per_document_tasks():
        count, ids = joined.missing.get(task, (0, []))
        if count:
            problems.append(Problem(first_file, None, "doc", "every-document",
                                    f"{task}: no record for {listed(ids + ['?'] * (count - len(ids)))} "
                                    "(a partial submission is not scored)"))
    for task, held in whole.items():
        problems += [Problem(first_file, None, fld, rule, detail) for fld, rule, detail in registry.get(task).held_problems(held)]
    return problems


# --------------------------------------------------------------------------- tasks run on the workers

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
class Joined:
    """What the document ranges found, joined in order."""

    problems: list[Problem] = field(default_factory=list)
    missing: dict[str, tuple[int, list[str]]] = field(default_factory=dict)  # task -> (count, first ids)
    counts: dict[str, Any] = field(default_factory=dict)  # as count_documents gives


def join_range(k: int, pieces: list[list[Entry]], *, bounds: list[tuple[int, str]], where: list[tuple[str, int]],
               root: Path | None, seen: list[str], count: list[str], label_set: str, keep_rows: bool) -> Joined:
    """Check range ``k``'s records against its gold documents, and count them.

    ``where[b]`` is block b's file and the number of lines before it in that file."""
    lo, hi = bounds[k][0], bounds[k + 1][0]
    entries: dict[str, list[Entry]] = defaultdict(list)
    for piece in pieces:
        for entry in piece:
            entries[entry.doc].append(entry)
    out = Joined(missing={task: (0, []) for task in seen})
    counting = Counting(count, keep_rows=keep_rows, label_set=label_set)
    check = RangeCheck(where, label_set, out.problems)
    base = root or dataset_dir()
    docs = Layer(base / CONFIGS["documents"].path, key="id")
    layers = gold_layers(base, count) if count else {}
    try:
        for layer in (docs, *layers.values()):
            layer.skip(lo)
        for _ in range(lo, hi):
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

    def __init__(self, where: list[tuple[str, int]], label_set: str, problems: list[Problem]):
        self.where, self.label_set, self.problems = where, label_set, problems
        self.handles: dict[str, Any] = {}

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()

    def locate(self, entry: Entry) -> tuple[str, int]:
        name, before = self.where[entry.block]
        return name, before + entry.line

    def read(self, entry: Entry) -> dict:
        name = self.where[entry.block][0]
        if name not in self.handles:
            self.handles[name] = open_input(name)
        handle = self.handles[name]
        handle.seek(entry.offset)
        return parse(handle.readline())

    def add(self, entry: Entry, found) -> None:
        name, line = self.locate(entry)
        self.problems.extend(Problem(name, line, fld, rule, detail) for fld, rule, detail in found)

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
            if kept is not None:
                self.add(entry, [("doc", "duplicate-record", f"{task} for {entry.doc!r} already given on line {first_line}"),
                                 *types])
                continue
            first_line = line
            found = types or declared.text_problems(text, record)
            self.add(entry, found)
            if not found:
                kept = record
        return kept

    def unknown(self, entry: Entry) -> None:
        if not entry.valid:
            return
        found = [("doc", "known-document", f"{entry.doc!r} is not a document id")]
        found += registry.get(entry.task).record_problems(self.read(entry), self.label_set)
        self.add(entry, found)


def reduce_ranges(*parts: Joined) -> Joined:
    """The ranges' results joined in order: problems listed, missing documents added, tallies merged."""
    out = Joined()
    for part in parts:
        out.problems += part.problems
        for task, (count, ids) in part.missing.items():
            before, kept = out.missing.get(task, (0, []))
            out.missing[task] = (before + count, (kept + ids)[:MISSING_KEPT])
    counted = [p.counts for p in parts if p.counts]
    if counted:
        for task in counted[0]:
            out.counts[task] = registry.get(task).merge([c[task] for c in counted])
    return out
