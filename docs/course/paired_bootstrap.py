"""The checker of the exercise paired-bootstrap: ``paired_bootstrap`` on per-document counts, against the
harness's own paired percentile bootstrap, ``metrics.bootstrap.paired`` (what ``newsprep compare`` ran before
0.6.0; it now runs the paired permutation test of ``metrics.permutation``). Two cases have exact answers
whatever the random numbers: equal systems give p = 1, and a gain in every document gives the floor
2 / (resamples + 1). Otherwise the student's random draws differ from the harness's, so the interval and the
p-value must agree within a tolerance well above the noise of 4,000 resamples, and well below the error of
resampling mentions instead of documents. Then the three answers ``FLOOR``, ``ONE_DOCUMENT`` and
``PERMUTATION``. The report sets the student's p-values beside the permutation test's on the same counts.

>>> from newsprep.course.exercises import check, solution_path
>>> print(check("paired-bootstrap", solution_path("paired-bootstrap")))
PASS paired-bootstrap: 22 checks passed
  mixed gains: B - A +0.048 [-0.013, +0.099], p = 0.14: the five documents cannot tell A and B apart
  a gain in d002 alone: B - A +0.069, p = 0.65
  newsprep compare's permutation test on the same counts: p = 0.375 (mixed gains), 0.0625 (a gain in every document: the smallest five documents allow), 1 (d002 alone)
"""
from __future__ import annotations

import math

import numpy as np

from newsprep.course.student import Student
from newsprep.eval.metrics.bootstrap import paired
from newsprep.eval.metrics.permutation import paired_permutation
from newsprep.eval.settings import SEED

RESAMPLES = 4000
A = [(60, 100, 110), (80, 120, 120), (100, 150, 160), (50, 90, 80), (70, 110, 120)]
CASES = {  # name -> (B's counts, what the case shows)
    "equal systems": (A, "p = 1: every resample shows a difference of 0"),
    "a gain in every document": ([(m + 5, p, g) for m, p, g in A], "no resample goes against B"),
    "mixed gains": ([(70, 100, 110), (75, 120, 120), (120, 150, 160), (50, 90, 80), (73, 110, 120)], ""),
    "a loss in most documents": ([(55, 100, 110), (72, 120, 120), (104, 150, 160), (46, 90, 80), (70, 110, 120)], ""),
    "a gain in d002 alone": ([(60, 100, 110), (80, 120, 120), (140, 150, 160), (50, 90, 80), (70, 110, 120)],
                             "a third of the resamples leave d002 out"),
}
ANSWERS = {"FLOOR": "b", "ONE_DOCUMENT": "c", "PERMUTATION": "d"}
HINTS = {"FLOOR": "how small can 2 * (against + 1) / (resamples + 1) be? docs/statistics.md explains it",
         "ONE_DOCUMENT": "how many resamples of five documents draw d002 not once? (4/5)^5",
         "PERMUTATION": "2/32 is the smallest p-value of 32 swaps; docs/statistics.md explains it"}


def f1(v: np.ndarray) -> float:
    s = v.sum(axis=0)
    return float(2 * s[0] / (s[1] + s[2])) if s[1] + s[2] else 0.0


def f1_columns(sums: np.ndarray) -> np.ndarray:
    """``f1`` of each row of summed counts."""
    total = sums[:, 1] + sums[:, 2]
    return np.divide(2 * sums[:, 0], total, out=np.zeros(len(sums)), where=total > 0)


def harness(b: list) -> tuple[float, float, float, float]:
    """The harness's paired percentile bootstrap of B against A: delta, low, high, p-value."""
    r = paired(np.array(A, dtype=float), np.array(b, dtype=float), f1, resamples=RESAMPLES, seed=SEED)
    return r.delta, r.low, r.high, r.p_value


