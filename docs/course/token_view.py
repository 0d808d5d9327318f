"""The checker of the exercise token-view: ``tagged`` and ``mentions_per_type`` on a hand-made row, then on
every row of the token view, against the mentions of the ``entities`` layer.

>>> from newsprep.course.exercises import check
>>> print(check("token-view", {"tagged": lambda row, names: [], "mentions_per_type": lambda rows, names: {}}))
FAIL token-view: 0 checks passed, then
  case:     tagged(row, names) of a hand-made row: 'President Vladimir Putin visited Hanoi', tags [0, 1, 2, 0, 3]
  expected: [('Vladimir', 'B-PERSON'), ('Putin', 'I-PERSON'), ('Hanoi', 'B-GPE')]
  got:      []
  hint:     names[tag] is the tag as a string; keep the tokens whose tag is not 'O'
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from newsprep.course.student import Student
from newsprep.eval.data.dataset import load, records

NAMES = ["O", "B-PERSON", "I-PERSON", "B-GPE", "I-GPE"]
HAND_ROW: dict[str, Any] = {"id": "x-s001", "doc": "x", "tokens": ["President", "Vladimir", "Putin", "visited", "Hanoi"],
            "starts": [0, 10, 19, 25, 33], "ends": [9, 18, 24, 32, 38], "ner_tags": [0, 1, 2, 0, 3]}


def as_pairs(value) -> list[tuple]:
    """A list of pairs, whatever sequence types the student used; the value itself if it is no such list."""
    try:
        return [tuple(pair) for pair in value]
    except TypeError:
        return value


def nonzero(value) -> dict:
    """A dict without zero counts (a Counter and a dict compare alike); the value itself if it is no mapping."""
    try:
        return {k: v for k, v in dict(value).items() if v}
    except (TypeError, ValueError):
        return value


def expected_tagged(row: dict, names: list[str]) -> list[tuple[str, str]]:
    return [(token, names[t]) for token, t in zip(row["tokens"], row["ner_tags"]) if names[t] != "O"]


def check(student: Student) -> list[str]:
    """Run every case; raises ``CaseFailed`` at the first wrong one; returns the notes of the report."""
    words = " ".join(HAND_ROW["tokens"])
    case = f"tagged(row, names) of a hand-made row: {words!r}, tags {HAND_ROW['ner_tags']}"
    student.expect(case, as_pairs(student.call("tagged", HAND_ROW, NAMES, case=case)), expected_tagged(HAND_ROW, NAMES),
                   hint="names[tag] is the tag as a string; keep the tokens whose tag is not 'O'")
    rows = load("tokens")
    names = rows.features["ner_tags"].feature.names
    for row in rows:
        case = f"tagged(row, names) of segment {row['id']}"
        student.expect(case, as_pairs(student.call("tagged", row, names, case=case)), expected_tagged(row, names))
    case = "mentions_per_type(rows, names) of the hand-made row alone"
    student.expect(case, nonzero(student.call("mentions_per_type", [HAND_ROW], NAMES, case=case)),
                   {"PERSON": 1, "GPE": 1}, hint="'Vladimir Putin' is one mention: count the B- tags")
    gold = Counter(m["type"] for r in records("entities") for m in r["mentions"])
    case = "mentions_per_type(rows, names) of the whole token view, against the entities layer"
    got = nonzero(student.call("mentions_per_type", rows, names, case=case))
    tokens = sum(names[t] != "O" for row in rows for t in row["ner_tags"])
    counted_tokens = isinstance(got, dict) and sum(v for v in got.values() if isinstance(v, int)) == tokens
    student.expect(case, got, dict(gold), hint="you counted tokens, not mentions: a mention is one B- tag and the "
                   "I- tags after it" if counted_tokens else "")
    top = ", ".join(f"{t} {n}" for t, n in gold.most_common(3))
    return [f"{sum(gold.values())} mentions in {rows.num_rows} segments; the most frequent types: {top}"]
