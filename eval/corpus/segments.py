"""The segments of an imported document, derived by a stated rule (the gold segments of NewsPrep's own
articles were made by hand; an imported corpus gets these).

1. Every line is cut at the edges of its boilerplate spans: each boilerplate span is one segment.
2. Each piece of content between them, trimmed of white space, is split into sentences (unless the format
   gives its sentences, as CoNLL does: then each given sentence is one segment, cut only by rule 1). A
   sentence ends after ``.``, ``!`` or ``?`` (and any closing quotes or brackets) that white space follows,
   then (after an optional opening quote or bracket) a character that is upper case (``str.isupper``: "Émile",
   "Über", "Путин") or a digit, except:

   - after an abbreviation, matched as written (``ABBREVIATIONS``: titles such as "Mr", "Dr", "Gen", months,
     "a.m.", "U.S."), "No." before a digit ("No. 10"), or a single capital letter ("J. Smith"); none of these
     is an abbreviation where a closing quote follows its period ("... in the U.S." Then ...);
   - inside an entity mention ("St. Petersburg" is never cut).

>>> sentences("Mr. Putin arrived at 10 a.m. He left. Then: \\"Why?\\" Nobody knew.", [])
[(0, 37), (38, 50), (51, 63)]
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import islice

ABBREVIATIONS = frozenset(("Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Sgt", "Capt",
    "Cmdr", "Adm", "Maj", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "vs", "etc", "Inc", "Ltd", "Co", "Corp",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "a.m", "p.m", "U.S",
    "U.K", "U.N", "e.g", "i.e", "approx", "est", "Dept", "Fig", "Vol"))
CLOSING_QUOTES = frozenset("\"'”’")
END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘'(\[]?(\S))")  # group 1: the character the rule tests
WORD_BEFORE = re.compile(r"([\w.]+)$")
WORD_WINDOW = 32  # the word before a period is looked for this far back: abbreviations are shorter


def sentences(text: str, mentions: list[tuple[int, int]], start: int = 0, end: int | None = None,
              starts: list[int] | None = None) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as trimmed ``(start, end)`` offsets into ``text``; ``mentions``
    (sorted ``(start, end)``) are never cut; ``starts``, their starts, may be given (computed once a document)."""
    end = len(text) if end is None else end
    starts = [s for s, _ in mentions] if starts is None else starts
    cuts = []
    for match in END.finditer(text, start, end):
        stop, after = match.end(), match.group(1)
        if not (after.isupper() or after.isdigit()):
            continue
        if match.group()[0] == "." and match.group()[1:2] not in CLOSING_QUOTES:
            before = WORD_BEFORE.search(text, max(start, match.start() - WORD_WINDOW), match.start() + 1)
            word = before.group(1).rstrip(".") if before else ""
            if word in ABBREVIATIONS or (word == "No" and after.isdigit()) or (len(word) == 1 and word.isupper()):
                continue
        at = bisect_right(starts, stop - 1) - 1
        if at >= 0 and mentions[at][1] > stop:
            continue  # inside a mention
        cuts.append(stop)
    out = []
    for a, b in zip([start, *cuts], [*cuts, end]):
        left, right = trimmed(text, (a, b))
        if right > left:
            out.append((left, right))
    return out


def segment_spans(text: str, boilerplate: list[tuple[int, int]], mentions: list[tuple[int, int]],
                  given: tuple[tuple[int, int], ...] | None = None, *,
                  limit: int | None = None) -> list[tuple[int, int, bool]]:
    """``(start, end, inside_boilerplate)`` of every segment of ``text``, in order (rules 1 and 2); with ``limit``,
    only the first ``limit + 1`` (enough to tell that there are too many).

    ``boilerplate`` are sorted single-line spans that do not overlap; ``given`` the format's sentences, if it
    gives them, sorted and not overlapping.
    """
    found = pieces(text, boilerplate, mentions, given)
    return list(found if limit is None else islice(found, limit + 1))


def pieces(text: str, boilerplate: list[tuple[int, int]], mentions: list[tuple[int, int]],
           given: tuple[tuple[int, int], ...] | None) -> Iterator[tuple[int, int, bool]]:
    """The segments of ``segment_spans`` one at a time; each line finds its boilerplate spans by bisection."""
    bounds = [s for s, _ in boilerplate]
    starts = [s for s, _ in mentions]
    ends = [e for _, e in given] if given is not None else []
    pos = 0
    for line in text.split("\n"):
        stop = pos + len(line)
        inner = boilerplate[bisect_left(bounds, pos):bisect_left(bounds, stop)]
        at = pos
        for s, e in [*inner, (stop, stop)]:
            if given is None:
                yield from ((a, b, False) for a, b in sentences(text, mentions, at, s, starts))
            else:
                for piece in given_pieces(given, at, s, ends):
                    a, b = trimmed(text, piece)
                    if b > a:
                        yield a, b, False
            if e > s:
                yield s, e, True
            at = e
        pos = stop + 1


def trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` without the white space at its ends (empty spans give ``end <= start``)."""
    start, end = span
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())


def given_pieces(given: tuple[tuple[int, int], ...], start: int, end: int,
                 ends: list[int] | None = None) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` that the given sentences cover, each on its own (never split further);
    ``ends``, the sentences' ends, may be given (computed once a document)."""
    ends = [e for _, e in given] if ends is None else ends
    out = []
    k = bisect_right(ends, start)  # the first sentence that ends after ``start``
    while k < len(given) and given[k][0] < end:
        s, e = given[k]
        out.append((max(s, start), min(e, end)))
        k += 1
    return out
