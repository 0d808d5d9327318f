"""Synthetic documents made from the gold layers, for testing at scale (``newsprep synth``).

A synthetic document is not a news article. It is a title line and content
lines of the released documents, recombined, with whole boilerplate lines from
the gold pool inserted between them, and noise: a line in upper or lower case,
doubled inner spaces, indentation, trailing spaces, blank lines. Some documents
are syndicated copies: the content of an earlier document (noise included)
with other boilerplate lines. Every gold annotation of a line (boilerplate
spans, segments, entity mentions) travels with the line, so the synthetic gold
is the released gold moved to new offsets. Case noise changes a whole line,
entity mentions included: a mention keeps its type and id and its surface is
the source surface in that case; added spaces never touch a span's ends.

Each document depends only on ``(seed, index)`` and the released data, so a
corpus is reproducible document by document and can be written as a stream.

>>> pool = load_pool()
>>> doc = make_document(pool, seed=1, index=0)
>>> doc.id, doc.text.split("\\n", 1)[0] == doc.lines[0].text
('synth-0000000', True)
"""
from __future__ import annotations

import bisect
import random
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsprep.eval.data import dataset as data

COPY_RATE = 0.2  # share of documents that are syndicated copies of an earlier one
CASE_WEIGHTS = {"none": 90, "upper": 5, "lower": 5}
PARAGRAPHS = (4, 12)  # content lines per document, inclusive
BOILERPLATE_LINES = (0, 3)
AFTER_SPACE = re.compile(r"(?<= )[^ ]")  # a place where a space can be doubled


@dataclass(frozen=True)
class Line:
    """One line of a gold document with its annotations; offsets relative to the line start.

    ``segments`` hold ``(start, end, gold segment id)``, ``mentions``
    ``(start, end, type, entity_id)``, ``boilerplate`` ``(start, end, category)``.
    """

    source: str  # "d002:17": document and 0-based line number
    text: str
    boilerplate: tuple = ()
    segments: tuple = ()
    mentions: tuple = ()
    case: str = "none"
    spaces: int = 0

    def is_boilerplate(self) -> bool:
        covered = {i for s, e, _ in self.boilerplate for i in range(s, e)}
        return all(c.isspace() or i in covered for i, c in enumerate(self.text))


@dataclass(frozen=True)
class Pool:
    """The gold lines by role, and what a corpus carries over from the released data."""

    version: str
    titles: tuple[Line, ...]
    content: tuple[Line, ...]
    boilerplate: tuple[Line, ...]
    entity_table: tuple[dict, ...] = field(default=(), compare=False)
    pairs: tuple[dict, ...] = field(default=(), compare=False)


def split_lines(doc: str, text: str, boiler: list, segments: list, mentions: list) -> list[Line]:
    """The non-blank lines of one gold document, each with the annotations inside it."""
    out, pos = [], 0
    for number, raw in enumerate(text.split("\n")):
        end = pos + len(raw)
        if raw.strip():
            def inside(items, lo=pos, hi=end):
                return tuple((s - lo, e - lo, *rest) for s, e, *rest in items if lo <= s and e <= hi)
            out.append(Line(f"{doc}:{number}", raw, inside(boiler), inside(segments), inside(mentions)))
        pos = end + 1
    return out


def load_pool(root: Path | None = None) -> Pool:
    """Every line of the released gold: first lines are titles, whole-boilerplate lines the boilerplate pool."""
    texts = {d["id"]: d["text"] for d in data.records("documents", root)}
    boiler = {r["doc"]: [(s["start"], s["end"], s["category"]) for s in r["spans"]] for r in data.records("boilerplate", root)}
    mentions = {r["doc"]: sorted((m["start"], m["end"], m["type"], m.get("entity_id")) for m in r["mentions"])
                for r in data.records("entities", root)}
    segments: dict[str, list] = {}
    for s in data.records("segments", root):
        segments.setdefault(s["doc"], []).append((s["start"], s["end"], s["id"]))
    titles: list[Line] = []
    content: list[Line] = []
    boilerplate: list[Line] = []
    for doc, text in texts.items():
        lines = split_lines(doc, text, boiler[doc], segments[doc], mentions[doc])
        titles.append(lines[0])
        for line in lines[1:]:
            (boilerplate if line.is_boilerplate() else content).append(line)
    return Pool(data.data_version(root), tuple(titles), tuple(content), tuple(boilerplate),
                tuple(data.records("entity_table", root)), tuple(data.records("duplicate_pairs", root)))


# --------------------------------------------------------------------------- noise

def change_case(text: str, case: str) -> str:
    """Upper or lower case, character by character, keeping every length (so offsets hold).

    >>> change_case("Straße to Hà Nội", "upper")
    'STRAßE TO HÀ NỘI'
    """
    if case == "none":
        return text
    change = str.upper if case == "upper" else str.lower
    return "".join(c2 if len(c2 := change(c)) == 1 else c for c in text)


