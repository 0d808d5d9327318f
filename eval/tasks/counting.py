"""Counting a submission: each document's text, the gold records its tasks read and the predicted record, handed
in document order to each per-document task's counter (``Task.counter``); the tasks not per document are
counted at once (``Task.count_whole``).

The engine (``submission.engine``) counts a range of documents with ``add_document`` as it checks their
records; ``count_documents`` counts a submission held in memory with the same function.

>>> counting = Counting(["entities"])
>>> m = [{"start": 0, "end": 5, "type": "PERSON"}]
>>> counting.add("entities", "d000", "Putin", {"entities": {"mentions": m}, "boilerplate": {"spans": []}}, {"mentions": m})
>>> counting.finish()["entities"]["all"].total("strict").tolist()
[1.0, 1.0, 1.0, 1.0]
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from newsprep.eval.data import gold
from newsprep.eval.data.dataset import CONFIGS, dataset_dir
from newsprep.eval.data.goldfile import Layer, in_order
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.tasks.base import get, registered
from newsprep.eval.validate.columns import GoldColumns, Rows, opened
from newsprep.eval.validate.gold import gold_columns


def per_document_tasks() -> tuple[str, ...]:
    """The registered tasks with one record per document, in registry order."""
    return tuple(t.name for t in registered() if t.per_document)


def gold_layer_names(chosen: Iterable[str]) -> tuple[str, ...]:
    """The gold files the ``chosen`` tasks read beside the documents, each once, in the order first named."""
    return tuple(dict.fromkeys(layer for name in chosen for layer in get(name).gold_layers))


def required_layers(chosen: Iterable[str]) -> tuple[str, ...]:
    """The gold files of ``gold_layer_names`` that one of the ``chosen`` tasks cannot do without."""
    return tuple(dict.fromkeys(layer for name in chosen for layer in get(name).gold_layers
                               if layer not in get(name).optional_layers))


class Absent:
    """A gold layer the dataset folder lacks and no task chosen requires: the same ``record`` for every document."""

    def __init__(self, record: dict):
        self.record = record

    def get(self, doc: str) -> dict:
        return {"doc": doc, **self.record}

    def skip(self, count: int) -> None:
        pass

    def close(self) -> None:
        pass


class ColumnDocuments:
    """The documents from the column cache, read forward as the documents file is (``goldfile.Layer``)."""

    def __init__(self, columns: GoldColumns):
        self.columns, self.position = columns, 0
        self.path = "the column cache"

    def skip(self, count: int) -> None:
        self.position += count

    def next_record(self) -> dict | None:
        if self.position >= len(self.columns):
            return None
        self.position += 1
        return self.columns.document(self.position - 1)

    def close(self) -> None:
        pass


def documents_cursor(base: Path, columns: GoldColumns | None) -> Layer | ColumnDocuments:
    """The documents of the folder ``base``, read forward: from its ``columns`` where they are open, else its JSON."""
    return ColumnDocuments(columns) if columns is not None else Layer(base / CONFIGS["documents"].path, key="id")


class ColumnLayer:
    """A span layer from the column cache: each document's ``Rows``, found by its id (the documents are in id
    order: a reader asks for them forward, so the ids are read forward from the last one found)."""

    def __init__(self, columns: GoldColumns, name: str):
        self.columns, self.layer, self.next = columns, columns.layers[name], 0

    def get(self, doc: str) -> Rows:
        ids, at = self.columns.ids, self.next
        if at and ids[at - 1] >= doc:  # asked again (two tasks read the layer), or an earlier document
            at = 0 if ids[at - 1] > doc else at - 1
        while at < len(ids) and ids[at] < doc:
            at += 1
        if at >= len(ids) or ids[at] != doc:
            raise NewsPrepError(f"the column cache has no document {doc!r}; run newsprep validate-data --clear-cache")
        self.next = at + 1
        return self.layer.rows_of(at)

    def skip(self, count: int) -> None:
        self.next += count

    def close(self) -> None:
        pass


Cursor = Layer | Absent | ColumnLayer


def gold_record(layer: Cursor, doc: str) -> dict | Rows:
    """The gold record of ``doc`` in ``layer`` (``goldfile.in_order``), or its ``Rows`` from the column cache."""
    return in_order(layer, doc) if isinstance(layer, Layer) else layer.get(doc)


def gold_layers(base: Path, chosen: Iterable[str], columns: GoldColumns | None = None) -> dict[str, Cursor]:
    """A cursor over each gold file the ``chosen`` per-document tasks read beside the documents; a file the folder
    lacks that no task chosen requires (``Task.optional_layers``) reads as that task's empty record. With the
    folder's ``columns``, a layer they hold is read from them where every task chosen that reads it takes
    ``Rows`` (``Task.reads_rows``)."""
    chosen = tuple(chosen)
    required = required_layers(chosen)
    out: dict[str, Cursor] = {}
    for name in gold_layer_names(chosen):
        path = base / CONFIGS[name].path
        if columns is not None and name in columns.layers and all(get(t).reads_rows for t in chosen if name in get(t).gold_layers):
            out[name] = ColumnLayer(columns, name)
        elif name in required or path.is_file():
            out[name] = Layer(path)
        else:
            out[name] = Absent(next(get(t).optional_layers[name] for t in chosen if name in get(t).optional_layers))
    return out


class Counting:
    """The counters of the per-document tasks in ``chosen``; ``finish`` gives each task's counts.

    ``added`` counts the documents given to each task."""

    def __init__(self, chosen: Iterable[str], *, keep_rows: bool = True, label_set: str = "ontonotes5"):
        self.counters = {name: get(name).counter(label_set=label_set, keep_rows=keep_rows) for name in chosen}
        self.added = dict.fromkeys(self.counters, 0)

    def add(self, task: str, doc: str, text: str, gold: Mapping[str, dict | Rows], record: Mapping[str, Any]) -> None:
        """One document of ``task``: its text, the gold records the task reads (by layer) and the predicted record."""
        self.added[task] += 1
        self.counters[task].add(doc, text, gold, record)

    def finish(self) -> dict[str, Any]:
        return {name: counter.finish() for name, counter in self.counters.items()}


def add_document(counting: Counting, doc: dict, layers: Mapping[str, Cursor],
                 predictions: Mapping[str, Mapping]) -> None:
    """Add one document (its record in the documents file) to ``counting``; ``predictions[task][doc]`` is its
    predicted record of each task counted, ``layers`` the gold cursors (``gold_layers``)."""
    d = doc["id"]
    for task in counting.counters:
        truth = {name: gold_record(layers[name], d) for name in get(task).gold_layers}
        counting.add(task, d, doc["text"], truth, predictions[task][d])


def count_documents(chosen: list[str], predictions: Mapping[str, Mapping], *, root: Path | None, keep_rows: bool = True,
                    label_set: str = "ontonotes5") -> dict[str, Any]:
    """The counts of the per-document tasks ``chosen`` whose records, by document, are ``predictions[task]``:
    every gold document in order, each gold record read once (from the column cache where there is one)."""
    for layer in required_layers(chosen):
        gold.require(layer, root)
    base = root or dataset_dir()
    held = opened(gold_columns(base))
    docs = documents_cursor(base, held)
    layers = gold_layers(base, chosen, held)
    counting = Counting(chosen, keep_rows=keep_rows, label_set=label_set)
    try:
        previous = None
        while (doc := docs.next_record()) is not None:
            if previous is not None and not previous < doc["id"]:
                raise NewsPrepError(f"{docs.path}: documents are not in id order at {doc['id']!r}; run newsprep validate-data")
            previous = doc["id"]
            add_document(counting, doc, layers, predictions)
    finally:
        for cursor in (docs, *layers.values()):
            cursor.close()
    return counting.finish()
