"""Reading and validating a submission, from a file or from records in memory.

Validation comes first and is complete: either every rule holds and a
``Submission`` is returned, or ``InvalidInput`` lists every problem as
``file:line: field: rule (detail)`` (``record N: field: rule`` for records in
memory) and nothing is scored. Records in memory pass through JSON text and the
file reader's line rules, so they meet exactly the rules a file meets.

>>> read_submission([{"task": "entities", "doc": d, "mentions": []} for d in ("d000", "d001", "d002", "d003", "d004")]).tasks
('entities',)
>>> read_submission([{"task": "entities", "doc": "d009", "mentions": []}])   # doctest: +ELLIPSIS
Traceback (most recent call last):
newsprep.eval.errors.InvalidInput: 2 problem(s)
  record 1: doc: known-document ('d009' is not a document id)
  ...
"""
from __future__ import annotations

import copy
import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import newsprep.eval.tasks as registry
from newsprep.eval.data import dataset as data
from newsprep.eval.data.dataset import load_schema
from newsprep.eval.errors import IN_MEMORY, MAX_PROBLEMS, InvalidInput, Problem, stop_problem
from newsprep.eval.io.jsonl import MAX_FILE_BYTES, file_problem, iter_jsonl, iter_jsonl_at, parse, parse_line
from newsprep.eval.submission.fastcheck import conforms
from newsprep.eval.submission.model import Submission, SubmissionIndex, mark_validated, same_minor
from newsprep.eval.tasks import Found, Task
from newsprep.eval.validate.gold import require_valid
from newsprep.eval.validate.schema import schema_problems, strict_validator_class, validator

Item = tuple[int, int, "dict | None", "Problem | None"]  # (line or record number, byte offset, record, problem)

class OutOfOrder(Exception):
    """A task's documents do not come in order: read the file again, remembering every offset."""


class DocumentOrder:
    """The sort key that puts a submission's lines in the order the one-pass reader wants: the header,
    then each per-document task's records by document id, then the pairs in file order; blank lines last.

    None (give up, ``io.sort.Unsortable``) for a line that is not a plain record with a task and, for a
    per-document task, a document id, and where the first record is not the header: such a file is read
    as it is, so that its problems are named by its own line numbers.

    >>> key = DocumentOrder()
    >>> key(b'{"task": "header"}'), key(b'{"task": "entities", "doc": "d001"}'), key(b'{"task": "boilerplate"}')
    ((0,), (1, 'entities', 'd001'), None)
    """

    def __init__(self) -> None:
        self.first = True

    def __call__(self, line: bytes) -> tuple | None:
        if not line.strip():
            return (3,)
        try:
            record = parse(line)
        except (ValueError, RecursionError):
            return None
        task = record.get("task") if type(record) is dict else None
        first, self.first = self.first, False
        if task == "header":
            return (0,) if first else None
        if first or type(task) is not str or task not in registry.names():
            return None
        if not registry.get(task).per_document:
            return (2,)
        return (1, task, record["doc"]) if type(record.get("doc")) is str else None


