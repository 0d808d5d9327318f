"""Documents gathered in batches and counted together on arrays: the one way a document's counts are made.

Every scorer (records in memory, a file in one pass, a file read by offsets, a
range of a partitioned job) hands each document's gold and predicted spans to a
``BoilerplateBatch`` or an ``EntityBatch`` in document order; every ``BATCH``
documents, and at ``flush``, the batch is counted by
``metrics.boilerplate_arrays`` and ``metrics.entity_arrays`` and its rows added
to the tallies. Memory holds one batch, not the corpus.

Spans come as columns, ``(starts, ends, labels, entity ids)``: ``record_columns``
reads them from a record's list of objects, ``object_columns`` from ``Span`` or
``Mention`` objects.

>>> tallies = entity_tallies()
>>> batch = EntityBatch(tallies)
>>> batch.add("d000", ([0], [5], ["PERSON"], [None]), ([0], [5], ["PERSON"], [None]), ([], []))
>>> batch.flush()
>>> tallies["all"].total("strict").tolist()
[1.0, 1.0, 1.0, 1.0]
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from newsprep.eval.metrics import entity_arrays as ea
from newsprep.eval.metrics.boilerplate import ORDER
from newsprep.eval.metrics.boilerplate_arrays import SpanColumns, batch_counts
from newsprep.eval.metrics.entities import SCHEMES
from newsprep.eval.metrics.prf import prf_arrays
from newsprep.eval.scoring.tally import Tally
from newsprep.eval.types import CATEGORIES, CONLL2003, LABEL_SETS

BATCH = 256  # documents counted together: big enough to pay for the array calls, small enough to keep memory flat
PER_DOCUMENT_TASKS = ("boilerplate", "entities")
BOILERPLATE_KEYS = ORDER  # chars, spans_exact, spans_overlap, content_tokens, category:NAME
VIEWS = ("all", "content")  # of the entity task: all text, and content only (mentions touching boilerplate dropped)
Columns = tuple[Sequence[int], Sequence[int], Sequence[Any], Sequence[Any]]  # starts, ends, labels, entity ids
CATEGORY = {c: k for k, c in enumerate(CATEGORIES)}


def entity_keys(label_set: str = "ontonotes5") -> tuple[str, ...]:
    """The tally keys of the entity task: each scheme, each scheme per type of the label set, entity ids."""
    types = LABEL_SETS[label_set]
    return (*SCHEMES, *[f"{s}:{t}" for s in SCHEMES for t in types], "entity_id")


def entity_tallies(keep_rows: bool = True, label_set: str = "ontonotes5") -> dict[str, Tally]:
    return {view: Tally(entity_keys(label_set), keep_rows) for view in VIEWS}


def record_columns(items: list[dict], label: str = "type") -> Columns:
    """The columns of a record's ``mentions`` (``label="type"``) or ``spans`` (``label="category"``)."""
    if label == "type":
        return ([m["start"] for m in items], [m["end"] for m in items], [m["type"] for m in items],
                [m.get("entity_id") for m in items])
    return [s["start"] for s in items], [s["end"] for s in items], [s.get("category", "") for s in items], []


