"""Scoring a submission file of any size: memory for one document and the counts, not for the file.

Two passes. The first validates every record (``index_submission``) and keeps
only where to find the records again (nothing when each task lists the
documents in order: they are read again from the start; one offset per record
otherwise); nothing is scored unless every
rule holds. The second walks the gold documents in order, reads each one's gold and
predicted records, and adds its counts to a ``Tally``. Scoring on several
processes or a cluster is ``newsprep.eval.scoring.partitioned``, with the same
counting functions.

The report is the one ``score_submission`` gives for the same file loaded whole (a test checks it).

>>> report = score_file("sys.jsonl", resamples=0)  # doctest: +SKIP
>>> [r.metric for r in report.rows][:2]                          # doctest: +SKIP
['chars', 'chars']
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from newsprep.eval.data import gold
from newsprep.eval.data.dataset import CONFIGS, dataset_dir
from newsprep.eval.data.goldfile import Layer, in_order
from newsprep.eval.data.manifest import count_records
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.io.jsonl import parse_validated, read_at
from newsprep.eval.scoring.report import Report
from newsprep.eval.scoring.score import (
    BOILERPLATE_KEYS,
    count_boilerplate,
    count_entities,
    duplicate_rows,
    entity_tallies,
    report_from_counts,
    requested,
)
from newsprep.eval.scoring.tally import Tally
from newsprep.eval.settings import RESAMPLES, SEED
from newsprep.eval.submission.model import SubmissionIndex, require_validated
from newsprep.eval.submission.read import index_submission
from newsprep.eval.types import in_label_set

PER_DOCUMENT_TASKS = ("boilerplate", "entities")


def score_file(path: str | os.PathLike, *, root: Path | None = None, tasks: tuple[str, ...] | None = None,
               resamples: int = RESAMPLES, seed: int = SEED) -> Report:
    """Validate, then score a submission file against the dataset at ``root`` (default: the embedded one).

    In one process, a file whose tasks list the documents in order is counted while it is validated
    (``OnePass``): read once, with each document's gold read once per task. Counts made before a
    problem turns up are dropped, so nothing is scored from a file that fails."""
    one_pass = OnePass(tasks, root=root, keep_rows=resamples > 0)
    try:
        index = index_submission(path, root=root, on_keep=one_pass.add)
    finally:
        one_pass.close()
    tasks = requested(index.tasks, tasks, index.path)
    per_document = [t for t in tasks if t in PER_DOCUMENT_TASKS]
    counted: dict[str, Any]
    if not index.offsets and set(per_document) <= set(one_pass.out):
        counted = {t: one_pass.out[t] for t in per_document}
    else:
        counted = count_documents(index, per_document, root=root, keep_rows=resamples > 0)
    if "duplicates" in tasks:
        counted["duplicates"] = duplicate_rows(index, root)
    counted = {t: counted[t] for t in tasks}  # the report lists tasks in the order asked
    return report_from_counts(counted, system=index.system, path=index.path, root=root, resamples=resamples, seed=seed,
                              label_set=index.label_set)


def count_documents(index: SubmissionIndex, tasks: list[str], *, root: Path | None, keep_rows: bool) -> dict:
    """Per-document tallies of ``tasks``: ``boilerplate`` a Tally, ``entities`` a Tally per view; the gold
    documents are read in order, each one's gold and predicted records once."""
    require_validated(index)
    if not tasks:
        return {}
    if "entities" in tasks:
        gold.require("entities", root)
    base = root or dataset_dir()
    total = count_records(base / CONFIGS["documents"].path)
    docs = Layer(base / CONFIGS["documents"].path, key="id")
    layers: dict[str, Layer] = {name: Layer(base / CONFIGS[name].path) for name in ("boilerplate", "entities")
                                if name in tasks or (name == "boilerplate" and "entities" in tasks)}
    out: dict[str, Tally | dict[str, Tally]] = (
        {"boilerplate": Tally(BOILERPLATE_KEYS, keep_rows)} if "boilerplate" in tasks else {})
    if "entities" in tasks:
        out["entities"] = entity_tallies(keep_rows, index.label_set)
    predictions = {task: Predictions(index, task) for task in tasks}
    try:
        previous = None
        for _ in range(total):
            doc = docs.next_record()
            if doc is None:  # the documents file lost records since they were counted
                raise NewsPrepError(f"{docs.path}: fewer documents than when it was counted (file changed?)")
            if previous is not None and not previous < doc["id"]:
                raise NewsPrepError(f"{docs.path}: documents are not in id order at {doc['id']!r}; run newsprep validate-data")
            previous = doc["id"]
            add_document(out, doc, layers, predictions, label_set=index.label_set)
    finally:
        handles: list[Layer | Predictions] = [docs, *layers.values(), *predictions.values()]
        for handle in handles:
            handle.close()
    return out


