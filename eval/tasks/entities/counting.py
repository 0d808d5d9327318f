"""Entity counts of documents in both views (all text; content only), added to tallies a batch at a time
(``entity_arrays.semeval_counts``).

>>> tallies = entity_tallies()
>>> batch = EntityBatch(tallies)
>>> m = [{"start": 0, "end": 5, "type": "PERSON"}]
>>> batch.add("d000", "Putin", {"entities": {"mentions": m}, "boilerplate": {"spans": []}}, {"mentions": m})
>>> batch.finish()["all"].total("strict").tolist()
[1.0, 1.0, 1.0, 1.0]
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from newsprep.eval.metrics import entity_arrays as ea
from newsprep.eval.metrics.prf import prf_arrays
from newsprep.eval.metrics.tally import Tally
from newsprep.eval.tasks.batch import BATCH, Batch, Side, spans_of
from newsprep.eval.types import CONLL2003, CONLL_TYPES, LABEL_SETS, TYPES

VIEWS = ("all", "content")  # all text, and content only (mentions touching boilerplate dropped)


def entity_keys(label_set: str = "ontonotes5") -> tuple[str, ...]:
    """The tally keys of the entity task: each scheme, each scheme per type of the label set, entity ids."""
    types = LABEL_SETS[label_set]
    return (*ea.SCHEMES, *[f"{s}:{t}" for s in ea.SCHEMES for t in types], "entity_id")


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


class EntityBatch(Batch):
    """Entity counts of documents in both views, added to ``tallies`` a batch at a time.

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

    def add(self, doc: str, text: str, gold: Mapping[str, Any], record: Mapping[str, Any]) -> None:
        """One document: its gold entities and boilerplate records and the predicted record."""
        k = len(self.docs)
        self.docs.append(doc)
        self.gold.add(k, spans_of(gold["entities"], "mentions"))
        self.pred.add(k, record["mentions"])
        self.boiler.add(k, spans_of(gold["boilerplate"], "spans"))
        self.full()

    def columns(self, side: Side, ids: dict, fresh: Iterator[int]) -> ea.MentionColumns:
        """A side's mentions as columns; entity ids numbered in ``ids`` (None is -1), a new id taking the next
        number of ``fresh`` (shared by both sides, so that two ids never share a number); types the label set
        leaves out dropped."""
        numbers = side.numbers("entity_id", ids, fresh)
        columns = ea.MentionColumns.of(side.docs(), side.ints("start"), side.ints("end"), side.ints("type", self.type_number), numbers)
        return columns.where(columns.type >= 0)

    def flush(self) -> None:
        if not self.docs:
            return
        docs = len(self.docs)
        ids: dict[str | None, int] = {None: -1}
        fresh = itertools.count()
        gold, pred = self.columns(self.gold, ids, fresh), self.columns(self.pred, ids, fresh)
        boiler = ea.MentionColumns.of(self.boiler.docs(), self.boiler.ints("start"), self.boiler.ints("end"), [0] * len(self.boiler))
        named = pred.entity >= 0
        if "" in ids:  # an empty id counts as given (entity_id_counts), not as naming an entity (the flag)
            named &= pred.entity != ids[""]
        for view, tally in self.tallies.items():
            g, p, kept = gold, pred, named
            if view == "content":
                keep = ~ea.touching(pred, boiler.lo, boiler.hi)
                g, p, kept = gold.where(~ea.touching(gold, boiler.lo, boiler.hi)), pred.where(keep), named[keep]
            counts = ea.as_count_columns(ea.semeval_counts(g, p, docs=docs, types=self.types))
            by_key = {name: counts[:, ea.SCHEME[name], 0] for name in ea.SCHEMES}
            by_key.update({f"{name}:{t}": counts[:, ea.SCHEME[name], 1 + k]
                           for name in ea.SCHEMES for k, t in enumerate(self.types)})
            by_key["entity_id"] = ea.entity_id_counts(g, p, docs=docs)
            rows = np.concatenate([by_key[key] for key in tally.keys], axis=1)
            strict = tally.column["strict"]
            tally.add_rows(self.docs, rows, **{"f1:strict": prf_arrays(rows[:, strict:strict + 4])[2]})
            if view == "all":
                tally.confusion += ea.confusion(g, p, self.types)
            if kept.any():  # a prediction names an entity
                tally.flags.add("entity_id")
        self.reset()

    def counts(self) -> dict[str, Tally]:
        return self.tallies
