"""Exports of the gold layers to the formats course tools read, and a reader for each.

- ``conll``: CoNLL-2003-style BIO text (``newsprep.conll``): one ``token TAG`` line
  per gold token, a blank line after each gold sentence (the ``segments``
  layer), and ``-DOCSTART- -X- O O`` before each document, the line that
  ``spacy convert`` splits documents on. Documents come in id order. Every
  token is written, boilerplate included, because the entity layer covers the
  whole text; ``content_only=True`` leaves out the sentences inside boilerplate.
- ``brat``: brat standoff, ``dNNN.txt`` (the article text, byte for byte) and
  ``dNNN.ann`` per document, plus ``annotation.conf``. Entities are ``T`` lines
  typed by their OntoNotes type, with the entity id as an ``AnnotatorNotes``
  line; boilerplate spans are ``Boilerplate`` entities with a ``Category``
  attribute. Offsets are code points, as in brat itself. A span holding a line
  end would be split into fragments (``start1 end1;start2 end2``); no gold span
  holds one.
- ``docbin``: a spaCy ``DocBin`` (``newsprep.spacy``, needs the ``spacy``
  extra). Each ``Doc`` has the gold tokens as its words (runs of white space
  other than one space become white-space tokens, spaCy's convention), so that
  ``doc.text`` is the article text; gold sentences as sentence starts; the
  mentions as ``doc.ents`` with the entity id as ``kb_id_``; boilerplate in
  ``doc.spans["boilerplate"]``; the document id in ``doc.user_data["id"]``.

Like spaCy's ``offsets_to_biluo_tags``, a span off token boundaries raises
``MisalignedSpan``; nothing is moved. ``export`` validates the data first
(``validate_data``), builds every file in memory, then writes them to a
temporary folder beside the target and renames it: an export is complete or
absent.

>>> lines = conll_text(load_gold()).splitlines()
>>> lines[:4]
['-DOCSTART- -X- O O', '', 'Putin B-PERSON', 'arrives O']
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsprep.eval.data.dataset import data_version, records
from newsprep.eval.data.tokens import MisalignedSpan, misalignment, spans_to_tags, tags_to_spans
from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem
from newsprep.eval.io.atomic import write_folder
from newsprep.eval.types import CATEGORIES, TYPES, Mention, Span
from newsprep.eval.validate.dataset import validate_data

DOCSTART = "-DOCSTART- -X- O O"
Token = tuple[str, int, int]


@dataclass(frozen=True)
class Sentence:
    """One gold segment as tokens; ``boilerplate`` is the segment's flag."""

    id: str
    boilerplate: bool
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class GoldDoc:
    """What an export needs of one document."""

    id: str
    text: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    boilerplate: tuple[Span, ...]


def load_gold(root: Path | None = None) -> list[GoldDoc]:
    """The documents with their tokens, mentions and boilerplate, in id order.

    Expects data that passes ``validate_data`` (``export`` checks that first).
    """
    flags = {s["id"]: s["boilerplate"] for s in records("segments", root)}
    mentions = {r["doc"]: r["mentions"] for r in records("entities", root)}
    boiler = {r["doc"]: r["spans"] for r in records("boilerplate", root)}
    texts = {d["id"]: d["text"] for d in records("documents", root)}
    sentences: dict[str, list[Sentence]] = {d: [] for d in texts}
    for row in records("tokens", root):
        toks = tuple(zip(row["tokens"], row["starts"], row["ends"]))
        sentences[row["doc"]].append(Sentence(row["id"], flags[row["id"]], toks))
    return [GoldDoc(d, text, tuple(sentences[d]),
                    tuple(sorted(Mention(m["start"], m["end"], m["type"], m.get("entity_id")) for m in mentions.get(d, []))),
                    tuple(sorted(Span(s["start"], s["end"], s["category"]) for s in boiler.get(d, []))))
            for d, text in sorted(texts.items())]


def describe(doc: GoldDoc, start: int, end: int, label: str) -> str:
    return f"{doc.id}: span [{start}, {end}) {label} {doc.text[start:end]!r}"


