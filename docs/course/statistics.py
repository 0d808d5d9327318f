"""What five documents allow: the numbers behind ``docs/statistics.md``, computed from the data by simulation.

- ``headline_units``: per unit (document; pair of documents for duplicates), the gold items each headline
  metric counts;
- ``simulate``: two systems on those units, each unit with its own difficulty;
- ``false_alarm_rate``: how often a paired test says p < ``ALPHA`` when both systems come from one process
  (the calibration the tests check, for the permutation test of ``newsprep compare`` and, to show that the
  check can fail, for the percentile bootstrap it replaced);
- ``coverage``: how often the interval ``score`` prints holds the value it estimates;
- ``detection_rate`` and ``detectable_difference``: the smallest F1 difference the permutation test detects.

The model, stated so it can be argued with: in each run, every unit draws its own difficulty, a recall and a
precision from Beta distributions with mean ``BASE`` and concentration ``kappa`` (smaller: units differ more).
A system finds each gold item of the unit with the unit's recall, and predicts matched / precision items
(rounded). Under the null hypothesis both systems share the units' difficulties and draw their items
independently: they are two runs of one process. System B of the power table adds a gain to every recall.

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
from newsprep.eval.metrics.permutation import jackknife_interval, paired_permutation
from newsprep.eval.scoring.compare import f1_columns, unit_rows
from newsprep.eval.settings import RESAMPLES, SEED
from newsprep.eval.types import Span

BASE = 0.7  # the mean recall and the mean precision of a unit
ALPHA = 0.05  # detected: p below this
POWER = 0.8  # the share of simulated runs that must detect the difference
KAPPAS = (5.0, 20.0, 80.0)  # concentrations of the units' difficulties tried: from very different units to similar ones
KAPPA = 20.0  # the concentration of the power table
# The recall gains of system B tried, from small to large; the detectable difference is the first that is detected.
GAINS = (0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3)


def distinct_resamples(n: int) -> int:
    """The number of different multisets of ``n`` units drawn from ``n`` with replacement: C(2n - 1, n)."""
    return math.comb(2 * n - 1, n)


def share_leaving_out(k: int, n: int = 5) -> float:
    """The share of resamples of ``n`` units that draw none of ``k`` given units: ``((n - k) / n) ** n``."""
    return ((n - k) / n) ** n


def monte_carlo_error(rate: float, runs: int) -> float:
    """The standard error of a share estimated from ``runs`` independent runs."""
    return math.sqrt(rate * (1 - rate) / runs)


@dataclass(frozen=True)
class Headline:
    """One headline metric of ``newsprep compare``: task, view, metric and average as ``score`` names the row,
    the unit, and per unit the weights of the gold items it counts (a boilerplate span weighs its non-white-space
    characters)."""

    task: str
    view: str
    metric: str
    average: str
    unit: str  # "docs" or "doc-pairs"
    items: tuple[tuple[float, ...], ...]

    @property
    def gold(self) -> float:
        return float(sum(sum(unit) for unit in self.items))

    @property
    def name(self) -> str:
        return f"{self.task} {self.view} {self.metric} {self.average}"

    def statistic(self, units: np.ndarray) -> float:
        """The metric of ``(units, 4)`` count rows, as ``compare`` computes it."""
        rows, columnwise = self.prepared(units)
        return float(columnwise(rows.sum(axis=0)[None, :])[0])

    def prepared(self, units: np.ndarray) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
        """The unit rows and columnwise statistic ``compare`` tests (``scoring.compare.unit_rows``)."""
        return unit_rows(units, self.average)


def headline_units(root: str | os.PathLike | None = None) -> list[Headline]:
    """The gold items of each headline metric of ``compare``, per unit, from the dataset folder ``root``.

    >>> [(h.task, h.metric, h.average, h.unit, len(h.items), h.gold) for h in headline_units()][:2]
    [('boilerplate', 'chars', 'macro-docs', 'docs', 5, 3670.0), ('boilerplate', 'chars', 'micro', 'docs', 5, 3670.0)]
    """
    texts = {doc: d["text"] for doc, d in documents(root).items()}
    mentions = {r["doc"]: tuple(1.0 for _ in r["mentions"]) for r in records("entities", root)}
    spans = {r["doc"]: [Span(s["start"], s["end"]) for s in r["spans"]] for r in records("boilerplate", root)}
    chars = tuple(tuple(float(len(bp.covered(texts[d], [s]))) for s in spans[d]) for d in texts)
    tokens = tuple(tuple(1.0 for _ in range(sum(bp.content_tokens(texts[d], spans[d]).values()))) for d in texts)
    strict = tuple(mentions.get(d, ()) for d in texts)
    labels = {(p["a"], p["b"]): p["label"] for p in records("duplicate_pairs", root)}
    segments = records("segments", root)
    doc = {s["id"]: s["doc"] for s in segments}
    pairs = universe(segments)
    keys = sorted({(doc[a], doc[b]) for a, b in pairs})
    out = [Headline("boilerplate", "all", "chars", "macro-docs", "docs", chars),
           Headline("boilerplate", "all", "chars", "micro", "docs", chars),
           Headline("boilerplate", "all", "content_tokens", "micro", "docs", tokens),
           Headline("entities", "all", "strict", "micro", "docs", strict),
           Headline("entities", "all", "strict", "macro-docs", "docs", strict)]
    for task, positive in (("near_duplicate", {"near_duplicate"}), ("same_content", {"near_duplicate", "paraphrase"})):
        units = tuple(tuple(1.0 for a, b in pairs if (doc[a], doc[b]) == key and labels.get((a, b)) in positive)
                      for key in keys)
        out.append(Headline("duplicates", task, "pairs", "micro", "doc-pairs", units))
    return out


def difficulties(units: int, runs: int, kappa: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``(runs, units)`` recalls and precisions, Beta with mean ``BASE`` and concentration ``kappa``."""
    shape = (runs, units)
    return rng.beta(BASE * kappa, (1 - BASE) * kappa, shape), rng.beta(BASE * kappa, (1 - BASE) * kappa, shape)


