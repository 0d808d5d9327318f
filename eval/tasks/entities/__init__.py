"""The entities task: named-entity mentions with types (and entity ids), one record per document.

Counted on arrays a batch of documents at a time (``counting``), in two views:
all text, and content only (mentions touching gold boilerplate left out).
Scored under the four SemEval-2013 schemes (strict, exact, partial, type),
micro and macro over types, per type, and the accuracy of entity ids; the
headline is strict micro F1. A header's ``label_set`` names the types.

>>> from newsprep.eval.tasks import get
>>> get("entities").labels("conll2003"), get("entities").labels("ontonotes5")
('conll2003', 'ontonotes5')
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from newsprep.eval.data import gold
from newsprep.eval.metrics.entities import SCHEMES
from newsprep.eval.metrics.tally import Tally, merge
from newsprep.eval.tasks.base import Found, Headline, Task
from newsprep.eval.tasks.entities import details as per_example
from newsprep.eval.tasks.entities.counting import EntityBatch, entity_tallies
from newsprep.eval.tasks.fastcheck import document_conforms, mention_ok
from newsprep.eval.tasks.figures import Bar, Figure, bars
from newsprep.eval.tasks.spans import item_span_problems
from newsprep.eval.types import LABEL_SETS, POSITION, Mention, in_label_set


def label_advice(outside: set[str], label_set: str) -> str:
    """Another label set holding every type given outside ``label_set``, or the types ``label_set`` holds.

    >>> label_advice({"PER", "LOC"}, "ontonotes5")
    'They are all conll2003 types: name it in the header, "label_set": "conll2003"'
    """
    fits = [name for name, types in LABEL_SETS.items() if name != label_set and outside <= set(types)]
    if fits:
        return f'They are all {fits[0]} types: name it in the header, "label_set": "{fits[0]}"'
    return f"The {label_set} types are {', '.join(LABEL_SETS[label_set])}; the header's label_set names the types"


def tally_types(tally: Tally) -> list[str]:
    """The entity types a tally counts, in label-set order."""
    return [k.split(":", 1)[1] for k in tally.keys if k.startswith("strict:")]


def entity_id_accuracy(v: np.ndarray, *, column: int) -> float:
    """Entity ids right among the mentions matched with one (the ``entity_id`` counts at ``column``)."""
    return float(v[column + 1] / v[column + 3]) if v[column + 3] else 0.0


def type_f1(report: Any, *, view: str = "all") -> list[Bar]:
    """Strict micro F1 of each entity type (gold or predicted) over all documents."""
    return bars(report, task="entities", view=view, prefix="strict:", statistic="f1")


class Entities(Task):
    name = "entities"
    items = "mentions"
    gold_layers = ("entities", "boilerplate")
    optional_layers = {"boilerplate": {"spans": []}}  # no gold boilerplate: all text is content
    reads_rows = True
    labelled = True
    figure_file = "entity_type_f1.png"
    headlines = (("all", "strict", "micro"), ("all", "partial", "micro"), ("all", "strict", "macro-docs"))
    detail_fields, detail_outcomes = per_example.FIELDS, per_example.OUTCOMES

    def unknown_labels(self, record: dict, label_set: str) -> list[str]:
        allowed = LABEL_SETS[label_set]
        return [m["type"] for m in record["mentions"] if m["type"] not in allowed]

    def label_advice(self, labels: set[str], label_set: str) -> str:
        return label_advice(labels, label_set)

    def text_problems(self, text: str, record: dict) -> Found:
        return item_span_problems(text, record["mentions"], "mentions")

    def conforms(self, record: dict) -> bool:
        return document_conforms(record, "mentions", mention_ok)

    def load(self, record: dict) -> tuple[Mention, ...]:
        return tuple(sorted((Mention(m["start"], m["end"], m["type"], m.get("entity_id")) for m in record["mentions"]),
                            key=POSITION))

    def counter(self, *, label_set: str, keep_rows: bool) -> EntityBatch:
        return EntityBatch(entity_tallies(keep_rows, label_set), label_set)

    def merge(self, parts) -> dict[str, Tally]:
        return {view: merge([p[view] for p in parts]) for view in parts[0]}

    def rows(self, counts: dict[str, Tally], scorer: Any, report: Any, *, root: Path | None) -> None:
        task = self.name
        for view, tally in counts.items():
            present = [t for t in tally_types(tally) if tally.total(f"strict:{t}")[2:].any()]
            for scheme in SCHEMES:
                scorer.add_prf(tally, scheme, task=task, view=view)
                scorer.add_macro(tally, [f"{scheme}:{t}" for t in present], task=task, view=view, metric=scheme, over="types")
            scorer.add_mean(tally.per_document("f1:strict"), task=task, view=view, metric="strict")
            for t in present:
                scorer.add_prf(tally, f"strict:{t}", task=task, view=view)
            if "entity_id" in tally.flags:
                c = tally.column["entity_id"]
                scorer.add_sum(tally, partial(entity_id_accuracy, column=c), task=task, view=view,
                               metric="entity_id", average="micro", name="accuracy")
            if view == "all":
                for (gt, pt), n in sorted(tally.confusion.items()):
                    report.confusion.setdefault(gt, {})[pt] = n

    def details(self, predictions: Any, *, root: Path | None, label_set: str) -> list[dict]:
        """A record per gold and per predicted mention of every document (``per_example.mention_records``), in the
        view of all text, the gold in ``label_set``'s types as the scores see it."""
        truth, types = gold.entities(root), LABEL_SETS[label_set]
        return [r for doc, text in sorted(gold.texts(root).items())
                for r in per_example.mention_records(doc, text, in_label_set(truth.get(doc, ()), label_set),
                                                     predictions.get(doc, ()), types)]

    def detail_key(self, record: dict) -> tuple:
        return per_example.record_key(record)

    def figure(self, report: Any, counts: Callable[[], Any]) -> Figure:
        return Figure("entity F1 per type, 95% intervals", bars=type_f1(report), xlabel="strict F1")

    def headline_units(self, counts: dict[str, Tally], *, root: Path | None) -> dict[Headline, np.ndarray]:
        return {h: counts[h[0]].units(h[1]) for h in self.headlines}


