"""What five documents allow: the numbers behind ``docs/statistics.md``, computed from the data.

- ``distinct_resamples``: how many different resamples of ``n`` documents there are;
- ``share_leaving_out``: the share of resamples that draw none of ``k`` given documents; where a difference
  between two systems lies in those ``k`` documents alone, such resamples show no difference at all, and they
  count against it, so the p-value cannot fall below about twice that share;
- ``headline_items``: per unit (document, or pair for duplicates), the gold items each headline metric counts;
- ``detection_rate`` and ``detectable_difference``: a simulation of two systems on those units, and the
  smallest F1 difference the paired bootstrap of ``newsprep compare`` detects at p < 0.05 in 80% of runs.

The simulation (one model, stated so it can be argued with): both systems have a precision of 0.7; system A
finds each gold item with probability 0.7, system B with a higher probability, each item independently of
the other items and of the other system. Documents then differ only by chance, never in difficulty, so the
numbers are lower bounds: real systems differ from document to document more, and need larger differences.

>>> distinct_resamples(5), round(share_leaving_out(1), 3), round(share_leaving_out(2), 3)
(126, 0.328, 0.078)
"""
from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from newsprep.eval.data.dataset import documents, records
from newsprep.eval.metrics import boilerplate as bp
from newsprep.eval.metrics.bootstrap import resample_indices
from newsprep.eval.metrics.duplicates import universe
from newsprep.eval.settings import RESAMPLES, SEED
from newsprep.eval.types import Span

BASE = 0.7  # the recall of system A, and the precision of both systems
ALPHA = 0.05  # detected: p below this
POWER = 0.8  # the share of simulated runs that must detect the difference
# The recall gains of system B tried, from small to large; the detectable difference is the first that is detected.
GAINS = (0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3)


def distinct_resamples(n: int) -> int:
    """The number of different multisets of ``n`` units drawn from ``n`` with replacement: C(2n - 1, n)."""
    return math.comb(2 * n - 1, n)


def share_leaving_out(k: int, n: int = 5) -> float:
    """The share of resamples of ``n`` units that draw none of ``k`` given units: ``((n - k) / n) ** n``."""
    return ((n - k) / n) ** n


@dataclass(frozen=True)
class Headline:
    """One headline metric of ``newsprep compare``: its task and metric, the unit resampled, and per unit the
    weights of the gold items it counts (a boilerplate span weighs its non-white-space characters)."""

    task: str
    metric: str
    unit: str  # "docs" or "pairs"
    items: tuple[tuple[float, ...], ...]

    @property
    def gold(self) -> float:
        return float(sum(sum(unit) for unit in self.items))


def headline_items(root: str | os.PathLike | None = None) -> list[Headline]:
    """The gold items of each headline metric, per unit, from the dataset folder ``root`` (default: embedded).

    >>> [(h.task, h.metric, h.unit, len(h.items), h.gold) for h in headline_items()][:2]
    [('entities', 'strict, partial', 'docs', 5, 604.0), ('boilerplate', 'chars', 'docs', 5, 3670.0)]
    """
    texts = {doc: d["text"] for doc, d in documents(root).items()}
    mentions = {r["doc"]: tuple(1.0 for _ in r["mentions"]) for r in records("entities", root)}
    spans = {r["doc"]: [Span(s["start"], s["end"]) for s in r["spans"]] for r in records("boilerplate", root)}
    chars = {doc: tuple(float(len(bp.covered(texts[doc], [s]))) for s in spans[doc]) for doc in texts}
    tokens = {doc: tuple(1.0 for _ in range(sum(bp.content_tokens(texts[doc], spans[doc]).values()))) for doc in texts}
    labels = {(p["a"], p["b"]): p["label"] for p in records("duplicate_pairs", root)}
    pairs = universe(records("segments", root))
    # Strict and partial F1 count the same gold mentions; in this model they are one row.
    out = [Headline("entities", "strict, partial", "docs", tuple(mentions.get(d, ()) for d in texts))]
    out += [Headline("boilerplate", "chars", "docs", tuple(chars[d] for d in texts)),
            Headline("boilerplate", "content_tokens", "docs", tuple(tokens[d] for d in texts))]
    for task, positive in (("near_duplicate", {"near_duplicate"}), ("same_content", {"near_duplicate", "paraphrase"})):
        out.append(Headline("duplicates", task, "pairs", tuple((1.0,) if labels.get(p) in positive else () for p in pairs)))
    return out


def f1_of(counts: np.ndarray) -> np.ndarray:
    """F1 of ``[..., (matched, predicted, gold)]`` counts, along the last axis; 0 where nothing is counted."""
    matched, predicted, gold = counts[..., 0], counts[..., 1], counts[..., 2]
    total = predicted + gold
    return np.divide(2 * matched, total, out=np.zeros_like(total, dtype=float), where=total > 0)


