"""Sorted intervals ``[lo, hi)`` of many documents at once: the searches both array counters share.

Each document has its own stretch of one long line, so intervals of different
documents never meet, and one side's intervals, sorted and disjoint, are
searched for all of the other side's at once. Intervals that may overlap are
made disjoint by ``union``.

>>> import numpy as np
>>> lo, hi = windows(np.array([2, 9]), np.array([6, 10]), np.array([0, 4, 8]), np.array([3, 6, 9]))
>>> lo.tolist(), hi.tolist()    # [2, 6) meets [0, 3) and [4, 6); [9, 10) meets none
([0, 3], [2, 3])
>>> [p.tolist() for p in window_pairs(lo, hi)]
[[0, 0], [0, 1]]
>>> [a.tolist() for a in union(np.array([0, 0, 0]), np.array([0, 2, 7]), np.array([3, 5, 9]))]
[[0, 0], [0, 7], [5, 9]]
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


def union(doc: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The union of intervals sorted by start, as sorted disjoint intervals with their documents (the same arrays
    where none overlaps); intervals that only touch stay apart."""
    if not len(tangled(doc, lo, hi)):
        return doc, lo, hi
    reach = np.maximum.accumulate(hi)  # the furthest end so far
    first = np.flatnonzero(np.concatenate([[True], lo[1:] >= reach[:-1]]))  # an interval no earlier one reaches
    return doc[first], lo[first], reach[np.append(first[1:] - 1, len(lo) - 1)]


def common(lo: np.ndarray, hi: np.ndarray, other_lo: np.ndarray, other_hi: np.ndarray) -> np.ndarray:
    """The indices of the intervals whose bounds the other side has too, each pair of bounds once (both sides
    sorted by start, then end; they may overlap and repeat)."""
    both_lo, both_hi = np.concatenate([lo, other_lo]), np.concatenate([hi, other_hi])
    side = np.repeat([0, 1], [len(lo), len(other_lo)])
    order = np.lexsort((side, both_hi, both_lo))
    same = (both_lo[order][1:] == both_lo[order][:-1]) & (both_hi[order][1:] == both_hi[order][:-1])
    return order[:-1][same & (side[order][:-1] == 0) & (side[order][1:] == 1)]  # the last of one side, then the other
