"""Duplicate-pair records from similarity scores: a threshold or a top k decides the label, every pair keeps its score.

Scores come as a mapping ``{(a, b): similarity}`` of segment ids, or as a
square matrix (a NumPy array or lists) with the ids of its rows and columns,
``(matrix, ids)``, read above the diagonal. A pair gets ``label`` when its
score is at least ``threshold`` (or is among the ``top_k`` highest, ties in id
order); every other pair given is listed as ``different`` with its score, so
that average precision and Spearman correlation rank all of them. With a
mapping ``{label: threshold}`` for ``threshold``, a pair gets the label of the
highest threshold it reaches (``{"near_duplicate": 0.95, "paraphrase": 0.7}``).
With neither option every pair is ``different``: a ranking only.

Records are in canonical order: ``a < b``, sorted, no pair twice, no pair of a
segment with itself (a self pair given is left out; a pair given in both orders
must have one score). The ids must be content segments (``boilerplate: false``
in ``npe.records("segments")``), as for any submission.

>>> pair_records({("d001-s004", "d000-s004"): 0.91, ("d000-s004", "d002-s007"): 0.35}, threshold=0.8)
[{'task': 'duplicates', 'a': 'd000-s004', 'b': 'd001-s004', 'label': 'paraphrase', 'score': 0.91}, {'task': 'duplicates', 'a': 'd000-s004', 'b': 'd002-s007', 'label': 'different', 'score': 0.35}]
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from newsprep.eval.adapters.record import number_argument
from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem, require_type, wrong_argument
from newsprep.eval.types import PREDICTED_PAIR_LABELS

LABEL = "<scores>"  # the "file" of a problem found in scores given in memory
POSITIVE = tuple(label for label in PREDICTED_PAIR_LABELS if label != "different")
Scores = Mapping[tuple[str, str], float] | tuple[Any, Sequence[str]]


def pair_scores(scores: Scores) -> dict[tuple[str, str], float]:
    """``{(a, b): score}`` with ``a < b`` from either form; ``InvalidInput`` lists every bad id, score or pair.

    >>> pair_scores(([[1.0, 0.2], [0.2, 1.0]], ["d000-s002", "d000-s001"]))
    {('d000-s001', 'd000-s002'): 0.2}
    """
    if isinstance(scores, Mapping):
        items = [(key, value, f"scores[{key!r}]") for key, value in scores.items()]
    else:
        if not (isinstance(scores, tuple) and len(scores) == 2) or isinstance(scores[1], (str, bytes)):
            raise wrong_argument("pair_records", "scores", "a mapping {(a, b): score} of segment ids, or a pair "
                                 "(matrix, ids) of a square matrix and the ids of its rows", scores)
        matrix, ids = scores
        if not hasattr(matrix, "__len__") or not hasattr(ids, "__iter__"):
            raise wrong_argument("pair_records", "scores", "(matrix, ids): a square matrix (NumPy array or lists) "
                                 "and the ids of its rows", scores)
        ids = list(ids)
        if len(matrix) != len(ids) or any(len(row) != len(ids) for row in matrix):
            raise InvalidInput([Problem(LABEL, None, "matrix", "shape", f"expected {len(ids)} x {len(ids)} for {len(ids)} ids")])
        items = [((ids[i], ids[j]), matrix[i][j], f"matrix[{i}][{j}]")
                 for i in range(len(ids)) for j in range(i + 1, len(ids))]
    out: dict[tuple[str, str], float] = {}
    problems = []
    for key, value, where in items:
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(s, str) for s in key)):
            problems.append(Problem(LABEL, None, where, "pair", f"{key!r} is not a pair of segment ids"))
            continue
        try:
            score = float(value)
        except (TypeError, ValueError):
            score = math.nan
        if not math.isfinite(score):
            problems.append(Problem(LABEL, None, where, "score", f"{value!r} is not a finite number"))
            continue
        a, b = sorted(key)
        if a == b:
            continue
        if (a, b) in out and out[(a, b)] != score:
            problems.append(Problem(LABEL, None, where, "duplicate-pair", f"({a!r}, {b!r}) given with {out[(a, b)]} and {score}"))
        out[(a, b)] = score
    if problems:
        raise InvalidInput(problems)
    return out


def pair_records(scores: Scores, *, threshold: float | Mapping[str, float] | None = None, top_k: int | None = None,
                 label: str = "paraphrase") -> list[dict]:
    """Duplicates records, one per pair given, each with its score; the rule of the module docstring.

    >>> import numpy as np
    >>> ids = ["d000-s004", "d001-s004", "d003-s002"]
    >>> similarity = np.array([[1.0, 0.97, 0.71], [0.97, 1.0, 0.64], [0.71, 0.64, 1.0]])
    >>> [(r["a"], r["b"], r["label"]) for r in pair_records((similarity, ids), threshold={"near_duplicate": 0.95, "paraphrase": 0.7})]
    [('d000-s004', 'd001-s004', 'near_duplicate'), ('d000-s004', 'd003-s002', 'paraphrase'), ('d001-s004', 'd003-s002', 'different')]
    >>> [r["label"] for r in pair_records((similarity, ids), top_k=1, label="near_duplicate")]
    ['near_duplicate', 'different', 'different']
    """
    if threshold is not None and top_k is not None:
        raise NewsPrepError("give threshold or top_k, not both")
    require_type("pair_records", "label", label, str, f"a positive label, one of {', '.join(POSITIVE)}")
    wanted = "a finite number, or a mapping {label: number}, or None"
    if isinstance(threshold, Mapping):
        thresholds = {name: number_argument("pair_records", "threshold", value, wanted) for name, value in threshold.items()}
    else:
        thresholds = {label: number_argument("pair_records", "threshold", threshold, wanted)} if threshold is not None else {}
    for name in [*thresholds, label]:
        if name not in POSITIVE:
            raise NewsPrepError(f"label {name!r}: a positive pair is one of {', '.join(POSITIVE)}")
    if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 0):
        raise NewsPrepError(f"top_k must be an integer 0 or more, not {top_k!r}")
    given = pair_scores(scores)
    labels = dict.fromkeys(given, "different")
    if top_k is not None:
        for key in sorted(given, key=lambda key: (-given[key], key))[:top_k]:
            labels[key] = label
    for key, score in given.items():
        reached = [(t, name) for name, t in thresholds.items() if score >= t]
        if reached:
            labels[key] = max(reached)[1]
    return [{"task": "duplicates", "a": a, "b": b, "label": labels[(a, b)], "score": given[(a, b)]}
            for a, b in sorted(given)]
