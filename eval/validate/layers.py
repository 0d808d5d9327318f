"""Rules of the gold layers that a JSON Schema cannot express (offsets, tiling, cross-file ids).

Each check takes the loaded configs (``name -> [(line, record)]`` of records
that passed their schema) and yields ``Problem`` objects.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsprep.eval.data.dataset import CONFIGS
from newsprep.eval.errors import Problem
from newsprep.eval.types import non_space_positions, overlap_problems, span_problems

Rows = list[tuple[int, dict]]


def doc_texts(loaded: dict[str, Rows]) -> dict[str, str]:
    return {doc["id"]: doc["text"] for _, doc in loaded["documents"]}


def per_document(rows: Rows, texts: dict[str, str], file: str, layer: str) -> tuple[Rows, list[Problem]]:
    """The records of a one-record-per-document layer whose document is known, and the problems:
    an unknown document, a document twice, a document without a record."""
    records, problems, seen = [], [], set()
    for line, record in rows:
        doc = record["doc"]
        if doc not in texts:
            problems.append(Problem(file, line, "doc", "known-document", f"{doc!r} is not a document id"))
            continue
        if doc in seen:
            problems.append(Problem(file, line, "doc", "one-record-per-document", f"{doc!r} appears twice"))
        seen.add(doc)
        records.append((line, record))
    problems += [Problem(file, None, "doc", "every-document", f"no {layer} record for {doc!r}") for doc in sorted(set(texts) - seen)]
    return records, problems


def check_boilerplate(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """One record per document, spans inside one line, trimmed, surface equal, sorted, disjoint."""
    file = CONFIGS["boilerplate"].path
    texts = doc_texts(loaded)
    records, problems = per_document(loaded["boilerplate"], texts, file, "boilerplate")
    yield from problems
    for line, record in records:
        doc = record["doc"]
        spans = record["spans"]
        for i, span in enumerate(spans):
            for field, rule, detail in span_problems(texts[doc], span["start"], span["end"], span["text"], single_line=True):
                yield Problem(file, line, f"spans[{i}].{field}", rule, detail)
        for i, rule, detail in overlap_problems((s["start"], s["end"]) for s in spans):
            yield Problem(file, line, f"spans[{i}].start", rule, detail)


def boilerplate_intervals(loaded: dict[str, Rows]) -> dict[str, list[tuple[int, int]]]:
    return {r["doc"]: [(s["start"], s["end"]) for s in r["spans"]] for _, r in loaded["boilerplate"]}


def check_segments(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """Ids in order, offsets valid, tiling of non-white-space, agreement with the boilerplate layer."""
    file = CONFIGS["segments"].path
    texts = doc_texts(loaded)
    boiler = boilerplate_intervals(loaded)
    covered: dict[str, dict[int, int]] = {doc: {} for doc in texts}  # position -> line of first segment
    counters: dict[str, int] = {}
    for line, seg in loaded["segments"]:
        doc = seg["doc"]
        if doc not in texts:
            yield Problem(file, line, "doc", "known-document", f"{doc!r} is not a document id")
            continue
        counters[doc] = counters.get(doc, 0) + 1
        if seg["id"] != f"{doc}-s{counters[doc]:03d}":
            yield Problem(file, line, "id", "id-order", f"{seg['id']!r}, expected {doc}-s{counters[doc]:03d}")
        text, start, end = texts[doc], seg["start"], seg["end"]
        found = list(span_problems(text, start, end, seg["text"], single_line=True))
        for field, rule, detail in found:
            yield Problem(file, line, field, rule, detail)
        if found and found[0][1] in ("offset-order", "offset-in-range"):
            continue
        for pos in non_space_positions(text, start, end):
            if pos in covered[doc]:
                yield Problem(file, line, "start", "tiling", f"character {pos} already in the segment on line {covered[doc][pos]}")
                break
            covered[doc][pos] = line
        inside = [(s, e) for s, e in boiler.get(doc, []) if s <= start and end <= e]
        if any(s < end and start < e for s, e in boiler.get(doc, [])) and not inside:
            yield Problem(file, line, "end", "boilerplate-boundary", f"a boilerplate span splits segment [{start}, {end})")
        if seg["boilerplate"] != bool(inside):
            yield Problem(file, line, "boilerplate", "boilerplate-flag", f"flag {seg['boilerplate']}, gold says {bool(inside)}")
    for doc, text in texts.items():
        missing = non_space_positions(text, 0, len(text)) - covered[doc].keys()
        if missing:
            first = min(missing)
            yield Problem(file, None, "-", "tiling", f"{doc}: {len(missing)} non-space characters in no segment, first at {first} ({text[first:first + 20]!r})")
