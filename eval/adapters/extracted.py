"""Boilerplate from extracted text: what a main-text extractor left out of a document, as spans.

Extractors (trafilatura, readability, boilerpy3, jusText, ...) return the text
they kept, changed on the way: white space collapsed, lines joined or split,
quotes and dashes normalised. So the kept text is aligned with the document,
never searched in it:

1. Normalise both sides, one character at a time (a character with its
   combining marks): curly quotes to ``'`` and ``"``, dashes and the minus
   sign to ``-``, then NFKC (``…`` is ``...``, ``ﬁ`` is ``fi``, a full-width
   letter its ASCII one); white space and format characters (zero-width
   space, soft hyphen) are dropped. Case is kept.
2. Align the two sequences of normalised characters in order with
   ``difflib.SequenceMatcher(autojunk=False)``: its matching blocks are
   monotonic (the n-th kept character never matches before the one before it).
3. Keep a matching block if it is at least ``MIN_MATCH`` characters long; or
   if in the kept text it lies right between two kept blocks (or an end of the
   kept text); or if in the document only white space lies between it and a
   line end or a kept block, on both sides; repeated until nothing changes.
   Any other short block is a chance match of a few letters of invented text
   with a part of a removed line (``continue`` of "Scroll to continue" with
   "continues!"), and is dropped.
4. Where the document has characters between two kept blocks that follow each
   other in the kept text, the gap may have several places (in
   ``tensions. [Caption.] Russian`` either period can be the kept one): it is
   moved to the place whose ends fall best on line ends, then spaces.
5. Every document character of a kept block was kept; the removed spans are
   the maximal runs of the other non-white-space characters within one line,
   so a span never crosses a line end and has no white space at its ends (the
   boilerplate layer's convention); white space inside a line stays inside.

Extractors of HTML (trafilatura, boilerpy3, readability) find no main text in
plain text (trafilatura returns None): give them ``html_page(text)``, the
document as a page with one paragraph per line.

Kept text with no counterpart in the document (a heading the extractor added,
a changed word) is *invented*: it marks nothing and is reported by
``align_extracted`` as spans of the kept text, with their character count.

Cost: the aligner's time grows with the square of the text's length when much
of it was removed: about 1 s for an 8,000-character article, 8 s at 21,000 and
50 s at 64,000 characters (two lines in three kept). News articles are short;
for book-length texts, align page by page.

>>> text = "Share this\\nPutin arrived in Hanoi.\\nRelated posts"
>>> removed_spans(text, "Putin arrived in Hanoi.")
[Span(start=0, end=10, label=''), Span(start=35, end=48, label='')]
>>> text[0:10], text[35:48]
('Share this', 'Related posts')
"""
from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsprep.eval.errors import NewsPrepError, require_type, wrong_argument
from newsprep.eval.types import CATEGORIES, Span

MIN_MATCH = 20  # a matching block this long (normalised non-white-space characters) is kept on its own
QUOTES_DASHES = str.maketrans({
    **dict.fromkeys("‘’‚‛′‹›`´", "'"), **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"),
})


@dataclass(frozen=True)
class Alignment:
    """What aligning a document with an extractor's kept text found.

    ``removed`` are spans of the document (the boilerplate); ``invented`` are
    spans of the *kept text* with no counterpart in the document, and
    ``invented_chars`` counts their non-white-space characters.

    >>> a = align_extracted("Menu\\nPutin arrived in Hanoi.", "Advertisement Putin arrived in Hanoi.")
    >>> a.removed, a.invented, a.invented_chars
    ((Span(start=0, end=4, label=''),), (Span(start=0, end=13, label=''),), 13)
    """

    removed: tuple[Span, ...]
    invented: tuple[Span, ...]
    invented_chars: int


