"""Per-document tallies (``newsprep.eval.scoring.tally``): sums, stored rows and merging parts."""
import numpy as np

from newsprep.eval.metrics.prf import Counts
from newsprep.eval.scoring.tally import CHUNK, Tally, merge


def fill(tally, docs):
    for i in docs:
        tally.add(f"d{i}", {"a": Counts(i % 3, i % 3, i % 5, 2), "b": Counts(0.5, 0.5, 1, i)}, f1=i / 7)
    return tally


def test_rows_and_sums_of_documents():
    t = fill(Tally(("a", "b")), range(10))
    assert t.n == 10
    assert t.total("a").tolist() == [sum(i % 3 for i in range(10))] * 2 + [sum(i % 5 for i in range(10)), 20]
    assert np.array_equal(t.units("b")[:, 3], np.arange(10.0))
    assert np.array_equal(t.per_document("f1"), np.arange(10) / 7)


def test_merged_parts_equal_the_whole_across_block_boundaries():
    docs = range(CHUNK + 17)
    whole = fill(Tally(("a", "b")), docs)
    cut = [0, 5, CHUNK - 1, CHUNK + 17]
    parts = [fill(Tally(("a", "b")), range(lo, hi)) for lo, hi in zip(cut, cut[1:])]
    merged = merge(parts)
    assert merged.n == whole.n
    assert np.array_equal(merged.sums, whole.sums)
    for key in ("a", "b"):
        assert np.array_equal(merged.units(key), whole.units(key))
    assert np.array_equal(merged.per_document("f1"), whole.per_document("f1"))
    assert merged.docs == whole.docs


def test_sums_only_keeps_no_rows():
    t = fill(Tally(("a", "b"), keep_rows=False), range(50))
    assert t.blocks == [] and t.total("b")[3] == sum(range(50))
