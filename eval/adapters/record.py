"""Submission records for one document, from ``Mention``s or ``Span``s: dicts that go straight into
``newsprep.eval.score`` or a JSON Lines file.

>>> from newsprep.eval.types import Mention, Span
>>> mentions_record("d000", [Mention(0, 5, "PERSON", "vladimir_putin")])
{'task': 'entities', 'doc': 'd000', 'mentions': [{'start': 0, 'end': 5, 'type': 'PERSON', 'entity_id': 'vladimir_putin'}]}
>>> spans_record("d000", [Span(90, 105, "sharing"), Span(87, 88)])
{'task': 'boilerplate', 'doc': 'd000', 'spans': [{'start': 87, 'end': 88}, {'start': 90, 'end': 105, 'category': 'sharing'}]}
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from newsprep.eval.errors import ARGUMENTS, InvalidInput, Problem, require_type, wrong_argument
from newsprep.eval.types import Mention, Span


def label_map_argument(function: str, label_map: object) -> Mapping[str, str | None]:
    """``label_map`` checked: None (no renaming) or a mapping of labels to types or None; ``InvalidInput`` otherwise.

    >>> label_map_argument("mentions_from_tags", None), label_map_argument("f", {"PER": "PERSON"})
    ({}, {'PER': 'PERSON'})
    """
    if label_map is None:
        return {}
    require_type(function, "label_map", label_map, Mapping, 'a mapping of labels to types, e.g. {"PER": "PERSON"} '
                 "(a label mapped to None is dropped), or None")
    assert isinstance(label_map, Mapping)
    bad = [key for key, value in label_map.items() if not isinstance(key, str) or not (value is None or isinstance(value, str))]
    if bad:
        raise wrong_argument(function, "label_map", "labels (str) mapped to types (str) or None",
                             {bad[0]: label_map[bad[0]]}, rule="label-map")
    return label_map


def sequence_argument(function: str, name: str, value: object, expected: str) -> Sequence:
    """``value`` if it is a list or tuple (not a str, bytes or a mapping), else ``InvalidInput`` naming the argument."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise wrong_argument(function, name, expected, value)
    return value


def number_argument(function: str, name: str, value: object, expected: str = "a finite number") -> float:
    """``value`` as a float if it is an int or float (not a bool) and finite, else ``InvalidInput`` (NaN included:
    every comparison with NaN is false, so it would decide every case without a word)."""
    require_type(function, name, value, (int, float), expected)
    assert isinstance(value, (int, float))
    if not math.isfinite(value):
        raise wrong_argument(function, name, expected, value, rule="finite")
    return float(value)


def token_problems(function: str, tokens: Sequence) -> list[Problem]:
    """A problem for each token that is not a ``(text, start, end)`` triple with integer offsets."""
    problems = []
    for i, token in enumerate(tokens):
        ok = (isinstance(token, (tuple, list)) and len(token) == 3 and isinstance(token[0], str)
              and all(type(x) is int for x in token[1:]) and 0 <= token[1] <= token[2])
        if not ok:
            problems.append(Problem(ARGUMENTS, None, f"{function}(tokens)[{i}]", "token",
                                    f"expected a (text, start, end) triple with 0 <= start <= end, got {token!r:.60}; "
                                    "give tokenize(text), or zip(tokens, starts, ends) of a token view row"))
            if len(problems) == 20:
                break
    return problems


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput(problems)


def mentions_record(doc: str, mentions: Iterable[Mention]) -> dict:
    """The ``entities`` record of document ``doc``: mentions in order, ``entity_id`` only where set.

    >>> mentions_record("d001", [])
    {'task': 'entities', 'doc': 'd001', 'mentions': []}
    """
    return {"task": "entities", "doc": doc, "mentions": [
        {"start": m.start, "end": m.end, "type": m.type, **({"entity_id": m.entity_id} if m.entity_id else {})}
        for m in sorted(mentions)]}


def spans_record(doc: str, spans: Iterable[Span]) -> dict:
    """The ``boilerplate`` record of document ``doc``: spans in order, ``category`` only where the label is set.

    >>> spans_record("d001", [])
    {'task': 'boilerplate', 'doc': 'd001', 'spans': []}
    """
    return {"task": "boilerplate", "doc": doc, "spans": [
        {"start": s.start, "end": s.end, **({"category": s.label} if s.label else {})} for s in sorted(spans)]}
