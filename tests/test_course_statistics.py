"""The numbers behind docs/statistics.md: the resample counts are those of brute-force enumeration, and the
simulation's vectorised p-values are exactly those of ``metrics.bootstrap.paired``, what ``compare`` runs."""
from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest

from newsprep.eval.course import statistics as st
from newsprep.eval.metrics.bootstrap import paired


def test_resample_counts_agree_with_enumeration():
    draws = list(itertools.product(range(5), repeat=5))
    assert len({tuple(sorted(d)) for d in draws}) == st.distinct_resamples(5) == 126
    for k in range(6):
        assert sum(not set(d) & set(range(k)) for d in draws) / len(draws) == pytest.approx(st.share_leaving_out(k))


def test_a_difference_in_one_document_never_reaches_p_below_half():
    a = np.array([[50, 70, 70]] * 5, dtype=float)
    b = a.copy()
    b[2, 0] = 70  # a large gain in one document
    result = paired(a, b, lambda m: st.f1_of(m.sum(0)), resamples=1000, seed=3)
    assert result.delta > 0.05 and result.p_value > 2 * st.share_leaving_out(1) - 0.05


@pytest.mark.parametrize("index", [0, 1, 3])
def test_vectorised_p_values_equal_the_paired_bootstrap(index):
    headline = st.headline_items()[index]
    keep = np.array([u for u, unit in enumerate(headline.items) if unit])
    kept = st.Headline(headline.task, headline.metric, headline.unit, tuple(headline.items[u] for u in keep))
    rng = np.random.default_rng(index)
    a, b = st.simulate(kept, 0.7, 6, rng), st.simulate(kept, 0.74, 6, rng)
    draws = st.draw_counts(len(headline.items), resamples=150, seed=11, keep=keep)
    fast = st.paired_p_values(a, b, draws)
    full = np.zeros((6, len(headline.items), 3))
    full[:, keep] = a
    full_b = np.zeros_like(full)
    full_b[:, keep] = b
    slow = [paired(full[k], full_b[k], lambda m: st.f1_of(m.sum(0)), resamples=150, seed=11).p_value for k in range(6)]
    assert fast.tolist() == slow


def test_the_headline_items_are_the_gold_of_each_metric():
    found = {h.metric: h for h in st.headline_items()}
    assert found["strict, partial"].gold == 604 and found["chars"].gold == 3670
    assert found["near_duplicate"].gold == 2 and found["same_content"].gold == 119
    assert Counter(h.unit for h in found.values()) == {"docs": 3, "pairs": 2}


def test_a_large_difference_is_detected_and_none_is_detected_rarely():
    entities = st.headline_items()[0]
    assert st.detection_rate(entities, 0.25, runs=40, resamples=200) == 1.0
    assert st.detection_rate(entities, 0.0, runs=100, resamples=200) < 0.3
