"""What every export needs of the gold: each document with its sentences (tokens), mentions and boilerplate.

Like spaCy's ``offsets_to_biluo_tags``, a span off token boundaries raises
``MisalignedSpan``; nothing is moved.

>>> docs = load_gold()
>>> docs[0].id, docs[0].sentences[0].tokens[0]
('d000', ('Putin', 0, 5))
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsprep.eval.data import gold
from newsprep.eval.data.dataset import CONFIGS, folder, records
from newsprep.eval.data.tokens import MisalignedSpan, misalignment, spans_to_tags, token_rows
from newsprep.eval.types import Mention, Span

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
    segments = records("segments", root)
    flags = {s["id"]: s["boilerplate"] for s in segments}
    mentions = {r["doc"]: r["mentions"] for r in present("entities", root)}
    boiler = {r["doc"]: r["spans"] for r in present("boilerplate", root)}
    texts = {d["id"]: d["text"] for d in records("documents", root)}
    sentences: dict[str, list[Sentence]] = {d: [] for d in texts}
    tokens = records("tokens", root) if has_layer("tokens", root) else token_rows(texts, segments, mentions)
    for row in tokens:
        toks = tuple(zip(row["tokens"], row["starts"], row["ends"]))
        sentences[row["doc"]].append(Sentence(row["id"], flags[row["id"]], toks))
    return [GoldDoc(d, text, tuple(sentences[d]), tuple(sorted(gold.mentions(mentions.get(d, [])))),
                    gold.boilerplate_spans(boiler.get(d, [])))
            for d, text in sorted(texts.items())]


def has_layer(name: str, root: Path | None) -> bool:
    """Whether the dataset folder holds the layer: one's own corpus (``newsprep import``) may lack boilerplate,
    entities and their tokens."""
    return (folder(root) / CONFIGS[name].path).is_file()


def present(name: str, root: Path | None) -> list[dict]:
    """The records of a layer the folder may lack; none where it does."""
    return records(name, root) if has_layer(name, root) else []


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
