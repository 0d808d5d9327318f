"""Documents gathered in batches and counted together on arrays: the one way a document's counts are made.

Every scorer (records in memory, a file in one pass, a file read by offsets, a
range of a partitioned job) hands each document's gold and predicted spans to a
``BoilerplateBatch`` or an ``EntityBatch`` in document order; every ``BATCH``
documents, and at ``flush``, the batch is counted by
``metrics.boilerplate_arrays`` and ``metrics.entity_arrays`` and its rows added
to the tallies. Memory holds one batch, not the corpus.

Spans are a record's objects (``{"start": 0, "end": 5, "type": "PERSON"}``) or
``Span``/``Mention`` objects; a batch keeps them as given and reads their
columns at ``flush`` (``Side``), so that a document costs a list extension.

>>> tallies = entity_tallies()
>>> batch = EntityBatch(tallies)
>>> batch.add("d000", [{"start": 0, "end": 5, "type": "PERSON"}], [{"start": 0, "end": 5, "type": "PERSON"}], [])
>>> batch.flush()
>>> tallies["all"].total("strict").tolist()
[1.0, 1.0, 1.0, 1.0]
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

import numpy as np

from newsprep.eval.metrics import entity_arrays as ea
from newsprep.eval.metrics.boilerplate import ORDER
from newsprep.eval.metrics.boilerplate_arrays import SpanColumns, batch_counts
from newsprep.eval.metrics.entities import SCHEMES
from newsprep.eval.metrics.prf import prf_arrays
from newsprep.eval.scoring.tally import Tally
from newsprep.eval.types import CATEGORIES, CONLL2003, CONLL_TYPES, LABEL_SETS, TYPES

BATCH = 256  # documents counted together: big enough to pay for the array calls, small enough to keep memory flat
PER_DOCUMENT_TASKS = ("boilerplate", "entities")
BOILERPLATE_KEYS = ORDER  # chars, spans_exact, spans_overlap, content_tokens, category:NAME
VIEWS = ("all", "content")  # of the entity task: all text, and content only (mentions touching boilerplate dropped)
CATEGORY = {"": -1, **{c: k for k, c in enumerate(CATEGORIES)}}
# How a field is read from a record's object, or from a Span or Mention
FIELDS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "start": (itemgetter("start"), attrgetter("start")),
    "end": (itemgetter("end"), attrgetter("end")),
    "type": (itemgetter("type"), attrgetter("type")),
    "entity_id": (methodcaller("get", "entity_id"), attrgetter("entity_id")),
    "category": (methodcaller("get", "category", ""), attrgetter("label")),
}


def entity_keys(label_set: str = "ontonotes5") -> tuple[str, ...]:
    """The tally keys of the entity task: each scheme, each scheme per type of the label set, entity ids."""
    types = LABEL_SETS[label_set]
    return (*SCHEMES, *[f"{s}:{t}" for s in SCHEMES for t in types], "entity_id")


def entity_tallies(keep_rows: bool = True, label_set: str = "ontonotes5") -> dict[str, Tally]:
    return {view: Tally(entity_keys(label_set), keep_rows) for view in VIEWS}


def type_numbers(label_set: str) -> dict[str, int]:
    """Every type a gold mention or a prediction may have, numbered in ``label_set``'s order: an OntoNotes type
    mapped to CoNLL-2003 for that label set (``types.CONLL2003``); -1 for a type the label set leaves out."""
    types = LABEL_SETS[label_set]
    out = {t: types.index(t) if t in types else -1 for t in (*TYPES, *CONLL_TYPES)}
    if label_set == "conll2003":
        out.update({t: types.index(m) if m is not None else -1 for t, m in CONLL2003.items()})
    return out


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


class _Batch:
    def __init__(self, size: int):
        self.size = size
        self.reset()

    def reset(self) -> None:
        self.docs: list[str] = []

    def full(self) -> None:
        if len(self.docs) >= self.size:
            self.flush()

    def flush(self) -> None:
        raise NotImplementedError


class BoilerplateBatch(_Batch):
    """Boilerplate counts of documents, added to ``tally`` a batch at a time."""

    def __init__(self, tally: Tally, size: int = BATCH):
        self.tally = tally
        super().__init__(size)

    def reset(self) -> None:
        super().reset()
        self.texts: list[str] = []
        self.gold, self.pred = Side(), Side()

    def add(self, doc: str, text: str, gold: Sequence, pred: Sequence) -> None:
        """One document: its text, its gold boilerplate spans and the predicted ones."""
        k = len(self.docs)
        self.docs.append(doc)
        self.texts.append(text)
        self.gold.add(k, gold)
        self.pred.add(k, pred)
        self.full()

    def flush(self) -> None:
        if not self.docs:
            return
        gold = SpanColumns.of(self.gold.doc, self.gold.ints("start"), self.gold.ints("end"), self.gold.ints("category", CATEGORY))
        pred = SpanColumns.of(self.pred.doc, self.pred.ints("start"), self.pred.ints("end"))
        counts = batch_counts(self.texts, gold, pred)
        self.tally.add_rows(self.docs, counts.reshape(len(self.docs), -1),
                            **{f"f1:{m}": prf_arrays(counts[:, k])[2] for k, m in ((0, "chars"), (3, "content_tokens"))})
        self.reset()


class EntityBatch(_Batch):
    """Entity counts of documents in both views (all text; content only), added to ``tallies`` a batch at a time.

    Gold mentions come with their OntoNotes types and are mapped to the label set here
    (``types.in_label_set``); predictions come in the label set already."""

    def __init__(self, tallies: dict[str, Tally], label_set: str = "ontonotes5", size: int = BATCH):
        self.tallies, self.label_set = tallies, label_set
        self.types = LABEL_SETS[label_set]
        self.type_number = type_numbers(label_set)
        super().__init__(size)

    def reset(self) -> None:
        super().reset()
        self.gold, self.pred, self.boiler = Side(), Side(), Side()

    def add(self, doc: str, gold: Sequence, pred: Sequence, boiler: Sequence) -> None:
        """One document: gold mentions, predicted mentions and gold boilerplate spans."""
        k = len(self.docs)
        self.docs.append(doc)
        self.gold.add(k, gold)
        self.pred.add(k, pred)
        self.boiler.add(k, boiler)
        self.full()

    def columns(self, side: Side, ids: dict, fresh: Iterator[int]) -> ea.MentionColumns:
        """A side's mentions as columns; entity ids numbered in ``ids`` (None is -1), a new id taking the next
        number of ``fresh`` (shared by both sides, so that two ids never share a number); types the label set
        leaves out dropped."""
        numbers = np.fromiter(map(ids.setdefault, side.values("entity_id"), fresh), dtype=np.int64,
                              count=len(side.items))
        columns = ea.MentionColumns.of(side.doc, side.ints("start"), side.ints("end"), side.ints("type", self.type_number), numbers)
        return columns.where(columns.type >= 0)

    def flush(self) -> None:
        if not self.docs:
            return
        docs = len(self.docs)
        ids: dict[str | None, int] = {None: -1}
        fresh = itertools.count()
        gold, pred = self.columns(self.gold, ids, fresh), self.columns(self.pred, ids, fresh)
        boiler = ea.MentionColumns.of(self.boiler.doc, self.boiler.ints("start"), self.boiler.ints("end"), [0] * len(self.boiler.doc))
        named = pred.entity >= 0
        if "" in ids:  # an empty id counts as given (entity_id_counts), not as naming an entity (the flag)
            named &= pred.entity != ids[""]
        for view, tally in self.tallies.items():
            g, p, kept = gold, pred, named
            if view == "content":
                keep = ~ea.touching(pred, boiler.lo, boiler.hi)
                g, p, kept = gold.where(~ea.touching(gold, boiler.lo, boiler.hi)), pred.where(keep), named[keep]
            counts = ea.as_count_columns(ea.semeval_counts(g, p, docs=docs, types=self.types))
            rows = np.concatenate([counts[:, :, 0].reshape(docs, -1), counts[:, :, 1:].reshape(docs, -1),
                                   ea.entity_id_counts(g, p, docs=docs)], axis=1)
            strict = tally.column["strict"]
            tally.add_rows(self.docs, rows, **{"f1:strict": prf_arrays(rows[:, strict:strict + 4])[2]})
            if view == "all":
                tally.confusion += ea.confusion(g, p, self.types)
            if kept.any():  # a prediction names an entity
                tally.flags.add("entity_id")
        self.reset()


class Counting:
    """The tallies of the per-document tasks in ``tasks`` and their batches; documents come in document order.

    ``finish`` counts what is left and returns the tallies: ``boilerplate`` a ``Tally``, ``entities`` a
    ``Tally`` per view."""

    def __init__(self, tasks, *, keep_rows: bool = True, label_set: str = "ontonotes5"):
        self.out: dict[str, Any] = {}
        self.added = {task: 0 for task in PER_DOCUMENT_TASKS}  # documents given, per task
        self.boilerplate_batch: BoilerplateBatch | None = None
        self.entity_batch: EntityBatch | None = None
        if "boilerplate" in tasks:
            self.out["boilerplate"] = Tally(BOILERPLATE_KEYS, keep_rows)
            self.boilerplate_batch = BoilerplateBatch(self.out["boilerplate"])
        if "entities" in tasks:
            self.out["entities"] = entity_tallies(keep_rows, label_set)
            self.entity_batch = EntityBatch(self.out["entities"], label_set)

    def boilerplate(self, doc: str, text: str, gold: dict, record: dict) -> None:
        """One document's gold boilerplate record and submitted record."""
        assert self.boilerplate_batch is not None
        self.added["boilerplate"] += 1
        self.boilerplate_batch.add(doc, text, gold["spans"], record["spans"])

    def entities(self, doc: str, gold: dict, record: dict, boiler: dict) -> None:
        """One document's gold entities record, submitted record and gold boilerplate record."""
        assert self.entity_batch is not None
        self.added["entities"] += 1
        self.entity_batch.add(doc, gold["mentions"], record["mentions"], boiler["spans"])

    def finish(self) -> dict[str, Any]:
        for batch in (self.boilerplate_batch, self.entity_batch):
            if batch is not None:
                batch.flush()
        return self.out
