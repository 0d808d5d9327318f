"""The boilerplate task: character spans of text that is not part of the article, one record per document.

Counted on arrays a batch of documents at a time (``counting``); scored as
micro precision, recall and F1 of non-white-space characters, of spans (exact
and overlapping) and of the content's words, with the mean and median F1 over
documents and the recall of each gold category. The headline is the character
F1 averaged over documents.

>>> from newsprep.eval.tasks import get
>>> get("boilerplate").headlines[0]
('all', 'chars', 'macro-docs')
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from newsprep.eval.data import gold
from newsprep.eval.metrics.tally import DOC_IDS_KEPT, Tally, merge
from newsprep.eval.tasks.base import Found, Headline, Task
from newsprep.eval.tasks.boilerplate import details as per_example
from newsprep.eval.tasks.boilerplate.counting import KEYS, PER_DOCUMENT_F1, BoilerplateBatch
from newsprep.eval.tasks.fastcheck import document_conforms, span_ok
from newsprep.eval.tasks.figures import Bar, Figure, bars
from newsprep.eval.tasks.spans import item_span_problems
from newsprep.eval.types import CATEGORIES, Span


def category_recall(report: Any) -> list[Bar]:
    """Recall of the non-white-space characters of each gold boilerplate category, over all documents."""
    return bars(report, task="boilerplate", view="all", prefix="category:", statistic="recall")


class Boilerplate(Task):
    name = "boilerplate"
    items = "spans"
    gold_layers = ("boilerplate",)
    reads_rows = True
    figure_file = "boilerplate_category_recall.png"
    headlines = (("all", "chars", "macro-docs"), ("all", "chars", "micro"), ("all", "content_tokens", "micro"))
    detail_fields, detail_outcomes = per_example.FIELDS, per_example.OUTCOMES

    def text_problems(self, text: str, record: dict) -> Found:
        return item_span_problems(text, record["spans"], "spans")

    def conforms(self, record: dict) -> bool:
        return document_conforms(record, "spans", span_ok)

    def load(self, record: dict) -> tuple[Span, ...]:
        return tuple(sorted(Span(s["start"], s["end"], s.get("category", "")) for s in record["spans"]))

    def counter(self, *, label_set: str, keep_rows: bool) -> BoilerplateBatch:
        return BoilerplateBatch(Tally(KEYS, keep_rows))

    def merge(self, parts) -> Tally:
        return merge(list(parts))

    def rows(self, counts: Tally, scorer: Any, report: Any, *, root: Path | None) -> None:
        for metric in ("chars", "spans_exact", "spans_overlap", "content_tokens"):
            scorer.add_prf(counts, metric, task=self.name, view="all")
            if metric in PER_DOCUMENT_F1:
                f1 = counts.per_document(f"f1:{metric}")
                scorer.add_mean(f1, task=self.name, view="all", metric=metric)
                scorer.add_median(f1, task=self.name, view="all", metric=metric)
                if counts.n <= DOC_IDS_KEPT:
                    for d, value in zip(counts.docs, f1):
                        scorer.add_value(float(value), task=self.name, view=d, metric=metric, average="document", name="f1")
        for category in CATEGORIES:
            if counts.total(f"category:{category}")[3]:
                scorer.add_prf(counts, f"category:{category}", task=self.name, view="all", statistics=("recall",))

    def details(self, predictions: Any, *, root: Path | None, label_set: str) -> list[dict]:
        """A record per gold and per predicted span of every document (``per_example.span_records``)."""
        truth = gold.boilerplate(root)
        return per_example.span_records((doc, text, truth.get(doc, ()), predictions.get(doc, ()))
                                    for doc, text in sorted(gold.texts(root).items()))

    def detail_key(self, record: dict) -> tuple:
        return record["doc"], record["side"], record["start"], record["end"]

    def figure(self, report: Any, counts: Callable[[], Any]) -> Figure:
        return Figure("boilerplate recall per gold category, 95% intervals", bars=category_recall(report),
                      xlabel="recall (non-white-space characters)")

    def headline_units(self, counts: Tally, *, root: Path | None) -> dict[Headline, np.ndarray]:
        return {h: counts.units(h[1]) for h in self.headlines}


