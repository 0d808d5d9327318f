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

FORMATS = ("brat", "conll", "doccano", "labelstudio", "docbin")  # each a module here, its ``NAME``


def reader(fmt: str) -> ModuleType:
    """The module that reads ``fmt``."""
    if fmt not in FORMATS:
        raise NewsPrepError(f"unknown import format {fmt!r}; known: {', '.join(FORMATS)}")
    return importlib.import_module(f"{__name__}.{fmt}")
