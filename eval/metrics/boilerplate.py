"""Boilerplate metrics for one document, as counts.

The metrics are defined and counted in ``boilerplate_arrays`` (many documents
at once, on arrays); these functions run that on one document. Boilerplate is
the positive class; character counts use non-white-space characters only.

>>> text = "Title\\nShare this\\nBody text."
>>> gold = [Span(6, 16, "sharing")]
>>> c = document_counts(text, gold, [Span(6, 11)])
>>> prf(c["chars"]).recall
0.5555555555555556
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from newsprep.eval.metrics import boilerplate_arrays as ba
from newsprep.eval.metrics.boilerplate_arrays import ORDER
from newsprep.eval.metrics.prf import Counts, prf  # noqa: F401  (prf is used in the docstring example)
from newsprep.eval.types import CATEGORIES, Span

CATEGORY = {c: k for k, c in enumerate(CATEGORIES)}  # a label of no category is -1


def document_counts(text: str, gold: Sequence[Span], pred: Sequence[Span]) -> dict[str, Counts]:
    """All boilerplate counts of one document, keyed by metric name (``ORDER``; the metrics are described in
    ``boilerplate_arrays``). Spans may come in any order and may overlap."""
    columns = [ba.SpanColumns.of([0] * len(spans), [s.start for s in spans], [s.end for s in spans],
                                 [CATEGORY.get(s.label, -1) for s in spans]) for spans in (gold, pred)]
    counts = ba.batch_counts([text], *columns)[0].astype(np.int64).tolist()  # every count is a whole number
    return {key: Counts(*row) for key, row in zip(ORDER, counts)}


def bounds(spans: Sequence[Span]) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([s.start for s in spans], dtype=np.int64), np.array([s.end for s in spans], dtype=np.int64))


def content_tokens(text: str, spans: Sequence[Span]) -> Counter:
    """Bag of word tokens of the text left after removing ``spans`` (what an extractor outputs).

    A removed span leaves a space, so the words on either side stay apart.
    """
    word = ba.classify(ba.code_points(text))[1]
    starts, ends = ba.word_runs(word, *bounds(spans), np.array([0, len(text)]))
    return Counter(text[s:e] for s, e in zip(starts.tolist(), ends.tolist()))


def covered(text: str, spans: Sequence[Span]) -> set[int]:
    """Indices of the non-white-space characters inside any of ``spans``."""
    white = ba.classify(ba.code_points(text))[0]
    return set(np.flatnonzero(ba.coverage(*bounds(spans), len(text)) & ~white).tolist())
