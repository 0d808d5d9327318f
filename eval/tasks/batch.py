"""Documents gathered in batches and counted together on arrays: what every per-document task's counter shares.

A counter keeps the spans of a batch as given (a record's objects, such as
``{"start": 0, "end": 5, "type": "PERSON"}``, or ``Span``/``Mention``
objects) and reads their columns when the batch is full or finished
(``Side``), so that a document costs a list extension. Memory holds one batch,
not the corpus.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

import numpy as np

BATCH = 256  # documents counted together: big enough to pay for the array calls, small enough to keep memory flat
# How a field is read from a record's object, or from a Span or Mention
FIELDS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "start": (itemgetter("start"), attrgetter("start")),
    "end": (itemgetter("end"), attrgetter("end")),
    "type": (itemgetter("type"), attrgetter("type")),
    "entity_id": (methodcaller("get", "entity_id"), attrgetter("entity_id")),
    "category": (methodcaller("get", "category", ""), attrgetter("label")),
}


class Side:
    """The spans of one side (gold, prediction) of a batch, as given, with the number of their document."""

    def __init__(self) -> None:
        self.items: list = []
        self.doc: list[int] = []

    def add(self, k: int, items: Sequence) -> None:
        self.items += items
        self.doc += [k] * len(items)

    def values(self, name: str) -> Iterator[Any]:
        """An iterator over one field of every span."""
        if not self.items:
            return iter(())
        by_key, by_attribute = FIELDS[name]
        read: Callable[[Any], Any] = by_key if isinstance(self.items[0], dict) else by_attribute
        return map(read, self.items)

    def ints(self, name: str, lookup: dict | None = None) -> np.ndarray:
        values = self.values(name) if lookup is None else map(lookup.__getitem__, self.values(name))
        return np.fromiter(values, dtype=np.int64, count=len(self.items))


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