def paired_p_values(a: np.ndarray, b: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """The p-value of ``metrics.bootstrap.paired`` for F1 of ``(matched, predicted, gold)`` unit rows, for many
    simulated pairs of systems at once: ``a`` and ``b`` are ``(runs, units, 3)``, ``draws`` is ``(resamples,
    units)``, how often each unit is drawn in each resample (the same draws for every run, as one seed gives).
    """
    observed = f1_of(b.sum(axis=1)) - f1_of(a.sum(axis=1))  # (runs,)
    resampled = f1_of(resampled_sums(draws, b)) - f1_of(resampled_sums(draws, a))  # (runs, resamples)
    resamples = draws.shape[0]
    against = np.where(observed[:, None] > 0, resampled <= 0, resampled >= 0).sum(axis=1)
    against = np.where(observed == 0, resamples, against)
    return np.minimum(1.0, 2 * (against + 1) / (resamples + 1))


def resampled_sums(draws: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``(runs, resamples, 3)``: the summed counts of each run's units in each resample (one matrix product)."""
    runs, units, columns = rows.shape
    flat = draws @ rows.transpose(1, 0, 2).reshape(units, runs * columns)  # (resamples, runs * columns)
    return flat.reshape(len(draws), runs, columns).transpose(1, 0, 2)


def draw_counts(n_units: int, *, resamples: int, seed: int, keep: np.ndarray | None = None) -> np.ndarray:
    """``(resamples, units)``: how often each unit is drawn in each resample of ``resample_indices`` (the draws
    of ``compare``); ``keep`` limits the columns to some units (those with gold items: the rest count nothing)."""
    idx = resample_indices(n_units, resamples=resamples, seed=seed)
    counts = np.stack([np.bincount(row, minlength=n_units) for row in idx]).astype(float)
    return counts if keep is None else counts[:, keep]


def simulate(headline: Headline, recall: float, runs: int, rng: np.random.Generator) -> np.ndarray:
    """``(runs, units, 3)`` count rows of a system with the given recall and precision ``BASE``: each gold item
    found with probability ``recall``; matched is the weight found, predicted is matched / ``BASE``, rounded
    (whole counts, so that every sum is exact and a tie between A and B is a tie)."""
    rows = np.zeros((runs, len(headline.items), 3))
    for u, weights in enumerate(headline.items):
        if not weights:
            continue
        w = np.asarray(weights)
        found = rng.random((runs, len(w))) < recall
        matched = found @ w
        rows[:, u] = np.stack([matched, np.round(matched / BASE), np.full(runs, w.sum())], axis=1)
    return rows


def expected_f1(recall: float) -> float:
    """F1 of a system with precision ``BASE`` and this recall."""
    return 2 * BASE * recall / (BASE + recall)


@dataclass(frozen=True)
class Detection:
    """One headline metric's smallest detectable difference: the gain in expected F1, or None if no gain tried
    was detected often enough; ``rates`` maps each F1 gain tried to the share of runs that detected it."""

    headline: Headline
    difference: float | None
    rates: dict[float, float]


def detection_rate(headline: Headline, gain: float, *, runs: int, resamples: int = RESAMPLES, seed: int = SEED,
                   simulation_seed: int = 0, draws: np.ndarray | None = None) -> float:
    """The share of ``runs`` simulated pairs of systems (A with recall ``BASE``, B with ``BASE + gain``) whose
    paired bootstrap gives p < ``ALPHA``."""
    keep = np.array([u for u, weights in enumerate(headline.items) if weights])
    if draws is None:
        draws = draw_counts(len(headline.items), resamples=resamples, seed=seed, keep=keep)
    rng = np.random.default_rng(simulation_seed)
    kept = Headline(headline.task, headline.metric, headline.unit, tuple(headline.items[u] for u in keep))
    a, b = simulate(kept, BASE, runs, rng), simulate(kept, BASE + gain, runs, rng)
    return float(np.mean(paired_p_values(a, b, draws) < ALPHA))


def detectable_difference(headline: Headline, *, runs: int = 200, resamples: int = RESAMPLES, seed: int = SEED,
                          gains: tuple[float, ...] = GAINS,
                          progress: Callable[[float, float], None] | None = None) -> Detection:
    """The smallest F1 difference, among the recall ``gains`` tried, that the paired bootstrap detects at p <
    ``ALPHA`` in at least ``POWER`` of ``runs`` simulated pairs of systems.

    >>> entities = headline_items()[0]
    >>> found = detectable_difference(entities, runs=50, resamples=200, gains=(0.01, 0.1))
    >>> found.rates[round(expected_f1(0.8) - expected_f1(0.7), 4)] >= 0.8
    True
    """
    keep = np.array([u for u, weights in enumerate(headline.items) if weights])
    draws = draw_counts(len(headline.items), resamples=resamples, seed=seed, keep=keep)
    rates: dict[float, float] = {}
    for k, gain in enumerate(gains):
        difference = round(expected_f1(BASE + gain) - expected_f1(BASE), 4)
        rates[difference] = detection_rate(headline, gain, runs=runs, draws=draws, simulation_seed=k)
        if progress:
            progress(difference, rates[difference])
        if rates[difference] >= POWER:
            return Detection(headline, difference, rates)
    return Detection(headline, None, rates)
