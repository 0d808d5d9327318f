"""Boundary effects: the articles' own boundary errors, judged by the four SemEval-2013 schemes side by side.

Each ``Example`` is found in the gold by a rule (a determiner before a mention, a title before a name, a
possessive between two mentions...) and pairs the gold mentions around it with what a system typically
predicts there. ``credit`` runs the harness's own matching (``metrics.entities``) on that small case. These
are the numbers of ``docs/boundaries.md``.

>>> cold_war = examples()[0]
>>> cold_war.predicted_text
'the Cold War'
>>> {scheme: verdict(c) for scheme, c in credit(cold_war).items()}
{'strict': 'incorrect', 'exact': 'incorrect', 'partial': 'partial', 'type': 'correct'}
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from newsprep.eval.data.dataset import documents, records
from newsprep.eval.metrics.entities import SCHEMES, SemEvalCounts, document_counts
from newsprep.eval.metrics.prf import prf
from newsprep.eval.types import Mention

CONTEXT = 30  # characters of text shown on each side of an example


@dataclass(frozen=True)
class Example:
    """Gold mentions and a system's mentions over the same stretch of one document."""

    title: str
    doc: str
    text: str  # the document's text
    gold: tuple[Mention, ...]
    predicted: tuple[Mention, ...]

    @property
    def gold_text(self) -> str:
        return " + ".join(self.text[m.start:m.end] for m in self.gold)

    @property
    def predicted_text(self) -> str:
        return " + ".join(self.text[m.start:m.end] for m in self.predicted)

    def context(self) -> str:
        """The text around the example, on one line."""
        start = min(m.start for m in self.gold + self.predicted)
        end = max(m.end for m in self.gold + self.predicted)
        before = self.text[max(0, start - CONTEXT):start].split("\n")[-1]
        after = self.text[end:end + CONTEXT].split("\n")[0]
        return f"…{before}{self.text[start:end]}{after}…"


def credit(example: Example) -> dict[str, SemEvalCounts]:
    """The SemEval-2013 counts of the example under each scheme (strict, exact, partial, type)."""
    return {name: scheme.count(list(example.gold), list(example.predicted)) for name, scheme in SCHEMES.items()}


def verdict(counts: SemEvalCounts) -> str:
    """The counts in words: ``'partial'``, ``'incorrect, 1 missed'``…

    >>> verdict(SemEvalCounts(correct=1, missed=1))
    'correct, 1 missed'
    """
    parts = []
    for name in ("correct", "incorrect", "partial", "spurious", "missed"):
        n = getattr(counts, name)
        if n:
            parts.append(name if n == 1 and name not in ("spurious", "missed") else f"{n} {name}")
    return ", ".join(parts)


def f1(counts: SemEvalCounts) -> float:
    """F1 of the example alone: a partial match earns half."""
    return prf(counts.counts()).f1


Finder = Callable[[str, list[Mention]], Example | None]


def first(text: str, gold: list[Mention], test: Callable[[int, Mention], bool]) -> int | None:
    return next((i for i, m in enumerate(gold) if test(i, m)), None)


def determiner(doc: str, text: str, gold: list[Mention]) -> Example | None:
    i = first(text, gold, lambda i, m: text[m.start:m.end] == "Cold War" and text[m.start - 4:m.start] == "the ")
    if i is None:
        return None
    m = gold[i]
    return Example("a determiner kept", doc, text, (m,), (Mention(m.start - 4, m.end, m.type),))


def title(doc: str, text: str, gold: list[Mention]) -> Example | None:
    i = first(text, gold, lambda i, m: m.type == "PERSON" and text[m.start - 10:m.start] == "President "
              and len(text[m.start:m.end].split()) == 2)
    if i is None:
        return None
    m = gold[i]
    return Example("a title swallowed", doc, text, (m,), (Mention(m.start - 10, m.end, m.type),))


def punctuation(doc: str, text: str, gold: list[Mention]) -> Example | None:
    i = first(text, gold, lambda i, m: m.type == "GPE" and text[m.end:m.end + 1] == ",")
    if i is None:
        return None
    m = gold[i]
    return Example("one character more: a comma", doc, text, (m,), (Mention(m.start, m.end + 1, m.type),))


