"""Entities from token-level tags (IOB1, IOB2, BIOES/IOBES, BILOU), read the way seqeval reads them.

The reading is seqeval's ``get_entities`` (its default, non-strict mode, the
one behind ``seqeval.metrics.f1_score`` without ``mode="strict"``, and the
reading of CoNLL's ``conlleval``), for every scheme:

- on well-formed tags it gives the entities of seqeval's strict mode
  (``Entities(..., scheme=IOB2)`` or ``IOBES``), and for IOB1 the CoNLL-2003
  reading (``I-X`` opens an entity unless the token before is in an ``X``
  entity; ``B-X`` only separates two adjacent ``X`` entities);
- ill-formed tags are read leniently, as ``get_entities`` does: an ``I-X``
  or ``E-X`` after ``O`` opens an entity, a change of type closes one and
  opens another (``B-PER I-LOC`` is two entities), ``B-X`` with no ``I-``
  after it is a one-token entity. Strict mode would drop such entities.

The scheme decides which prefixes are allowed: ``B I`` for IOB1 and IOB2,
``B I E S`` for BIOES (also called IOBES), ``B I L U`` for BILOU (read as
BIOES, ``L`` as ``E`` and ``U`` as ``S``). A tag is ``O`` or ``PREFIX-TYPE``;
anything else is refused (seqeval would warn and guess). Tags are read as one
flat sequence: give one sentence at a time if an entity must not run on from
the end of one sentence into an ``I-`` tag at the start of the next.

>>> from newsprep.eval.data.tokens import tokenize
>>> tokens = tokenize("Vladimir Putin arrived in Hanoi")
>>> mentions_from_tags(tokens, ["B-PERSON", "I-PERSON", "O", "O", "B-GPE"])
[Mention(start=0, end=14, type='PERSON', entity_id=None), Mention(start=26, end=31, type='GPE', entity_id=None)]
>>> tag_chunks(["O", "I-PER", "I-PER", "B-PER"], scheme="IOB1")   # (type, first token, last token)
[('PER', 1, 2), ('PER', 3, 3)]
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newsprep.eval.adapters.record import (
    document_argument,
    label_map_argument,
    mentions_record,
    offset_argument,
    placed,
    raise_problems,
    sequence_argument,
    token_problems,
)
from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem, require_type, wrong_argument
from newsprep.eval.types import Mention

Token = tuple[str, int, int]  # (text, start, end), as newsprep.eval.tokenize gives them
LABEL = "<tags>"  # the "file" of a problem found in tags given in memory
# The prefixes each scheme allows besides "O"; BILOU is read as BIOES.
SCHEMES = {"IOB1": "BI", "IOB2": "BI", "BIOES": "BIES", "IOBES": "BIES", "BILOU": "BILU"}
AS_BIOES = {"L": "E", "U": "S"}


def parse_tags(tags: Sequence[str], *, scheme: str = "IOB2") -> list[tuple[str, str]]:
    """``(prefix, type)`` per tag (``("O", "_")`` for ``O``, as seqeval has it), BILOU prefixes as BIOES ones.

    Raises ``NewsPrepError`` for an unknown scheme and ``InvalidInput`` naming every tag it does not allow.

    >>> parse_tags(["O", "U-GPE", "B-PERSON", "L-PERSON"], scheme="BILOU")
    [('O', '_'), ('S', 'GPE'), ('B', 'PERSON'), ('E', 'PERSON')]
    """
    require_type("parse_tags", "scheme", scheme, str, f"a tag scheme name (a str), one of {', '.join(SCHEMES)}")
    sequence_argument("parse_tags", "tags", tags, 'a list of tags, e.g. ["B-PER", "I-PER", "O"]')
    allowed = SCHEMES.get(scheme.upper())
    if allowed is None:
        raise NewsPrepError(f"unknown tag scheme {scheme!r}; known: {', '.join(SCHEMES)}")
    parsed, problems = [], []
    for i, tag in enumerate(tags):
        if tag == "O":
            parsed.append(("O", "_"))
        elif isinstance(tag, str) and len(tag) > 2 and tag[0] in allowed and tag[1] == "-":
            parsed.append((AS_BIOES.get(tag[0], tag[0]), tag[2:]))
        else:
            problems.append(Problem(LABEL, None, f"tags[{i}]", "tag", f"{tag!r} is not O or one of "
                                    f"{', '.join(p + '-TYPE' for p in allowed)} ({scheme.upper()})"))
    if problems:
        raise InvalidInput(problems)
    return parsed


def ends(prev: str, tag: str, prev_type: str, type_: str) -> bool:
    """seqeval's ``end_of_chunk``: an entity ended on the token before this one."""
    return (prev in "ES" or (prev in "BI" and tag in "BSO")
            or (prev != "O" and prev_type != type_))


def starts(prev: str, tag: str, prev_type: str, type_: str) -> bool:
    """seqeval's ``start_of_chunk``: an entity starts on this token."""
    return (tag in "BS" or (prev in "ESO" and tag in "EI")
            or (tag != "O" and prev_type != type_))


def tag_chunks(tags: Sequence[str], *, scheme: str = "IOB2") -> list[tuple[str, int, int]]:
    """``(type, first token, last token)`` of each entity, in order: what seqeval's ``get_entities`` gives.

    >>> tag_chunks(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-GPE"])
    [('PER', 0, 1), ('LOC', 3, 3), ('ORG', 4, 4), ('GPE', 5, 5)]
    """
    chunks = []
    prev, prev_type, begin = "O", "", 0
    for i, (tag, type_) in enumerate([*parse_tags(tags, scheme=scheme), ("O", "_")]):
        if ends(prev, tag, prev_type, type_):
            chunks.append((prev_type, begin, i - 1))
        if starts(prev, tag, prev_type, type_):
            begin = i
        prev, prev_type = tag, type_
    return chunks


