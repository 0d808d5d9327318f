"""Reading and validating a submission. Validation comes first and is complete:
either every rule holds and a ``Submission`` is returned, or ``InvalidInput``
lists every problem as ``file:line: field: rule (detail)`` and nothing is scored.

>>> import json, tempfile, pathlib
>>> from newsprep.eval import data_version
>>> path = pathlib.Path(tempfile.mkdtemp()) / "sys.jsonl"
>>> _ = path.write_text(json.dumps({"task": "header", "dataset_version": data_version(), "system": "empty"}) + "\\n")
>>> read_submission(path).tasks
()
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import data
from .errors import MAX_PROBLEMS, InvalidInput, NewsPrepError, Problem, stop_problem
from .fastcheck import conforms
from .jsonl import MAX_FILE_BYTES, file_problem, iter_jsonl, iter_jsonl_at
from .spans import POSITION, Mention, PairPrediction, Span, overlap_problems, span_problems
from .validate import schema_problems, validator

TASKS = ("boilerplate", "entities", "duplicates")


@dataclass(frozen=True)
class Submission:
    path: str
    system: str
    dataset_version: str
    settings: dict = field(default_factory=dict, compare=False, hash=False)
    boilerplate: dict[str, tuple[Span, ...]] | None = None
    entities: dict[str, tuple[Mention, ...]] | None = None
    duplicates: dict[tuple[str, str], PairPrediction] | None = None

    @property
    def tasks(self) -> tuple[str, ...]:
        return tuple(t for t in TASKS if getattr(self, t) is not None)


def same_minor(a: str, b: str) -> bool:
    return a.split(".")[:2] == b.split(".")[:2]


@dataclass(frozen=True)
class SubmissionIndex:
    """A validated submission, not loaded, and how to find each document's record again.

    Where a task lists the documents in order (as ``write_submission`` does),
    ``checkpoints[task]`` holds the byte offset of every ``CHECKPOINT``-th of
    its records, so memory does not grow with the file; otherwise
    ``offsets[task]`` maps every document to the offset of its record.
    """

    path: str
    system: str
    dataset_version: str
    settings: dict = field(default_factory=dict, compare=False, hash=False)
    offsets: dict[str, dict[str, int]] = field(default_factory=dict)  # task -> document -> offset
    checkpoints: dict[str, list[int]] = field(default_factory=dict)  # task -> offsets of records 0, CHECKPOINT, ...
    duplicates: dict[tuple[str, str], PairPrediction] | None = None

    @property
    def tasks(self) -> tuple[str, ...]:
        return tuple(t for t in TASKS if t in self.offsets or t in self.checkpoints
                     or (t == "duplicates" and self.duplicates is not None))


CHECKPOINT = 4096


class OutOfOrder(Exception):
    """A task's documents do not come in order: read the file again, remembering every offset."""