def object_columns(spans: Sequence[Any]) -> Columns:
    """The columns of ``Mention`` or ``Span`` objects."""
    if spans and hasattr(spans[0], "type"):
        return ([m.start for m in spans], [m.end for m in spans], [m.type for m in spans],
                [m.entity_id for m in spans])
    return [s.start for s in spans], [s.end for s in spans], [s.label for s in spans], []


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
        self.gold: list[list] = [[], [], [], []]  # doc, start, end, category
        self.pred: list[list] = [[], [], []]

    def add(self, doc: str, text: str, gold: Columns, pred: Columns) -> None:
        k = len(self.docs)
        self.docs.append(doc)
        self.texts.append(text)
        self.gold[0] += [k] * len(gold[0])
        self.gold[1] += gold[0]
        self.gold[2] += gold[1]
        self.gold[3] += [CATEGORY.get(c, -1) for c in gold[2]]
        self.pred[0] += [k] * len(pred[0])
        self.pred[1] += pred[0]
        self.pred[2] += pred[1]
        self.full()

    def flush(self) -> None:
        if not self.docs:
            return
        counts = batch_counts(self.texts, SpanColumns.of(*self.gold), SpanColumns.of(*self.pred))
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
        self.type_index = {t: k for k, t in enumerate(self.types)}
        if label_set == "conll2003":
            self.type_index.update({t: self.type_index[m] for t, m in CONLL2003.items() if m is not None})
        super().__init__(size)

    def reset(self) -> None:
        super().reset()
        self.ids: dict[str, int] = {}
        self.gold: list[list] = [[], [], [], [], []]  # doc, start, end, type, entity id
        self.pred: list[list] = [[], [], [], [], []]
        self.boiler: list[list] = [[], [], []]

    def _append(self, into: list[list], k: int, columns: Columns, *, gold: bool) -> None:
        starts, ends, types, ids = columns
        if gold and self.label_set != "ontonotes5":
            keep = [i for i, t in enumerate(types) if t in self.type_index]
            starts, ends, types, ids = ([c[i] for i in keep] for c in (starts, ends, types, ids))
        into[0] += [k] * len(starts)
        into[1] += starts
        into[2] += ends
        into[3] += [self.type_index[t] for t in types]
        into[4] += [-1 if e is None else self.ids.setdefault(e, len(self.ids)) for e in ids]

    def add(self, doc: str, gold: Columns, pred: Columns, boiler: Columns) -> None:
        """One document: gold mentions, predicted mentions and gold boilerplate spans (their columns)."""
        k = len(self.docs)
        self.docs.append(doc)
        self._append(self.gold, k, gold, gold=True)
        self._append(self.pred, k, pred, gold=False)
        self.boiler[0] += [k] * len(boiler[0])
        self.boiler[1] += boiler[0]
        self.boiler[2] += boiler[1]
        self.full()

    def flush(self) -> None:
        if not self.docs:
            return
        docs = len(self.docs)
        gold, pred = ea.MentionColumns.of(*self.gold), ea.MentionColumns.of(*self.pred)
        doc, start, end = self.boiler
        boiler = ea.MentionColumns.of(doc, start, end, [0] * len(doc))
        for view, tally in self.tallies.items():
            g, p = gold, pred
            if view == "content":
                g, p = gold.where(~ea.touching(gold, boiler.lo, boiler.hi)), pred.where(~ea.touching(pred, boiler.lo, boiler.hi))
            counts = ea.as_count_columns(ea.semeval_counts(g, p, docs=docs, types=self.types))
            rows = np.concatenate([counts[:, :, 0].reshape(docs, -1), counts[:, :, 1:].reshape(docs, -1),
                                   ea.entity_id_counts(g, p, docs=docs)], axis=1)
            tally.add_rows(self.docs, rows)
            if view == "all":
                tally.confusion += ea.confusion(g, p, self.types)
            if np.any((p.entity >= 0) & (p.entity != self.ids.get("", -1))):  # a prediction names an entity
                tally.flags.add("entity_id")
        self.reset()


class Counting:
    """The tallies of the per-document tasks in ``tasks`` and their batches; documents come in document order.

    ``finish`` counts what is left and returns the tallies: ``boilerplate`` a ``Tally``, ``entities`` a
    ``Tally`` per view."""

    def __init__(self, tasks, *, keep_rows: bool = True, label_set: str = "ontonotes5"):
        self.out: dict[str, Any] = {}
        self.added = {task: 0 for task in PER_DOCUMENT_TASKS}  # documents given, per task
        self.batches: list[_Batch] = []
        if "boilerplate" in tasks:
            self.out["boilerplate"] = Tally(BOILERPLATE_KEYS, keep_rows)
            self.batches.append(BoilerplateBatch(self.out["boilerplate"]))
        if "entities" in tasks:
            self.out["entities"] = entity_tallies(keep_rows, label_set)
            self.batches.append(EntityBatch(self.out["entities"], label_set))
        self.boilerplate_batch = next((b for b in self.batches if isinstance(b, BoilerplateBatch)), None)
        self.entity_batch = next((b for b in self.batches if isinstance(b, EntityBatch)), None)

    def boilerplate(self, doc: str, text: str, gold: dict, record: dict) -> None:
        """One document's gold boilerplate record and submitted record."""
        assert self.boilerplate_batch is not None
        self.added["boilerplate"] += 1
        self.boilerplate_batch.add(doc, text, record_columns(gold["spans"], "category"),
                                   record_columns(record["spans"], "category"))

    def entities(self, doc: str, gold: dict, record: dict, boiler: dict) -> None:
        """One document's gold entities record, submitted record and gold boilerplate record."""
        assert self.entity_batch is not None
        self.added["entities"] += 1
        self.entity_batch.add(doc, record_columns(gold["mentions"]), record_columns(record["mentions"]),
                              record_columns(boiler["spans"], "category"))

    def finish(self) -> dict[str, Any]:
        for batch in self.batches:
            batch.flush()
        return self.out
