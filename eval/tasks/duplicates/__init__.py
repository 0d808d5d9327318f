"""The duplicates task: pairs of content segments that repeat or paraphrase each other, one record per pair.

Not a per-document task: every pair a submission or the gold lists is one row
of indicators over the universe of pairs of content segments
(``metrics.duplicates``), counted at once. The unit of intervals and tests is
the pair of documents (15 on the embedded data): pairs of segments of one
pair of documents are not independent.

>>> from newsprep.eval.tasks import get
>>> get("duplicates").headlines[0], get("duplicates").per_document
(('near_duplicate', 'pairs', 'micro'), False)
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from newsprep.eval.data import gold
from newsprep.eval.data.dataset import records
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.metrics import duplicates as dup
from newsprep.eval.tasks.base import Found, Headline, Task
from newsprep.eval.tasks.duplicates import details as per_example
from newsprep.eval.tasks.fastcheck import pair_conforms
from newsprep.eval.tasks.figures import Curve, Figure
from newsprep.eval.types import PairPrediction
from newsprep.eval.validate.gold import require_valid

STATISTICS = ("precision", "recall", "f1")


def document_pair_units(root: Path | None = None) -> np.ndarray:
    """For each pair of the duplicates universe (in its order), the index of its pair of documents: the unit of
    the duplicates intervals and tests (pairs of segments of one pair of documents are not independent)."""
    segments = gold.segments(root, validated=True)
    doc = {s["id"]: s["doc"] for s in segments}
    pairs = dup.universe(segments)
    index = {k: i for i, k in enumerate(sorted({(doc[a], doc[b]) for a, b in pairs}))}
    return np.array([index[(doc[a], doc[b])] for a, b in pairs], dtype=np.int64)


def pair_counts(rows: np.ndarray, task: str, unit: np.ndarray) -> np.ndarray:
    """Per unit, the ``[matched_pred, matched_gold, predicted, gold]`` counts of a duplicates task."""
    g, p = rows[:, dup.GOLD[task]], rows[:, dup.PRED[task]]
    per_pair = np.column_stack([g * p, g * p, p, g])
    out = np.zeros((int(unit.max()) + 1 if len(unit) else 0, 4))
    np.add.at(out, unit, per_pair)
    return out


def pair_statistic(m: np.ndarray, *, task: str, name: str) -> float:
    """Precision, recall or F1 (``name``) of a duplicates task over pair rows."""
    return getattr(dup.prf_task(m, task), name)


def pair_problems(record: dict, segments: dict[str, dict]) -> Found:
    """A duplicates record's ends: known content segments, and not one segment twice."""
    found = []
    for end in ("a", "b"):
        seg = segments.get(record[end])
        if seg is None:
            found.append((end, "known-segment", f"{record[end]!r} is not a segment id"))
        elif seg["boilerplate"]:
            found.append((end, "content-segment", f"{record[end]!r} lies in boilerplate; pairs are between content segments"))
    if record["a"] == record["b"]:
        found.append(("b", "self-pair", f"{record['a']!r} paired with itself"))
    return found


def pr_curve(rows: np.ndarray, task: str) -> Curve:
    """Precision-recall curve of one duplicates task over pair rows (``metrics.duplicates.pair_rows``).

    The ranking is the submission's scores; without scores, its positive labels.
    """
    from sklearn.metrics import average_precision_score, precision_recall_curve

    y = rows[:, dup.GOLD[task]]
    scored = bool(rows[:, dup.COL["has_score"]].any())
    ranking = rows[:, dup.COL["score"]] if scored else rows[:, dup.PRED[task]]
    if not y.any():
        raise NewsPrepError(f"{task}: the gold has no positive pair, so there is no precision-recall curve")
    precision, recall, _ = precision_recall_curve(y, ranking)
    return Curve(task, precision, recall, float(average_precision_score(y, ranking)), scored)


def pr_curves(rows: np.ndarray) -> list[Curve]:
    """The curve of each duplicates task whose gold has a positive pair."""
    return [pr_curve(rows, task) for task in dup.TASKS if rows[:, dup.GOLD[task]].any()]


class Duplicates(Task):
    name = "duplicates"
    unit = "doc-pairs"
    figure_file = "duplicates_precision_recall.png"
    headlines = tuple((t, "pairs", "micro") for t in dup.TASKS)
    detail_fields, detail_outcomes = per_example.FIELDS, per_example.OUTCOMES

    def conforms(self, record: dict) -> bool:
        return pair_conforms(record)

    def reference(self, root: Path | None) -> dict[str, dict]:
        return {s["id"]: s for s in records("segments", root)}

    def whole_problems(self, record: dict, reference: dict[str, dict]) -> Found:
        return pair_problems(record, reference)

    def key(self, record: dict) -> tuple[str, str]:
        a, b = sorted((record["a"], record["b"]))
        return a, b

    def key_text(self, key: tuple[str, str]) -> str:
        return f"pair {key}"

    def load(self, record: dict) -> PairPrediction:
        a, b = self.key(record)
        return PairPrediction(a, b, record["label"], record.get("score"))

    def held_problems(self, held) -> Found:
        with_score = sum(p.score is not None for p in held.values())
        if 0 < with_score < len(held):
            return [("score", "all-or-none", f"{with_score} of {len(held)} pairs carry a score")]
        return []

    def count_whole(self, predictions: dict, *, root: Path | None) -> np.ndarray:
        """One row per pair of content segments (``metrics.duplicates.COLUMNS``)."""
        require_valid(root)  # the gold lines need no second check
        pairs = gold.duplicate_pairs(root, validated=True)  # first: a corpus without the pair layer is refused before the universe is built
        return dup.pair_rows(dup.universe(gold.segments(root, validated=True)), pairs, predictions)

    def rows(self, counts: np.ndarray, scorer: Any, report: Any, *, root: Path | None) -> None:
        scored = bool(counts[:, dup.COL["has_score"]].any())
        add = partial(scorer.add, counts, task=self.name, groups=document_pair_units(root))
        for task in dup.TASKS:
            for name in STATISTICS:
                add(partial(pair_statistic, task=task, name=name), view=task, metric="pairs", average="micro", name=name)
            scorer.add_counts(counts[:, dup.GOLD[task]].sum(), counts[:, dup.PRED[task]].sum(), task=self.name,
                              view=task, metric="pairs")
            add(partial(dup.hard_negative_rate, task=task), view=task, metric="hard_negatives", average="micro",
                name="false_positive_rate")
            if scored:
                add(partial(dup.average_precision, task=task), view=task, metric="ranking", average="micro",
                    name="average_precision")
        if scored:
            add(dup.spearman, view="graded", metric="ranking", average="micro", name="spearman", bounds=(-1.0, 1.0))

    def details(self, predictions: Any, *, root: Path | None, label_set: str) -> list[dict]:
        """A record per pair the gold or the submission lists (``per_example.pair_details``)."""
        texts = {s["id"]: s["text"] for s in gold.segments(root)}
        return per_example.pair_details(gold.duplicate_pairs(root), predictions, texts)

    def detail_key(self, record: dict) -> tuple:
        return record["a"], record["b"]

    def detail_unlisted(self, record: dict) -> dict | None:
        return per_example.unlisted(record)

    def figure(self, report: Any, counts: Callable[[], Any]) -> Figure:
        return Figure("duplicate pairs, precision-recall", curves=pr_curves(counts()))

    def headline_units(self, counts: np.ndarray, *, root: Path | None) -> dict[Headline, np.ndarray]:
        unit = document_pair_units(root)
        return {h: pair_counts(counts, h[0], unit) for h in self.headlines}


