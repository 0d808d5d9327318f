"""Rules of the duplicate-pair and document-pair layers that a JSON Schema cannot express."""
from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from newsprep.eval.data.dataset import CONFIGS
from newsprep.eval.data.pairs import SAME_CONTENT, SAME_CONTENT_THRESHOLD, band_text, document_pairs, in_band
from newsprep.eval.errors import Problem
from newsprep.eval.validate.layers import check_segments

Rows = list[tuple[int, dict]]


def check_duplicate_pairs(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """Known content segments, canonical order, no self or repeated pairs, score inside the label's band
    (same content exactly when the score is at least 3). Chains of same-content pairs whose ends are labelled
    different are not problems: ``chain_warnings`` lists them for a person to look at."""
    yield from pair_record_problems(loaded, CONFIGS["duplicate_pairs"].path)


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
        if not in_band(row["label"], row["score"]):
            yield Problem(file, line, "score", "label-score", f"{row['score']} outside {row['label']} band "
                          f"{band_text(row['label'])} (same content exactly when the score is at least {SAME_CONTENT_THRESHOLD})")


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


def chain_warnings(rows: Rows, file: str) -> Iterable[Problem]:
    """Chains of two same-content pairs, x ~ y ~ z, whose ends x / z are labelled different (``related``, or not
    listed): a WARNING for a person to look at, never an error (guidelines, Part 4, "Chains").

    Same content is not an equivalence relation: x may report the same facts as y, and y as z, while x and z
    report different ones (a sentence can state several claims, and each pair shares a different one). So such
    a chain can be right; it is shown, not closed. Chains of two pairs are enough: where every one of them has
    same-content ends, so has every longer chain. Each pair of ends is reported once, with the first segment
    that joins them:

    - ``chain-ends-related``: the ends are a ``related`` pair (reported on that pair, field ``label``);
    - ``chain-ends-unlisted``: the ends are not a listed pair (reported on the pair x ~ y, field ``b``).

    >>> rows = [(1, {"a": "x", "b": "y", "label": "paraphrase"}), (2, {"a": "y", "b": "z", "label": "paraphrase"}),
    ...         (3, {"a": "x", "b": "z", "label": "related"})]
    >>> [str(p) for p in chain_warnings(rows, "pairs.jsonl")]  # doctest: +NORMALIZE_WHITESPACE
    ['pairs.jsonl:3: label: chain-ends-related (x / z is related, joined by the same-content chain x ~ y ~ z;
      a person should check that the labels hold)']
    >>> [str(p) for p in chain_warnings(rows[:2], "pairs.jsonl")]  # doctest: +NORMALIZE_WHITESPACE
    ['pairs.jsonl:1: b: chain-ends-unlisted (x / z is not listed, joined by the same-content chain x ~ y ~ z;
      a person should check that the labels hold)']
    """
    listed = {(row["a"], row["b"]): (line, row["label"]) for line, row in rows}
    partners: dict[str, dict[str, int]] = defaultdict(dict)
    for line, row in rows:
        if row["label"] in SAME_CONTENT:
            partners[row["a"]][row["b"]] = line
            partners[row["b"]][row["a"]] = line
    found: dict[tuple[str, str], Problem] = {}
    for y in sorted(partners):
        for x, z in itertools.combinations(sorted(partners[y]), 2):
            line, label = listed.get((x, z)) or (partners[y][x], None)
            if label in SAME_CONTENT or (x, z) in found:
                continue
            tail = f"joined by the same-content chain {x} ~ {y} ~ {z}; a person should check that the labels hold"
            if label is None:
                found[(x, z)] = Problem(file, partners[y][x], "b", "chain-ends-unlisted", f"{x} / {z} is not listed, {tail}")
            else:
                found[(x, z)] = Problem(file, line, "label", "chain-ends-related", f"{x} / {z} is {label}, {tail}")
    yield from (found[key] for key in sorted(found))


def duplicate_warnings(root: Path | None = None) -> list[Problem]:
    """The chain warnings of the duplicate pairs of the dataset at ``root`` (default: the embedded dataset).

    Run it on data that passes ``validate_data``; ``newsprep validate-data`` prints these after its result,
    as warnings: they do not change the exit status.
    """
    from newsprep.eval.data.dataset import dataset_dir, records

    root = root or dataset_dir()
    file = CONFIGS["duplicate_pairs"].path
    if not (Path(root) / file).is_file():  # a corpus without the pair layer (a synthetic one may omit it)
        return []
    return list(chain_warnings(list(enumerate(records("duplicate_pairs", root=root), 1)), file))


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
