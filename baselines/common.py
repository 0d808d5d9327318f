"""What every baseline shares: the documents, their lines, and leave-one-document-out folds."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsprep.eval import records


@dataclass(frozen=True)
class Line:
    """One non-empty line of a document, trimmed: ``[start, end)`` in the document text."""

    doc: str
    index: int  # 0-based position among the document's non-empty lines
    start: int
    end: int
    text: str


def texts() -> dict[str, str]:
    return {doc["id"]: doc["text"] for doc in records("documents")}


def lines(doc: str, text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + len(raw) - len(raw.lstrip())
            out.append(Line(doc, len(out), start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def leave_one_document_out(docs: list[str]) -> Iterator[tuple[str, list[str]]]:
    """``(held_out, training_docs)`` for each document: a model is never scored on a document it saw."""
    for held_out in docs:
        yield held_out, [d for d in docs if d != held_out]