def possessive(doc: str, text: str, gold: list[Mention]) -> Example | None:
    i = first(text, gold, lambda i, m: text[m.end:m.end + 2] in ("’s", "'s") and i + 1 < len(gold)
              and gold[i + 1].start == m.end + 3 and m.type == "GPE" and gold[i + 1].type == "ORG")
    if i is None:
        return None
    m = gold[i]
    return Example("a possessive kept", doc, text, (m,), (Mention(m.start, m.end + 2, m.type),))


def merged(doc: str, text: str, gold: list[Mention]) -> Example | None:
    found = possessive(doc, text, gold)
    if found is None:
        return None
    m = found.gold[0]
    after = next(g for g in gold if g.start == m.end + 3)
    return Example("two mentions merged", doc, text, (m, after), (Mention(m.start, after.end, after.type),))


def split(doc: str, text: str, gold: list[Mention]) -> Example | None:
    i = first(text, gold, lambda i, m: text[m.start:m.end] == "Thursday morning")
    if i is None:
        return None
    m = gold[i]
    cut = m.start + len("Thursday")
    return Example("one mention split", doc, text, (m,), (Mention(m.start, cut, "DATE"), Mention(cut + 1, m.end, m.type)))


def retyped(doc: str, text: str, gold: list[Mention]) -> Example | None:
    i = first(text, gold, lambda i, m: text[m.start:m.end] == "Nhan Dan")
    if i is None:
        return None
    m = gold[i]
    return Example("right boundaries, another type", doc, text, (m,), (Mention(m.start, m.end, "PERSON"),))


FINDERS = (determiner, title, punctuation, possessive, merged, split, retyped)


def examples(root: str | os.PathLike | None = None) -> list[Example]:
    """One example per kind of error, each the first place in the documents where the gold has one."""
    texts = {doc: d["text"] for doc, d in documents(root).items()}
    gold = {r["doc"]: sorted(Mention(m["start"], m["end"], m["type"]) for m in r["mentions"])
            for r in records("entities", root)}
    out = []
    for finder in FINDERS:
        found = next((e for doc in texts if (e := finder(doc, texts[doc], gold.get(doc, []))) is not None), None)
        if found is not None:
            out.append(found)
    return out


def perturbed(text: str, gold: list[Mention]) -> list[Mention]:
    """A system's kind of errors on one document's gold: a determiner kept ("the Cold War"), every 7th mention
    missed, every 5th typed ORG.

    >>> text = "after the Cold War, Hanoi"
    >>> perturbed(text, [Mention(10, 18, "EVENT"), Mention(20, 25, "GPE")])
    [Mention(start=6, end=18, type='EVENT', entity_id=None), Mention(start=20, end=25, type='ORG', entity_id=None)]
    """
    out = []
    for k, m in enumerate(gold):
        if k % 7 == 3:
            continue
        start = m.start - 4 if text[max(0, m.start - 4):m.start].lower() == "the " else m.start
        out.append(Mention(start, m.end, "ORG" if k % 5 == 1 and m.type != "ORG" else m.type))
    return out


@dataclass(frozen=True)
class Averages:
    """Micro and macro (over types) F1 of each scheme for one system over all documents."""

    micro: dict[str, float]
    macro: dict[str, float]


def averages(system: Callable[[str, list[Mention]], list[Mention]] = perturbed,
             root: str | os.PathLike | None = None) -> Averages:
    """Micro F1 and macro F1 over types, per scheme, of ``system`` (a function of a document's text and gold)
    on every document; macro averages the types with gold or predicted mentions, as ``score`` does.

    >>> found = averages()
    >>> found.macro["exact"] == found.macro["strict"], found.micro["exact"] > found.micro["strict"]
    (True, True)
    """
    texts = {doc: d["text"] for doc, d in documents(root).items()}
    totals: dict[str, SemEvalCounts] = {}
    for r in records("entities", root):
        gold = sorted(Mention(m["start"], m["end"], m["type"]) for m in r["mentions"])
        for key, counts in document_counts(gold, system(texts[r["doc"]], gold)).items():
            totals[key] = totals.get(key, SemEvalCounts()) + counts
    micro = {name: f1(totals[name]) for name in SCHEMES}
    macro = {}
    for name in SCHEMES:
        per_type = [c for key, c in totals.items() if key.startswith(f"{name}:") and c.counts().gold + c.counts().predicted]
        macro[name] = sum(f1(c) for c in per_type) / len(per_type) if per_type else 0.0
    return Averages(micro, macro)
