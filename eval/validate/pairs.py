"""Rules of the duplicate-pair and document-pair layers that a JSON Schema cannot express."""
from __future__ import annotations

import itertools
from collections import defaultdict, deque
from collections.abc import Iterable
from pathlib import Path

from newsprep.eval.data.dataset import CONFIGS
from newsprep.eval.data.pairs import BANDS, SAME_CONTENT, document_pairs
from newsprep.eval.errors import Problem
from newsprep.eval.validate.layers import check_segments

Rows = list[tuple[int, dict]]


def check_duplicate_pairs(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """Known content segments, canonical order, no self or repeated pairs, score inside the label's band;
    then, when every record passed those, the same-content pairs are consistent (``consistency_problems``)."""
    file = CONFIGS["duplicate_pairs"].path
    found = list(pair_record_problems(loaded, file))
    yield from found
    if not found:
        yield from consistency_problems(loaded["duplicate_pairs"], file)


def pair_record_problems(loaded: dict[str, Rows], file: str) -> Iterable[Problem]:
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


def same_content_groups(rows: Rows) -> list[list[str]]:
    """The segments joined by chains of same-content pairs (``near_duplicate``, ``paraphrase``), each
    group sorted, groups in order of their first segment; segments with no same-content pair are left out.

    >>> same_content_groups([(1, {"a": "x", "b": "y", "label": "paraphrase"}),
    ...                      (2, {"a": "y", "b": "z", "label": "near_duplicate"}),
    ...                      (3, {"a": "u", "b": "v", "label": "related"})])
    [['x', 'y', 'z']]
    """
    edges = defaultdict(set)
    for _, row in rows:
        if row["label"] in SAME_CONTENT:
            edges[row["a"]].add(row["b"])
            edges[row["b"]].add(row["a"])
    groups, seen = [], set()
    for start in sorted(edges):
        if start not in seen:
            group, todo = set(), [start]
            while todo:
                sid = todo.pop()
                if sid not in group:
                    group.add(sid)
                    todo.extend(edges[sid] - group)
            seen |= group
            groups.append(sorted(group))
    return groups


def _chain(rows: Rows, start: str, end: str) -> list[tuple[str, int]]:
    """A shortest chain of same-content pairs from ``start`` to ``end``: ``(segment, line of the pair that
    reaches it)``, the first entry with line 0."""
    edges = defaultdict(list)
    for line, row in rows:
        if row["label"] in SAME_CONTENT:
            edges[row["a"]].append((row["b"], line))
            edges[row["b"]].append((row["a"], line))
    back: dict[str, tuple[str, int]] = {start: ("", 0)}
    todo = deque([start])
    while todo and end not in back:
        sid = todo.popleft()
        for other, line in sorted(edges[sid]):
            if other not in back:
                back[other] = (sid, line)
                todo.append(other)
    chain, sid = [], end
    while sid:
        prev, line = back[sid]
        chain.append((sid, line))
        sid = prev
    return chain[::-1]


def consistency_problems(rows: Rows, file: str) -> Iterable[Problem]:
    """Same content is transitive (guidelines, Part 4: one main claim per segment). Two segments joined by a
    chain of same-content pairs make the same main claim, so:

    - ``same-content-chain-labelled``: the two ends of every chain are a listed pair (reported on the
      chain's first pair, field ``b``);
    - ``same-content-consistent``: that pair is not ``related``: a segment that is a paraphrase of one report
      of a claim is not a hard negative of another report of it (reported on the ``related`` pair, field ``label``).

    >>> rows = [(1, {"a": "x", "b": "y", "label": "paraphrase"}), (2, {"a": "y", "b": "z", "label": "paraphrase"}),
    ...         (3, {"a": "x", "b": "z", "label": "related"})]
    >>> [str(p) for p in consistency_problems(rows, "pairs.jsonl")]  # doctest: +NORMALIZE_WHITESPACE
    ['pairs.jsonl:3: label: same-content-consistent (x / z is related, but the chain x ~ y ~ z makes them
      the same claim)']
    >>> [str(p) for p in consistency_problems(rows[:2], "pairs.jsonl")]  # doctest: +NORMALIZE_WHITESPACE
    ['pairs.jsonl:1: b: same-content-chain-labelled (x / z has no label, but the chain x ~ y ~ z makes them
      the same claim)']
    """
    listed = {(row["a"], row["b"]): (line, row["label"]) for line, row in rows}
    for group in same_content_groups(rows):
        for x, z in itertools.combinations(group, 2):
            line, label = listed.get((x, z)) or listed.get((z, x)) or (None, None)
            if label in SAME_CONTENT:
                continue
            chain = _chain(rows, x, z)
            path = " ~ ".join(sid for sid, _ in chain)
            if label is None:
                yield Problem(file, chain[1][1], "b", "same-content-chain-labelled",
                              f"{x} / {z} has no label, but the chain {path} makes them the same claim")
            else:
                yield Problem(file, line, "label", "same-content-consistent",
                              f"{x} / {z} is {label}, but the chain {path} makes them the same claim")


def check_document_pairs(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """Every document pair once, in order, with the grade the segment pairs give.

    The grade is compared only when the segments and segment pairs it derives
    from are themselves valid, so that one bad record gives one message.
    """
    file = CONFIGS["document_pairs"].path
    sources_valid = not any(check_segments(loaded, root)) and not any(pair_record_problems(loaded, CONFIGS["duplicate_pairs"].path))
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
