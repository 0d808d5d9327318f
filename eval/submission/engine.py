"""The one engine that reads a submission: validated and counted in partitions, on a Dask cluster or in this
process (one partition), by the same functions.

The submission (one file, shards matched by a glob, or ``fsspec`` URLs) is cut
into byte blocks; the gold documents into consecutive ranges. The job is a
small task graph:

1. ``document_bounds``: how many documents there are, and the first id of each range.
2. ``validate_block`` for each block (``submission.blocks``): the rules a line
   alone decides; each record of a per-document task is routed, with its
   line's bytes, to its document's range, so that no block is read twice
   (past ``blocks.KEEP_BYTES`` a line goes by its offset and is read again).
3. the driver gathers the blocks' summaries (problems, headers, the records of
   the tasks not per document, line counts; never the per-document records)
   and checks the header and those records.
4. ``join_range`` for each range (``submission.ranges``), on the workers: its
   records, gathered from every block, are checked against the gold documents
   they name and counted, each gold record read once.
5. ``reduce_ranges``: the ranges' counts joined in order, on a worker; only the
   joined counts (the per-document rows the intervals need) and the problems
   come back.

Every rule of a submission lives here and in the two modules named: a file
scored in one process, on a cluster, and records held in memory
(``submission.read``) meet the same rules by the same code. Problems from every
step are sorted by file and line and capped at ``MAX_PROBLEMS``; if there is
any, nothing is counted. A task that fails or a cluster that loses its workers
raises ``NewsPrepError``: counts are given whole or not at all.

>>> counted = read("run/part-*.jsonl", client=client, partitions=4)   # doctest: +SKIP
>>> counted.index.tasks, sorted(counted.counts)                       # doctest: +SKIP
(('entities',), ['entities'])
"""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import newsprep.eval.tasks as registry
from newsprep.eval.data import gold
from newsprep.eval.data.dataset import CONFIGS, data_version, dataset_dir
from newsprep.eval.data.manifest import count_records
from newsprep.eval.errors import MAX_PROBLEMS, InvalidInput, Problem, stop_problem
from newsprep.eval.io.jsonl import file_problem
from newsprep.eval.io.progress import Progress, advance
from newsprep.eval.io.sources import byte_ranges, expand, is_url, size_of
from newsprep.eval.parallel.cluster import InProcess
from newsprep.eval.submission.blocks import Block, validate_block
from newsprep.eval.submission.model import SubmissionIndex, listed, mark_validated, requested, same_minor
from newsprep.eval.submission.ranges import Joined, document_bounds, first_ids, join_range, reduce_ranges, routed_to
from newsprep.eval.tasks.counting import per_document_tasks, required_layers
from newsprep.eval.validate.gold import gold_columns, require_valid


@dataclass(frozen=True)
class Counted:
    """A validated submission (``index``) and the counts of the tasks asked for, in the order asked."""

    index: SubmissionIndex
    counts: dict[str, Any]


def read(spec: str | os.PathLike, *, client: Any = None, partitions: int = 1, root: Path | None = None,
         tasks: tuple[str, ...] | None = None, keep_rows: bool = True, count: bool = True,
         progress: Progress | None = None) -> Counted:
    """Validate the submission ``spec`` in ``partitions`` blocks and document ranges on ``client`` (a
    ``distributed.Client``; None runs the same functions in this process) and count the ``tasks`` asked for
    (default: every task it holds; none with ``count=False``). ``keep_rows``: keep each document's counts,
    which the intervals need. ``progress`` (``io.progress``) is told of the gold documents joined: as they are
    joined in this process, a range at a time on a cluster."""
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
    wanted = [t for t in per_document if t in (tasks or seen)] if count else []
    for layer in required_layers(wanted):  # a dataset folder of one's own may lack a layer
        gold.require(layer, root)
    columns = gold_columns(root) if wanted else None  # the gold as arrays: made once per content, then opened
    where = [(path, before) for (path, _, _), before in zip(blocks, firsts)]
    ranges = [run.submit(join_range, k, [run.submit(routed_to, v, k) for v in validated], bounds=bounds,
                         where=where, root=root, seen=per_document, count=wanted, label_set=label_set,
                         keep_rows=keep_rows, progress=progress if client is None else None, columns=columns,
                         pure=False)
              for k in range(partitions)]
    if client is not None and progress is not None:  # a range's documents, told when it is done
        cuts = [at for at, _ in run.gather(bounds)]
        for k, future in enumerate(ranges):
            future.add_done_callback(lambda _, n=cuts[k + 1] - cuts[k]: advance(progress, n))
    joined: Joined = run.gather(run.submit(reduce_ranges, *ranges, pure=False))
    order = {path: i for i, path in enumerate(paths)}
    problems = sorted(problems + joined.problems, key=lambda p: (order[p.file], p.line or 0))
    if len(problems) >= MAX_PROBLEMS:
        raise InvalidInput(problems[:MAX_PROBLEMS] + [stop_problem(problems[MAX_PROBLEMS - 1].file,
                                                                   problems[MAX_PROBLEMS - 1].line)])
    problems += label_problems(joined, label_set, named="label_set" in (header or {}), at=lambda b, line: (
        paths[file_of[b]], firsts[b] + line))
    problems += finish_problems(paths[0], header, joined, whole, header_named=bool(header_found))
    if problems:
        raise InvalidInput(problems)
    assert header is not None  # finish_problems reports a missing header
    label = os.fspath(spec)
    index = mark_validated(SubmissionIndex(
        path=label, system=header["system"], dataset_version=header["dataset_version"],
        settings=header.get("settings", {}), label_set=label_set, ordered=tuple(per_document),
        whole={t: whole.get(t, {}) for t in seen if not registry.get(t).per_document}))
    if not count:
        return Counted(index, {})
    chosen = requested(index.tasks, tasks, label)
    counts = {t: joined.counts[t] if registry.get(t).per_document else registry.get(t).count_whole(index.whole[t], root=root)
              for t in chosen}
    return Counted(index, counts)


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


def label_problems(joined: Joined, label_set: str, *, named: bool, at) -> list[Problem]:
    """One problem per labelled task whose records use labels outside the header's label set: how many records and
    items, the labels, and the task's advice (e.g. the label set they belong to), at the first such record."""
    problems = []
    for name, labels in joined.labels.items():
        task = registry.get(name)
        assert labels.first is not None  # a task is counted with its first record
        file, line = at(*labels.first)
        given = ", ".join(f"{label} x{n}" for label, n in sorted(labels.items.items(), key=lambda kv: (-kv[1], kv[0])))
        records = f"{labels.records} {name} record{'s' if labels.records > 1 else ''}"
        problems.append(Problem(file, line, "label_set", "label-set",
                                f"{records}, {labels.items.total()} {task.items}, use labels outside the header's "
                                f"label set {label_set}{'' if named else ' (the default)'}: {given}. "
                                f"{task.label_advice(set(labels.items), label_set)}. This is the first such record"))
    return problems


def finish_problems(first_file: str, header: dict | None, joined: Joined, whole: dict[str, dict], *,
                    header_named: bool = False) -> list[Problem]:
    """The rules about the whole submission: a header (unless a misplaced one was named already), every document
    of each per-document task, the rules of each task's predictions together."""
    problems = []
    if header is None and not header_named:
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