def permutation_p(b: list) -> float:
    """The p-value of the paired permutation test ``newsprep compare`` runs, on the same counts."""
    return paired_permutation(np.array(A, dtype=float), np.array(b, dtype=float), f1_columns).p_value


def four_numbers(value) -> tuple[float, ...] | None:
    try:
        numbers = tuple(float(x) for x in value)
    except (TypeError, ValueError):
        return None
    return numbers if len(numbers) == 4 and all(math.isfinite(x) for x in numbers) else None


def check(student: Student) -> list[str]:
    """Run every case; raises ``CaseFailed`` at the first wrong one; returns the notes of the report."""
    results = {}
    for name, (b, what) in CASES.items():
        case = f"paired_bootstrap(a, b, resamples={RESAMPLES}, seed=1) for {name}: a = {A}, b = {b}"
        got = four_numbers(student.call("paired_bootstrap", [tuple(x) for x in A], [tuple(x) for x in b],
                                        resamples=RESAMPLES, seed=1, case=case))
        student.require(case, got is not None, expected="four finite numbers (delta, low, high, p_value)", got=got)
        assert got is not None
        delta, low, high, p = got
        want = harness(b)
        student.require(f"{case}: delta", math.isclose(delta, want[0], abs_tol=1e-9), expected=f"{want[0]:+.4f}",
                        got=f"{delta:+.4f}", hint="F1 of the summed counts of B minus that of A, on all five documents")
        if name == "equal systems":
            student.require(f"{case}: p-value", p == 1.0, expected="1.0", got=p,
                            hint=f"{what}; against counts them all, and min(1, ...) caps p at 1")
            student.require(f"{case}: interval", low == high == 0.0, expected="(0.0, 0.0)", got=(low, high),
                            hint="draw the documents once per resample and score A and B on that same draw")
        elif name == "a gain in every document":
            student.require(f"{case}: p-value", math.isclose(p, 2 / (RESAMPLES + 1)), expected=f"{2 / (RESAMPLES + 1)}",
                            got=p, hint=f"{what}, so against = 0 and p = 2 * (0 + 1) / (resamples + 1): the floor")
        else:
            width = want[2] - want[1]
            near = 0.15 * width + 0.005
            student.require(f"{case}: the 95% interval", abs(low - want[1]) <= near and abs(high - want[2]) <= near,
                            expected=f"about [{want[1]:+.3f}, {want[2]:+.3f}] (within {near:.3f})",
                            got=f"[{low:+.3f}, {high:+.3f}]",
                            hint="draw documents, not mentions, and the same documents for A and B")
            student.require(f"{case}: p-value", abs(p - want[3]) <= 0.06, expected=f"about {want[3]:.3f} (within 0.06)",
                            got=f"{p:.4f}", hint=what or "against counts the resampled differences on the other side "
                            "of 0 from delta, 0 included; p = min(1, 2 * (against + 1) / (resamples + 1))")
        results[name] = (delta, low, high, p)
    for name, right in ANSWERS.items():
        given = student.value(name)
        student.require(f"{name} (the question in the task)", str(given).strip().lower() == right,
                        expected="the right letter", got=given, hint=HINTS[name])
    d, lo, hi, p = results["mixed gains"]
    verdict = "the five documents cannot tell A and B apart" if lo <= 0 <= hi else "B differs from A"
    one = results["a gain in d002 alone"]
    mixed, every, alone = (permutation_p(CASES[c][0]) for c in ("mixed gains", "a gain in every document",
                                                                  "a gain in d002 alone"))
    return [f"mixed gains: B - A {d:+.3f} [{lo:+.3f}, {hi:+.3f}], p = {p:.2f}: {verdict}",
            f"a gain in d002 alone: B - A {one[0]:+.3f}, p = {one[3]:.2f}",
            f"newsprep compare's permutation test on the same counts: p = {mixed:.4g} (mixed gains), "
            f"{every:.4g} (a gain in every document: the smallest five documents allow), {alone:.4g} (d002 alone)"]