class OnePass:
    """Per-document counts made as the submission reader keeps each valid record of a file in order.

    Each task has its own cursors over the gold files, read forward in document order, so the file may
    give its tasks one after the other or interleaved. ``out`` holds what ``count_documents`` returns.
    """

    def __init__(self, tasks: tuple[str, ...] | None, *, root: Path | None, keep_rows: bool):
        self.wanted = [t for t in PER_DOCUMENT_TASKS if tasks is None or t in tasks]
        self.base, self.keep_rows = root or dataset_dir(), keep_rows
        self.out: dict[str, Tally | dict[str, Tally]] = {}
        self.layers: dict[tuple[str, str], Layer] = {}

    def layer(self, task: str, name: str) -> Layer:
        if (task, name) not in self.layers:
            self.layers[(task, name)] = Layer(self.base / CONFIGS[name].path, key="id" if name == "documents" else "doc")
        return self.layers[(task, name)]

    def add(self, task: str, doc: str, record: dict, label_set: str) -> None:
        if task not in self.wanted:
            return
        boiler = gold.boilerplate_spans(in_order(self.layer(task, "boilerplate"), doc)["spans"])
        if task not in self.out:
            self.out[task] = (Tally(BOILERPLATE_KEYS, self.keep_rows) if task == "boilerplate"
                              else entity_tallies(self.keep_rows, label_set))
        if task == "boilerplate":
            text = in_order(self.layer(task, "documents"), doc)["text"]
            add_boilerplate(self.out[task], doc, text, boiler, record)  # type: ignore[arg-type]
        else:
            add_entities(self.out[task], doc, in_order(self.layer(task, "entities"), doc), record, boiler,  # type: ignore[arg-type]
                         label_set=label_set)

    def close(self) -> None:
        for layer in self.layers.values():
            layer.close()


class Predictions:
    """The submission's records of one task, asked for in document order: read forward from the start of the
    file where the task lists the documents in order, found by their offsets otherwise."""

    def __init__(self, index: SubmissionIndex, task: str):
        self.task, self.handle = task, open(index.path, "rb")
        self.offsets = index.offsets.get(task)

    def close(self) -> None:
        self.handle.close()

    def next_record(self) -> dict:
        while raw := self.handle.readline():
            if raw.strip() and (record := parse_validated(raw)).get("task") == self.task:
                return record
        raise NewsPrepError(f"{self.handle.name}: fewer {self.task} records than when it was validated")

    def get(self, doc: str) -> dict:
        if self.offsets is not None:
            return read_at(self.handle, self.offsets[doc])
        record = self.next_record()
        if record["doc"] != doc:
            raise NewsPrepError(f"{self.handle.name}: {record['doc']!r} where {doc!r} was expected (file changed?)")
        return record


def add_document(out: dict, doc: dict, layers: dict[str, Layer], predictions: dict[str, Any], *,
                 label_set: str = "ontonotes5") -> None:
    """Add one document's counts to the tallies in ``out``; ``predictions[task].get(doc)`` is the record."""
    d = doc["id"]
    boiler = gold.boilerplate_spans(in_order(layers["boilerplate"], d)["spans"])
    if "boilerplate" in out:
        add_boilerplate(out["boilerplate"], d, doc["text"], boiler, predictions["boilerplate"].get(d))
    if "entities" in out:
        add_entities(out["entities"], d, in_order(layers["entities"], d), predictions["entities"].get(d), boiler,
                     label_set=label_set)


def add_boilerplate(tally: Tally, doc: str, text: str, boiler, record: dict) -> None:
    """One document's boilerplate counts: the gold spans ``boiler`` against a submission record's."""
    count_boilerplate(tally, doc, text, boiler, gold.boilerplate_spans(record["spans"]))


def add_entities(tallies: dict[str, Tally], doc: str, gold_record: dict, record: dict, boiler, *, label_set: str) -> None:
    """One document's entity counts, both views: the gold record's mentions of the label set against a submission record's."""
    truth = in_label_set(gold.mentions(gold_record["mentions"]), label_set)
    count_entities(tallies, doc, truth, gold.mentions(record["mentions"]), boiler)
