"""Sorted intervals ``[lo, hi)`` of many documents at once: the searches both array counters share.

Each document has its own stretch of one long line, so intervals of different
documents never meet, and one side's intervals, sorted and disjoint, are
searched for all of the other side's at once.

>>> import numpy as np
>>> lo, hi = windows(np.array([2, 9]), np.array([6, 10]), np.array([0, 4, 8]), np.array([3, 6, 9]))
>>> lo.tolist(), hi.tolist()    # [2, 6) meets [0, 3) and [4, 6); [9, 10) meets none
([0, 3], [2, 3])
>>> [p.tolist() for p in window_pairs(lo, hi)]
[[0, 0], [0, 1]]
"""
from __future__ import annotations

import numpy as np


def windows(lo: np.ndarray, hi: np.ndarray, other_lo: np.ndarray, other_hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each interval, ``[first, last)``: the other side's intervals (sorted and disjoint) that it overlaps."""
    return (np.searchsorted(other_hi, lo, side="right"),   # the first one ending after this one starts
            np.searchsorted(other_lo, hi, side="left"))    # the first one starting at or after this one's end


def window_pairs(first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (interval, member of its window) pair: two aligned index arrays."""
    width = np.maximum(last - first, 0)
    owner = np.repeat(np.arange(len(first)), width)
    return owner, first[owner] + np.arange(len(owner)) - np.repeat(np.cumsum(width) - width, width)


def same_interval(lo: np.ndarray, hi: np.ndarray, other_lo: np.ndarray, other_hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each interval, whether the other side (sorted, disjoint) has one with its bounds, and that one's index
    (any valid index where there is none)."""
    if len(other_lo) == 0:
        return np.zeros(len(lo), dtype=bool), np.zeros(len(lo), dtype=np.int64)
    at = np.minimum(np.searchsorted(other_lo, lo), len(other_lo) - 1)
    return (other_lo[at] == lo) & (other_hi[at] == hi), at


def tangled(doc: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The document of each interval that overlaps the one before it (intervals on the long line, sorted by start)."""
    return doc[1:][hi[:-1] > lo[1:]]
