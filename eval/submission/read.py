"""Reading a submission into memory, from a file or from records: validated by the engine first
(``submission.engine``, the rules every submission meets), then loaded.

Either every rule holds and a ``Submission`` is returned, or ``InvalidInput``
lists every problem as ``file:line: field: rule (detail)`` (``record N: field:
rule`` for records in memory) and nothing is loaded. Records in memory pass
through JSON text, one line each, and the engine's rules, so they meet exactly
the rules a file meets.

>>> read_submission([{"task": "entities", "doc": d, "mentions": []} for d in ("d000", "d001", "d002", "d003", "d004")]).tasks
('entities',)
>>> read_submission([{"task": "entities", "doc": "d009", "mentions": []}])   # doctest: +ELLIPSIS
Traceback (most recent call last):
newsprep.eval.errors.InvalidInput: 2 problem(s)
  record 1: doc: known-document ('d009' is not a document id)
  ...
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import newsprep.eval.tasks as registry
from newsprep.eval.data.dataset import data_version
from newsprep.eval.errors import IN_MEMORY, InvalidInput, NewsPrepError, Problem
from newsprep.eval.io.jsonl import MAX_FILE_BYTES, file_problem, iter_jsonl, parse_line
from newsprep.eval.submission import engine
from newsprep.eval.submission.model import Submission, SubmissionIndex, mark_validated
from newsprep.eval.validate.gold import require_valid

Item = tuple[int, int, "dict | None", "Problem | None"]  # (record number, 0, record, problem)
GIVEN_ON_LINE = re.compile(r"already given on line (\d+)")  # a duplicate's detail names the first's line
UNREADABLE = b"\x00\n"  # the line standing for a record that is no JSON object: the engine finds a problem there


def check_file(path: Path, max_bytes: int) -> None:
    label = str(path)
    problem = file_problem(path, label, max_bytes=max_bytes)
    if problem:
        raise InvalidInput([problem])


def record_items(records: Iterable[object]) -> Iterator[Item]:
    """Records in memory as the file reader's items: each goes through JSON text and the line rules.

    So a record that no file could hold (a NaN, a set, a NumPy integer, a lone
    surrogate, a list instead of an object) gets the problem the file would get.
    """
    for number, record in enumerate(records, start=1):
        try:
            raw = json.dumps(record, allow_nan=False).encode("ascii")
        except RecursionError:
            yield number, 0, None, Problem(IN_MEMORY, number, "-", "depth", "nested too deeply")
            continue
        except (TypeError, ValueError) as err:
            yield number, 0, None, Problem(IN_MEMORY, number, "-", "json", f"not JSON data: {err}"[:200])
            continue
        parsed, problem = parse_line(raw, IN_MEMORY, number)
        yield number, 0, parsed, problem


def validated_records(records: Iterable[object], folder: Path, *, root: Path | None) -> tuple[Path, SubmissionIndex]:
    """Records in memory, validated by the engine as the lines of a file in ``folder``: a header is added where
    the first record is not one (an unnamed system for the current data version). Problems are named
    ``record N``."""
    if isinstance(records, (dict, str, bytes)) or not isinstance(records, Iterable):
        raise InvalidInput([Problem(IN_MEMORY, None, "-", "records",
                                    f"expected an iterable of records (dicts), got {type(records).__name__}")])
    items = list(record_items(records))
    if not items:
        raise InvalidInput([Problem(IN_MEMORY, None, "-", "has-task", "no records")])
    lines, own = [], {}
    if not (items[0][2] is not None and items[0][2].get("task") == "header"):
        lines.append(json.dumps({"task": "header", "dataset_version": data_version(root), "system": "unnamed",
                                 "settings": {}}).encode() + b"\n")
    shift = len(lines)
    for number, _, record, problem in items:
        if problem is not None or record is None:
            own[number] = problem
            lines.append(UNREADABLE)
        else:
            lines.append(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    path = folder / "records.jsonl"
    try:
        path.write_bytes(b"".join(lines))
    except OSError as err:  # a full disk or quota in the temporary folder
        raise NewsPrepError(f"cannot write the records to the temporary folder {folder.parent}: {err.strerror or err}; "
                            "make room there or set TMPDIR to another folder; nothing was scored") from None

    def named(p: Problem) -> Problem | None:
        line = None if p.line is None else p.line - shift
        if line in own:  # the record's own problem (its JSON text), not the placeholder's
            return own.pop(line) if p.rule != "too-many-problems" else replace(p, file=IN_MEMORY, line=line)
        detail = GIVEN_ON_LINE.sub(lambda m: f"already given as record {int(m[1]) - shift}", p.detail)
        return replace(p, file=IN_MEMORY, line=line, detail=detail)

    try:
        index = engine.read(path, root=root, count=False).index
    except InvalidInput as err:
        problems = [q for q in map(named, err.problems) if q is not None]
        raise InvalidInput(problems) from None
    return path, index


def loaded(path: Path, index: SubmissionIndex, label: str) -> Submission:
    """The validated file's predictions, by task (``Task.load`` of each record)."""
    per_document: dict[str, dict] = {t: {} for t in index.tasks if registry.get(t).per_document}
    for _, record, _ in iter_jsonl(path):
        if record is not None and record["task"] in per_document:
            per_document[record["task"]][record["doc"]] = registry.get(record["task"]).load(record)
    predictions: dict[str, Mapping] = {**per_document, **index.whole}
    return mark_validated(Submission(
        path=label, system=index.system, dataset_version=index.dataset_version, settings=index.settings,
        label_set=index.label_set, predictions={t: predictions[t] for t in index.tasks}))


def read_submission(source: str | os.PathLike | Iterable[dict], *, max_bytes: int = MAX_FILE_BYTES,
                    root: Path | None = None) -> Submission:
    """Validate and read a submission: a file path, or an iterable of records in memory.

    Raises ``InvalidInput`` listing every problem. ``root`` is the dataset
    folder the submission is for (default: the embedded data); it must pass
    ``validate_data`` (``newsprep.eval.validate.gold.require_valid``).

    >>> sub = read_submission([{"task": "entities", "doc": d, "mentions": []} for d in ("d000", "d001", "d002", "d003", "d004")])
    >>> sub.system, sub.tasks, sub.validated
    ('unnamed', ('entities',), True)
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        check_file(path, max_bytes)
        require_valid(root)
        return loaded(path, engine.read(path, root=root, count=False).index, str(path))
    require_valid(root)
    with tempfile.TemporaryDirectory(prefix="newsprep-records-") as folder:
        path, index = validated_records(source, Path(folder), root=root)
        return loaded(path, index, IN_MEMORY)
