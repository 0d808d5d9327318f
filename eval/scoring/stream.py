"""Scoring a submission file of any size: memory for one batch of documents and the counts, not for the file.

One pass where it can. A file whose tasks list the documents in order is
validated and counted in the same read (``OnePass``); a file in any other order
is first sorted by document into a temporary file (an external sort, memory
for one run of lines) and that copy is read in one pass. Nothing is scored
unless every rule holds: counts made before a problem turns up are dropped, and
a file that fails is read again as it is, so that its problems carry its own
line numbers. Scoring on several processes or a cluster is
``newsprep.eval.scoring.partitioned``, with the same counting (``scoring.batch``).

The report is the one ``score_submission`` gives for the same file loaded whole (a test checks it).

>>> report = score_file("sys.jsonl", resamples=0)  # doctest: +SKIP
>>> [r.metric for r in report.rows][:2]                          # doctest: +SKIP
['chars', 'chars']
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import newsprep.eval.tasks as registry
from newsprep.eval.data import gold
from newsprep.eval.data.dataset import CONFIGS, dataset_dir
from newsprep.eval.data.goldfile import Layer, in_order
from newsprep.eval.data.manifest import count_records
from newsprep.eval.errors import InvalidInput, NewsPrepError
from newsprep.eval.io.jsonl import parse_validated, read_at
from newsprep.eval.io.sort import Unsortable, sort_lines
from newsprep.eval.scoring.batch import Counting, gold_layer_names, per_document_tasks
from newsprep.eval.scoring.report import Report
from newsprep.eval.scoring.score import report_from_counts, requested
from newsprep.eval.settings import RESAMPLES, SEED
from newsprep.eval.submission.model import SubmissionIndex, require_validated
from newsprep.eval.submission.read import DocumentOrder, OutOfOrder, index_submission


def score_file(path: str | os.PathLike, *, root: Path | None = None, tasks: tuple[str, ...] | None = None,
               resamples: int = RESAMPLES, seed: int = SEED) -> Report:
    """Validate, then score a submission file against the dataset at ``root`` (default: the embedded one).

    In one process, a file whose tasks list the documents in order is counted while it is validated
    (``OnePass``): read once, with each gold record read once (once per task where the tasks come one after
    the other) and each text once. Counts made before a problem turns up are dropped, so nothing is scored
    from a file that fails. A file in another order is sorted by document first (``in_document_order``)."""
    index, in_one_pass = in_document_order(path, root=root, tasks=tasks, keep_rows=resamples > 0)
    tasks = requested(index.tasks, tasks, index.path)
    per_document = [t for t in tasks if registry.get(t).per_document]
    counted: dict[str, Any]
    if set(per_document) <= set(in_one_pass):
        counted = {t: in_one_pass[t] for t in per_document}
    else:
        counted = count_documents(index, per_document, root=root, keep_rows=resamples > 0)
    counted.update(count_whole(index, tasks, root=root))
    counted = {t: counted[t] for t in tasks}  # the report lists tasks in the order asked
    return report_from_counts(counted, system=index.system, path=index.path, root=root, resamples=resamples, seed=seed,
                              label_set=index.label_set)


def count_whole(index: SubmissionIndex, chosen, *, root: Path | None) -> dict[str, Any]:
    """The counts of the ``chosen`` tasks whose records are not per document, from the validated index."""
    require_validated(index)
    return {t: registry.get(t).count_whole(index.whole[t], root=root) for t in chosen if not registry.get(t).per_document}


def counted_in_one_pass(path: str | os.PathLike, *, root: Path | None, tasks: tuple[str, ...] | None,
                        keep_rows: bool) -> tuple[SubmissionIndex, dict[str, Any]]:
    """Validate a file whose tasks list the documents in order and count it in the same pass
    (``OutOfOrder`` otherwise)."""
    one_pass = OnePass(tasks, root=root, keep_rows=keep_rows)
    try:
        index = index_submission(path, root=root, on_keep=one_pass.add, in_order_only=True)
        return index, one_pass.finish()
    finally:
        one_pass.close()


def in_document_order(path: str | os.PathLike, *, root: Path | None, tasks: tuple[str, ...] | None,
                      keep_rows: bool) -> tuple[SubmissionIndex, dict[str, Any]]:
    """The validated index of a submission file and the per-document tallies counted while reading it.

    A file in document order is read once. Any other is sorted by document into a temporary file
    (``io.sort``, memory for one run of lines) and that is read once, so memory stays flat however the
    records are shuffled. Where the sorted copy fails a rule (or cannot be made: a line that is not a
    plain record, no header first), the file itself is read again as it is (``index_submission``, one
    offset per record), so that problems are named by its own line numbers; the tallies are then empty
    and ``count_documents`` makes them."""
    try:
        return counted_in_one_pass(path, root=root, tasks=tasks, keep_rows=keep_rows)
    except OutOfOrder:
        pass
    temporary = tempfile.gettempdir()
    try:
        with tempfile.TemporaryDirectory(prefix="newsprep-score-") as folder:
            copy = Path(folder) / "sorted.jsonl"
            try:
                sort_lines(path, copy, key=DocumentOrder())
                index, counted = counted_in_one_pass(copy, root=root, tasks=tasks, keep_rows=keep_rows)
                return replace(index, path=str(path)), counted
            except (Unsortable, OutOfOrder, InvalidInput):
                pass
    except OSError as err:  # a full disk or quota in the temporary folder: a write there names no file
        if err.filename is not None and not os.path.abspath(os.fspath(err.filename)).startswith(os.path.abspath(temporary)):
            raise
        raise NewsPrepError(f"cannot write the sorted copy of {path} in the temporary folder {temporary}: "
                            f"{err.strerror or err}; make room there or set TMPDIR to another folder; "
                            "nothing was scored") from None
    return index_submission(path, root=root), {}


def count_documents(index: SubmissionIndex, tasks: list[str], *, root: Path | None, keep_rows: bool) -> dict:
    """Per-document tallies of ``tasks``: ``boilerplate`` a Tally, ``entities`` a Tally per view; the gold
    documents are read in order, each one's gold and predicted records once."""
    require_validated(index)
    if not tasks:
        return {}
    for layer in gold_layer_names(tasks):
        gold.require(layer, root)
    base = root or dataset_dir()
    total = count_records(base / CONFIGS["documents"].path)
    docs = Layer(base / CONFIGS["documents"].path, key="id")
    layers = gold_layers(base, tasks)
    counting = Counting(tasks, keep_rows=keep_rows, label_set=index.label_set)
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
            add_document(counting, doc, layers, predictions)
    finally:
        handles: list[Layer | Predictions] = [docs, *layers.values(), *predictions.values()]
        for handle in handles:
            handle.close()
    return counting.finish()