class _Reader:
    """Collects records per task and every problem, line by line.

    ``texts`` maps document ids to texts (a dict, or ``DocumentTexts`` reading
    them on demand); with ``keep_offsets`` a document's record is remembered by
    its byte offset instead of being kept; with ``ordered`` only a count per task is
    kept, and ``OutOfOrder`` is raised if a task's documents
    do not come in increasing order.
    """

    def __init__(self, label: str, root: Path | None = None, *, texts=None, keep_offsets: bool = False,
                 ordered: bool = False, on_keep: Callable[[str, str, dict, str, str], None] | None = None):
        self.label, self.root, self.keep_offsets, self.ordered = label, root, keep_offsets, ordered
        self.on_keep = on_keep
        per_document = [t.name for t in registry.registered() if t.per_document]
        self.last: dict[str, str | None] = dict.fromkeys(per_document)
        self.count = dict.fromkeys(per_document, 0)
        self.problems: list[Problem] = []
        self.texts = texts if texts is not None else {doc["id"]: doc["text"] for doc in data.records("documents", root)}
        self.references: dict[str, Any] = {}  # of the tasks not per document, read when their first record comes
        self.version = data.data_version(root)
        self.offset = 0  # of the record being read
        self.header: dict | None = None
        self.docs: dict[str, dict[str, Any]] = {name: {} for name in per_document}
        self.whole: dict[str, dict[Any, Any]] = {t.name: {} for t in registry.registered() if not t.per_document}
        self.first_line: dict[tuple, int] = {}
        self.seen_tasks: set[str] = set()
        self.first_record_line: int | None = None

    def problem(self, line, field, rule, detail=""):
        self.problems.append(Problem(self.label, line, field, rule, detail))

    def assume_header(self) -> None:
        """Records in memory may leave the header out: an unnamed system for the current data version."""
        self.header = {"task": "header", "dataset_version": self.version, "system": "unnamed", "settings": {}}

    def header_record(self, line: int, record: dict) -> None:
        if self.header is not None or line != self.first_record_line:
            self.problem(line, "task", "header-first", "the header must be the first record, once")
            return
        self.header = record
        if not same_minor(record["dataset_version"], self.version):
            self.problem(line, "dataset_version", "dataset-version",
                         f"submission made for {record['dataset_version']}, data is {self.version} (MAJOR.MINOR must match)")

    def known_doc(self, line: int, task: str, doc: str) -> bool:
        if doc not in self.texts:
            self.problem(line, "doc", "known-document", f"{doc!r} is not a document id")
            return False
        if self.ordered:  # increasing ids: no document twice
            last = self.last[task]
            if last is not None and doc <= last:
                raise OutOfOrder
            self.last[task] = doc
            return True
        if doc in self.docs[task]:
            self.problem(line, "doc", "duplicate-record", f"{task} for {doc!r} already given on line {self.first_line[(task, doc)]}")
            return False
        self.first_line[(task, doc)] = line
        return True

    def found(self, line: int | None, found: Found) -> bool:
        """Add the problems; True where there is none."""
        for fld, rule, detail in found:
            self.problem(line, fld, rule, detail)
        return not found

    def document_record(self, line: int, task: Task, record: dict) -> None:
        """A record of a per-document task: a known document, once; the task's rules (``record_problems`` even
        for an unknown document), then its rules against the text."""
        doc = record["doc"]
        if (self.known_doc(line, task.name, doc) & self.found(line, task.record_problems(record, self.label_set))
                and self.found(line, task.text_problems(self.texts[doc], record))):
            self.keep(task, doc, record)

    @property
    def label_set(self) -> str:
        """The entity types the header declares (``ontonotes5`` when it names none)."""
        return (self.header or {}).get("label_set", "ontonotes5")

    def keep(self, task: Task, doc: str, record: dict) -> None:
        if self.ordered:
            self.count[task.name] += 1
            if self.on_keep is not None and not self.problems:  # counted as it is read; dropped if a problem comes
                self.on_keep(task.name, doc, record, self.label_set, self.texts[doc])
        elif self.keep_offsets:
            self.docs[task.name][doc] = self.offset
        else:
            self.docs[task.name][doc] = task.load(record)

    def given(self, task: str) -> set[str]:
        """Every document a record of ``task`` names (valid or not); read again in ordered mode."""
        if not self.ordered:
            return set(self.docs[task]) | {d for (t, d) in self.first_line if t == task}
        return {r["doc"] for _, r, _ in iter_jsonl(Path(self.label)) if r and r.get("task") == task and isinstance(r.get("doc"), str)}

    def whole_record(self, line: int, task: Task, record: dict) -> None:
        """A record of a task not per document (a pair): the task's rules, and its key given once."""
        if task.name not in self.references:  # read only when such a record comes
            self.references[task.name] = task.reference(self.root)
        ok = self.found(line, task.whole_problems(record, self.references[task.name]))
        key = task.key(record)
        held = self.whole[task.name]
        if ok and key in held:
            self.problem(line, "b", "duplicate-record",
                         f"{task.key_text(key)} already given on line {self.first_line[(task.name, key)]}")
            ok = False
        if ok:
            self.first_line[(task.name, key)] = line
            held[key] = task.load(record)

    def finish(self) -> None:
        if self.header is None and not any(p.rule == "header-first" for p in self.problems):
            self.problem(None, "task", "header-first", "no header record")
        for task in self.count:
            kept = self.count[task] if self.ordered else len(self.docs[task])
            if task in self.seen_tasks and kept < len(self.texts):  # the documents kept are known and once each
                missing = sorted(set(self.texts) - self.given(task))
                if missing:
                    self.problem(None, "doc", "every-document", f"{task}: no record for {listed(missing)} (a partial submission is not scored)")
        for task, held in self.whole.items():
            if held:
                self.found(None, registry.get(task).held_problems(held))

    def held(self) -> dict[str, Any]:
        """The predictions kept of every task the submission holds (per-document ones by document)."""
        out: dict[str, Any] = {**self.docs, **self.whole}
        return {t.name: out[t.name] for t in registry.registered() if t.name in self.seen_tasks}




