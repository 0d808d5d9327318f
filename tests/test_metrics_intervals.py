"""The interval searches (``newsprep.eval.metrics.intervals``) equal their definitions by brute force."""
import random

import numpy as np

from newsprep.eval.metrics.intervals import same_interval, tangled, window_pairs, windows
from tests.random_spans import disjoint_spans


def test_windows_pairs_and_same_intervals_equal_brute_force():
    rng = random.Random(4)
    for _ in range(300):
        these, other = disjoint_spans(rng, 40, 6), disjoint_spans(rng, 40, 6)
        if rng.random() < 0.3:
            these += [o for o in other if rng.random() < 0.5 and all(o[1] <= t[0] or t[1] <= o[0] for t in these)]
            these.sort()
        lo, hi = (np.array([t[k] for t in these], dtype=np.int64) for k in (0, 1))
        o_lo, o_hi = (np.array([o[k] for o in other], dtype=np.int64) for k in (0, 1))
        first, last = windows(lo, hi, o_lo, o_hi)
        owner, member = window_pairs(first, last)
        assert sorted(zip(owner.tolist(), member.tolist())) == [
            (i, j) for i, t in enumerate(these) for j, o in enumerate(other) if t[0] < o[1] and o[0] < t[1]]
        found, at = same_interval(lo, hi, o_lo, o_hi)
        assert found.tolist() == [t in other for t in these]
        assert all(other[a] == t for t, f, a in zip(these, found.tolist(), at.tolist()) if f)


def test_tangled_names_the_document_of_each_overlap():
    doc = np.array([0, 0, 1, 1, 2])
    lo, hi = doc * 100 + np.array([0, 3, 0, 5, 9]), doc * 100 + np.array([4, 6, 5, 7, 10])  # each document its stretch
    assert tangled(doc, lo, hi).tolist() == [0]  # [0, 4) and [3, 6) overlap; [0, 5) and [5, 7) only touch
