"""Boilerplate counts of documents, added to a ``Tally`` a batch at a time (``boilerplate_arrays.batch_counts``).

>>> from newsprep.eval.metrics.tally import Tally
>>> batch = BoilerplateBatch(Tally(KEYS))
>>> batch.add("d000", "Share this. Body.", {"boilerplate": {"spans": [{"start": 0, "end": 11}]}}, {"spans": []})
>>> batch.finish().total("chars").tolist()       # matched, matched, predicted, gold
[0.0, 0.0, 0.0, 10.0]
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsprep.eval.metrics.boilerplate_arrays import ORDER, SpanColumns, batch_counts
from newsprep.eval.metrics.prf import prf_arrays
from newsprep.eval.metrics.tally import Tally
from newsprep.eval.tasks.batch import BATCH, Batch, Side, spans_of
from newsprep.eval.types import CATEGORIES

KEYS = ORDER  # chars, spans_exact, spans_overlap, content_tokens, category:NAME
CATEGORY = {"": -1, **{c: k for k, c in enumerate(CATEGORIES)}}
PER_DOCUMENT_F1 = ("chars", "content_tokens")  # each document's F1 of these is kept, for the mean and median


class BoilerplateBatch(Batch):
    """Boilerplate counts of documents, added to ``tally`` a batch at a time."""

    def __init__(self, tally: Tally, size: int = BATCH):
        self.tally = tally
        super().__init__(size)

    def reset(self) -> None:
        super().reset()
        self.texts: list[str] = []
        self.gold, self.pred = Side(), Side()

    def add(self, doc: str, text: str, gold: Mapping[str, Any], record: Mapping[str, Any]) -> None:
        """One document: its text, its gold boilerplate record and the predicted one."""
        k = len(self.docs)
        self.docs.append(doc)
        self.texts.append(text)
        self.gold.add(k, spans_of(gold["boilerplate"], "spans"))
        self.pred.add(k, record["spans"])
        self.full()

    def flush(self) -> None:
        if not self.docs:
            return
        gold = SpanColumns.of(self.gold.docs(), self.gold.ints("start"), self.gold.ints("end"), self.gold.ints("category", CATEGORY))
        pred = SpanColumns.of(self.pred.docs(), self.pred.ints("start"), self.pred.ints("end"))
        counts = batch_counts(self.texts, gold, pred)
        self.tally.add_rows(self.docs, counts.reshape(len(self.docs), -1),
                            **{f"f1:{m}": prf_arrays(counts[:, KEYS.index(m)])[2] for m in PER_DOCUMENT_F1})
        self.reset()

    def counts(self) -> Tally:
        return self.tally
