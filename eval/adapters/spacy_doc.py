"""Entities from a spaCy ``Doc``: ``doc.ents`` as mentions (spaCy itself is not imported here).

Each entity span gives ``start_char``, ``end_char`` and ``label_``; its
``kb_id_``, where set (an entity linker's output), becomes the mention's
``entity_id``. ``label_map`` renames labels; a label mapped to None is
dropped, one not in it is kept. The ``Doc`` must have been made from the
document's text, so that its character offsets are the text's.

>>> import spacy
>>> doc = spacy.blank("en")("Vladimir Putin arrived in Hanoi")
>>> doc.ents = [doc.char_span(0, 14, label="PERSON", kb_id="vladimir_putin"), doc.char_span(26, 31, label="GPE")]
>>> mentions_from_spacy(doc)
[Mention(start=0, end=14, type='PERSON', entity_id='vladimir_putin'), Mention(start=26, end=31, type='GPE', entity_id=None)]
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsprep.eval.adapters.record import label_map_argument
from newsprep.eval.errors import wrong_argument
from newsprep.eval.types import Mention


def mentions_from_spacy(doc: Any, *, label_map: Mapping[str, str | None] | None = None) -> list[Mention]:
    """Mentions, in order, from the entities of a spaCy ``Doc`` (or ``Span``: anything with ``ents``).

    >>> import spacy
    >>> doc = spacy.blank("en")("Putin and Xi")
    >>> doc.ents = [doc.char_span(0, 5, label="PER"), doc.char_span(10, 12, label="PER")]
    >>> mentions_from_spacy(doc, label_map={"PER": "PERSON"})
    [Mention(start=0, end=5, type='PERSON', entity_id=None), Mention(start=10, end=12, type='PERSON', entity_id=None)]
    """
    label_map = label_map_argument("mentions_from_spacy", label_map)
    ents = getattr(doc, "ents", None)
    if ents is None or isinstance(doc, (str, bytes)):
        raise wrong_argument("mentions_from_spacy", "doc", "a spaCy Doc or Span (anything with .ents), e.g. nlp(text)", doc)
    out = []
    for ent in ents:
        label = label_map.get(ent.label_, ent.label_)
        if label is not None:
            out.append(Mention(ent.start_char, ent.end_char, label, ent.kb_id_ or None))
    return sorted(out)
