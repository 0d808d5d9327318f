"""The counters of the per-document tasks of one submission, fed one document at a time in document order.

Every scorer (a submission in memory, a file in one pass, a file read by
offsets, a range of a partitioned job) hands each document's text, the gold
records its tasks read and the predicted record to ``Counting.add``; each
task's counter (``Task.counter``, in the task's package) counts a batch of
documents at a time on arrays.

>>> counting = Counting(["entities"])
>>> m = [{"start": 0, "end": 5, "type": "PERSON"}]
>>> counting.add("entities", "d000", "Putin", {"entities": {"mentions": m}, "boilerplate": {"spans": []}}, {"mentions": m})
>>> counting.finish()["entities"]["all"].total("strict").tolist()
[1.0, 1.0, 1.0, 1.0]
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import newsprep.eval.tasks as registry


def per_document_tasks() -> tuple[str, ...]:
    """The registered tasks with one record per document, in registry order."""
    return tuple(t.name for t in registry.registered() if t.per_document)


def gold_layer_names(chosen: Iterable[str]) -> tuple[str, ...]:
    """The gold files the ``chosen`` tasks read beside the documents, each once, in the order first named."""
    return tuple(dict.fromkeys(layer for name in chosen for layer in registry.get(name).gold_layers))


class Counting:
    """The counters of the per-document tasks in ``chosen``; ``finish`` gives each task's counts.

    ``added`` counts the documents given to each task."""

    def __init__(self, chosen: Iterable[str], *, keep_rows: bool = True, label_set: str = "ontonotes5"):
        self.counters = {name: registry.get(name).counter(label_set=label_set, keep_rows=keep_rows) for name in chosen}
        self.added = dict.fromkeys(self.counters, 0)

    def add(self, task: str, doc: str, text: str, gold: Mapping[str, dict], record: Mapping[str, Any]) -> None:
        """One document of ``task``: its text, the gold records the task reads (by layer) and the predicted record."""
        self.added[task] += 1
        self.counters[task].add(doc, text, gold, record)

    def finish(self) -> dict[str, Any]:
        return {name: counter.finish() for name, counter in self.counters.items()}