def system(headline: Headline, recall: np.ndarray, precision: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``(runs, units, 4)`` count rows ``[matched, matched, predicted, gold]`` of one system: each gold item found
    with its unit's recall; predicted is matched / precision, rounded (whole counts: every sum is exact)."""
    runs = recall.shape[0]
    rows = np.zeros((runs, len(headline.items), 4))
    for u, weights in enumerate(headline.items):
        if not weights:
            continue
        w = np.asarray(weights)
        matched = (rng.random((runs, len(w))) < np.clip(recall[:, u:u + 1], 0, 1)) @ w
        rows[:, u] = np.stack([matched, matched, np.round(matched / precision[:, u]), np.full(runs, w.sum())], axis=1)
    return rows


def simulate(headline: Headline, runs: int, *, kappa: float, gain: float = 0.0,
             seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two systems on the headline's units, ``(runs, units, 4)`` each: they share every unit's difficulty, and
    B's recall is higher by ``gain`` (0: both are runs of one process)."""
    rng = np.random.default_rng(seed)
    recall, precision = difficulties(len(headline.items), runs, kappa, rng)
    return system(headline, recall, precision, rng), system(headline, recall + gain, precision, rng)


def permutation_p_values(headline: Headline, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The p-value of ``newsprep compare`` (the paired permutation test) for each run."""
    out = []
    for run_a, run_b in zip(a, b):
        rows_a, columnwise = headline.prepared(run_a)
        out.append(paired_permutation(rows_a, headline.prepared(run_b)[0], columnwise).p_value)
    return np.array(out)


def bootstrap_p_values(headline: Headline, a: np.ndarray, b: np.ndarray, *, resamples: int = RESAMPLES,
                       seed: int = SEED) -> np.ndarray:
    """The p-value of the paired percentile bootstrap that ``compare`` used before 0.6.0 (``metrics.bootstrap.paired``:
    twice the share of resampled differences on the other side of zero, with the +1 correction), for each run."""
    idx = resample_indices(a.shape[1], resamples=resamples, seed=seed)
    draws = np.stack([np.bincount(row, minlength=a.shape[1]) for row in idx]).astype(float)  # (resamples, units)
    out = []
    for run_a, run_b in zip(a, b):
        rows_a, columnwise = headline.prepared(run_a)
        rows_b = headline.prepared(run_b)[0]
        observed = columnwise(rows_b.sum(0)[None])[0] - columnwise(rows_a.sum(0)[None])[0]
        deltas = columnwise(draws @ rows_b) - columnwise(draws @ rows_a)
        against = resamples if observed == 0 else int(np.sum(deltas <= 0) if observed > 0 else np.sum(deltas >= 0))
        out.append(min(1.0, 2 * (against + 1) / (resamples + 1)))
    return np.array(out)


TESTS = {"permutation": permutation_p_values, "bootstrap": bootstrap_p_values}


def false_alarm_rate(headline: Headline, *, runs: int, kappa: float, test: str = "permutation", alpha: float = ALPHA,
                     seed: int = 0) -> float:
    """The share of ``runs`` pairs of systems from one process (no difference) for which ``test`` gives p < ``alpha``.

    >>> h = headline_units()[3]                                   # entities, strict, micro
    >>> false_alarm_rate(h, runs=50, kappa=20.0)                  # five documents: p is never below 2/32
    0.0
    """
    a, b = simulate(headline, runs, kappa=kappa, seed=seed)
    return float(np.mean(TESTS[test](headline, a, b) < alpha))


def percentile_interval(rows: np.ndarray, columnwise: Callable[[np.ndarray], np.ndarray], *,
                        resamples: int = RESAMPLES, seed: int = SEED) -> tuple[float, float]:
    """The percentile bootstrap interval that ``score`` printed before 0.6.0, for comparison."""
    idx = resample_indices(len(rows), resamples=resamples, seed=seed)
    draws = np.stack([np.bincount(row, minlength=len(rows)) for row in idx]).astype(float)
    values = columnwise(draws @ rows)
    return float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))


INTERVALS: dict[str, Callable[..., tuple[float, float]]] = {"jackknife-t": jackknife_interval,
                                                             "percentile-boot": percentile_interval}


def coverage(headline: Headline, *, runs: int, kappa: float, seed: int = 0, truth_runs: int = 20000,
             method: str = "jackknife-t") -> float:
    """The share of ``runs`` simulated systems whose 95% interval, as ``score`` prints it (``method``: the
    jackknife over the units with Student's t; or the percentile bootstrap it replaced), holds the value it
    estimates: for a micro F1 the F1 of the expected counts of units like these, for a mean over documents the
    expected mean (both estimated from ``truth_runs`` runs)."""
    big, _ = simulate(headline, truth_runs, kappa=kappa, seed=seed + 1)
    if headline.average == "macro-docs":
        truth = float(np.mean([headline.statistic(run) for run in big]))
    else:
        truth = float(f1_columns(big.sum(axis=1).mean(axis=0)[None])[0])
    sample, _ = simulate(headline, runs, kappa=kappa, seed=seed)
    held = 0
    for run in sample:
        rows, columnwise = headline.prepared(run)
        low, high = INTERVALS[method](rows, columnwise)
        held += bool(low <= truth <= high)
    return held / runs


def detection_rate(headline: Headline, gain: float, *, runs: int, kappa: float = KAPPA, seed: int = 0) -> float:
    """The share of ``runs`` simulated pairs of systems (B's recall higher by ``gain``) whose permutation test
    gives p < ``ALPHA``."""
    a, b = simulate(headline, runs, kappa=kappa, gain=gain, seed=seed)
    return float(np.mean(permutation_p_values(headline, a, b) < ALPHA))


@dataclass(frozen=True)
class Detection:
    """One headline metric's smallest detectable difference: the gain in recall, or None if no gain tried was
    detected often enough; ``rates`` maps each recall gain tried to the share of runs that detected it."""

    headline: Headline
    gain: float | None
    rates: dict[float, float]


def detectable_difference(headline: Headline, *, runs: int = 200, kappa: float = KAPPA,
                          gains: tuple[float, ...] = GAINS) -> Detection:
    """The smallest recall gain, among ``gains``, that the permutation test detects at p < ``ALPHA`` in at least
    ``POWER`` of ``runs`` simulated pairs of systems. With five documents none is: p cannot go below 2/32.

    >>> detectable_difference(headline_units()[3], runs=20, gains=(0.3,)).gain is None
    True
    """
    rates: dict[float, float] = {}
    if 2 / 2 ** len(headline.items) >= ALPHA:
        return Detection(headline, None, rates)
    for k, gain in enumerate(gains):
        rates[gain] = detection_rate(headline, gain, runs=runs, kappa=kappa, seed=k)
        if rates[gain] >= POWER:
            return Detection(headline, gain, rates)
    return Detection(headline, None, rates)


def coverage_table(*, runs: int = 400, kappas: tuple[float, ...] = KAPPAS,
                   root: str | os.PathLike | None = None) -> dict[tuple[str, str, str, str], float]:
    """Per headline metric ``(task, view, metric, average)``, the lowest coverage of its 95% interval over the
    concentrations ``kappas`` tried, rounded to two decimals: the figure ``scoring.coverage`` prints beside an
    interval that falls short of 0.93."""
    return {(h.task, h.view, h.metric, h.average): round(min(coverage(h, runs=runs, kappa=k, truth_runs=4000)
                                                             for k in kappas), 2)
            for h in headline_units(root)}
