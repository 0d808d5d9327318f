"""Per-document tallies (``newsprep.eval.metrics.tally``): sums, stored rows and merging parts."""
import numpy as np

from newsprep.eval.metrics.prf import Counts
from newsprep.eval.metrics.tally import CHUNK, Tally, merge


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


def test_rows_added_at_once_equal_rows_added_one_by_one_across_block_boundaries():
    docs = list(range(CHUNK + 300))
    one = fill(Tally(("a", "b")), docs)
    at_once = Tally(("a", "b"))
    for lo, hi in ((0, 3), (3, CHUNK - 2), (CHUNK - 2, CHUNK + 300)):  # the middle batch ends across a block boundary
        rows = np.array([[i % 3, i % 3, i % 5, 2, 0.5, 0.5, 1, i] for i in range(lo, hi)], dtype=float)
        at_once.add_rows([f"d{i}" for i in range(lo, hi)], rows, f1=np.arange(lo, hi) / 7)
    assert at_once.n == one.n and at_once.docs == one.docs
    assert np.array_equal(at_once.sums, one.sums)
    for key in ("a", "b"):
        assert np.array_equal(at_once.units(key), one.units(key))
    assert np.array_equal(at_once.per_document("f1"), one.per_document("f1"))
