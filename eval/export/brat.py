"""brat standoff, ``dNNN.txt`` (the article text, byte for byte) and
``dNNN.ann`` per document, plus ``annotation.conf``. Entities are ``T`` lines
typed by their OntoNotes type, with the entity id as an ``AnnotatorNotes``
line; boilerplate spans are ``Boilerplate`` entities with a ``Category``
attribute. Offsets are code points, as in brat itself. A span holding a line
end would be split into fragments (``start1 end1;start2 end2``); no gold span
holds one.

>>> from newsprep.eval.export.gold import load_gold
>>> brat_ann(load_gold()[0]).splitlines()[0]
'T1\\tPERSON 0 5\\tPutin'
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from newsprep.eval.errors import InvalidInput, Problem
from newsprep.eval.export.gold import GoldDoc
from newsprep.eval.io.progress import Progress, advance
from newsprep.eval.types import CATEGORIES, TYPES, Mention, Span

BRAT_CONF = "\n".join([
    "# NewsPrep gold layers: OntoNotes 5 entity types, and boilerplate spans with their category.",
    "[entities]", *TYPES, "Boilerplate", "",
    "[relations]", "<OVERLAP>\tArg1:Boilerplate, Arg2:<ENTITY>, <OVL-TYPE>:contain", "",
    "[events]", "",
    "[attributes]", "Category\tArg:Boilerplate, Value:" + "|".join(CATEGORIES), ""])


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line ends (brat draws a fragment on one line only)."""
    out, pos = [], start
    for piece in text[start:end].split("\n"):
        if piece:
            out.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return out


def brat_ann(doc: GoldDoc) -> str:
    """The ``.ann`` text of one document: mentions, then boilerplate spans."""
    lines: list[str] = []

    def bound(start: int, end: int, label: str) -> str:
        parts = fragments(doc.text, start, end)
        lines.append(f"T{len(lines) + 1}\t{label} " + ";".join(f"{s} {e}" for s, e in parts) + "\t"
                     + " ".join(doc.text[s:e] for s, e in parts))
        return f"T{len(lines)}"

    notes: list[str] = []
    attributes: list[str] = []
    for m in doc.mentions:
        tid = bound(m.start, m.end, m.type)
        if m.entity_id:
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes {tid}\t{m.entity_id}")
    for b in doc.boilerplate:
        tid = bound(b.start, b.end, "Boilerplate")
        attributes.append(f"A{len(attributes) + 1}\tCategory {tid} {b.label}")
    return "".join(line + "\n" for line in lines + notes + attributes)


@dataclass(frozen=True)
class BratDoc:
    """One document read back from brat standoff."""

    text: str
    mentions: list[Mention]
    boilerplate: list[Span]


def read_brat_ann(ann: str, text: str, *, label: str = "ann") -> BratDoc:
    """Mentions and boilerplate spans from ``.ann`` text; fragments separated by line ends only are joined.

    >>> read_brat_ann("T1\\tGPE 0 5;6 11\\tNorth Korea\\n", "North\\nKorea").mentions
    [Mention(start=0, end=11, type='GPE', entity_id=None)]
    """
    bounds, notes, categories, problems = {}, {}, {}, []
    for number, line in enumerate(ann.split("\n"), start=1):
        fields = line.split("\t")
        try:
            if not line.strip():
                continue
            if line.startswith("T"):
                kind, offsets = fields[1].split(" ", 1)
                parts = [tuple(map(int, p.split())) for p in offsets.split(";")]
                if fields[2] != " ".join(text[s:e] for s, e in parts):
                    raise ValueError(f"surface {fields[2][:40]!r} is not the text at {offsets}")
                if any(text[e:s].strip("\n") or s <= e for (_, e), (s, _) in zip(parts, parts[1:])):
                    raise ValueError(f"fragments {offsets} are not separated by line ends only")
                bounds[fields[0]] = (parts[0][0], parts[-1][1], kind)
            elif line.startswith("#"):
                notes[fields[1].split()[1]] = fields[2]
            elif line.startswith("A"):
                _, target, value = fields[1].split()
                categories[target] = value
            else:
                raise ValueError("only T, A and # lines are read")
        except (ValueError, IndexError) as err:
            problems.append(Problem(label, number, "-", "brat-line", f"{line[:60]!r}: {err}"))
    if problems:
        raise InvalidInput(problems)
    mentions = sorted(Mention(s, e, k, notes.get(t)) for t, (s, e, k) in bounds.items() if k != "Boilerplate")
    boiler = sorted(Span(s, e, categories.get(t, "")) for t, (s, e, k) in bounds.items() if k == "Boilerplate")
    return BratDoc(text, mentions, boiler)


def read_brat(folder: str | os.PathLike) -> dict[str, BratDoc]:
    """Every ``NAME.txt`` with its ``NAME.ann`` in ``folder``, keyed by ``NAME``."""
    out = {}
    for txt in sorted(Path(folder).glob("*.txt")):
        ann = txt.with_suffix(".ann")
        out[txt.stem] = read_brat_ann(ann.read_text(encoding="utf-8"), txt.read_bytes().decode("utf-8"), label=str(ann))
    return out




def brat_files(docs: list[GoldDoc], *, progress: Progress | None = None) -> dict[str, bytes]:
    files = {"annotation.conf": BRAT_CONF.encode("utf-8")}
    for doc in docs:
        files[f"{doc.id}.txt"] = doc.text.encode("utf-8")
        files[f"{doc.id}.ann"] = brat_ann(doc).encode("utf-8")
        advance(progress, 1)
    return files
