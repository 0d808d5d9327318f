"""CoNLL-2003-style BIO text (``newsprep.conll``): one ``token TAG`` line
per gold token, a blank line after each gold sentence (the ``segments``
layer), and ``-DOCSTART- -X- O O`` before each document, the line that
``spacy convert`` splits documents on. Documents come in id order. Every
token is written, boilerplate included, because the entity layer covers the
whole text; ``content_only=True`` leaves out the sentences inside boilerplate.

The tokens are NewsPrep's (``tokens="newsprep"``, the token layer) or the text's words (``tokens="words"``):
the runs of non-white-space characters of each sentence, cut where a mention starts or ends. A corpus
imported from CoNLL (``newsprep.eval.corpus.formats.conll``) joins its tokens by one space, so its words
are its tokens again and the file it exports is the file it was imported from.

>>> from newsprep.eval.export.gold import load_gold
>>> conll_text(load_gold()).splitlines()[:4]
['-DOCSTART- -X- O O', '', 'Putin B-PERSON', 'arrives O']
"""
from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from pathlib import Path

from newsprep.eval.data.tokens import tags_to_spans
from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem, wrong_argument
from newsprep.eval.export.gold import GoldDoc, Token, sentence_tags
from newsprep.eval.io.progress import Progress, advance
from newsprep.eval.types import Mention

DOCSTART = "-DOCSTART- -X- O O"


TOKENS = ("newsprep", "words")


def conll_text(docs: list[GoldDoc], *, content_only: bool = False, progress: Progress | None = None,
               tokens: str = "newsprep") -> str:
    """CoNLL-2003-style BIO text of ``docs``; ``content_only`` drops sentences inside boilerplate; ``progress``
    (an object with ``update(n)``) is told of each document done; ``tokens`` is ``"newsprep"`` or ``"words"``.

    >>> from newsprep.eval.export.gold import Sentence
    >>> doc = GoldDoc("d", "Putin's visit", (Sentence("d-s1", False, (("Putin", 0, 5), ("'", 5, 6), ("s", 6, 7),
    ...     ("visit", 8, 13))),), (Mention(0, 5, "PERSON"),), ())
    >>> conll_text([doc], tokens="words").splitlines()[2:]
    ['Putin B-PERSON', "'s O", 'visit O']
    """
    if tokens not in TOKENS:
        raise wrong_argument("conll_text", "tokens", "'newsprep' or 'words'", tokens, rule="choice")
    lines = []
    for doc in docs:
        if tokens == "words":
            doc = replace(doc, sentences=tuple(replace(s, tokens=words(doc, s.tokens)) for s in doc.sentences))
        lines += [DOCSTART, ""]
        for sentence, tags in zip(doc.sentences, sentence_tags(doc)):
            if not sentence.tokens or (content_only and sentence.boilerplate):
                continue
            for (token, start, _), tag in zip(sentence.tokens, tags):
                if not token or any(c.isspace() for c in token) or token == "-DOCSTART-":
                    raise NewsPrepError(f"{doc.id}: token {token!r} at {start} cannot be written as a CoNLL column")
                lines.append(f"{token} {tag}")
            lines.append("")
        advance(progress, 1)
    return "\n".join(lines)


WORD = re.compile(r"\S+")


