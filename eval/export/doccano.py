"""doccano JSONL (``newsprep.jsonl``), what a doccano sequence-labelling project imports and exports: one
line a document, ``{"id": "d000", "text": ..., "label": [[START, END, "LABEL"], ...]}``, the mentions labelled
by their OntoNotes type and the boilerplate spans by ``boilerplate:CATEGORY``, sorted by offsets. Offsets are
UTF-16 code units, as doccano's annotator counts them (the same as code points for a text without characters
beyond U+FFFF). doccano has no field for an entity id: ids are not carried.

>>> from newsprep.eval.export.gold import load_gold
>>> doccano_record(load_gold()[0])["label"][:2]
[[0, 5, 'PERSON'], [17, 24, 'GPE']]
"""
from __future__ import annotations

import re
from bisect import bisect_left

from newsprep.eval.export.gold import GoldDoc
from newsprep.eval.io.jsonl import dumps_line
from newsprep.eval.io.progress import Progress, advance

WIDE = re.compile("[\U00010000-\U0010ffff]")  # a character of two UTF-16 code units


def doccano_record(doc: GoldDoc) -> dict:
    """One document's line as a dict (see the module docstring)."""
    wide = [m.start() for m in WIDE.finditer(doc.text)]

    def unit(i: int) -> int:  # a code point offset in UTF-16 code units
        return i + bisect_left(wide, i)
    spans = sorted([(m.start, m.end, m.type) for m in doc.mentions]
                   + [(b.start, b.end, f"boilerplate:{b.label}") for b in doc.boilerplate])
    return {"id": doc.id, "text": doc.text, "label": [[unit(s), unit(e), label] for s, e, label in spans]}


def doccano_files(docs: list[GoldDoc], *, progress: Progress | None = None) -> dict[str, bytes]:
    """The file of a doccano export: ``newsprep.jsonl``, a ``doccano_record`` a line."""
    lines = []
    for doc in docs:
        lines.append(dumps_line(doccano_record(doc)))
        advance(progress, 1)
    return {"newsprep.jsonl": "".join(lines).encode("utf-8")}