def add_spaces(line: Line, inner: list[int], indent: int, trailing: int) -> Line:
    """Insert a space after each inner position (an existing space), ``indent`` spaces before and
    ``trailing`` after; every span keeps its characters (spans never start or end with a space).

    >>> add_spaces(Line("x:0", "Putin met To Lam", mentions=((0, 5, "PERSON", "p"),)), [6], 1, 0).text
    ' Putin met  To Lam'
    """
    inner = sorted(inner)

    def start(x: int) -> int:
        return x + indent + bisect.bisect_right(inner, x)

    def end(x: int) -> int:
        return x + indent + bisect.bisect_left(inner, x)

    pieces, last = [" " * indent], 0
    for p in inner:
        pieces += [line.text[last:p], " "]
        last = p
    text = "".join(pieces) + line.text[last:] + " " * trailing

    def move(items):
        return tuple((start(s), end(e), *rest) for s, e, *rest in items)
    return replace(line, text=text, boilerplate=move(line.boilerplate), segments=move(line.segments),
                   mentions=move(line.mentions), spaces=line.spaces + indent + len(inner) + trailing)


def noisy(line: Line, rng: random.Random) -> Line:
    """The line with random case and white-space noise (the draws are always the same in number)."""
    case = rng.choices(list(CASE_WEIGHTS), weights=list(CASE_WEIGHTS.values()))[0]
    doubled = rng.choice((0, 0, 0, 1, 2))
    indent, trailing = rng.choice((0,) * 19 + (2,)), rng.choice((0,) * 9 + (1,))
    spaces = [m.start() for m in AFTER_SPACE.finditer(line.text)] if doubled else []
    inner = sorted(rng.sample(spaces, min(doubled, len(spaces))))
    line = replace(line, text=change_case(line.text, case), case=case)
    return add_spaces(line, inner, indent, trailing)


# --------------------------------------------------------------------------- documents

def doc_id(index: int) -> str:
    return f"synth-{index:07d}"


@dataclass(frozen=True)
class Document:
    """One synthetic document: its lines (noise applied) and where each starts in ``text``."""

    id: str
    seed: int
    copy_of: str | None
    lines: tuple[Line, ...]
    separators: tuple[str, ...]  # between line k and line k + 1

    @property
    def text(self) -> str:
        return "".join(line.text + sep for line, sep in zip(self.lines, self.separators + ("",)))

    @property
    def starts(self) -> list[int]:
        out, pos = [], 0
        for line, sep in zip(self.lines, self.separators + ("",)):
            out.append(pos)
            pos += len(line.text) + len(sep)
        return out


def rng_for(seed: int, index: int) -> random.Random:
    return random.Random(f"newsprep-synth|{seed}|{index}")


def is_copy(seed: int, index: int) -> bool:
    return index > 0 and rng_for(seed, index).random() < COPY_RATE


def original_of(seed: int, index: int) -> int:
    """The nearest earlier document that is not itself a copy."""
    j = index - 1
    while is_copy(seed, j):
        j -= 1
    return j


def draw_body(pool: Pool, rng: random.Random, paragraphs: tuple[int, int]) -> list[Line]:
    """A title and content lines (no line twice), with noise."""
    k = rng.randint(*paragraphs)
    lines = [rng.choice(pool.titles)] + rng.sample(pool.content, min(k, len(pool.content)))
    return [noisy(line, rng) for line in lines]


def draw_boilerplate(pool: Pool, rng: random.Random, body_size: int, at_least: int) -> list[tuple[int, Line]]:
    """Boilerplate lines with noise and their places (after the title)."""
    b = rng.randint(max(at_least, BOILERPLATE_LINES[0]), BOILERPLATE_LINES[1])
    picks = rng.sample(pool.boilerplate, min(b, len(pool.boilerplate)))
    return [(rng.randint(1, body_size), noisy(line, rng)) for line in picks]


def original_parts(pool: Pool, seed: int, index: int, paragraphs) -> tuple[list[Line], list[tuple[int, Line]]]:
    rng = rng_for(seed, index)
    rng.random()  # the copy decision
    body = draw_body(pool, rng, paragraphs)
    return body, draw_boilerplate(pool, rng, len(body), 0)


def make_document(pool: Pool, *, seed: int, index: int, paragraphs: tuple[int, int] = PARAGRAPHS) -> Document:
    """Document ``index`` of the corpus with ``seed``; a function of both alone."""
    rng = rng_for(seed, index)
    copy = index > 0 and rng.random() < COPY_RATE
    if copy:
        original = original_of(seed, index)
        body, theirs = original_parts(pool, seed, original, paragraphs)
        for _ in range(10):  # other boilerplate than the original's
            inserted = draw_boilerplate(pool, rng, len(body), 1)
            if sorted(l.source for _, l in inserted) != sorted(l.source for _, l in theirs):
                break
    else:
        body = draw_body(pool, rng, paragraphs)
        inserted = draw_boilerplate(pool, rng, len(body), 0)
    lines = list(body)
    for place, line in sorted(inserted, key=lambda x: -x[0]):  # from the end, so places stay valid
        lines.insert(place, line)
    separators = tuple(rng.choice(("\n", "\n", "\n\n", "\n\n", "\n \n")) for _ in lines[1:])
    return Document(doc_id(index), seed, doc_id(original) if copy else None, tuple(lines), separators)