def sentence_tags(doc: GoldDoc) -> list[list[str]]:
    """IOB2 tags of each sentence of ``doc``, from its mentions.

    Raises ``MisalignedSpan`` for a mention off token boundaries or across two sentences.
    """
    tokens = [t for s in doc.sentences for t in s.tokens]
    for m in doc.mentions:
        reason = misalignment(tokens, m.start, m.end)
        if reason:
            raise MisalignedSpan(f"{describe(doc, m.start, m.end, m.type)} does not fall on token boundaries: {reason}")
    tags = spans_to_tags(tokens, [(m.start, m.end, m.type) for m in doc.mentions])
    out, i = [], 0
    for s in doc.sentences:
        out.append(tags[i:i + len(s.tokens)])
        if out[-1] and out[-1][0].startswith("I-"):
            m = next(m for m in doc.mentions if m.start < s.tokens[0][1] < m.end)
            raise MisalignedSpan(f"{describe(doc, m.start, m.end, m.type)} crosses the start of sentence {s.id} "
                                 f"at {s.tokens[0][1]}")
        i += len(s.tokens)
    return out


# --- CoNLL ----------------------------------------------------------------

def conll_text(docs: list[GoldDoc], *, content_only: bool = False) -> str:
    """CoNLL-2003-style BIO text of ``docs``; ``content_only`` drops sentences inside boilerplate."""
    lines = []
    for doc in docs:
        lines += [DOCSTART, ""]
        for sentence, tags in zip(doc.sentences, sentence_tags(doc)):
            if not sentence.tokens or (content_only and sentence.boilerplate):
                continue
            for (token, start, _), tag in zip(sentence.tokens, tags):
                if not token or any(c.isspace() for c in token):
                    raise NewsPrepError(f"{doc.id}: token {token!r} at {start} cannot be written as a CoNLL column")
                lines.append(f"{token} {tag}")
            lines.append("")
    return "\n".join(lines)


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


# --- brat -----------------------------------------------------------------

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


# --- spaCy DocBin ---------------------------------------------------------

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


def spacy_docs(docs: list[GoldDoc]) -> list:
    """One spaCy ``Doc`` per document (see the module docstring for what it holds)."""
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
    return out


def read_docbin(path: str | os.PathLike) -> dict:
    """The ``Doc`` objects of a DocBin file keyed by ``doc.user_data["id"]``."""
    import spacy
    from spacy.tokens import DocBin

    docs = DocBin().from_bytes(Path(path).read_bytes()).get_docs(spacy.blank("en").vocab)
    return {doc.user_data["id"]: doc for doc in docs}


# --- writing ----------------------------------------------------------------

def conll_files(docs: list[GoldDoc], *, content_only: bool = False) -> dict[str, bytes]:
    return {"newsprep.conll": conll_text(docs, content_only=content_only).encode("utf-8")}


def brat_files(docs: list[GoldDoc]) -> dict[str, bytes]:
    files = {"annotation.conf": BRAT_CONF.encode("utf-8")}
    for doc in docs:
        files[f"{doc.id}.txt"] = doc.text.encode("utf-8")
        files[f"{doc.id}.ann"] = brat_ann(doc).encode("utf-8")
    return files


def docbin_files(docs: list[GoldDoc]) -> dict[str, bytes]:
    from spacy.tokens import DocBin

    return {"newsprep.spacy": DocBin(docs=spacy_docs(docs), store_user_data=True).to_bytes()}


FORMATS: dict[str, Callable[[list[GoldDoc]], dict[str, bytes]]] = {
    "conll": conll_files, "brat": brat_files, "docbin": docbin_files}


def export(fmt: str, out: str | os.PathLike, *, root: Path | None = None, content_only: bool = False,
           overwrite: bool = False) -> list[Path]:
    """Export the gold layers of the dataset at ``root`` (default: the embedded one) as ``fmt`` into ``out``.

    The data is validated first (``InvalidInput`` lists every problem);
    ``content_only`` applies to ``conll`` only. Returns the paths written.
    """
    if fmt not in FORMATS:
        raise NewsPrepError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if content_only and fmt != "conll":
        raise NewsPrepError("content_only applies to the conll format only")
    problems = validate_data(root)
    if problems:
        raise InvalidInput(problems)
    docs = load_gold(root)
    files = conll_files(docs, content_only=content_only) if fmt == "conll" else FORMATS[fmt](docs)
    files["VERSION"] = f"NewsPrep data {data_version(root)}, format {fmt}{', content only' if content_only else ''}\n".encode()

    def fill(tmp: Path) -> list[Path]:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
        return [Path(out) / name for name in files]
    return write_folder(out, fill, overwrite=overwrite, hint="choose another folder, or overwrite it (--force)")