class _Reader:
    """Collects records per task and every problem, line by line.

    ``texts`` maps document ids to texts (a dict, or ``DocumentTexts`` reading
    them on demand); with ``keep_offsets`` a document's record is remembered by
    its byte offset instead of being kept; with ``ordered`` only a count and
    checkpoints are kept, and ``OutOfOrder`` is raised if a task's documents
    do not come in increasing order.
    """

    def __init__(self, label: str, root: Path | None = None, *, texts=None, keep_offsets: bool = False,
                 ordered: bool = False):
        self.label, self.root, self.keep_offsets, self.ordered = label, root, keep_offsets, ordered
        self.last: dict[str, str | None] = {"boilerplate": None, "entities": None}
        self.count = {"boilerplate": 0, "entities": 0}
        self.checkpoints: dict[str, list[int]] = {"boilerplate": [], "entities": []}
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
            if self.last[task] is not None and doc <= self.last[task]:
                raise OutOfOrder
            self.last[task] = doc
            return True
        if doc in self.docs[task]:
            self.problem(line, "doc", "duplicate-record", f"{task} for {doc!r} already given on line {self.first_line[(task, doc)]}")
            return False
        self.first_line[(task, doc)] = line
        return True

    def spans(self, line: int, doc: str, items: list[dict], key: str) -> bool:
        ok = True
        for i, item in enumerate(items):
            for fld, rule, detail in span_problems(self.texts[doc], item["start"], item["end"], item.get("text"), trimmed=False):
                self.problem(line, f"{key}[{i}].{fld}", rule, detail)
                ok = False
        order = sorted(range(len(items)), key=lambda i: (items[i]["start"], items[i]["end"]))
        for k, rule, detail in overlap_problems((items[i]["start"], items[i]["end"]) for i in order):
            if rule == "no-overlap":
                self.problem(line, f"{key}[{order[k]}].start", rule, detail)
                ok = False
        return ok

    def boilerplate_record(self, line: int, record: dict) -> None:
        doc = record["doc"]
        if self.known_doc(line, "boilerplate", doc) and self.spans(line, doc, record["spans"], "spans"):
            self.keep("boilerplate", doc, record)

    def entities_record(self, line: int, record: dict) -> None:
        doc = record["doc"]
        if self.known_doc(line, "entities", doc) and self.spans(line, doc, record["mentions"], "mentions"):
            self.keep("entities", doc, record)

    def keep(self, task: str, doc: str, record: dict) -> None:
        if self.ordered:
            if self.count[task] % CHECKPOINT == 0:
                self.checkpoints[task].append(self.offset)
            self.count[task] += 1
        elif self.keep_offsets:
            self.docs[task][doc] = self.offset
        else:
            self.docs[task][doc] = boilerplate_spans(record) if task == "boilerplate" else mentions(record)

    def given(self, task: str) -> set[str]:
        """Every document a record of ``task`` names (valid or not); read again in ordered mode."""
        if not self.ordered:
            return set(self.docs[task]) | {d for (t, d) in self.first_line if t == task}
        return {r["doc"] for _, r, _ in iter_jsonl(Path(self.label)) if r and r.get("task") == task and isinstance(r.get("doc"), str)}

    def duplicates_record(self, line: int, record: dict) -> None:
        ok = True
        for end in ("a", "b"):
            seg = self.segments.get(record[end])
            if seg is None:
                self.problem(line, end, "known-segment", f"{record[end]!r} is not a segment id")
                ok = False
            elif seg["boilerplate"]:
                self.problem(line, end, "content-segment", f"{record[end]!r} lies in boilerplate; pairs are between content segments")
                ok = False
        if record["a"] == record["b"]:
            self.problem(line, "b", "self-pair", f"{record['a']!r} paired with itself")
            ok = False
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


def listed(ids: list[str], *, most: int = 10) -> str:
    """Up to ``most`` ids, then how many more: a message stays short for a corpus of any size.

    >>> listed(["d000", "d001", "d002"], most=2)
    'd000, d001 and 1 more'
    """
    return ", ".join(ids[:most]) + (f" and {len(ids) - most} more" if len(ids) > most else "")


def boilerplate_spans(record: dict) -> tuple[Span, ...]:
    return tuple(sorted(Span(s["start"], s["end"], s.get("category", "")) for s in record["spans"]))


def mentions(record: dict) -> tuple[Mention, ...]:
    return tuple(sorted((Mention(m["start"], m["end"], m["type"], m.get("entity_id")) for m in record["mentions"]), key=POSITION))


def check_file(path: Path, max_bytes: int) -> None:
    label = str(path)
    problem = file_problem(path, label, max_bytes=max_bytes)
    if problem:
        raise InvalidInput([problem])



def read_all(path: Path, reader: _Reader) -> _Reader:
    """Feed every line to the reader; raise ``InvalidInput`` if any rule failed."""
    check = validator("submission.schema.json")
    for line, offset, record, problem in iter_jsonl_at(path, label=reader.label):
        if len(reader.problems) >= MAX_PROBLEMS:
            raise InvalidInput(reader.problems[:MAX_PROBLEMS] + [stop_problem(reader.label, line)])
        if reader.first_record_line is None:
            reader.first_record_line = line
        if problem:
            reader.problems.append(problem)
            continue
        found = [] if conforms(record) else schema_problems(record, check, reader.label, line)
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


