"""Per-example records of the boilerplate task: one per gold span and one per predicted span.

A record says how much of its span the other side also calls boilerplate, in the non-white-space characters
the scores count (``metrics.boilerplate_arrays``): ``found`` are covered by the other side's spans, ``missed``
are not. For a gold span they are the system's true positives and false negatives; for a predicted span, its
true positives and false positives (content the gold keeps). ``exact`` and ``overlap`` are what the two span
metrics count: the other side has a span with the same offsets, or one that shares a character. Summed over
the records of one side, they are the counts the report scores.

>>> from newsprep.eval.types import Span
>>> text = "Title\\nShare this\\nBody text."
>>> [(r["side"], r["text"], r["found"], r["missed"]) for r in span_records([("d000", text, [Span(6, 16, "sharing")], [Span(6, 11)])])]
[('gold', 'Share this', 5, 4), ('predicted', 'Share', 5, 0)]
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from newsprep.eval.metrics.boilerplate_arrays import classify, code_points, prefix_sum
from newsprep.eval.metrics.intervals import common, union, window_pairs, windows
from newsprep.eval.types import Span

FIELDS = ("task", "doc", "side", "start", "end", "category", "text", "chars", "found", "missed", "exact", "overlap")
OUTCOMES = ("found", "missed", "exact", "overlap")
SIDES = ("gold", "predicted")


def span_records(documents: Iterable[tuple[str, str, Sequence[Span], Sequence[Span]]]) -> list[dict]:
    """The records of ``(doc, text, gold spans, predicted spans)`` documents, in the order given; in each, the
    spans by start, a gold span before a predicted one starting with it. A span's ``label`` is its category
    (None where a submission gives none)."""
    docs = list(documents)
    origin = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum([len(text) for _, text, _, _ in docs], out=origin[1:])
    joined = "".join(text for _, text, _, _ in docs)
    solid = prefix_sum(~classify(code_points(joined))[0])  # non-white-space characters before each position
    sides = []
    for k in range(2):
        spans = [(d, span) for d, (_, _, g, p) in enumerate(docs) for span in sorted((g, p)[k], key=lambda s: (s.start, s.end))]
        doc = np.array([d for d, _ in spans], dtype=np.int64)
        lo = origin[doc] + np.array([s.start for _, s in spans], dtype=np.int64)
        hi = origin[doc] + np.array([s.end for _, s in spans], dtype=np.int64)
        sides.append((spans, doc, lo, hi))
    records: list[dict] = []
    for k, (spans, _, lo, hi) in enumerate(sides):
        _, other_doc, other_lo, other_hi = sides[1 - k]
        _, u_lo, u_hi = union(other_doc, other_lo, other_hi)
        first, last = windows(lo, hi, u_lo, u_hi)
        owner, member = window_pairs(first, last)
        shared = solid[np.minimum(hi[owner], u_hi[member])] - solid[np.maximum(lo[owner], u_lo[member])]
        found = np.bincount(owner, weights=shared, minlength=len(spans)).astype(np.int64)
        chars = solid[hi] - solid[lo]
        exact = np.zeros(len(spans), dtype=bool)
        exact[common(lo, hi, other_lo, other_hi)] = True
        for i, (d, span) in enumerate(spans):
            name, text = docs[d][0], docs[d][1]
            records.append({"task": "boilerplate", "doc": name, "side": SIDES[k], "start": span.start, "end": span.end,
                            "category": span.label or None, "text": text[span.start:span.end],
                            "chars": int(chars[i]), "found": int(found[i]), "missed": int(chars[i] - found[i]),
                            "exact": bool(exact[i]), "overlap": bool(last[i] > first[i])})
    position = {name: d for d, (name, _, _, _) in enumerate(docs)}
    return sorted(records, key=lambda r: (position[r["doc"]], r["start"], SIDES.index(r["side"]), r["end"]))