def listed(ids: list[str], *, most: int = 10) -> str:
    """Up to ``most`` ids, then how many more: a message stays short for a corpus of any size.

    >>> listed(["d000", "d001", "d002"], most=2)
    'd000, d001 and 1 more'
    """
    return ", ".join(ids[:most]) + (f" and {len(ids) - most} more" if len(ids) > most else "")


def check_file(path: Path, max_bytes: int) -> None:
    label = str(path)
    problem = file_problem(path, label, max_bytes=max_bytes)
    if problem:
        raise InvalidInput([problem])



def read_all(items: Iterable[Item], reader: _Reader) -> _Reader:
    """Feed every item (from ``iter_jsonl_at`` or ``record_items``) to the reader; ``InvalidInput`` if any rule failed."""
    for line, offset, record, problem in items:
        if len(reader.problems) >= MAX_PROBLEMS:
            raise InvalidInput(reader.problems[:MAX_PROBLEMS] + [stop_problem(reader.label, line)])
        if reader.first_record_line is None:
            reader.first_record_line = line
        if problem or record is None:
            reader.problems.extend([problem] if problem else [])
            continue
        found = record_schema_problems(record, reader.label, line)
        if found:
            reader.problems.extend(found)
            name = record.get("task")
            if type(name) is str and name in registry.names():
                reader.seen_tasks.add(name)
                if registry.get(name).per_document and isinstance(record.get("doc"), str):
                    reader.first_line.setdefault((name, record["doc"]), line)
            continue
        if record["task"] == "header":
            reader.header_record(line, record)
            continue
        task = registry.get(record["task"])
        reader.seen_tasks.add(task.name)
        reader.offset = offset
        if task.per_document:
            reader.document_record(line, task, record)
        else:
            reader.whole_record(line, task, record)
    reader.finish()
    if reader.problems:
        raise InvalidInput(reader.problems)
    return reader


def submission_validator():
    """The submission schema's validator, for the first record the quick check rejects: the shipped schema, with
    the record schema (``Task.schema``) of every task registered beside the built-in ones."""
    return validator_for(registry.names())


@functools.cache
def validator_for(names: tuple[str, ...]):
    """The validator of the shipped schema extended by the tasks ``names`` it does not define (built once)."""
    schema = load_schema("submission.schema.json")
    added = [t for t in map(registry.get, names) if t.schema is not None and t.name not in schema["$defs"]]
    if not added:
        return validator("submission.schema.json")
    schema = copy.deepcopy(schema)
    for task in added:
        schema["properties"]["task"]["enum"].append(task.name)
        schema["$defs"][task.name] = task.schema
        schema["allOf"].append({"if": {"properties": {"task": {"const": task.name}}}, "then": {"$ref": f"#/$defs/{task.name}"}})
    return strict_validator_class()(schema)


