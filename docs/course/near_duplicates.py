"""The checker of the exercise near-duplicates: ``similarity`` (a score in [0, 1], symmetric, 1 for equal
sentences) on real segments, ``pr_curve`` and ``best_threshold`` on hand-made cases with ties, then all three
on the 6,786 pairs of content segments: the student's curve against one computed here, and the average
precision of the student's similarity against the gold pairs.

>>> from newsprep.course.exercises import check, solution_path
>>> print(check("near-duplicates", solution_path("near-duplicates")))
PASS near-duplicates: 33 checks passed
  average precision 0.451 over 6786 pairs (158 duplicates); at the best threshold 0.222: precision 0.670, recall 0.373
"""
from __future__ import annotations

import math
from itertools import combinations

from newsprep.course.student import Student
from newsprep.eval.data.dataset import records

MIN_AVERAGE_PRECISION = 0.3
HAND_SCORES = {("a", "b"): 0.9, ("a", "c"): 0.9, ("b", "c"): 0.5, ("a", "d"): 0.2, ("c", "d"): 0.2}
HAND_POSITIVES = {("a", "b"), ("c", "d")}
HAND_CURVES = [  # (curve, its best threshold, what the case shows)
    ([(0.9, 1.0, 0.2), (0.5, 0.6, 0.6), (0.3, 0.5, 0.72), (0.1, 0.1, 1.0)], 0.5, "the highest F1, not precision"),
    ([(0.8, 0.5, 0.5), (0.4, 0.5, 0.5), (0.2, 0.1, 0.9)], 0.8, "a tie goes to the higher threshold"),
]


def curve_of(scores: dict, positives: set) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) at each distinct score, highest first; at least the threshold is positive."""
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    out, found = [], 0
    for called, (pair, score) in enumerate(ranked, start=1):
        found += pair in positives
        if called == len(ranked) or ranked[called][1] != score:
            out.append((score, found / called, found / len(positives) if positives else 0.0))
    return out


def average_precision(curve: list[tuple[float, float, float]]) -> float:
    """The sum of precision times the recall gained at each threshold (scikit-learn's definition)."""
    ap, last = 0.0, 0.0
    for _, precision, recall in curve:
        ap += (recall - last) * precision
        last = recall
    return ap


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def close_curves(got, want) -> bool:
    got = [tuple(float(x) for x in point) for point in got]
    return len(got) == len(want) and all(
        len(g) == 3 and all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(g, w)) for g, w in zip(got, want))


def is_number(value) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def check(student: Student) -> list[str]:
    """Run every case; raises ``CaseFailed`` at the first wrong one; returns the notes of the report."""
    segments = {s["id"]: s["text"] for s in records("segments") if not s["boilerplate"]}
    ids = sorted(segments)
    for a, b in [(ids[0], ids[0]), *zip(ids[:12], ids[40:52])]:
        case = f"similarity({segments[a]!r}, {segments[b]!r})"
        ab = student.call("similarity", segments[a], segments[b], case=case)
        ba = student.call("similarity", segments[b], segments[a], case=case)
        student.require(case, is_number(ab) and 0 <= float(ab) <= 1, expected="a number from 0 to 1", got=ab)
        student.require(f"{case} and the same with the sentences swapped", math.isclose(float(ab), float(ba)),
                        expected="the same score both ways", got=f"{ab} and {ba}")
        if a == b:
            student.require(f"{case}: a sentence with itself", math.isclose(float(ab), 1.0),
                            expected="1.0", got=ab)
    case = f"pr_curve({HAND_SCORES}, {HAND_POSITIVES})"
    got = student.call("pr_curve", dict(HAND_SCORES), set(HAND_POSITIVES), case=case)
    student.expect(case, got, curve_of(HAND_SCORES, HAND_POSITIVES), same=close_curves,
                   hint="one point per distinct score, highest first; a pair is called a duplicate when its score "
                        "is at least the threshold, so tied pairs come in together")
    for curve, threshold, what in HAND_CURVES:
        case = f"best_threshold({curve}) ({what})"
        student.expect(case, student.call("best_threshold", list(curve), case=case), threshold,
                       same=lambda g, w: is_number(g) and math.isclose(float(g), w))

    positives = {(p["a"], p["b"]) for p in records("duplicate_pairs") if p["label"] in ("near_duplicate", "paraphrase")}
    scores = {}
    for a, b in combinations(ids, 2):
        value = student.call("similarity", segments[a], segments[b], case=f"similarity of {a} and {b}")
        if not (is_number(value) and 0 <= float(value) <= 1):
            student.require(f"similarity of {a} and {b}", False, expected="a number from 0 to 1", got=value)
        scores[(a, b)] = float(value)
    want = curve_of(scores, positives)
    case = f"pr_curve of your similarity over the {len(scores)} pairs of content segments"
    got = student.call("pr_curve", dict(scores), set(positives), case=case)
    student.expect(case, got, want, same=close_curves)
    best = max(want, key=lambda point: (f1(point[1], point[2]), point[0]))
    case = "best_threshold of that curve"
    student.expect(case, student.call("best_threshold", list(want), case=case), best[0],
                   same=lambda g, w: is_number(g) and math.isclose(float(g), w))
    ap = average_precision(want)
    student.require(f"the average precision of your similarity over the {len(scores)} pairs", ap >= MIN_AVERAGE_PRECISION,
                    expected=f"at least {MIN_AVERAGE_PRECISION}", got=f"{ap:.3f}",
                    hint="a random score gets 0.02; the share of words two sentences have in common gets 0.47")
    return [f"average precision {ap:.3f} over {len(scores)} pairs ({len(positives)} duplicates); at the best threshold "
            f"{best[0]:.3f}: precision {best[1]:.3f}, recall {best[2]:.3f}"]