def gold_layers(base: Path, tasks) -> dict[str, Layer]:
    """A cursor over each gold file the per-document ``tasks`` read beside the documents."""
    return {name: Layer(base / CONFIGS[name].path) for name in gold_layer_names(tasks)}


class OnePass:
    """Per-document counts made as the submission reader keeps each valid record of a file in order.

    The tasks share one cursor over each gold file while they come interleaved (each gold record is read
    once); a task that asks for a document behind the shared cursor (the tasks come one after the other)
    gets a cursor of its own. The document's text is the one the reader checked the record against.
    ``finish`` gives what ``count_documents`` returns.
    """

    def __init__(self, tasks: tuple[str, ...] | None, *, root: Path | None, keep_rows: bool):
        self.wanted = [t for t in per_document_tasks() if tasks is None or t in tasks]
        self.base, self.keep_rows = root or dataset_dir(), keep_rows
        self.counting: Counting | None = None
        self.layers: dict[tuple[str, str], Layer] = {}  # (task or "shared", gold file name) -> cursor

    def gold(self, task: str, name: str, doc: str) -> dict:
        """The gold record of ``doc`` in the file ``name``, for ``task``."""
        key = (task, name) if (task, name) in self.layers else ("shared", name)
        if key not in self.layers:
            self.layers[key] = Layer(self.base / CONFIGS[name].path)
        last = self.layers[key].last
        if key[0] == "shared" and last is not None and doc < last[0]:
            key = (task, name)
            self.layers[key] = Layer(self.base / CONFIGS[name].path)
        return in_order(self.layers[key], doc)

    def add(self, task: str, doc: str, record: dict, label_set: str, text: str) -> None:
        if task not in self.wanted:
            return
        if self.counting is None:
            self.counting = Counting(self.wanted, keep_rows=self.keep_rows, label_set=label_set)
        gold = {name: self.gold(task, name, doc) for name in registry.get(task).gold_layers}
        self.counting.add(task, doc, text, gold, record)

    def finish(self) -> dict[str, Any]:
        """The tallies of the tasks whose records came (every record of a valid file)."""
        if self.counting is None:
            return {}
        out = self.counting.finish()
        return {task: out[task] for task in out if self.counting.added[task]}

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


def add_document(counting: Counting, doc: dict, layers: dict[str, Layer], predictions: dict[str, Any]) -> None:
    """Add one document to ``counting``; ``predictions[task].get(doc)`` is its record of each task counted."""
    d = doc["id"]
    for task in counting.counters:
        gold = {name: in_order(layers[name], d) for name in registry.get(task).gold_layers}
        counting.add(task, d, doc["text"], gold, predictions[task].get(d))
