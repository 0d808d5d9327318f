"""The segments of an imported document, derived by a stated rule (the gold segments of NewsPrep's own
articles were made by hand; an imported corpus gets these).

1. Every line is cut at the edges of its boilerplate spans: each boilerplate span is one segment.
2. Each piece of content between them, trimmed of white space, is split into sentences (unless the format
   gives its sentences, as CoNLL does: then each given sentence is one segment, cut only by rule 1). A
   sentence ends after ``.``, ``!`` or ``?`` (and any closing quotes or brackets) that white space and a
   capital letter, a digit or an opening quote follow, except:

   - after an abbreviation (``ABBREVIATIONS``: titles such as "Mr", "Dr", "Gen", months, "a.m.", "U.S.") or a
     single capital letter ("J. Smith");
   - inside an entity mention ("St. Petersburg" is never cut).

>>> sentences("Mr. Putin arrived at 10 a.m. He left. Then: \\"Why?\\" Nobody knew.", [])
[(0, 37), (38, 50), (51, 63)]
"""
from __future__ import annotations

import re
from bisect import bisect_right

ABBREVIATIONS = frozenset(("mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt",
    "capt", "cmdr", "adm", "maj", "gov", "sen", "rep", "rev", "hon", "pres", "no", "vs", "etc", "inc", "ltd",
    "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m",
    "p.m", "u.s", "u.k", "u.n", "e.g", "i.e", "approx", "est", "dept", "fig", "vol"))
END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
WORD_BEFORE = re.compile(r"([\w.]+)$")


def sentences(text: str, mentions: list[tuple[int, int]], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as trimmed ``(start, end)`` offsets into ``text``; ``mentions``
    (sorted ``(start, end)``) are never cut."""
    end = len(text) if end is None else end
    starts = [s for s, _ in mentions]
    cuts = []
    for match in END.finditer(text, start, end):
        stop = match.end()
        before = WORD_BEFORE.search(text, start, match.start() + 1)
        word = before.group(1).rstrip(".").lower() if before else ""
        if match.group()[0] == "." and (word in ABBREVIATIONS or re.fullmatch(r"[a-z]", word)):
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
                  given: tuple[tuple[int, int], ...] | None = None) -> list[tuple[int, int, bool]]:
    """``(start, end, inside_boilerplate)`` of every segment of ``text``, in order (rules 1 and 2).

    ``boilerplate`` are sorted single-line spans; ``given`` the format's sentences, if it gives them.
    """
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for line in text.split("\n"):
        stop = pos + len(line)
        inner = [(s, e) for s, e in boilerplate if pos <= s and e <= stop]
        at = pos
        for s, e in [*inner, (stop, stop)]:
            if given is None:
                out += [(a, b, False) for a, b in sentences(text, mentions, at, s)]
            else:
                out += [(a, b, False) for a, b in map(trimmed, [text] * len(given), given_pieces(given, at, s)) if b > a]
            if e > s:
                out.append((s, e, True))
            at = e
        pos = stop + 1
    return out


def trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` without the white space at its ends (empty spans give ``end <= start``)."""
    start, end = span
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())


def given_pieces(given: tuple[tuple[int, int], ...], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` that the given sentences cover, each on its own (never split further)."""
    return [(max(s, start), min(e, end)) for s, e in given if s < end and start < e]
