"""The document-pair layer, derived by rule from the gold segment pairs, and the score band of each pair label.

>>> round_half(2.26), round_half(2.25)
(2.5, 2.5)
>>> in_band("paraphrase", 3.0), in_band("related", 3.0), in_band("related", 2.75)
(True, False, True)
"""
from __future__ import annotations

import itertools
from collections import defaultdict

SAME_CONTENT = {"near_duplicate", "paraphrase"}
# Same content (near_duplicate, paraphrase) exactly when the graded score is at least this.
SAME_CONTENT_THRESHOLD = 3.0
# Score band of each gold label, [low, high]; a label that is not same content also stays below the
# threshold, so the related band is [1, 3). The validator enforces it.
BANDS = {"near_duplicate": (4.5, 5.0), "paraphrase": (SAME_CONTENT_THRESHOLD, 4.5), "related": (1.0, SAME_CONTENT_THRESHOLD)}


def in_band(label: str, score: float) -> bool:
    """The score lies in the label's band, and is at least the threshold exactly when the label is same content."""
    low, high = BANDS[label]
    return low <= score <= high and (score >= SAME_CONTENT_THRESHOLD) == (label in SAME_CONTENT)


def band_text(label: str) -> str:
    """The band as an interval: ``[3.0, 4.5]``, ``[1.0, 3.0)``."""
    low, high = BANDS[label]
    return f"[{low}, {high}]" if label in SAME_CONTENT else f"[{low}, {high})"


def round_half(x: float) -> float:
    return float(int(x * 2 + 0.5)) / 2


def document_pairs(segments: list[dict], pairs: list[dict], *, same_event: bool | None = True) -> list[dict]:
    """All document pairs with a similarity grade derived from the gold segment pairs; ``same_event`` is what
    every pair says of its event (NewsPrep's articles all report one; an imported corpus cannot know: None).

    ``grade`` is 5 times the share of the shorter document's content segments
    (fewer content segments; ties go to the first document) that have a
    same-content partner in the other document, rounded to the nearest 0.5.
    """
    content = defaultdict(list)
    doc_of = {s["id"]: s["doc"] for s in segments}
    for s in segments:
        if not s["boilerplate"]:
            content[s["doc"]].append(s["id"])
    partners = defaultdict(set)
    for p in pairs:
        if p["label"] in SAME_CONTENT and p["a"] in doc_of and p["b"] in doc_of:
            partners[p["a"]].add(doc_of[p["b"]])
            partners[p["b"]].add(doc_of[p["a"]])
    rows = []
    for x, y in itertools.combinations(sorted({s["doc"] for s in segments}), 2):
        short, other = (x, y) if len(content[x]) <= len(content[y]) else (y, x)
        shared = sum(other in partners[sid] for sid in content[short])
        rows.append({"a": x, "b": y, "same_event": same_event, "grade": round_half(5 * shared / len(content[short])),
                     "shorter": short, "shared_segments": shared, "shorter_segments": len(content[short])})
    return rows
