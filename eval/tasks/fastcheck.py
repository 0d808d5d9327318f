"""Quick checks that a task's record conforms to its schema: sufficient conditions written out by hand.

A record a check accepts has no schema error, so the (much slower) JSON Schema
validator runs only on the records it rejects, to name their problems. A check
may reject a valid record (an integer written as ``5.0``, say); that costs
time, never a wrong verdict. A test checks them against ``jsonschema`` on
valid and broken records.

>>> document_conforms({"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 5, "type": "PERSON"}]}, "mentions", mention_ok)
True
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeGuard

from newsprep.eval.types import CATEGORIES, CONLL_TYPES, PREDICTED_PAIR_LABELS, TYPES

SEGMENT = re.compile(r"^(d[0-9]{3,9}|synth-[0-9]{7})-s[0-9]{3}$")
LABELS = frozenset(PREDICTED_PAIR_LABELS)
TYPE_SET, CATEGORY_SET = frozenset(TYPES) | frozenset(CONLL_TYPES), frozenset(CATEGORIES)
SPAN_KEYS = frozenset(("start", "end", "text", "category"))
MENTION_KEYS = frozenset(("start", "end", "text", "type", "entity_id"))
PAIR_KEYS = frozenset(("task", "a", "b", "label", "score"))


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


def document_conforms(record: dict, items: str, ok: Callable[[Any], bool]) -> bool:
    """A per-document record: exactly ``task``, ``doc`` and the list ``items``, each item passing ``ok``."""
    return (record.keys() == {"task", "doc", items} and type(record["doc"]) is str
            and type(record[items]) is list and all(ok(item) for item in record[items]))


def pair_conforms(record: dict) -> bool:
    """A duplicates record: two segment ids, a predicted label, an optional number."""
    score = record.get("score", 0)
    return (record.keys() <= PAIR_KEYS and {"a", "b", "label"} <= record.keys()
            and all(type(record[k]) is str and SEGMENT.search(record[k]) for k in ("a", "b"))
            and is_one_of(record["label"], LABELS) and type(score) in (int, float))
