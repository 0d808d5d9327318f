"""Rules of the duplicate-pair and document-pair layers that a JSON Schema cannot express."""
from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

from newsprep.eval.data.dataset import CONFIGS
from newsprep.eval.data.pairs import BANDS, document_pairs
from newsprep.eval.errors import Problem
from newsprep.eval.validate.layers import check_segments

Rows = list[tuple[int, dict]]


def check_duplicate_pairs(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """Known content segments, canonical order, no self or repeated pairs, score inside the label's band."""
    file = CONFIGS["duplicate_pairs"].path
    segments = {s["id"]: s for _, s in loaded["segments"]}
    seen: dict[tuple[str, str], int] = {}
    for line, row in loaded["duplicate_pairs"]:
        a, b = row["a"], row["b"]
        for field in ("a", "b"):
            sid = row[field]
            if sid not in segments:
                yield Problem(file, line, field, "known-segment", f"{sid!r} is not a segment id")
            elif segments[sid]["boilerplate"]:
                yield Problem(file, line, field, "content-segment", f"{sid!r} lies inside boilerplate")
        if a == b:
            yield Problem(file, line, "b", "no-self-pair", f"{a!r} is paired with itself")
        elif a > b:
            yield Problem(file, line, "b", "canonical-order", f"a {a!r} must sort before b {b!r}")
        key = tuple(sorted((a, b)))
        if key in seen:
            yield Problem(file, line, "b", "unique-pair", f"{key} already listed at line {seen[key]}")
        seen.setdefault(key, line)
        low, high = BANDS[row["label"]]
        if not low <= row["score"] <= high:
            yield Problem(file, line, "score", "label-score", f"{row['score']} outside {row['label']} band [{low}, {high}]")


def check_document_pairs(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """Every document pair once, in order, with the grade the segment pairs give.

    The grade is compared only when the segments and segment pairs it derives
    from are themselves valid, so that one bad record gives one message.
    """
    file = CONFIGS["document_pairs"].path
    sources_valid = not any(check_segments(loaded, root)) and not any(check_duplicate_pairs(loaded, root))
    docs = sorted(d["id"] for _, d in loaded["documents"])
    expected = {(r["a"], r["b"]): r for r in document_pairs([s for _, s in loaded["segments"]],
                                                            [p for _, p in loaded["duplicate_pairs"]])}
    found = set()
    for line, row in loaded["document_pairs"]:
        key = (row["a"], row["b"])
        if key not in expected:
            yield Problem(file, line, "b", "known-document-pair", f"{key} is not an ordered pair of two document ids")
            continue
        if key in found:
            yield Problem(file, line, "b", "unique-pair", f"{key} listed twice")
        found.add(key)
        for field, value in expected[key].items():
            if sources_valid and field != "same_event" and row[field] != value:
                yield Problem(file, line, field, "derived-from-segment-pairs", f"{row[field]!r}, the segment pairs give {value!r}")
    for key in itertools.combinations(docs, 2):
        if key not in found:
            yield Problem(file, None, "-", "all-document-pairs", f"pair {key} is missing")