def normalise(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The normalised non-white-space characters of ``text``, and for each the ``[start, end)`` it came from.

    >>> normalise("“Yes” — he…")
    ('"Yes"-he...', [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (6, 7), (8, 9), (9, 10), (10, 11), (10, 11), (10, 11)])
    """
    chars: list[str] = []
    origin: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        if not text[i].isspace():
            folded = unicodedata.normalize("NFKC", text[i:j].translate(QUOTES_DASHES)).translate(QUOTES_DASHES)
            for c in folded:
                if not c.isspace() and unicodedata.category(c) != "Cf":
                    chars.append(c)
                    origin.append((i, j))
        i = j
    return "".join(chars), origin


def kept_blocks(a: str, b: str, text: str, origin: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``(a index, b index, size)`` of the matching blocks kept by rule 3 of the module docstring."""
    if a == b:  # the whole text kept: one block, found without the aligner's quadratic search
        return [(0, 0, len(a))] if a else []
    blocks = [(m.a, m.b, m.size) for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size]
    spans = [(origin[ai][0], origin[ai + size - 1][1]) for ai, _, size in blocks]  # in the document
    keep = [size >= MIN_MATCH for _, _, size in blocks]

    def kept_at(k: int) -> bool:
        return 0 <= k < len(blocks) and keep[k]

    def in_kept_text(k: int) -> bool:  # next to kept blocks (or the ends) in the kept text
        bj, size = blocks[k][1], blocks[k][2]
        return ((bj == 0 or (kept_at(k - 1) and blocks[k - 1][1] + blocks[k - 1][2] == bj))
                and (bj + size == len(b) or (kept_at(k + 1) and blocks[k + 1][1] == bj + size)))

    def on_its_lines(k: int) -> bool:  # only white space between it and a line end or a kept block, in the document
        left, right = spans[k][0] - 1, spans[k][1]
        while left >= 0 and text[left] != "\n" and text[left].isspace():
            left -= 1
        while right < len(text) and text[right] != "\n" and text[right].isspace():
            right += 1
        return ((left < 0 or text[left] == "\n" or (kept_at(k - 1) and spans[k - 1][1] > left))
                and (right == len(text) or text[right] == "\n" or (kept_at(k + 1) and spans[k + 1][0] <= right)))

    changed = True
    while changed:
        changed = False
        for k in range(len(blocks)):
            if not keep[k] and (in_kept_text(k) or on_its_lines(k)):
                keep[k] = changed = True
    return [block for block, kept in zip(blocks, keep) if kept]


def boundary(text: str, start: int, end: int) -> int:
    """How well ``text[start:end]`` falls on white space: 2 per end at a line end (or the text's end), 1 at a space."""
    score = 0
    for neighbour in (text[start - 1] if start > 0 else "\n", text[end] if end < len(text) else "\n"):
        score += 2 if neighbour == "\n" else 1 if neighbour.isspace() else 0
    return score


def slide(a: str, b: str, text: str, origin: list[tuple[int, int]],
          blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Rule 4 of the module docstring: move each gap of removed characters to where its ends fall on white space.

    A gap that only removes (the kept text goes on unbroken across it) can
    often move: in ``tensions.[caption.].Russian`` either period may be the
    one kept. Of the positions it can take, the one whose ends fall best on
    line ends and spaces is chosen (``boundary``), the aligner's own on a tie.
    """
    work = [[0, 0, 0], *[list(block) for block in blocks], [len(a), len(b), 0]]  # empty blocks at both ends
    for k in range(len(work) - 1):
        left, right = work[k], work[k + 1]
        if left[1] + left[2] != right[1] or left[0] + left[2] == right[0]:
            continue  # kept text in between has no counterpart, or nothing is removed here
        g0, g1 = left[0] + left[2], right[0]
        options = [0]
        d = 0
        while d < right[2] - 1 and a[g0 + d] == a[g1 + d]:  # the gap moves right; the right block keeps one character
            d += 1
            options.append(d)
        d = 0
        while d < left[2] - 1 and a[g0 - 1 - d] == a[g1 - 1 - d]:  # the gap moves left
            d += 1
            options.append(-d)
        if len(options) == 1:
            continue
        best = max(options, key=lambda d: (boundary(text, origin[g0 + d][0], origin[g1 - 1 + d][1]), d == 0))
        left[2] += best
        right[0], right[1], right[2] = right[0] + best, right[1] + best, right[2] - best
    return [(ai, bj, size) for ai, bj, size in work if size]


def runs(text: str, content: list[bool], matched: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of unmatched content characters, one line at a time; matched content breaks a run."""
    out: list[tuple[int, int]] = []
    start = end = None
    for i, c in enumerate(text):
        if c == "\n" or (content[i] and matched[i]):
            if start is not None and end is not None:
                out.append((start, end))
            start = end = None
        elif content[i]:
            start = i if start is None else start
            end = i + 1
    if start is not None and end is not None:
        out.append((start, end))
    return out


def marks(text: str, origin: list[tuple[int, int]], matched_positions: list[int]) -> tuple[list[bool], list[bool]]:
    """Per character of ``text``: has it a normalised counterpart (content), and was one of them matched."""
    content, matched = [False] * len(text), [False] * len(text)
    for start, end in origin:
        content[start:end] = [True] * (end - start)
    for k in matched_positions:
        start, end = origin[k]
        matched[start:end] = [True] * (end - start)
    return content, matched


def html_page(text: str) -> str:
    """The document as the HTML page an extractor of HTML is given: each non-empty line of ``text`` (trimmed,
    blank lines left out) one paragraph, its ``&``, ``<``, ``>`` and quotes escaped (``html.escape``), and
    nothing else: no head, no title, no markup that could tell an extractor which lines are the article.

    >>> html_page("Putin & Lam\\n\\n  <Menu>  ")
    '<html><body><p>Putin &amp; Lam</p><p>&lt;Menu&gt;</p></body></html>'
    >>> import trafilatura
    >>> text = "Share this\\n" + "Putin arrived in Hanoi on Thursday for a two-day state visit to Vietnam. " * 3
    >>> trafilatura.extract(text) is None, trafilatura.extract(html_page(text)) is None
    (True, False)
    """
    require_type("html_page", "text", text, str, "the document's text (a str)")
    paragraphs = (line.strip() for line in text.split("\n"))
    return "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in paragraphs if line) + "</body></html>"


def text_arguments(function: str, text: object, kept: object) -> None:
    """Both texts are str; ``InvalidInput`` names the argument that is not, and says what to do about ``None`` (an
    extractor that found no main text) and bytes (a page not decoded)."""
    require_type(function, "text", text, str, "the document's text (a str)")
    if kept is None:
        raise wrong_argument(function, "kept", "the text the extractor kept (a str)", kept, rule="extracted",
                             hint="the extractor returned None: it found no main text. An extractor of HTML "
                                  "(trafilatura, boilerpy3, readability) finds none in plain text; give it the page "
                                  "html_page(text), e.g. trafilatura.extract(npe.html_page(text)), and pass "
                                  "kept or '' if it still finds nothing")
    if isinstance(kept, (bytes, bytearray)):
        raise wrong_argument(function, "kept", "the text the extractor kept (a str)", kept,
                             hint="decode it first, e.g. kept.decode('utf-8')")
    require_type(function, "kept", kept, str, "the text the extractor kept (a str)")


def align_extracted(text: str, kept: str) -> Alignment:
    """Align a document's ``text`` with the text an extractor ``kept`` (the rule of the module docstring).

    >>> align_extracted("Putin arrived.", "Putin arrived.").removed
    ()
    """
    text_arguments("align_extracted", text, kept)
    a, a_origin = normalise(text)
    b, b_origin = normalise(kept)
    blocks = slide(a, b, text, a_origin, kept_blocks(a, b, text, a_origin))
    content, matched = marks(text, a_origin, [ai + k for ai, _, size in blocks for k in range(size)])
    removed = tuple(Span(s, e) for s, e in runs(text, content, matched))
    k_content, k_matched = marks(kept, b_origin, [bj + k for _, bj, size in blocks for k in range(size)])
    invented = tuple(Span(s, e) for s, e in runs(kept, k_content, k_matched))
    count = sum(1 for s in invented for i in range(s.start, s.end) if k_content[i])
    return Alignment(removed, invented, count)


def removed_spans(text: str, kept: str, *, category: str | None = None) -> list[Span]:
    """The spans of ``text`` that the extractor's ``kept`` text left out, each labelled ``category`` if given.

    >>> text = "Putin arrived in Hanoi. Spread the love\\nHe met To Lam."
    >>> removed_spans(text, "Putin arrived in Hanoi. He met To Lam.", category="sharing")
    [Span(start=24, end=39, label='sharing')]
    """
    text_arguments("removed_spans", text, kept)
    if category is not None and category not in CATEGORIES:
        raise NewsPrepError(f"unknown boilerplate category {category!r}; known: {', '.join(CATEGORIES)}")
    return [Span(s.start, s.end, category or "") for s in align_extracted(text, kept).removed]
