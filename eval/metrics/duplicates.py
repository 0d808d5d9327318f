"""Duplicate-pair metrics over the universe of all unordered pairs of content segments.

Each pair has a row of indicators (the intervals and tests group the rows by pair of documents). Two tasks:
``near_duplicate`` (positives: gold ``near_duplicate``) and ``same_content``
(positives: ``near_duplicate`` + ``paraphrase``). Gold ``related`` pairs are
hard negatives: the share of them predicted positive is reported.

>>> import numpy as np
>>> rows = np.array([[1, 1, 0, 0, 0, 0, 0, 0, 0.9, 1, 4.5]])
>>> prf_task(rows, "near_duplicate").f1
1.0
"""
from __future__ import annotations

import math
from itertools import combinations

import numpy as np

from newsprep.eval.metrics.prf import Scores, prf_vector

TASKS = ("near_duplicate", "same_content")
POSITIVE = {"near_duplicate": {"near_duplicate"}, "same_content": {"near_duplicate", "paraphrase"}}
# Column layout of a pair row.
COLUMNS = ("gold_nd", "pred_nd", "gold_sc", "pred_sc", "related", "pred_related_nd", "pred_related_sc",
           "has_score", "score", "listed", "gold_score")
COL = {name: i for i, name in enumerate(COLUMNS)}
GOLD = {"near_duplicate": COL["gold_nd"], "same_content": COL["gold_sc"]}
PRED = {"near_duplicate": COL["pred_nd"], "same_content": COL["pred_sc"]}


def universe(segments: list[dict]) -> list[tuple[str, str]]:
    """All unordered pairs ``(a, b)``, ``a < b``, of content segments, across and within documents."""
    ids = sorted(s["id"] for s in segments if not s["boilerplate"])
    return list(combinations(ids, 2))


def pair_rows(pairs: list[tuple[str, str]], gold: dict, pred: dict) -> np.ndarray:
    """One row per pair. ``gold`` maps a pair to ``(label, score)``; ``pred`` to an object with ``label`` and ``score``.

    The ``score`` column holds the rank of the system's score among the scores it
    gave (1 for the lowest; equal scores share a rank) and 0 for a pair it did not
    list, so unlisted pairs rank below every scored pair. Ranks, not the scores
    themselves: average precision and Spearman depend on the order alone, and
    no arithmetic on a score (subtracting 1 from the smallest, say) can tie two
    pairs whatever the scores' magnitude (2**53 and above).
    """
    rank = {s: i for i, s in enumerate(sorted({p.score for p in pred.values() if p.score is not None}), start=1)}
    rows = np.zeros((len(pairs), len(COLUMNS)))
    given, predicted = list(map(gold.get, pairs)), list(map(pred.get, pairs))  # most pairs are in neither: rows of 0
    for k in [k for k, (g, p) in enumerate(zip(given, predicted)) if g is not None or p is not None]:
        g_label, g_score = given[k] or (None, 0.0)
        p = predicted[k]
        p_label = p.label if p else None
        nd, sc = p_label in POSITIVE["near_duplicate"], p_label in POSITIVE["same_content"]
        rows[k] = [g_label in POSITIVE["near_duplicate"], nd, g_label in POSITIVE["same_content"], sc,
                   g_label == "related", nd and g_label == "related", sc and g_label == "related",
                   p is not None and p.score is not None, rank[p.score] if p and p.score is not None else 0,
                   g_label is not None, g_score]
    return rows


def prf_task(rows: np.ndarray, task: str) -> Scores:
    g, p = rows[:, GOLD[task]], rows[:, PRED[task]]
    tp = float(np.sum(g * p))
    return prf_vector([tp, tp, float(p.sum()), float(g.sum())])


def average_precision(rows: np.ndarray, task: str) -> float:
    """Average precision of the system's scores over the whole universe: scikit-learn's definition,
    ``sum((R_n - R_n-1) * P_n)`` over its precision-recall curve, summed with ``math.fsum`` so that a perfect
    ranking gives exactly 1.0 (``average_precision_score``'s plain sum gave 0.9999999999999999 for 119
    positives). The two differ by at most a unit in the last place otherwise (tests/test_metrics_duplicates.py).
    """
    from sklearn.metrics import precision_recall_curve  # imported here: slow to load, needed only here

    y = rows[:, GOLD[task]]
    if y.sum() == 0:
        return 0.0
    precision, recall, _ = precision_recall_curve(y, rows[:, COL["score"]])
    return -math.fsum(np.diff(recall) * precision[:-1])


def hard_negative_rate(rows: np.ndarray, task: str) -> float:
    """Share of gold ``related`` pairs that the system calls positive (lower is better)."""
    related = rows[:, COL["related"]].sum()
    col = COL["pred_related_nd"] if task == "near_duplicate" else COL["pred_related_sc"]
    return float(rows[:, col].sum() / related) if related else 0.0


def spearman(rows: np.ndarray) -> float:
    """Spearman correlation between gold and system scores over the gold-listed (graded) pairs."""
    from scipy.stats import spearmanr

    listed = rows[rows[:, COL["listed"]] == 1]
    if len(listed) < 2 or np.ptp(listed[:, COL["score"]]) == 0 or np.ptp(listed[:, COL["gold_score"]]) == 0:
        return 0.0
    return float(spearmanr(listed[:, COL["gold_score"]], listed[:, COL["score"]]).statistic)
