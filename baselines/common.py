"""What every baseline shares: the documents, their lines, leave-one-document-out folds, the page
an HTML extractor is given, and the versions of the third-party packages a system runs on."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from newsprep.eval import html_page as page_of
from newsprep.eval import records

# How far a system's settings could have been fitted to the five test documents (a leaderboard row's "protocol").
DEFAULT = "default settings"  # the tool as shipped, or a fixed rule: nothing chosen on these documents
LODO = "leave-one-document-out"  # trained or tuned on four documents, scored on the fifth, five times
SIGHT = "written with sight of the test documents"  # rules written by people who had read all five: optimistic
PROTOCOLS = (DEFAULT, LODO, SIGHT)


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


def html_page(doc: str, text: str) -> str:
    """The page every HTML extractor is given for a document: the harness's ``html_page`` (one paragraph per
    line, nothing else), which adapts any document for such an extractor.

    >>> html_page("d", "Putin & Lam\\n\\n  <Menu>  ")
    '<html><body><p>Putin &amp; Lam</p><p>&lt;Menu&gt;</p></body></html>'
    """
    return page_of(text)


def versions(*distributions: str) -> dict[str, str]:
    """``{distribution: installed version}`` for the packages a system runs on ("not installed" if absent)."""
    out = {}
    for name in distributions:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out
