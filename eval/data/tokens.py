"""Tokens and BIO tags derived from character spans.

Rule: a token is a maximal run of word characters (``\\w+``) or a single
character that is neither a word character nor white space. So hyphens,
apostrophes, quotes and other punctuation are tokens of their own, and
"Soviet-style" → ``Soviet`` ``-`` ``style``, "Russia’s" → ``Russia`` ``’`` ``s``.

Like spaCy's ``offsets_to_biluo_tags``, a span that does not start and end on
token boundaries is reported (``MisalignedSpan``), never silently moved.

>>> tokenize("US-led sanctions")
[('US', 0, 2), ('-', 2, 3), ('led', 3, 6), ('sanctions', 7, 16)]
>>> spans_to_tags([("US", 0, 2), ("-", 2, 3), ("led", 3, 6)], [(0, 2, "GPE")])
['B-GPE', 'O', 'O']
"""
from __future__ import annotations

import re

from newsprep.eval.errors import ARGUMENTS, InvalidInput, NewsPrepError, Problem

TOKEN = re.compile(r"\w+|[^\w\s]")


class MisalignedSpan(NewsPrepError):
    """A character span whose start or end falls inside a token.

    >>> spans_to_tags(tokenize("US-led"), [(0, 4, "GPE")])
    Traceback (most recent call last):
    newsprep.eval.data.tokens.MisalignedSpan: span [0, 4) GPE does not fall on token boundaries: end 4 is inside token 'led' [3, 6)
    """


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` triples for ``text[start:end]``, offsets into ``text``.

    >>> tokenize("Putin's visit", 0, 7)
    [('Putin', 0, 5), ("'", 5, 6), ('s', 6, 7)]
    """
    end = len(text) if end is None else end
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, start, end)]


def spans_to_tags(tokens: list[tuple[str, int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for ``tokens``; raises ``MisalignedSpan`` if a span does not fall on token boundaries.

    >>> spans_to_tags(tokenize("Vladimir Putin arrived"), [(0, 14, "PERSON")])
    ['B-PERSON', 'I-PERSON', 'O']
    """
    starts = {s: i for i, (_, s, _) in enumerate(tokens)}
    ends = {e: i for i, (_, _, e) in enumerate(tokens)}
    tags = ["O"] * len(tokens)
    for start, end, label in spans:
        if start not in starts or end not in ends:
            raise MisalignedSpan(f"span [{start}, {end}) {label} does not fall on token boundaries: "
                                 + misalignment(tokens, start, end))
        first, last = starts[start], ends[end]
        tags[first] = f"B-{label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{label}"
    return tags


def misalignment(tokens: list[tuple[str, int, int]], start: int, end: int) -> str:
    """Why ``[start, end)`` is not on token boundaries, naming the token each bad end falls in.

    >>> misalignment(tokenize("Kremlin-backed"), 0, 5)
    "end 5 is inside token 'Kremlin' [0, 7)"
    """
    reasons = []
    for name, offset, boundary in (("start", start, 1), ("end", end, 2)):
        if any(t[boundary] == offset for t in tokens):
            continue
        inside = [t for t in tokens if t[1] < offset < t[2]]
        reasons.append(f"{name} {offset} is inside token {inside[0][0]!r} [{inside[0][1]}, {inside[0][2]})" if inside
                       else f"{name} {offset} is at no token {'start' if boundary == 1 else 'end'}")
    return "; ".join(reasons)


def tags_to_spans(tokens: list[tuple[str, int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """Character spans from IOB2 tags. An ``I-`` tag continues the span of the token
    just before it only if that span has the same type; otherwise it starts one.

    >>> toks = tokenize("Ho Chi Minh Mausoleum")
    >>> tags_to_spans(toks, ["B-FAC", "I-FAC", "I-FAC", "I-FAC"])
    [(0, 21, 'FAC')]
    """
    spans: list[tuple[int, int, str]] = []
    open_label = None
    for (_, start, end), tag in zip(tokens, tags):
        if tag == "O":
            open_label = None
            continue
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I") or not label:
            raise InvalidInput([Problem(ARGUMENTS, None, "tags_to_spans(tags)", "tag",
                                        f"{tag!r} is not O, B-TYPE or I-TYPE (IOB2)")])
        if prefix == "I" and open_label == label:
            spans[-1] = (spans[-1][0], end, label)
        else:
            spans.append((start, end, label))
        open_label = label
    return spans


def bio_labels(types) -> list[str]:
    """The ClassLabel names: ``O`` then ``B-``/``I-`` for each type, in order."""
    return ["O"] + [f"{p}-{t}" for t in types for p in ("B", "I")]


def token_rows(texts: dict[str, str], segments: list[dict], mentions: dict[str, list[dict]]) -> list[dict]:
    """The token view: one row per segment, tags derived from the gold mentions."""
    rows = []
    for seg in segments:
        toks = tokenize(texts[seg["doc"]], seg["start"], seg["end"])
        inside = [(m["start"], m["end"], m["type"]) for m in mentions.get(seg["doc"], [])
                  if seg["start"] <= m["start"] and m["end"] <= seg["end"]]
        rows.append({"id": seg["id"], "doc": seg["doc"], "tokens": [t for t, _, _ in toks],
                     "starts": [s for _, s, _ in toks], "ends": [e for _, _, e in toks],
                     "ner_tags": spans_to_tags(toks, inside)})
    return rows
