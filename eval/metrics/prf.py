"""Precision, recall and F1 from counts.

Counts are summed first (over documents, types or pairs); scores are computed
once from the sums. Nothing derived is stored and re-added.

>>> prf(Counts(matched_pred=3, matched_gold=3, predicted=4, gold=6))
Scores(precision=0.75, recall=0.5, f1=0.6)
"""
from __future__ import annotations

from dataclasses import astuple, dataclass

import numpy as np


@dataclass(frozen=True)
class Counts:
    """How many predictions matched, how many gold items were matched, and the two totals.

    For set matching ``matched_pred == matched_gold`` (true positives); they differ
    for overlap matching, where one prediction can cover several gold spans.
    Partial credit makes them fractional.
    """

    matched_pred: float = 0
    matched_gold: float = 0
    predicted: float = 0
    gold: float = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(astuple(self), astuple(other))))

    def vector(self) -> np.ndarray:
        return np.array(astuple(self), dtype=float)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


def prf(counts: Counts) -> Scores:
    """Scores from counts; an empty denominator gives 0 (as scikit-learn's ``zero_division=0``)."""
    return prf_vector(counts.vector())


def prf_vector(v) -> Scores:
    """``prf`` on ``[matched_pred, matched_gold, predicted, gold]``."""
    precision = v[0] / v[2] if v[2] else 0.0
    recall = v[1] / v[3] if v[3] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(float(precision), float(recall), float(f1))


def prf_arrays(v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall and F1 of each row ``[matched_pred, matched_gold, predicted, gold]`` of ``v``, element by
    element the operations of ``prf.prf_vector``: a quotient where the denominator is not zero, else 0; F1 as
    ``2 * p * r / (p + r)``, else 0."""
    zeros = np.zeros(len(v))
    precision = np.divide(v[:, 0], v[:, 2], out=zeros.copy(), where=v[:, 2] != 0)
    recall = np.divide(v[:, 1], v[:, 3], out=zeros.copy(), where=v[:, 3] != 0)
    both = precision + recall
    return precision, recall, np.divide(2 * precision * recall, both, out=zeros, where=both != 0)


def total(counts) -> Counts:
    """Sum of an iterable of ``Counts``."""
    out = Counts()
    for c in counts:
        out = out + c
    return out
