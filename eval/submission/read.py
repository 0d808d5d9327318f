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

import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import cast

from newsprep.eval.data import dataset as data
from newsprep.eval.data.gold import boilerplate_spans, mentions
from newsprep.eval.errors import IN_MEMORY, MAX_PROBLEMS, InvalidInput, Problem, stop_problem
from newsprep.eval.io.jsonl import MAX_FILE_BYTES, file_problem, iter_jsonl, iter_jsonl_at, parse, parse_line
from newsprep.eval.submission.fastcheck import conforms
from newsprep.eval.submission.model import Submission, SubmissionIndex, mark_validated, same_minor
from newsprep.eval.types import LABEL_SETS, TASKS, PairPrediction, overlap_problems, span_problems
from newsprep.eval.validate.gold import require_valid
from newsprep.eval.validate.schema import schema_problems, validator

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
        if first:
            return None
        if task in ("boilerplate", "entities") and type(record.get("doc")) is str:
            return (1, task, record["doc"])
        return (2,) if task == "duplicates" else None


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
        self.last: dict[str, str | None] = {"boilerplate": None, "entities": None}
        self.count = {"boilerplate": 0, "entities": 0}
        self.problems: list[Problem] = []
        self.texts = texts if texts is not None else {doc["id"]: doc["text"] for doc in data.records("documents", root)}
        self._segments: dict | None = None
        self.version = data.data_version(root)
        self.offset = 0  # of the record being read
        self.header: dict | None = None
        self.docs: dict[str, dict[str, tuple | int]] = {"boilerplate": {}, "entities": {}}
        self.pairs: dict[tuple[str, str], PairPrediction] = {}
        self.first_line: dict[tuple, int] = {}
        self.seen_tasks: set[str] = set()
        self.first_record_line: int | None = None

    @property
    def segments(self) -> dict[str, dict]:
        if self._segments is None:  # read only when a duplicates record comes
            self._segments = {s["id"]: s for s in data.records("segments", self.root)}
        return self._segments

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

    def spans(self, line: int, doc: str, items: list[dict], key: str) -> bool:
        found = item_span_problems(self.texts[doc], items, key)
        for fld, rule, detail in found:
            self.problem(line, fld, rule, detail)
        return not found

    def boilerplate_record(self, line: int, record: dict) -> None:
        doc = record["doc"]
        if self.known_doc(line, "boilerplate", doc) and self.spans(line, doc, record["spans"], "spans"):
            self.keep("boilerplate", doc, record)

    @property
    def label_set(self) -> str:
        """The entity types the header declares (``ontonotes5`` when it names none)."""
        return (self.header or {}).get("label_set", "ontonotes5")

    def types(self, line: int, mentions: list[dict]) -> bool:
        found = type_problems(mentions, self.label_set)
        for fld, rule, detail in found:
            self.problem(line, fld, rule, detail)
        return not found

    def entities_record(self, line: int, record: dict) -> None:
        doc = record["doc"]
        mentions = record["mentions"]
        if (self.known_doc(line, "entities", doc) & self.types(line, mentions)
                and self.spans(line, doc, mentions, "mentions")):
            self.keep("entities", doc, record)

    def keep(self, task: str, doc: str, record: dict) -> None:
        if self.ordered:
            self.count[task] += 1
            if self.on_keep is not None and not self.problems:  # counted as it is read; dropped if a problem comes
                self.on_keep(task, doc, record, self.label_set, self.texts[doc])
        elif self.keep_offsets:
            self.docs[task][doc] = self.offset
        else:
            self.docs[task][doc] = boilerplate_spans(record["spans"]) if task == "boilerplate" else mentions(record["mentions"])

    def given(self, task: str) -> set[str]:
        """Every document a record of ``task`` names (valid or not); read again in ordered mode."""
        if not self.ordered:
            return set(self.docs[task]) | {d for (t, d) in self.first_line if t == task}
        return {r["doc"] for _, r, _ in iter_jsonl(Path(self.label)) if r and r.get("task") == task and isinstance(r.get("doc"), str)}

    def duplicates_record(self, line: int, record: dict) -> None:
        found = pair_problems(record, self.segments)
        for fld, rule, detail in found:
            self.problem(line, fld, rule, detail)
        ok = not found
        key = tuple(sorted((record["a"], record["b"])))
        if ok and key in self.pairs:
            self.problem(line, "b", "duplicate-record", f"pair {key} already given on line {self.first_line[key]}")
            ok = False
        if ok:
            self.first_line[key] = line
            self.pairs[key] = PairPrediction(key[0], key[1], record["label"], record.get("score"))

    def finish(self) -> None:
        if self.header is None and not any(p.rule == "header-first" for p in self.problems):
            self.problem(None, "task", "header-first", "no header record")
        for task in ("boilerplate", "entities"):
            kept = self.count[task] if self.ordered else len(self.docs[task])
            if task in self.seen_tasks and kept < len(self.texts):  # the documents kept are known and once each
                missing = sorted(set(self.texts) - self.given(task))
                if missing:
                    self.problem(None, "doc", "every-document", f"{task}: no record for {listed(missing)} (a partial submission is not scored)")
        if self.pairs:
            with_score = sum(p.score is not None for p in self.pairs.values())
            if 0 < with_score < len(self.pairs):
                self.problem(None, "score", "all-or-none", f"{with_score} of {len(self.pairs)} pairs carry a score")