def row_tokens(function: str, tokens: object) -> Sequence:
    """``tokens`` as ``(text, start, end)`` triples: a token-view row (a dict with ``tokens``, ``starts`` and
    ``ends``) zipped, a list as it is; ``InvalidInput`` for anything else."""
    expected = "a list of (text, start, end) tokens, or a token-view row (a dict with tokens, starts and ends)"
    if isinstance(tokens, Mapping):
        parts = [tokens.get(key) for key in ("tokens", "starts", "ends")]
        if not all(isinstance(part, Sequence) and not isinstance(part, (str, bytes)) for part in parts):
            raise wrong_argument(function, "tokens", expected, tokens, rule="token-row")
        if len({len(part) for part in parts if isinstance(part, Sequence)}) != 1:
            raise wrong_argument(function, "tokens", expected, tokens, rule="token-row",
                                 hint="its tokens, starts and ends differ in number")
        return list(zip(*parts))
    return sequence_argument(function, "tokens", tokens, expected)


def mentions_from_tags(tokens: Sequence[Token] | Mapping[str, Any], tags: Sequence[str], *, scheme: str = "IOB2",
                       label_map: Mapping[str, str | None] | None = None, offset: int = 0,
                       text: str | None = None) -> list[Mention]:
    """Mentions from one tag per token; offsets are the first token's start and the last token's end.

    ``tokens`` are ``(text, start, end)`` triples (``tokenize``), or a row of the token view (its
    ``tokens``, ``starts`` and ``ends``, which count from the document's start). ``label_map`` renames
    types (``{"PER": "PERSON"}``); a type mapped to None is dropped, one not in it is kept. Tokens of a
    part of the document (``tokenize(segment["text"])``) count from the part's start: ``offset=`` (the
    segment's ``start``) shifts them into the document. With ``text=`` (the document's text) every shifted
    token must lie inside it and read there as the token does. Raises ``InvalidInput`` when tags and
    tokens differ in number.

    >>> from newsprep.eval.data.tokens import tokenize
    >>> tokens = tokenize("Putin met To Lam")
    >>> mentions_from_tags(tokens, ["S-PER", "O", "B-PER", "E-PER"], scheme="BIOES", label_map={"PER": "PERSON"})
    [Mention(start=0, end=5, type='PERSON', entity_id=None), Mention(start=10, end=16, type='PERSON', entity_id=None)]
    >>> mentions_from_tags(tokens, ["B-PER", "O", "B-PER", "I-PER"], offset=9, text="Hanoi -- Putin met To Lam")
    [Mention(start=9, end=14, type='PER', entity_id=None), Mention(start=19, end=25, type='PER', entity_id=None)]
    """
    return tag_mentions("mentions_from_tags", tokens, tags, scheme, label_map, offset, text)


def tag_mentions(function: str, tokens: object, tags: Sequence[str], scheme: str,
                 label_map: Mapping[str, str | None] | None, offset: int, text: str | None) -> list[Mention]:
    """``mentions_from_tags`` for ``function``, the public function whose arguments a problem names."""
    tokens = row_tokens(function, tokens)
    sequence_argument(function, "tags", tags, 'a list of tags, e.g. ["B-PER", "I-PER", "O"]')
    require_type(function, "scheme", scheme, str, f"a tag scheme name (a str), one of {', '.join(SCHEMES)}")
    label_map = label_map_argument(function, label_map)
    offset = offset_argument(function, offset)
    require_type(function, "text", text, (str, type(None)), "the document's text (a str), or None")
    raise_problems(token_problems(function, tokens))
    if len(tokens) != len(tags):
        raise InvalidInput([Problem(LABEL, None, "tags", "tag-count", f"{len(tags)} tags for {len(tokens)} tokens")])
    misplaced = (placed(f"{function}(tokens)[{i}]", start, end, offset, text, surface)
                 for i, (surface, start, end) in enumerate(tokens))
    raise_problems([problem for problem in misplaced if problem is not None][:20])
    out = []
    for type_, first, last in tag_chunks(tags, scheme=scheme):
        mapped = label_map.get(type_, type_)
        if mapped is not None:
            out.append(Mention(tokens[first][1] + offset, tokens[last][2] + offset, mapped))
    return out


def entities_record(doc: str, tokens: Sequence[Token] | Mapping[str, Any], tags: Sequence[str], *,
                    scheme: str = "IOB2", label_map: Mapping[str, str | None] | None = None, offset: int = 0,
                    text: str | None = None) -> dict:
    """The ``entities`` record of document ``doc`` from its tokens and tags (``mentions_from_tags``). A record
    holds a whole document: join records made a segment (or a token-view row) at a time with ``group_records``.

    >>> entities_record("d000", [("Putin", 0, 5), ("arrives", 6, 13)], ["B-PERSON", "O"])
    {'task': 'entities', 'doc': 'd000', 'mentions': [{'start': 0, 'end': 5, 'type': 'PERSON'}]}
    """
    document_argument("entities_record", doc)
    return mentions_record(doc, tag_mentions("entities_record", tokens, tags, scheme, label_map, offset, text))
