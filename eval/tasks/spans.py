"""The rules a per-document record's list of spans meets against its document's text: offsets in range, the
surface text where given, no two spans overlapping. Shared by the tasks whose records hold spans.
"""
from __future__ import annotations

from newsprep.eval.tasks.base import Found
from newsprep.eval.types import overlap_problems, span_problems


def item_span_problems(text: str, items: list[dict], key: str) -> Found:
    """The offsets, surfaces and overlaps of a record's ``key`` list (``spans`` or ``mentions``) against ``text``."""
    if spans_plainly_valid(text, items):
        return []
    found = []
    for i, item in enumerate(items):
        for fld, rule, detail in span_problems(text, item["start"], item["end"], item.get("text"), trimmed=False):
            found.append((f"{key}[{i}].{fld}", rule, detail))
    order = sorted(range(len(items)), key=lambda i: (items[i]["start"], items[i]["end"]))
    for k, rule, detail in overlap_problems((items[i]["start"], items[i]["end"]) for i in order):
        if rule == "no-overlap":
            found.append((f"{key}[{order[k]}].start", rule, detail))
    return found


def spans_plainly_valid(text: str, items: list[dict]) -> bool:
    """True only if the span rules find nothing: a quick sufficient check, so that the exact one runs (and
    names the problems) only for a record it declines. Each item starts at or after the end of the one
    before (so they are sorted and none overlaps), ends after it starts and inside the text, and its surface
    text, where given, is the text's.

    >>> spans_plainly_valid("Putin in Hanoi", [{"start": 0, "end": 5, "text": "Putin"}, {"start": 9, "end": 14}])
    True
    >>> spans_plainly_valid("Putin in Hanoi", [{"start": 9, "end": 14}, {"start": 0, "end": 5}])  # valid, declined
    False
    """
    end_before, length = 0, len(text)
    for item in items:
        start, end = item["start"], item["end"]
        if not end_before <= start < end <= length:
            return False
        surface = item.get("text")
        if surface is not None and text[start:end] != surface:
            return False
        end_before = end
    return True
