"""Entities from a spaCy ``Doc``: ``doc.ents`` as mentions (spaCy itself is not imported here).

Each entity span gives ``start_char``, ``end_char`` and ``label_``; its
``kb_id_``, where set (an entity linker's output), becomes the mention's
``entity_id``. ``label_map`` renames labels; a label mapped to None is
dropped, one not in it is kept. A ``Doc`` made from the document's text has
the text's offsets; one made from a part of it (a segment, as a model with a
length limit needs) has that part's, and ``offset=`` (where the part starts in
the document, e.g. the segment's ``start``) shifts them into the document.
With ``text=`` (the document's text) every shifted entity must lie inside it
and read there as it reads in the ``Doc``: a missing or wrong offset raises
``InvalidInput`` instead of scoring as wrong.

>>> import spacy
>>> doc = spacy.blank("en")("Vladimir Putin arrived in Hanoi")
>>> doc.ents = [doc.char_span(0, 14, label="PERSON", kb_id="vladimir_putin"), doc.char_span(26, 31, label="GPE")]
>>> mentions_from_spacy(doc)
[Mention(start=0, end=14, type='PERSON', entity_id='vladimir_putin'), Mention(start=26, end=31, type='GPE', entity_id=None)]
>>> document = "Headline\\n" + doc.text
>>> mentions_from_spacy(doc, offset=9, text=document)[1]
Mention(start=35, end=40, type='GPE', entity_id=None)
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsprep.eval.adapters.record import label_map_argument, offset_argument, placed, raise_problems
from newsprep.eval.errors import require_type, wrong_argument
from newsprep.eval.types import Mention


def mentions_from_spacy(doc: Any, *, label_map: Mapping[str, str | None] | None = None, offset: int = 0,
                        text: str | None = None) -> list[Mention]:
    """Mentions, in order, from the entities of a spaCy ``Doc`` (or ``Span``: anything with ``ents``), shifted by
    ``offset`` into the document ``text`` (checked there when given).

    >>> import spacy
    >>> doc = spacy.blank("en")("Putin and Xi")
    >>> doc.ents = [doc.char_span(0, 5, label="PER"), doc.char_span(10, 12, label="PER")]
    >>> mentions_from_spacy(doc, label_map={"PER": "PERSON"})
    [Mention(start=0, end=5, type='PERSON', entity_id=None), Mention(start=10, end=12, type='PERSON', entity_id=None)]
    >>> mentions_from_spacy(doc, text="Lam met Putin and Xi")   # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newsprep.eval.errors.InvalidInput: 2 problem(s)
      <arguments>: mentions_from_spacy(doc).ents[0]: surface-text ('Putin' at [0, 5) is 'Lam m' at [0, 5) of the document text; ...)
      ...
    """
    label_map = label_map_argument("mentions_from_spacy", label_map)
    offset = offset_argument("mentions_from_spacy", offset)
    require_type("mentions_from_spacy", "text", text, (str, type(None)), "the document's text (a str), or None")
    ents = getattr(doc, "ents", None)
    if ents is None or isinstance(doc, (str, bytes)):
        raise wrong_argument("mentions_from_spacy", "doc", "a spaCy Doc or Span (anything with .ents), e.g. nlp(text)", doc)
    out, problems = [], []
    for i, ent in enumerate(ents):
        problem = placed(f"mentions_from_spacy(doc).ents[{i}]", ent.start_char, ent.end_char, offset, text, ent.text)
        if problem is not None:
            problems.append(problem)
            continue
        label = label_map.get(ent.label_, ent.label_)
        if label is not None:
            out.append(Mention(ent.start_char + offset, ent.end_char + offset, label, ent.kb_id_ or None))
    raise_problems(problems[:50])
    return sorted(out)
