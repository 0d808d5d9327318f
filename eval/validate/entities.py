"""Rules of the gold entity layer, the entity table and the derived token view.

The consistency linter: in each document, every other occurrence of an
annotated surface string (as a whole word, same case) must be annotated with
the same span, lie inside a larger mention, or be listed with a reason in
``annotation/consistency_exceptions.jsonl``.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from newsprep.eval.data import dataset as data
from newsprep.eval.data.dataset import CONFIGS
from newsprep.eval.data.tokens import MisalignedSpan, tags_to_spans, token_rows, tokenize
from newsprep.eval.errors import Problem
from newsprep.eval.io.jsonl import file_problem, iter_jsonl
from newsprep.eval.types import NAMED_TYPES, overlap_problems, span_problems
from newsprep.eval.validate.layers import doc_texts, per_document

Rows = list[tuple[int, dict]]
EXCEPTIONS = "annotation/consistency_exceptions.jsonl"


def segments_by_doc(loaded: dict[str, Rows]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for _, seg in loaded["segments"]:
        out.setdefault(seg["doc"], []).append(seg)
    return out


def check_entities(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    file = CONFIGS["entities"].path
    texts = doc_texts(loaded)
    # A scoring-only synthetic dataset leaves out segments and the entity table: their rules are skipped.
    table = {e["entity_id"]: e for _, e in loaded["entity_table"]} if "entity_table" in loaded else None
    segs = segments_by_doc(loaded) if "segments" in loaded else None
    exceptions, problems = load_exceptions(root)
    yield from problems
    ids = entity_ids(root)
    records, problems = per_document(loaded["entities"], texts, file, "entity")
    yield from problems
    for line, record in records:
        doc = record["doc"]
        text, mentions = texts[doc], record["mentions"]
        bounds = {s for _, s, e in tokenize(text)} | {e for _, s, e in tokenize(text)}
        for i, m in enumerate(mentions):
            where = f"mentions[{i}]"
            found = list(span_problems(text, m["start"], m["end"], m["text"], single_line=True))
            for field, rule, detail in found:
                yield Problem(file, line, f"{where}.{field}", rule, detail)
            if found:
                continue
            if m["start"] not in bounds or m["end"] not in bounds:
                yield Problem(file, line, f"{where}.start", "token-boundary", f"{m['text']!r} [{m['start']}, {m['end']}) splits a token")
            if segs is not None and not any(s["start"] <= m["start"] and m["end"] <= s["end"] for s in segs.get(doc, [])):
                yield Problem(file, line, f"{where}.end", "within-segment", f"{m['text']!r} crosses a segment boundary")
            named, eid = m["type"] in NAMED_TYPES, m.get("entity_id")
            if not ids and eid is not None:
                yield Problem(file, line, f"{where}.entity_id", "entity-id-null",
                              f"{eid!r}: this corpus has no entity ids (manifest imported.entity_ids is false)")
            elif not ids:
                pass
            elif named and eid is None:
                yield Problem(file, line, f"{where}.entity_id", "entity-id-required", f"{m['type']} {m['text']!r} has no entity_id")
            elif not named and eid is not None:
                yield Problem(file, line, f"{where}.entity_id", "entity-id-null", f"value type {m['type']} carries {eid!r}")
            elif table is None:
                pass
            elif named and eid not in table:
                yield Problem(file, line, f"{where}.entity_id", "known-entity", f"{eid!r} is not in the entity table")
            elif named and table[eid]["type"] != m["type"]:
                yield Problem(file, line, f"{where}.type", "entity-type-consistent", f"{eid!r} is {table[eid]['type']} in the table, {m['type']} here")
        for i, rule, detail in overlap_problems((m["start"], m["end"]) for m in mentions):
            yield Problem(file, line, f"mentions[{i}].start", rule, detail)
        yield from consistency(file, line, doc, text, mentions, exceptions)


def entity_ids(root: Path) -> bool:
    """Whether named mentions carry cross-document ids: always in NewsPrep's own data; in an imported corpus
    as its manifest says (``imported.entity_ids``), since most annotation tools have no field for them."""
    block = data.imported(root)
    return block is None or block.get("entity_ids") is not False


def load_exceptions(root: Path) -> tuple[dict[tuple[str, int, int], str], list[Problem]]:
    """The optional list of unannotated occurrences that are right as they are, and its problems."""
    path = root / EXCEPTIONS
    if not path.exists() and not path.is_symlink():
        return {}, []
    problem = file_problem(path, EXCEPTIONS)
    if problem:
        return {}, [problem]
    out, problems = {}, []
    for line, row, problem in iter_jsonl(path, label=EXCEPTIONS):
        if problem:
            problems.append(problem)
            continue
        assert row is not None  # iter_jsonl gives exactly one of record and problem
        if isinstance(row.get("doc"), str) and type(row.get("start")) is int and type(row.get("end")) is int:
            out[(row["doc"], row["start"], row["end"])] = str(row.get("reason", ""))
        else:
            problems.append(Problem(EXCEPTIONS, line, "-", "exception-record", "needs doc (string), start and end (integers), reason"))
    return out, problems


def unannotated_occurrences(doc: str, text: str, mentions: list[dict]) -> list[tuple[int, int, str]]:
    """Whole-word, same-case occurrences of annotated surfaces that no mention covers."""
    spans = {(m["start"], m["end"]) for m in mentions}
    annotated = Counter(m["text"] for m in mentions)
    out = []
    for surface in sorted(annotated):
        if text.count(surface) == annotated[surface] and not self_overlapping(surface):
            continue  # every occurrence is a mention (the mentions are as many disjoint occurrences as fit)
        for match in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
            s, e = match.span()
            if (s, e) in spans or any(m["start"] <= s and e <= m["end"] for m in mentions):
                continue
            out.append((s, e, surface))
    return out


def self_overlapping(surface: str) -> bool:
    """Whether two occurrences of ``surface`` can overlap ("a a" in "a a a").

    >>> self_overlapping("Putin"), self_overlapping("a a")
    (False, True)
    """
    return any(surface[:k] == surface[-k:] for k in range(1, len(surface)))


def consistency(file, line, doc, text, mentions, exceptions) -> Iterable[Problem]:
    for s, e, surface in unannotated_occurrences(doc, text, mentions):
        if (doc, s, e) not in exceptions:
            yield Problem(file, line, "mentions", "consistency",
                          f"{surface!r} at [{s}, {e}) is annotated elsewhere in {doc} but not here, and is not a listed exception")


def check_entity_table(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    file = CONFIGS["entity_table"].path
    used = {m["entity_id"] for _, r in loaded["entities"] for m in r["mentions"] if m.get("entity_id")}
    seen: dict[str, int] = {}
    for line, row in loaded["entity_table"]:
        eid = row["entity_id"]
        if eid in seen:
            yield Problem(file, line, "entity_id", "unique-id", f"{eid!r} already on line {seen[eid]}")
        seen[eid] = line
        if eid not in used:
            yield Problem(file, line, "entity_id", "used", f"{eid!r} has no mention")


def check_tokens(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """The token view equals its derivation from the spans, and tags → spans gives the spans back."""
    file = CONFIGS["tokens"].path
    texts = doc_texts(loaded)
    mentions = {r["doc"]: r["mentions"] for _, r in loaded["entities"]}
    try:
        known = [s for _, s in loaded["segments"] if s["doc"] in texts]  # unknown docs are reported by check_segments
        expected = {r["id"]: r for r in token_rows(texts, known, mentions)}
    except MisalignedSpan as err:
        yield Problem(file, None, "-", "token-boundary", str(err))
        return
    rows = loaded["tokens"]
    if len(rows) != len(expected):
        yield Problem(file, None, "-", "derived", f"{len(rows)} rows, {len(expected)} segments")
    for line, row in rows:
        want = expected.get(row["id"])
        if want != row:
            yield Problem(file, line, "ner_tags", "derived", f"row {row['id']!r} differs from the derivation from gold spans")
            continue
        toks = list(zip(row["tokens"], row["starts"], row["ends"]))
        back = tags_to_spans(toks, row["ner_tags"])
        gold = [(m["start"], m["end"], m["type"]) for m in mentions.get(row["doc"], [])
                if row["starts"] and row["starts"][0] <= m["start"] and m["end"] <= row["ends"][-1]]
        if back != gold:
            yield Problem(file, line, "ner_tags", "round-trip", f"tags of {row['id']!r} give {back[:2]}…, spans are {gold[:2]}…")