Found = list[tuple[str, str, str]]  # (field, rule, detail) of one record


def item_span_problems(text: str, items: list[dict], key: str) -> Found:
    """The offsets, surfaces and overlaps of a record's ``key`` list (``spans`` or ``mentions``) against ``text``."""
    if spans_plainly_valid(text, items):
        return []
    found = []
    for i, item in enumerate(items):
        for fld, rule, detail in span_problems(text, item["start"], item["end"], item.get("text"), trimmed=False):
            found.append((f"{key}[{i}].{fld}", rule, detail))
    order = sorted(range(len(items)), key=lambda i: (items[i]["start"], items[i]["end"]))
    for k, rule, detail in overlap_problems((items[i]["start"], items[i]["end"]) for i in order):
        if rule == "no-overlap":
            found.append((f"{key}[{order[k]}].start", rule, detail))
    return found


def spans_plainly_valid(text: str, items: list[dict]) -> bool:
    """True only if the span rules find nothing: a quick sufficient check, so that the exact one runs (and
    names the problems) only for a record it declines. Each item starts at or after the end of the one
    before (so they are sorted and none overlaps), ends after it starts and inside the text, and its surface
    text, where given, is the text's.

    >>> spans_plainly_valid("Putin in Hanoi", [{"start": 0, "end": 5, "text": "Putin"}, {"start": 9, "end": 14}])
    True
    >>> spans_plainly_valid("Putin in Hanoi", [{"start": 9, "end": 14}, {"start": 0, "end": 5}])  # valid, declined
    False
    """
    end_before, length = 0, len(text)
    for item in items:
        start, end = item["start"], item["end"]
        if not end_before <= start < end <= length:
            return False
        surface = item.get("text")
        if surface is not None and text[start:end] != surface:
            return False
        end_before = end
    return True


def type_problems(mentions: list[dict], label_set: str) -> Found:
    """Mentions whose type is not one of ``label_set``'s."""
    allowed = LABEL_SETS[label_set]
    return [(f"mentions[{i}].type", "label-set", f"{m['type']!r} is not a {label_set} type ({', '.join(allowed)}); "
             "the header's label_set names the types") for i, m in enumerate(mentions) if m["type"] not in allowed]


def pair_problems(record: dict, segments: dict[str, dict]) -> Found:
    """A duplicates record's ends: known content segments, and not one segment twice."""
    found = []
    for end in ("a", "b"):
        seg = segments.get(record[end])
        if seg is None:
            found.append((end, "known-segment", f"{record[end]!r} is not a segment id"))
        elif seg["boilerplate"]:
            found.append((end, "content-segment", f"{record[end]!r} lies in boilerplate; pairs are between content segments"))
    if record["a"] == record["b"]:
        found.append(("b", "self-pair", f"{record['a']!r} paired with itself"))
    return found


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
            if record.get("task") in TASKS:
                reader.seen_tasks.add(record["task"])
            if record.get("task") in ("boilerplate", "entities") and isinstance(record.get("doc"), str):
                reader.first_line.setdefault((record["task"], record["doc"]), line)
            continue
        task = record["task"]
        if task != "header":
            reader.seen_tasks.add(task)
        reader.offset = offset
        getattr(reader, f"{task}_record")(line, record)
    reader.finish()
    if reader.problems:
        raise InvalidInput(reader.problems)
    return reader


@functools.cache
def submission_validator():
    """The submission schema's validator, built once, for the first record the quick check rejects."""
    return validator("submission.schema.json")


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
    header, present = reader.header, reader.seen_tasks
    assert header is not None  # read_all raised otherwise
    return mark_validated(Submission(
        path=reader.label,
        system=header["system"],
        dataset_version=header["dataset_version"],
        settings=header.get("settings", {}),
        label_set=header.get("label_set", "ontonotes5"),
        boilerplate=reader.docs["boilerplate"] if "boilerplate" in present else None,  # type: ignore[arg-type]
        entities=reader.docs["entities"] if "entities" in present else None,  # type: ignore[arg-type]
        duplicates=reader.pairs if "duplicates" in present else None,
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
    header, present = reader.header, reader.seen_tasks
    tasks = [t for t in ("boilerplate", "entities") if t in present]
    assert header is not None  # read_all raised otherwise
    return mark_validated(SubmissionIndex(
        path=str(path), system=header["system"], dataset_version=header["dataset_version"],
        settings=header.get("settings", {}),
        label_set=header.get("label_set", "ontonotes5"),
        # keep_offsets: each document maps to the byte offset of its record
        offsets={} if reader.ordered else {t: cast("dict[str, int]", reader.docs[t]) for t in tasks},
        ordered=tuple(tasks) if reader.ordered else (),
        duplicates=reader.pairs if "duplicates" in present else None,
    ))
