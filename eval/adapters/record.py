"""Submission records for one document, from ``Mention``s or ``Span``s: dicts that go straight into
``newsprep.eval.score`` or a JSON Lines file.

>>> from newsprep.eval.types import Mention, Span
>>> mentions_record("d000", [Mention(0, 5, "PERSON", "vladimir_putin")])
{'task': 'entities', 'doc': 'd000', 'mentions': [{'start': 0, 'end': 5, 'type': 'PERSON', 'entity_id': 'vladimir_putin'}]}
>>> spans_record("d000", [Span(90, 105, "sharing"), Span(87, 88)])
{'task': 'boilerplate', 'doc': 'd000', 'spans': [{'start': 87, 'end': 88}, {'start': 90, 'end': 105, 'category': 'sharing'}]}
"""
from __future__ import annotations

from collections.abc import Iterable

from newsprep.eval.types import Mention, Span


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