def read_submission(path: str | os.PathLike, *, max_bytes: int = MAX_FILE_BYTES, root: Path | None = None) -> Submission:
    """Validate and read a submission file; raise ``InvalidInput`` listing every problem.

    ``root`` is the dataset folder the submission is for (default: the embedded data).
    """
    path = Path(path)
    check_file(path, max_bytes)
    reader = read_all(path, _Reader(str(path), root))
    header, present = reader.header, reader.seen_tasks
    return Submission(
        path=str(path),
        system=header["system"],
        dataset_version=header["dataset_version"],
        settings=header.get("settings", {}),
        boilerplate=reader.docs["boilerplate"] if "boilerplate" in present else None,
        entities=reader.docs["entities"] if "entities" in present else None,
        duplicates=reader.pairs if "duplicates" in present else None,
    )


def index_submission(path: str | os.PathLike, *, max_bytes: int | None = None, root: Path | None = None) -> SubmissionIndex:
    """Validate a submission without loading it: every rule of ``read_submission``, with the
    document texts read on demand. A file listing each task's documents in order is
    read once and leaves a few offsets; any other is read twice and leaves one offset
    per record. With no ``max_bytes`` the file may be of any size."""
    from .goldfile import DocumentTexts

    path = Path(path)
    check_file(path, max_bytes if max_bytes is not None else 1 << 62)
    texts = DocumentTexts(root)
    try:
        try:
            reader = read_all(path, _Reader(str(path), root, texts=texts, ordered=True))
        except OutOfOrder:
            reader = read_all(path, _Reader(str(path), root, texts=texts, keep_offsets=True))
    finally:
        texts.layer.close()
    header, present = reader.header, reader.seen_tasks
    tasks = [t for t in ("boilerplate", "entities") if t in present]
    return SubmissionIndex(
        path=str(path), system=header["system"], dataset_version=header["dataset_version"],
        settings=header.get("settings", {}),
        offsets={} if reader.ordered else {t: reader.docs[t] for t in tasks},
        checkpoints={t: reader.checkpoints[t] for t in tasks} if reader.ordered else {},
        duplicates=reader.pairs if "duplicates" in present else None,
    )


def write_submission(path: str | os.PathLike, *, system: str, settings: dict | None = None,
                     boilerplate: dict[str, list[Span]] | None = None,
                     entities: dict[str, list[Mention]] | None = None,
                     duplicates: list[PairPrediction] | None = None, root: Path | None = None) -> Path:
    """Write a submission file (through a temporary file, then an atomic rename).

    Surfaces are filled in from the documents (of the dataset at ``root``), so the file checks itself.
    """
    import json

    from .output import write_atomic

    texts = {doc["id"]: doc["text"] for doc in data.records("documents", root)}
    rows = [{"task": "header", "dataset_version": data.data_version(root), "system": system, "settings": settings or {}}]
    for doc, spans in sorted((boilerplate or {}).items()):
        rows.append({"task": "boilerplate", "doc": doc, "spans": [
            {"start": s.start, "end": s.end, "text": texts[doc][s.start:s.end], **({"category": s.label} if s.label else {})}
            for s in sorted(spans)]})
    for doc, mentions in sorted((entities or {}).items()):
        rows.append({"task": "entities", "doc": doc, "mentions": [
            {"start": m.start, "end": m.end, "text": texts[doc][m.start:m.end], "type": m.type,
             **({"entity_id": m.entity_id} if m.entity_id else {})} for m in sorted(mentions)]})
    for p in sorted(duplicates or [], key=lambda p: (p.a, p.b)):
        rows.append({"task": "duplicates", "a": p.a, "b": p.b, "label": p.label,
                     **({"score": round(float(p.score), 6)} if p.score is not None else {})})
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise NewsPrepError(f"cannot write {path}: folder {path.parent}: {err.strerror or err}") from None
    write_atomic(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path
