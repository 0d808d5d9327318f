"""Submission records for one document, from ``Mention``s or ``Span``s: dicts that go straight into
``newsprep.eval.score`` or a JSON Lines file; ``group_records`` joins the records of one document made a part
at a time (per segment, per token-view row).

>>> from newsprep.eval.types import Mention, Span
>>> mentions_record("d000", [Mention(0, 5, "PERSON", "vladimir_putin")])
{'task': 'entities', 'doc': 'd000', 'mentions': [{'start': 0, 'end': 5, 'type': 'PERSON', 'entity_id': 'vladimir_putin'}]}
>>> spans_record("d000", [Span(90, 105, "sharing"), Span(87, 88)])
{'task': 'boilerplate', 'doc': 'd000', 'spans': [{'start': 87, 'end': 88}, {'start': 90, 'end': 105, 'category': 'sharing'}]}
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import newsprep.eval.tasks as registry
from newsprep.eval.errors import ARGUMENTS, InvalidInput, Problem, require_type, wrong_argument
from newsprep.eval.types import SEGMENT_ID, Mention, Span

ONE_PER_DOCUMENT = ("a submission holds one record per document: name the document (a token-view or segment "
                    "row's 'doc') and shift offsets into it (offset=row['start'] where they count from the segment's "
                    "start)")
GROUPED = ", then join the records of one document with group_records(records)"


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


def offset_argument(function: str, offset: object) -> int:
    """``offset`` checked: an int 0 or more (a bool is no offset), else ``InvalidInput`` naming the value.

    >>> offset_argument("mentions_from_hf", 120)
    120
    >>> offset_argument("mentions_from_hf", -1)
    Traceback (most recent call last):
    newsprep.eval.errors.InvalidInput: 1 problem(s)
      <arguments>: mentions_from_hf(offset): offset (expected where the text the system was given starts in the document: an int 0 or more, got int -1)
    """
    expected = "where the text the system was given starts in the document: an int 0 or more"
    require_type(function, "offset", offset, int, expected)
    assert isinstance(offset, int)
    if offset < 0:
        raise wrong_argument(function, "offset", expected, offset, rule="offset")
    return offset


def placed(where: str, start: int, end: int, offset: int, text: str | None, surface: str | None = None,
           file: str = ARGUMENTS, what: str = "the document text") -> Problem | None:
    """The problem of the span ``[start, end)`` of a system's text once shifted by ``offset`` into the document
    ``text`` (None: not known, nothing to check): outside the text, or (where the system gives its ``surface``)
    another text there. None if it fits.

    >>> print(placed("doc.ents[0]", 0, 5, 0, "He met Putin", surface="Putin"))
    <arguments>: doc.ents[0]: surface-text ('Putin' at [0, 5) is 'He me' at [0, 5) of the document text; offsets that count from a segment's start need offset= that start)
    """
    if text is None:
        return None
    shifted = f"[{start}, {end}) + offset {offset} = [{start + offset}, {end + offset})" if offset else f"[{start}, {end})"
    if not 0 <= start + offset <= end + offset <= len(text):
        return Problem(file, None, where, "offset-in-range",
                       f"{shifted} is not inside {what} (0 to {len(text)})")
    found = text[start + offset:end + offset]
    if surface is not None and found != surface:
        return Problem(file, None, where, "surface-text",
                       f"{surface!r} at [{start}, {end}) is {found!r} at [{start + offset}, {end + offset}) of the "
                       "document text; offsets that count from a segment's start need offset= that start")
    return None


def document_argument(function: str, doc: object) -> str:
    """``doc`` checked: a document id (a str), not a segment id (``d000-s004``), which gets the rule
    ``one-record-per-document`` and how to make one record per document."""
    require_type(function, "doc", doc, str, "a document id (a str), e.g. 'd000'")
    assert isinstance(doc, str)
    segment = SEGMENT_ID.match(doc)
    if segment:
        raise wrong_argument(function, "doc", "a document id, e.g. 'd000'", doc, rule="one-record-per-document",
                             hint=f"{doc!r} is a segment of {segment['doc']!r}; {ONE_PER_DOCUMENT}{GROUPED}")
    return doc


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput(problems)


def mentions_record(doc: str, mentions: Iterable[Mention]) -> dict:
    """The ``entities`` record of document ``doc``: mentions in order, ``entity_id`` only where set.

    >>> mentions_record("d001", [])
    {'task': 'entities', 'doc': 'd001', 'mentions': []}
    """
    document_argument("mentions_record", doc)
    return {"task": "entities", "doc": doc, "mentions": [
        {"start": m.start, "end": m.end, "type": m.type, **({"entity_id": m.entity_id} if m.entity_id else {})}
        for m in sorted(mentions)]}


def spans_record(doc: str, spans: Iterable[Span]) -> dict:
    """The ``boilerplate`` record of document ``doc``: spans in order, ``category`` only where the label is set.

    >>> spans_record("d001", [])
    {'task': 'boilerplate', 'doc': 'd001', 'spans': []}
    """
    document_argument("spans_record", doc)
    return {"task": "boilerplate", "doc": doc, "spans": [
        {"start": s.start, "end": s.end, **({"category": s.label} if s.label else {})} for s in sorted(spans)]}


def group_records(records: Iterable[Mapping]) -> list[dict]:
    """One record per document: the records of a task for one document (made per segment, per window, per
    token-view row) joined into one, their spans or mentions in order, at the place of the first; any other record
    (a header, a duplicates pair) kept as it is. The offsets must already count from the document's start
    (``offset=`` of the adapters); a record named by a segment id is refused.

    >>> parts = [{"task": "entities", "doc": "d000", "mentions": [{"start": 30, "end": 35, "type": "PERSON"}]},
    ...          {"task": "entities", "doc": "d001", "mentions": []},
    ...          {"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 5, "type": "PERSON"}]}]
    >>> group_records(parts)
    [{'task': 'entities', 'doc': 'd000', 'mentions': [{'start': 0, 'end': 5, 'type': 'PERSON'}, {'start': 30, 'end': 35, 'type': 'PERSON'}]}, {'task': 'entities', 'doc': 'd001', 'mentions': []}]
    """
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise wrong_argument("group_records", "records", "an iterable of records (dicts), e.g. one per segment", records)
    out: list[dict] = []
    first: dict[tuple[str, str], dict] = {}
    problems = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, Mapping):
            problems.append(Problem(ARGUMENTS, None, f"group_records(records)[{number - 1}]", "record",
                                    f"expected a record (a dict), got {type(record).__name__}"))
            continue
        task, doc = record.get("task"), record.get("doc")
        if not isinstance(task, str) or task not in registry.names():
            out.append(dict(record))  # a header, or a broken record: the scorer names its problem
            continue
        key = registry.get(task).items
        if key is None or not isinstance(doc, str) or not isinstance(record.get(key), list):
            out.append(dict(record))  # not a per-document record, or a broken one: the scorer names its problem
            continue
        segment = SEGMENT_ID.match(doc)
        if segment:
            problems.append(Problem(ARGUMENTS, None, f"group_records(records)[{number - 1}].doc",
                                    "one-record-per-document",
                                    f"{doc!r} is a segment of {segment['doc']!r}; {ONE_PER_DOCUMENT}"))
            continue
        if (task, doc) in first:
            first[(task, doc)][key].extend(record[key])
        else:
            first[(task, doc)] = {**record, key: list(record[key])}
            out.append(first[(task, doc)])
    if problems:
        raise InvalidInput(problems[:50])
    for (task, _), record in first.items():
        key = registry.get(task).items
        assert key is not None
        record[key].sort(key=item_order)
    return out


def item_order(item: object) -> tuple[int, int]:
    """A span's ``(start, end)`` for sorting; ``-1`` for what is no integer (the scorer names that problem)."""
    if not isinstance(item, Mapping):
        return (-1, -1)
    start, end = item.get("start"), item.get("end")
    return (start if type(start) is int else -1, end if type(end) is int else -1)