def words(doc: GoldDoc, tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The words of the text from the first of ``tokens`` to the last, cut at the starts and ends of mentions.

    >>> doc = GoldDoc("d", "Soviet-style  Kremlin", (), (Mention(0, 6, "NORP"),), ())
    >>> words(doc, (("Soviet", 0, 6), ("Kremlin", 14, 21)))
    (('Soviet', 0, 6), ('-style', 6, 12), ('Kremlin', 14, 21))
    """
    if not tokens:
        return ()
    cuts = sorted({m.start for m in doc.mentions} | {m.end for m in doc.mentions})
    out = []
    for run in WORD.finditer(doc.text, tokens[0][1], tokens[-1][2]):
        start, end = run.span()
        bounds = [start, *cuts[bisect_right(cuts, start):bisect_left(cuts, end)], end]
        out += [(doc.text[a:b], a, b) for a, b in zip(bounds, bounds[1:])]
    return tuple(out)


TAG = re.compile(r"O|[BI]-\S+")


def parse_conll(path: Path) -> list[list[list[tuple[str, str, int]]]]:
    """Documents → sentences → ``(token, tag, line)``; the first column is the token, the last the tag."""
    label, problems = str(path), []
    docs: list[list[list[tuple[str, str, int]]]] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), start=1):
        cols = line.split()
        if cols[:1] == ["-DOCSTART-"]:
            docs.append([[]])
        elif not cols:
            if docs and docs[-1][-1]:
                docs[-1].append([])
        elif not docs:
            problems.append(Problem(label, number, "-", "docstart", "a token before the first -DOCSTART- line"))
        elif len(cols) < 2 or not TAG.fullmatch(cols[-1]):
            problems.append(Problem(label, number, "tag", "bio-tag", f"{line[:60]!r}: expected 'TOKEN ... TAG' with TAG O, B-X or I-X"))
        else:
            docs[-1][-1].append((cols[0], cols[-1], number))
    if problems:
        raise InvalidInput(problems)
    return [[s for s in doc if s] for doc in docs]


def next_char(text: str, pos: int, skip: list[tuple[int, int]]) -> int:
    """The first position at or after ``pos`` that is neither white space nor inside a skipped span."""
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        jump = next((end for start, end in skip if start <= pos < end), None)
        if jump is None:
            return pos
        pos = jump


def align(doc_id: str, text: str, sentences: list, holes: list[tuple[int, int]], label: str) -> list[Mention]:
    """Place each token of one document on ``text`` in order; raise ``InvalidInput`` at the first that does not fit."""
    pos, spans = 0, []
    for sentence in sentences:
        toks = []
        for token, _, number in sentence:
            pos = next_char(text, pos, holes)
            if not text.startswith(token, pos):
                raise InvalidInput([Problem(label, number, "token", "alignment",
                                            f"{doc_id}: {token!r} is not the text at {pos} ({text[pos:pos + 20]!r})")])
            toks.append((token, pos, pos + len(token)))
            pos += len(token)
        spans += tags_to_spans(toks, [tag for _, tag, _ in sentence])
    rest = next_char(text, pos, holes)
    if rest < len(text):
        raise InvalidInput([Problem(label, None, "token", "alignment",
                                    f"{doc_id}: the text from {rest} ({text[rest:rest + 20]!r}) has no token")])
    return [Mention(s, e, t) for s, e, t in spans]


def read_conll(path: str | os.PathLike, texts: dict[str, str], *,
               skip: dict[str, list[tuple[int, int]]] | None = None) -> dict[str, list[Mention]]:
    """Character spans from a BIO file whose documents are ``texts``, in that order.

    The tokens may come from any tokeniser as long as they spell out each text
    in order, white space and the ``skip`` spans (e.g. boilerplate left out of
    a ``content_only`` export) aside; otherwise ``InvalidInput`` names the line.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.conll"
    >>> _ = path.write_text("-DOCSTART- -X- O O\\n\\nKim B-PERSON\\nJong I-PERSON\\nUn I-PERSON\\nleft O\\n")
    >>> read_conll(path, {"d": "Kim Jong Un left"})
    {'d': [Mention(start=0, end=11, type='PERSON', entity_id=None)]}
    """
    label, docs = str(path), parse_conll(Path(path))
    if len(docs) != len(texts):
        raise InvalidInput([Problem(label, None, "-DOCSTART-", "document-count", f"{len(docs)} documents, expected {len(texts)}")])
    out, problems = {}, []
    for (doc_id, text), sentences in zip(texts.items(), docs):
        try:
            out[doc_id] = align(doc_id, text, sentences, sorted((skip or {}).get(doc_id, [])), label)
        except InvalidInput as err:
            problems += err.problems
    if problems:
        raise InvalidInput(problems)
    return out


def conll_files(docs: list[GoldDoc], *, content_only: bool = False, progress: Progress | None = None,
                tokens: str = "newsprep") -> dict[str, bytes]:
    """The file of a CoNLL export: ``newsprep.conll``, ``conll_text`` in UTF-8."""
    text = conll_text(docs, content_only=content_only, progress=progress, tokens=tokens)
    return {"newsprep.conll": text.encode("utf-8")}
