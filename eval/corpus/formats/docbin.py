"""A spaCy ``DocBin`` file (``.spacy``, needs the ``spacy`` extra), such as ``newsprep export --format docbin``
writes.

- Doc ``k`` (from 0) is named by ``doc.user_data["id"]`` where that is a str, else ``"doc k"``; its text is
  ``doc.text``.
- Its spans are ``doc.ents`` (``kb_id_`` as the ``entity_id``) and the span group ``boilerplate``, where a
  label that is a NewsPrep category becomes ``boilerplate:CATEGORY``. Other span groups are not read: a
  spancat project's ``spans["sc"]`` is often a copy of the entities. Each span is named ``doc k ents[i]`` or
  ``doc k spans[boilerplate][i]``; a span states no surface of its own (``text`` None).
- Where the Doc has sentence boundaries (``spacy convert`` sets them from a CoNLL file's blank lines), its
  sentences are given as the document's sentences, as the CoNLL reader gives them.
- A file spaCy cannot read as a DocBin is a problem (rule ``docbin``). The file must be a regular file of at
  most ``MAX_FILE_BYTES`` (``file_problem``: ``regular-file``, ``file-size``), and it may decompress to at most
  ``MAX_INFLATED_BYTES``, 1 GiB (``docbin-size``), counted before spaCy decompresses it. spaCy reads the file's
  arrays whole; the ``Doc`` objects are made one at a time.

>>> from spacy.tokens import Doc
>>> from spacy.vocab import Vocab
>>> doc = Doc(Vocab(), words=["Putin", "left", "."])
>>> doc.ents = [doc.char_span(0, 5, "PERSON", kb_id="Q7747")]
>>> doc.spans["boilerplate"] = [doc.char_span(6, 10, "navigation")]
>>> [(s.label, s.where, s.entity_id) for s in doc_spans(doc, 0)]
[('PERSON', 'doc 0 ents[0]', 'Q7747'), ('boilerplate:navigation', 'doc 0 spans[boilerplate][0]', None)]
"""
from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from newsprep.eval.corpus.source import BOILERPLATE, SourceDoc, SourceSpan
from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem
from newsprep.eval.io.jsonl import CHUNK_BYTES, file_problem
from newsprep.eval.types import CATEGORIES

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME = "docbin"
DESCRIPTION = "a spaCy DocBin file (.spacy): doc.ents, and boilerplate in doc.spans['boilerplate'] (needs spaCy)"


GROUP = "boilerplate"  # the span group NewsPrep's export writes boilerplate spans to
MAX_INFLATED_BYTES = 1 << 30  # 1 GiB: what a DocBin may decompress to (a 3 MB zlib bomb reaches 3 GB)

def doc_spans(doc: Doc, k: int) -> tuple[SourceSpan, ...]:
    """The spans of the ``k``-th ``Doc``: its entities, then its boilerplate span group (module docstring)."""
    spans = [SourceSpan(e.start_char, e.end_char, e.label_, f"doc {k} ents[{i}]", entity_id=e.kb_id_ or None)
             for i, e in enumerate(doc.ents)]
    for i, s in enumerate(doc.spans.get(GROUP, [])):
        label = BOILERPLATE + s.label_ if s.label_ in CATEGORIES else s.label_
        spans.append(SourceSpan(s.start_char, s.end_char, label, f"doc {k} spans[{GROUP}][{i}]"))
    return tuple(spans)


def sentences(doc: Doc) -> tuple[tuple[int, int], ...] | None:
    """The Doc's sentences as ``(start, end)`` character offsets, where it has sentence boundaries."""
    if not doc.has_annotation("SENT_START"):
        return None
    return tuple((s.start_char, s.end_char) for s in doc.sents) or None


def read(src: Path) -> Iterator[SourceDoc]:
    """The documents of the DocBin file ``src``, one at a time in the file's order."""
    try:
        from spacy.tokens import DocBin
        from spacy.vocab import Vocab
    except ImportError:
        raise NewsPrepError("the docbin format needs spaCy: pip install 'newsprep[spacy]'") from None
    file = str(src)
    if found := file_problem(Path(src), file):
        raise InvalidInput([found])
    try:
        data = Path(src).read_bytes()
    except OSError as err:
        raise InvalidInput([Problem(file, None, "-", "readable", err.strerror or str(err))]) from None
    try:
        size = inflated_size(data, MAX_INFLATED_BYTES)
        docs = DocBin().from_bytes(data).get_docs(Vocab()) if size is not None else None
    except Exception as err:  # spaCy's, zlib's or msgpack's: whatever the bytes make of it
        raise not_a_docbin(file, data, err) from None
    if docs is None:
        raise InvalidInput([Problem(file, None, "-", "docbin-size", f"decompresses to more than {MAX_INFLATED_BYTES} "
                                    "bytes; split the corpus into several DocBins and import each")])
    for k in itertools.count():
        try:
            doc = next(docs, None)  # spaCy makes each Doc here, so a broken one fails here
        except Exception as err:
            raise not_a_docbin(file, data, err) from None
        if doc is None:
            return
        user_id = doc.user_data.get("id")
        yield SourceDoc(user_id if isinstance(user_id, str) else f"doc {k}", doc.text, doc_spans(doc, k), file,
                        sentences=sentences(doc))


def inflated_size(data: bytes, limit: int) -> int | None:
    """The size of ``data`` decompressed by zlib (as ``DocBin.from_bytes`` does), counted ``CHUNK_BYTES`` at a time
    and never held whole; None once it passes ``limit``. ``zlib.error`` for bytes that are not zlib's."""
    inflate, size, rest = zlib.decompressobj(), 0, data
    while not inflate.eof:
        chunk = inflate.decompress(rest, CHUNK_BYTES)
        size += len(chunk)
        if size > limit:
            return None
        rest = inflate.unconsumed_tail
        if not chunk and not rest:
            break  # the input is spent before its end: spaCy says what is wrong with it
    return size


def not_a_docbin(file: str, data: bytes, err: Exception) -> InvalidInput:
    """The problem of a file spaCy cannot read as a DocBin, with its error and the file's first bytes."""
    detail = f"not a spaCy DocBin: {type(err).__name__}: {str(err)[:100]} (the file starts {data[:16]!r})"
    return InvalidInput([Problem(file, None, "-", "docbin", detail)])
