"""A spaCy ``DocBin`` (``newsprep.spacy``, needs the ``spacy``
extra). Each ``Doc`` has the gold tokens as its words (runs of white space
other than one space become white-space tokens, spaCy's convention), so that
``doc.text`` is the article text; gold sentences as sentence starts; the
mentions as ``doc.ents`` with the entity id as ``kb_id_``; boilerplate in
``doc.spans["boilerplate"]``; the document id in ``doc.user_data["id"]``.

>>> from newsprep.eval.export.gold import load_gold
>>> spacy_docs(load_gold())[0].ents[0].text
'Putin'
"""
from __future__ import annotations

import os
from pathlib import Path

from newsprep.eval.data.tokens import MisalignedSpan, misalignment
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.export.gold import GoldDoc, describe
from newsprep.eval.io.progress import Progress, advance


def spacy_layout(doc: GoldDoc) -> tuple[list[str], list[bool], list[bool]]:
    """Words, trailing-space flags and sentence starts whose concatenation is exactly ``doc.text``.

    One space after a token is its trailing space; any other white space
    becomes a token of its own, as spaCy's tokenizer does.
    """
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool] = []
    first = {s.tokens[0][1] for s in doc.sentences if s.tokens}
    pos, seen_token = 0, False
    for token, start, end in [t for s in doc.sentences for t in s.tokens] + [("", len(doc.text), len(doc.text))]:
        gap = doc.text[pos:start]
        if start < pos or gap.strip():
            raise NewsPrepError(f"{doc.id}: text [{pos}, {start}) {gap[:30]!r} lies in no token, or tokens overlap")
        if gap.startswith(" ") and words:
            spaces[-1], gap = True, gap[1:]
        for word, is_token in ((gap, False), (token, True)):
            if word:  # a sentence starts at the first word, and at each later gold sentence's first token
                starts.append(not words or (is_token and seen_token and start in first))
                words.append(word)
                spaces.append(False)
                seen_token = seen_token or is_token
        pos = end
    return words, spaces, starts


def spacy_docs(docs: list[GoldDoc], *, progress: Progress | None = None) -> list:
    """One spaCy ``Doc`` per document (see the module docstring for what it holds); ``progress`` (an object
    with ``update(n)``) is told of each document done."""
    try:
        import spacy
        from spacy.tokens import Doc
    except ImportError:
        raise NewsPrepError("the docbin format needs spaCy: pip install 'newsprep[spacy]'") from None
    vocab = spacy.blank("en").vocab
    out = []
    for gold in docs:
        words, spaces, starts = spacy_layout(gold)
        # spaCy annotates sent_starts as list[bool | int | None]; a list[bool] is one (list is invariant to mypy)
        doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)  # type: ignore[arg-type]
        if doc.text != gold.text:
            raise NewsPrepError(f"{gold.id}: the spaCy Doc does not reproduce the text")

        def span(start, end, label, kb_id="", doc=doc, gold=gold):  # this document's, bound now (ruff B023)
            found = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="strict")
            if found is None:
                raise MisalignedSpan(f"{describe(gold, start, end, label)} does not fall on token boundaries: "
                                     + misalignment([(t.text, t.idx, t.idx + len(t)) for t in doc], start, end))
            return found

        doc.ents = [span(m.start, m.end, m.type, m.entity_id or "") for m in gold.mentions]
        doc.spans["boilerplate"] = [span(b.start, b.end, b.label) for b in gold.boilerplate]
        doc.user_data["id"] = gold.id
        out.append(doc)
        advance(progress, 1)
    return out


def read_docbin(path: str | os.PathLike) -> dict:
    """The ``Doc`` objects of a DocBin file keyed by ``doc.user_data["id"]``."""
    import spacy
    from spacy.tokens import DocBin

    docs = DocBin().from_bytes(Path(path).read_bytes()).get_docs(spacy.blank("en").vocab)
    return {doc.user_data["id"]: doc for doc in docs}




def docbin_files(docs: list[GoldDoc], *, progress: Progress | None = None) -> dict[str, bytes]:
    made = spacy_docs(docs, progress=progress)  # first: without spaCy it raises NewsPrepError naming the extra to install
    from spacy.tokens import DocBin

    return {"newsprep.spacy": DocBin(docs=made, store_user_data=True).to_bytes()}
