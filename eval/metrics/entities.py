"""Entity metrics: the four SemEval-2013 matching schemes (strict, exact, partial, type) of one document.

The schemes are defined and counted in ``entity_arrays`` (many documents at
once, on arrays); ``document_counts`` runs that on one document and gives the
counts of each scheme, overall and per type.

>>> gold = [Mention(0, 5, "PERSON"), Mention(10, 15, "GPE")]
>>> pred = [Mention(0, 5, "PERSON"), Mention(10, 13, "GPE")]
>>> document_counts(gold, pred)["strict"]
SemEvalCounts(correct=1, incorrect=1, partial=0, missed=0, spurious=0)
>>> prf(SCHEMES["partial"].count(gold, pred).counts()).f1
0.75
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass

import numpy as np

from newsprep.eval.metrics import entity_arrays as ea
from newsprep.eval.metrics.prf import Counts, prf  # noqa: F401  (prf is used in the docstring example)
from newsprep.eval.types import CONLL_TYPES, TYPES, Mention

ALL_TYPES = tuple(dict.fromkeys(TYPES + CONLL_TYPES))  # every type a mention of either label set can have


@dataclass(frozen=True)
class SemEvalCounts:
    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    def __add__(self, other: SemEvalCounts) -> SemEvalCounts:
        return SemEvalCounts(*(a + b for a, b in zip(astuple(self), astuple(other))))

    def counts(self) -> Counts:
        """POSSIBLE = COR+INC+PAR+MIS, ACTUAL = COR+INC+PAR+SPU; a partial match earns ½ (``entity_arrays.as_count_columns``)."""
        row = np.array([getattr(self, name) for name in ea.VERDICTS])
        return Counts(*ea.as_count_columns(row).tolist())

    @classmethod
    def of(cls, row: np.ndarray) -> SemEvalCounts:
        """From a row of ``entity_arrays.semeval_counts`` (verdicts in ``entity_arrays.VERDICTS`` order)."""
        return cls(**dict(zip(ea.VERDICTS, row.tolist())))


@dataclass(frozen=True)
class Scheme:
    """One scheme, by name: ``count`` is ``document_counts(gold, pred)[name]``."""

    name: str

    def count(self, gold: Sequence[Mention], pred: Sequence[Mention]) -> SemEvalCounts:
        return document_counts(gold, pred)[self.name]


SCHEMES: dict[str, Scheme] = {name: Scheme(name) for name in ea.SCHEMES}  # in the order of the report


def document_counts(gold: Sequence[Mention], pred: Sequence[Mention]) -> dict[str, SemEvalCounts]:
    """Counts of one document: ``SCHEME`` overall and ``SCHEME:TYPE`` for each type of either side.

    Per type, gold and predictions are first restricted to that type (as
    nervaluate's per-entity results), so a right span with a wrong type counts
    as one missed and one spurious there. Mentions may come in any order and may
    overlap.
    """
    present = {m.type for m in (*gold, *pred)}
    types = [t for t in ALL_TYPES if t in present] + sorted(present.difference(ALL_TYPES))
    number = {t: k for k, t in enumerate(types)}

    def columns(mentions: Sequence[Mention]) -> ea.MentionColumns:
        return ea.MentionColumns.of([0] * len(mentions), [m.start for m in mentions], [m.end for m in mentions],
                                    [number[m.type] for m in mentions])

    counts = ea.semeval_counts(columns(gold), columns(pred), docs=1, types=types)[0]
    out = {}
    for name in ea.SCHEMES:
        c = counts[ea.SCHEME[name]]
        out[name] = SemEvalCounts.of(c[0])
        out.update({f"{name}:{t}": SemEvalCounts.of(c[1 + k]) for k, t in enumerate(types) if t in ALL_TYPES})
    return out