def record_schema_problems(record: dict, label: str, line: int) -> list[Problem]:
    """The schema's problems with one record: none for a record the quick check (``fastcheck.conforms``) passes,
    else the JSON Schema validator's."""
    return [] if conforms(record) else schema_problems(record, submission_validator(), label, line)


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


def from_records(records: Iterable[object], root: Path | None = None) -> _Reader:
    """Validate records in memory; the header record is optional."""
    if isinstance(records, (dict, str, bytes)) or not isinstance(records, Iterable):
        raise InvalidInput([Problem(IN_MEMORY, None, "-", "records",
                                    f"expected an iterable of records (dicts), got {type(records).__name__}")])
    reader = _Reader(IN_MEMORY, root)
    items = record_items(records)
    first = next(items, None)
    if first is None:
        raise InvalidInput([Problem(IN_MEMORY, None, "-", "has-task", "no records")])
    if not (first[2] is not None and first[2].get("task") == "header"):
        reader.assume_header()
    return read_all(_chain(first, items), reader)


def _chain(first: Item, rest: Iterator[Item]) -> Iterator[Item]:
    yield first
    yield from rest


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
        reader = read_all(iter_jsonl_at(path, label=str(path)), _Reader(str(path), root))
    else:
        require_valid(root)
        reader = from_records(source, root)
    header = reader.header
    assert header is not None  # read_all raised otherwise
    return mark_validated(Submission(
        path=reader.label,
        system=header["system"],
        dataset_version=header["dataset_version"],
        settings=header.get("settings", {}),
        label_set=header.get("label_set", "ontonotes5"),
        predictions=reader.held(),
    ))


def index_submission(path: str | os.PathLike, *, max_bytes: int | None = None, root: Path | None = None,
                     on_keep: Callable[[str, str, dict, str, str], None] | None = None,
                     in_order_only: bool = False) -> SubmissionIndex:
    """Validate a submission without loading it: every rule of ``read_submission``, with the
    document texts read on demand. A file listing each task's documents in order is
    read once and leaves no offset; any other is read twice and leaves one offset
    per record. With no ``max_bytes`` the file may be of any size.

    ``on_keep(task, doc, record, label_set, text)`` is called for each valid record of a file read in
    order, while no problem has been found, so that a scorer can count in the same pass; the
    index says whether it was (``SubmissionIndex.offsets`` is empty then). A file that is not in
    order is read again, without it; with ``in_order_only`` it raises ``OutOfOrder`` instead."""
    from newsprep.eval.data.goldfile import DocumentTexts

    path = Path(path)
    check_file(path, max_bytes if max_bytes is not None else 1 << 62)
    require_valid(root)
    texts = DocumentTexts(root)
    try:
        try:
            reader = read_all(iter_jsonl_at(path, label=str(path)),
                              _Reader(str(path), root, texts=texts, ordered=True, on_keep=on_keep))
        except OutOfOrder:
            if in_order_only:
                raise
            reader = read_all(iter_jsonl_at(path, label=str(path)), _Reader(str(path), root, texts=texts, keep_offsets=True))
    finally:
        texts.layer.close()
    header, held = reader.header, reader.held()
    tasks = [t for t in reader.docs if t in held]
    assert header is not None  # read_all raised otherwise
    return mark_validated(SubmissionIndex(
        path=str(path), system=header["system"], dataset_version=header["dataset_version"],
        settings=header.get("settings", {}),
        label_set=header.get("label_set", "ontonotes5"),
        # keep_offsets: each document maps to the byte offset of its record
        offsets={} if reader.ordered else {t: cast("dict[str, int]", reader.docs[t]) for t in tasks},
        ordered=tuple(tasks) if reader.ordered else (),
        whole={t: held[t] for t in reader.whole if t in held},
    ))
