"""Per-example records of the duplicates task: one per pair that the gold or the system lists.

A record holds both segments and their text, the gold label and score (None: not listed, so unrelated), the
predicted label and score (None: not listed) and its outcome in each duplicates task (``tp``, ``fp``, ``fn``,
``tn``). Every gold positive and every predicted positive is listed, so per task the records' ``tp``, ``fp``
and ``fn`` are the confusion counts the report scores; the pairs neither lists are true negatives.

>>> from newsprep.eval.types import PairPrediction
>>> rows = pair_details({("a", "b"): ("paraphrase", 4.0)}, {("a", "b"): PairPrediction("a", "b", "near_duplicate", 0.9)},
...                     {"a": "Putin came.", "b": "Putin arrived."})
>>> [(r["gold_label"], r["pred_label"], r["near_duplicate"], r["same_content"]) for r in rows]
[('paraphrase', 'near_duplicate', 'fp', 'tp')]
"""
from __future__ import annotations

from collections.abc import Mapping

from newsprep.eval.metrics.duplicates import POSITIVE, TASKS
from newsprep.eval.types import PairPrediction

FIELDS = ("task", "a", "b", "a_text", "b_text", "gold_label", "gold_score", "pred_label", "pred_score", *TASKS)
OUTCOMES = TASKS


def pair_outcome(gold_label: str | None, pred_label: str | None, task: str) -> str:
    """``tp``, ``fp``, ``fn`` or ``tn`` of one pair for one duplicates task (``metrics.duplicates.POSITIVE``)."""
    g, p = gold_label in POSITIVE[task], pred_label in POSITIVE[task]
    return ("tp" if p else "fn") if g else ("fp" if p else "tn")


def pair_details(gold_pairs: Mapping[tuple[str, str], tuple[str, float]], pred: Mapping[tuple[str, str], PairPrediction],
                 segment_text: Mapping[str, str]) -> list[dict]:
    """The records of every pair in ``gold_pairs`` (pair -> label, score) or ``pred``, by pair."""
    out = []
    for key in sorted(set(gold_pairs) | set(pred)):
        g_label, g_score = gold_pairs.get(key, (None, None))
        p = pred.get(key)
        p_label = p.label if p else None
        out.append({"task": "duplicates", "a": key[0], "b": key[1],
                    "a_text": segment_text.get(key[0], ""), "b_text": segment_text.get(key[1], ""),
                    "gold_label": g_label, "gold_score": g_score, "pred_label": p_label,
                    "pred_score": p.score if p else None,
                    **{task: pair_outcome(g_label, p_label, task) for task in TASKS}})
    return out


def unlisted(record: dict) -> dict:
    """The record of the same pair for a system that does not list it (so calls it unrelated)."""
    return {**record, "pred_label": None, "pred_score": None,
            **{task: pair_outcome(record["gold_label"], None, task) for task in TASKS}}
