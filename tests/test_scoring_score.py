"""The statistics of resampled sums computed for all resamples at once equal them computed row by row,
bit for bit (``newsprep.eval.scoring.score``)."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprep.eval.metrics.prf import prf_vector
from newsprep.eval.scoring.score import macro_f1_columns, prf_columns, prf_statistic


@st.composite
def count_matrices(draw):
    """Resampled sums of ``types`` count columns (half-integers, as partial matches give), many zeros."""
    rows, types = draw(st.integers(1, 40)), draw(st.integers(1, 18))
    cells = draw(st.lists(st.integers(0, 12), min_size=rows * types * 4, max_size=rows * types * 4))
    m = np.array(cells, dtype=np.float64).reshape(rows, types * 4) / 2
    m[:, 2::4] = np.maximum(m[:, 2::4], m[:, 0::4])  # matched never exceeds predicted or gold
    m[:, 3::4] = np.maximum(m[:, 3::4], m[:, 1::4])
    zero = draw(st.lists(st.booleans(), min_size=rows * types, max_size=rows * types))
    m.reshape(rows, types, 4)[np.array(zero).reshape(rows, types)] = 0  # types absent from a resample
    return m, types


@settings(max_examples=300, deadline=None)
@given(count_matrices())
def test_columnwise_prf_equals_row_by_row(matrix):
    m, types = matrix
    for column in range(0, 4 * types, 4):
        for name in ("precision", "recall", "f1"):
            rowwise = [prf_statistic(v, column=column, name=name) for v in m if v[column + 3]]
            assert prf_columns(m, column=column, name=name).tolist() == rowwise


@settings(max_examples=300, deadline=None)
@given(count_matrices())
def test_columnwise_macro_f1_equals_row_by_row(matrix):
    m, types = matrix
    columns = list(range(0, 4 * types, 4))

    def macro(v):  # the row-by-row statistic of Scorer.add_macro
        sums = [v[c:c + 4] for c in columns if v[c + 2] or v[c + 3]]
        return float(np.mean([prf_vector(s).f1 for s in sums])) if sums else 0.0
    assert macro_f1_columns(m, columns=columns).tolist() == [macro(v) for v in m]
