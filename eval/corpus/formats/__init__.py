"""One reader per annotation tool's export. Each module has ``NAME``, ``DESCRIPTION`` and
``read(src) -> Iterator[SourceDoc]``, which yields the documents one at a time (so an import streams) and
raises ``InvalidInput`` naming the export's file and record for what it cannot read.

>>> sorted(FORMATS)
['brat', 'conll', 'docbin', 'doccano', 'labelstudio']
"""
from __future__ import annotations

import importlib
from types import ModuleType

from newsprep.eval.errors import NewsPrepError

FORMATS = {"brat": "brat standoff: a folder of NAME.txt and NAME.ann",
           "conll": "CoNLL-2003 / IOB2 text: TOKEN ... TAG lines, -DOCSTART- between documents",
           "doccano": "doccano JSON Lines: text and label [[start, end, LABEL], ...]",
           "labelstudio": "Label Studio JSON export: tasks with labels results",
           "docbin": "a spaCy DocBin (.spacy) file (needs the spacy extra)"}


def reader(fmt: str) -> ModuleType:
    """The module that reads ``fmt``."""
    if fmt not in FORMATS:
        raise NewsPrepError(f"unknown import format {fmt!r}; known: {', '.join(FORMATS)}")
    return importlib.import_module(f"{__name__}.{fmt}")
