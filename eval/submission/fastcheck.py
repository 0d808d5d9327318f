"""A quick test that a submission record conforms to ``schema/submission.schema.json``.

``conforms`` is a sufficient condition written out by hand: a record it accepts
has no schema error, so the (much slower) JSON Schema validator runs only on
the records it rejects, to name their problems. It may reject a valid record
(an integer written as ``5.0``, say); that costs time, never a wrong verdict.
A test checks it against ``jsonschema`` on valid and broken records.

>>> conforms({"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 5, "type": "PERSON"}]})
True
>>> conforms({"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 5, "type": "person"}]})
False
"""
from __future__ import annotations

import re
from typing import TypeGuard

from newsprep.eval.types import CATEGORIES, CONLL_TYPES, LABEL_SETS, TYPES

VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")
SEGMENT = re.compile(r"^(d[0-9]{3}|synth-[0-9]{7})-s[0-9]{3}$")
LABELS = frozenset(("near_duplicate", "paraphrase", "different"))
TYPE_SET, CATEGORY_SET = frozenset(TYPES) | frozenset(CONLL_TYPES), frozenset(CATEGORIES)
KEYS = {
    "header": (frozenset(("task", "dataset_version", "system", "settings", "label_set")), frozenset(("dataset_version", "system"))),
    "boilerplate": (frozenset(("task", "doc", "spans")), frozenset(("doc", "spans"))),
    "entities": (frozenset(("task", "doc", "mentions")), frozenset(("doc", "mentions"))),
    "duplicates": (frozenset(("task", "a", "b", "label", "score")), frozenset(("a", "b", "label"))),
}
SPAN_KEYS = frozenset(("start", "end", "text", "category"))
MENTION_KEYS = frozenset(("start", "end", "text", "type", "entity_id"))


def is_one_of(value: object, names) -> TypeGuard[str]:
    return type(value) is str and value in names


def is_int(value: object) -> TypeGuard[int]:
    return type(value) is int


def offsets_ok(item: dict) -> bool:
    start, end = item.get("start"), item.get("end")
    return (is_int(start) and is_int(end) and start >= 0 and end >= 1
            and ("text" not in item or type(item["text"]) is str))


def span_ok(item) -> bool:
    return (type(item) is dict and item.keys() <= SPAN_KEYS and offsets_ok(item)
            and ("category" not in item or is_one_of(item["category"], CATEGORY_SET)))


def mention_ok(item) -> bool:
    return (type(item) is dict and item.keys() <= MENTION_KEYS and offsets_ok(item)
            and is_one_of(item.get("type"), TYPE_SET)
            and ("entity_id" not in item or item["entity_id"] is None or type(item["entity_id"]) is str))


def conforms(record: dict) -> bool:
    """True only if ``record`` certainly satisfies the submission schema."""
    task = record.get("task")
    if not is_one_of(task, KEYS):
        return False
    allowed, required = KEYS[task]
    if not (record.keys() <= allowed and required <= record.keys()):
        return False
    if task == "header":
        system = record["system"]
        return (type(record["dataset_version"]) is str and VERSION.search(record["dataset_version"]) is not None
                and type(system) is str and 1 <= len(system) <= 200
                and ("settings" not in record or type(record["settings"]) is dict)
                and ("label_set" not in record or is_one_of(record["label_set"], LABEL_SETS)))
    if task == "duplicates":
        score = record.get("score", 0)
        return (all(type(record[k]) is str and SEGMENT.search(record[k]) for k in ("a", "b"))
                and is_one_of(record["label"], LABELS) and type(score) in (int, float))
    items = record["spans" if task == "boilerplate" else "mentions"]
    ok = span_ok if task == "boilerplate" else mention_ok
    return type(record["doc"]) is str and type(items) is list and all(ok(item) for item in items)
