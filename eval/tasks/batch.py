"""Documents gathered in batches and counted together on arrays: what every per-document task's counter shares.

A counter keeps the spans of a batch as given (a record's objects, such as
``{"start": 0, "end": 5, "type": "PERSON"}``, or ``Span``/``Mention``
objects) and reads their columns when the batch is full or finished
(``Side``), so that a document costs a list extension. Memory holds one batch,
not the corpus.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

import numpy as np

from newsprep.eval.validate.columns import ABSENT, Rows

BATCH = 256  # documents counted together: big enough to pay for the array calls, small enough to keep memory flat
# How a field is read from a record's object, or from a Span or Mention
FIELDS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "start": (itemgetter("start"), attrgetter("start")),
    "end": (itemgetter("end"), attrgetter("end")),
    "type": (itemgetter("type"), attrgetter("type")),
    "entity_id": (methodcaller("get", "entity_id"), attrgetter("entity_id")),
    "category": (methodcaller("get", "category", ""), attrgetter("label")),
}
DEFAULTS = {"category": ""}  # what ``FIELDS`` reads for a span without the field (others: None)


class Side:
    """The spans of one side (gold, prediction) of a batch, as given, with the number of their document.

    A document's spans come as a list of objects or, for gold read from the column cache, as ``Rows`` (a
    slice of a layer's arrays): those are read as array slices, with no object per span."""

    def __init__(self) -> None:
        self.items: list = []
        self.doc: list[int] = []
        self.rows: list[Rows] = []
        self.row_doc: list[int] = []

    def add(self, k: int, items: Sequence | Rows) -> None:
        if isinstance(items, Rows):
            self.rows.append(items)
            self.row_doc.append(k)
            return
        self.items += items
        self.doc += [k] * len(items)

    def __len__(self) -> int:
        return len(self.items) + sum(map(len, self.rows))

    def listed(self) -> None:
        """Rows read as objects: a side given both (no reader does) is counted as objects, in document order."""
        if self.rows and self.items:
            given = sorted([(k, j, item) for j, (k, item) in enumerate(zip(self.doc, self.items))]
                           + [(k, len(self.items) + j, item) for j, (k, rows) in enumerate(zip(self.row_doc, self.rows))
                              for item in rows.items()], key=lambda t: (t[0], t[1]))
            self.doc, self.items = [k for k, _, _ in given], [item for _, _, item in given]
            self.rows, self.row_doc = [], []

    def at(self) -> slice | np.ndarray:
        """The rows of the layer's arrays that hold the side's spans, in order: one slice where the documents'
        rows follow each other (consecutive documents, as a reader gives them)."""
        rows = self.rows
        if all(a.hi == b.lo for a, b in zip(rows, rows[1:])):
            return slice(rows[0].lo, rows[-1].hi) if rows else slice(0, 0)
        return np.concatenate([np.arange(r.lo, r.hi) for r in rows])

    def docs(self) -> np.ndarray:
        """The document number of every span."""
        self.listed()
        if self.rows:
            return np.repeat(np.array(self.row_doc, dtype=np.int64), [len(r) for r in self.rows])
        return np.array(self.doc, dtype=np.int64)

    def values(self, name: str) -> Iterator[Any]:
        """An iterator over one field of every span."""
        self.listed()
        if self.rows:
            layer = self.rows[0].layer
            vocab = [DEFAULTS.get(name) if v is ABSENT else v for v in layer.vocab[name]]
            return map(vocab.__getitem__, layer.codes[name][self.at()].tolist())
        if not self.items:
            return iter(())
        by_key, by_attribute = FIELDS[name]
        read: Callable[[Any], Any] = by_key if isinstance(self.items[0], dict) else by_attribute
        return map(read, self.items)

    def ints(self, name: str, lookup: dict | None = None) -> np.ndarray:
        """One field of every span as int64: a number as it is, a name by ``lookup``."""
        self.listed()
        if self.rows:
            layer = self.rows[0].layer
            if name in ("start", "end"):
                return np.asarray(getattr(layer, name)[self.at()], dtype=np.int64)
            assert lookup is not None, f"{name} needs a lookup"
            table = np.array([lookup[DEFAULTS.get(name) if v is ABSENT else v] for v in layer.vocab[name]], dtype=np.int64)
            return table[layer.codes[name][self.at()]] if len(table) else np.zeros(0, dtype=np.int64)
        values = self.values(name) if lookup is None else map(lookup.__getitem__, self.values(name))
        return np.fromiter(values, dtype=np.int64, count=len(self.items))

    def numbers(self, name: str, numbered: dict, fresh: Iterator[int]) -> np.ndarray:
        """One field of every span as numbers given in ``numbered`` (a value seen first takes the next of
        ``fresh``): equal values, and only they, get equal numbers, on both sides of a batch."""
        self.listed()
        if self.rows:
            vocab = self.rows[0].layer.vocab[name]
            used, where = np.unique(self.rows[0].layer.codes[name][self.at()], return_inverse=True)  # the batch's, not the vocabulary's
            given = [numbered.setdefault(DEFAULTS.get(name) if vocab[code] is ABSENT else vocab[code], next(fresh))
                     for code in used.tolist()]
            return np.array(given, dtype=np.int64)[where] if given else np.zeros(0, dtype=np.int64)
        return np.fromiter(map(numbered.setdefault, self.values(name), fresh), dtype=np.int64, count=len(self.items))


def spans_of(record: Mapping[str, Any] | Rows, items: str) -> Sequence | Rows:
    """A gold record's list ``items`` (``"mentions"``), or the ``Rows`` the column cache gives in its place."""
    return record if isinstance(record, Rows) else record[items]


class Batch:
    """Documents added one by one and counted ``size`` at a time by ``flush``; ``finish`` counts the rest and
    returns the counts."""

    def __init__(self, size: int = BATCH):
        self.size = size
        self.reset()

    def reset(self) -> None:
        self.docs: list[str] = []

    def full(self) -> None:
        if len(self.docs) >= self.size:
            self.flush()

    def flush(self) -> None:
        raise NotImplementedError

    def counts(self) -> Any:
        raise NotImplementedError

    def finish(self) -> Any:
        self.flush()
        return self.counts()
