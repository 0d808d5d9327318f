"""The data validator's one streaming pass: a proof that a dataset folder's data files break no rule, in memory
that does not grow with the corpus.

Each data file is read once, line by line, in document order, and the layers are joined per document: at any
time the pass holds one document's records of each layer, plus compact state for the rules that span files
(the entity table and the ids it uses, the segment ids and boilerplate flags as sorted arrays for the pair
ends). Every rule of ``validate.dataset`` is checked here as a sufficient condition: ``Pass.certain`` is True
only where the exact validator would find no problem in the data files. Anything else (a line or record that
breaks a rule, a layer not in document order, a pair file not sorted) ends the pass, and the exact validator
reads the folder again to name every problem with its message. So a valid folder, the case that must scale,
is read once; a broken one costs a second, exact reading, and its messages are the exact validator's.

A record passes its JSON Schema where the quick check (``validate.quick``) says so, else where ``jsonschema``
finds no error. While it reads, the pass hashes each file and counts its records, for the manifest's rules.

>>> from newsprep.eval.data.dataset import dataset_dir
>>> run = Pass(dataset_dir(), omitted=set(), kind="real")
>>> run.certain, sorted(run.files)[0]
(True, 'data/boilerplate.jsonl')
"""
from __future__ import annotations

import hashlib
import itertools
import operator
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsprep.eval.data.dataset import CONFIGS, MARKERS, Config, doc_id
from newsprep.eval.data.pairs import SAME_CONTENT, in_band, round_half
from newsprep.eval.data.tokens import TOKEN
from newsprep.eval.io.jsonl import STREAMED_BYTES, file_problem, parse_line, read_lines
from newsprep.eval.io.progress import Progress, advance
from newsprep.eval.types import NAMED_TYPES, overlap_problems, span_problems
from newsprep.eval.validate.entities import consistency, entity_ids, load_exceptions
from newsprep.eval.validate.files import missing
from newsprep.eval.validate.quick import quick_check
from newsprep.eval.validate.raw import check_against_raw
from newsprep.eval.validate.schema import validator

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

PER_DOCUMENT = ("boilerplate", "segments", "entities", "tokens")  # the layers joined to each document
PAIR_BATCH = 1 << 16  # pair records looked up in the segment arrays at a time
PROGRESS_EVERY = 256  # documents between two updates of a progress bar


class Uncertain(Exception):
    """The pass cannot prove the folder valid; the exact validator names what is wrong."""


class Reader:
    """One data file read forward once: its records that meet the line rules and their schema, its sha256
    and its record count. A line or record that breaks a rule raises ``Uncertain``."""

    def __init__(self, root: Path, config: Config):
        self.config, self.path = config, root / config.path
        if missing(self.path) or file_problem(self.path, config.path, max_bytes=STREAMED_BYTES):
            raise Uncertain(config.path)
        self.digest, self.count = hashlib.sha256(), 0
        self.quick = quick_check(config.schema)
        self.exact: Draft202012Validator | None = None  # made on first use
        self.records = self.read()
        self.ahead: tuple[int, dict] | None = None
        self.done = False

    def read(self) -> Iterator[tuple[int, dict]]:
        name = self.config.path
        with open(self.path, "rb") as handle:
            for number, (raw, _) in enumerate(read_lines(handle), start=1):
                if raw is None:
                    raise Uncertain(f"{name}:{number}")
                self.digest.update(raw)
                if not raw.strip():
                    continue
                self.count += 1
                record, problem = parse_line(raw, name, number)
                if problem is not None or record is None or not (self.quick(record) or self.schema_holds(record)):
                    raise Uncertain(f"{name}:{number}")
                yield number, record
        if not self.count:
            raise Uncertain(name)  # the file holds no records

    def schema_holds(self, record: dict) -> bool:
        exact = self.exact = self.exact or validator(self.config.schema)
        return not any(True for _ in exact.iter_errors(record))

    def peek(self) -> tuple[int, dict] | None:
        if self.ahead is None and not self.done:
            self.ahead = next(self.records, None)
            self.done = self.ahead is None
        return self.ahead

    def take(self, key: str, value: str) -> list[tuple[int, dict]]:
        """The records whose ``key`` is ``value`` that come next; a record of an earlier value (out of order,
        or of no document) makes the pass uncertain."""
        group = []
        while (ahead := self.peek()) is not None and ahead[1][key] <= value:
            if ahead[1][key] != value:
                raise Uncertain(f"{self.config.path}:{ahead[0]}: not in document order")
            group.append(ahead)
            self.ahead = None
        return group

    def finish(self) -> tuple[str, int]:
        """Read to the end (a record left over names no document); the file's sha256 and record count."""
        if self.peek() is not None:
            raise Uncertain(f"{self.config.path}: records after the last document")
        return self.digest.hexdigest(), self.count


class Pass:
    """The streaming pass over the data files of ``root`` (configs in ``omitted`` left out)."""

    def __init__(self, root: Path, *, omitted: set[str], kind: str, progress: Progress | None = None):
        self.root, self.omitted, self.kind, self.progress = root, omitted, kind, progress
        self.synthetic = kind == "synthetic"
        self.ids = entity_ids(root)
        self.width = 0  # digits of the document ids, from the first one; checked against the count at the end
        self.files: dict[str, tuple[str, int]] = {}  # data file -> (sha256, records), for the manifest's rules
        try:
            self.run()
            self.certain = True
        except Uncertain:
            self.certain = False

    def has(self, name: str) -> bool:
        return name not in self.omitted

    def run(self) -> None:
        readers = {name: Reader(self.root, CONFIGS[name]) for name in CONFIGS if self.has(name)}
        exceptions, problems = load_exceptions(self.root)
        if problems:
            raise Uncertain("exceptions")
        self.exceptions = exceptions
        self.table = self.entity_table(readers["entity_table"]) if "entity_table" in readers else None
        self.used: set[str] = set()
        self.keep_segments = self.has("duplicate_pairs")
        self.segment_ids: list[str] = []
        self.content: list[bool] = []  # per segment: not boilerplate
        self.doc_of: list[int] = []  # per segment: its document's index
        docs = readers["documents"]
        previous, index = "", 0
        for line, doc in docs.records:
            if not previous < doc["id"]:
                raise Uncertain("documents not in id order")
            previous = doc["id"]
            groups = {name: readers[name].take("doc", doc["id"]) for name in PER_DOCUMENT if name in readers}
            self.document(index, line, doc, groups)
            index += 1
            if index % PROGRESS_EVERY == 0:
                advance(self.progress, PROGRESS_EVERY)
        advance(self.progress, index % PROGRESS_EVERY)
        if index and self.name(index - 1, index) != previous:
            raise Uncertain("document ids and their count")
        self.files[CONFIGS["documents"].path] = docs.digest.hexdigest(), docs.count
        for name in PER_DOCUMENT:
            if name in readers:
                self.files[CONFIGS[name].path] = readers[name].finish()
        if self.table is not None and set(self.table) != self.used:
            raise Uncertain("an entity of the table has no mention")
        if "entity_table" in readers:
            self.files[CONFIGS["entity_table"].path] = readers["entity_table"].finish()
        if self.has("duplicate_pairs") and self.has("document_pairs"):
            self.pairs(readers["duplicate_pairs"], readers["document_pairs"], index)
        elif self.has("duplicate_pairs") or self.has("document_pairs"):
            raise Uncertain("one pair layer without the other")

    def entity_table(self, reader: Reader) -> dict[str, str]:
        table: dict[str, str] = {}
        for _, row in reader.records:
            if row["entity_id"] in table:
                raise Uncertain("entity id twice")
            table[row["entity_id"]] = row["type"]
        return table

    # --- one document and its records of each layer ----------------------------------------------------

    def document(self, index: int, line: int, doc: dict, groups: dict[str, list[tuple[int, dict]]]) -> None:
        text = doc["text"]
        self.width = self.width or len(doc["id"]) - 1
        expected = f"synth-{line - 1:07d}" if self.synthetic else f"d{line - 1:0{self.width}d}"
        if (doc["id"] != expected or len(text) != doc["num_chars"] or doc["title"] != text.split("\n", 1)[0]
                or "\r" in text or ("synthetic" in doc, doc["seed_file"] is None) != MARKERS[self.kind]
                or hashlib.sha256(text.encode("utf-8")).hexdigest() != doc["sha256"]):
            raise Uncertain(doc["id"])
        copy_of = doc.get("synthetic", {}).get("copy_of")
        if copy_of is not None and not copy_of < doc["id"]:
            raise Uncertain(doc["id"])
        if self.kind == "real":
            self.raw_article(line, doc)
        spans, found = groups.get("boilerplate"), groups.get("entities")  # a corpus of one's own may lack either
        boiler = self.boilerplate(text, spans) if spans is not None else []
        segments = self.segments(index, doc["id"], text, boiler, groups.get("segments"))
        mentions = self.entities(doc["id"], text, segments, found) if found is not None else []
        if "tokens" in groups:
            if segments is None:
                raise Uncertain("tokens without segments")
            self.tokens(doc["id"], text, segments, mentions, groups["tokens"])

    def raw_article(self, line: int, doc: dict) -> None:
        if any(check_against_raw({"documents": [(line, doc)]}, self.root)):
            raise Uncertain(doc["id"])

    @staticmethod
    def one(group: list[tuple[int, dict]]) -> dict:
        if len(group) != 1:
            raise Uncertain("not one record for the document")
        return group[0][1]

    def boilerplate(self, text: str, group: list[tuple[int, dict]]) -> list[tuple[int, int]]:
        spans = self.one(group)["spans"]
        for s in spans:
            if any(span_problems(text, s["start"], s["end"], s["text"], single_line=True)):
                raise Uncertain("boilerplate span")
        bounds = [(s["start"], s["end"]) for s in spans]
        if any(overlap_problems(bounds)):
            raise Uncertain("boilerplate spans overlap")
        return bounds

    def segments(self, index: int, doc: str, text: str, boiler: list[tuple[int, int]],
                 group: list[tuple[int, dict]] | None) -> list[tuple[int, int, str]] | None:
        """The document's segments as ``(start, end, id)``: ids in order, spans valid, sorted and disjoint, every
        non-white-space character in one, each inside or outside the boilerplate as its flag says."""
        if group is None:
            return None
        out: list[tuple[int, int, str]] = []
        covered, last = 0, 0
        starts = [s for s, _ in boiler]
        for k, (_, seg) in enumerate(group, start=1):
            start, end = seg["start"], seg["end"]
            if seg["id"] != f"{doc}-s{k:03d}" or start < last or any(span_problems(text, start, end, seg["text"], single_line=True)):
                raise Uncertain(seg["id"])
            last = end
            covered += sum(map(len, seg["text"].split()))
            at = bisect_right(starts, start) - 1  # the boilerplate span starting at or before the segment
            inside = at >= 0 and boiler[at][0] <= start and end <= boiler[at][1]
            touched = inside or (at >= 0 and start < boiler[at][1]) or (at + 1 < len(boiler) and boiler[at + 1][0] < end)
            if touched and not inside or seg["boilerplate"] is not inside:
                raise Uncertain(seg["id"])
            out.append((start, end, seg["id"]))
            if self.keep_segments:  # for the pair ends; a corpus without pair layers keeps nothing per segment
                self.segment_ids.append(seg["id"])
                self.content.append(not inside)
                self.doc_of.append(index)
        if covered != sum(map(len, text.split())) or not out:
            raise Uncertain(f"{doc}: tiling")
        return out

    def entities(self, doc: str, text: str, segments: list[tuple[int, int, str]] | None,
                 group: list[tuple[int, dict]]) -> list[dict]:
        line, record = group[0] if len(group) == 1 else (0, self.one(group))
        mentions = record["mentions"]
        bounds = set(itertools.chain.from_iterable((m.start(), m.end()) for m in TOKEN.finditer(text)))
        seg_starts = [s for s, _, _ in segments] if segments is not None else []
        for m in mentions:
            start, end, eid = m["start"], m["end"], m.get("entity_id")
            if any(span_problems(text, start, end, m["text"], single_line=True)) or start not in bounds or end not in bounds:
                raise Uncertain(f"{doc}: mention")
            if segments is not None:
                at = bisect_right(seg_starts, start) - 1
                if at < 0 or end > segments[at][1]:
                    raise Uncertain(f"{doc}: mention crosses a segment boundary")
            if (m["type"] in NAMED_TYPES and self.ids) != (eid is not None):
                raise Uncertain(f"{doc}: entity id")
            if self.table is not None and eid is not None:
                if self.table.get(eid) != m["type"]:
                    raise Uncertain(f"{doc}: entity table")
                self.used.add(eid)
        if any(overlap_problems((m["start"], m["end"]) for m in mentions)):
            raise Uncertain(f"{doc}: mentions overlap")
        if any(consistency(CONFIGS["entities"].path, line, doc, text, mentions, self.exceptions)):
            raise Uncertain(f"{doc}: consistency")
        return mentions

    def tokens(self, doc: str, text: str, segments: list[tuple[int, int, str]], mentions: list[dict],
               group: list[tuple[int, dict]]) -> None:
        """Each token row equals its derivation from the segment and the mentions (``data.tokens.token_rows``).

        The tokens are compared with ``TOKEN.findall`` and the offsets proved without building the derivation:
        offsets increasing and disjoint inside the segment, each giving its token's text, can only be the
        tokenizer's (the tokens hold no white space and cover every other character of the segment). Tags
        from valid mentions (sorted, disjoint, on token boundaries, inside one segment) give their spans back,
        so the derived rows pass the round trip."""
        if len(group) != len(segments):
            raise Uncertain(f"{doc}: token rows")
        span = [(m["start"], m["end"], m["type"]) for m in mentions]
        at = 0
        for (_, row), (start, end, sid) in zip(group, segments):
            tokens, starts, ends = row["tokens"], row["starts"], row["ends"]
            if (row["id"] != sid or len(row) != 6 or tokens != TOKEN.findall(text, start, end)
                    or len(starts) != len(tokens) or len(ends) != len(tokens)):
                raise Uncertain(f"{doc}: token row {sid}")
            if tokens and (starts[0] < start or ends[-1] > end
                           or not all(map(operator.le, ends, starts[1:]))
                           or list(map(text.__getitem__, map(slice, starts, ends))) != tokens):
                raise Uncertain(f"{doc}: token offsets {sid}")
            tags = ["O"] * len(tokens)
            while at < len(span) and span[at][0] < start:
                at += 1
            while at < len(span) and span[at][1] <= end:
                m_start, m_end, kind = span[at]
                try:
                    first, last = starts.index(m_start), ends.index(m_end)
                except ValueError:
                    raise Uncertain(f"{doc}: tags {sid}") from None
                tags[first:last + 1] = [f"B-{kind}"] + [f"I-{kind}"] * (last - first)
                at += 1
            if row["ner_tags"] != tags:
                raise Uncertain(f"{doc}: tags {sid}")

    # --- the pair layers: ends looked up in sorted arrays of segment ids -----------------------------------

    def pairs(self, duplicates: Reader, documents: Reader, count: int) -> None:
        ids = np.array(self.segment_ids)
        if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():
            raise Uncertain("segment ids not sorted")
        content, doc_of = np.array(self.content, dtype=bool), np.array(self.doc_of, dtype=np.int64)
        del self.segment_ids, self.content, self.doc_of
        partners = []  # (segment, other document) of each same-content pair end, as one integer
        previous = ("", "")
        batch: list[dict] = []
        for _, row in itertools.chain(duplicates.records, [(0, None)]):
            if row is not None:
                key = (row["a"], row["b"])
                if not previous < key or not row["a"] < row["b"] or not in_band(row["label"], row["score"]):
                    raise Uncertain(f"pair {key}")
                previous = key
                batch.append(row)
            if len(batch) == PAIR_BATCH or (row is None and batch):
                ends = np.array([[r["a"], r["b"]] for r in batch])
                found = np.minimum(np.searchsorted(ids, ends), len(ids) - 1)
                if not (ids[found] == ends).all() or not content[found].all():
                    raise Uncertain("pair end")
                same = np.array([r["label"] in SAME_CONTENT for r in batch], dtype=bool)
                a, b = found[same, 0], found[same, 1]
                partners += [a * count + doc_of[b], b * count + doc_of[a]]
                batch = []
        self.files[CONFIGS["duplicate_pairs"].path] = duplicates.finish()
        shared = np.zeros(0, dtype=np.int64)
        if partners:
            joined = np.unique(np.concatenate(partners))  # each (segment, other document) once
            shared = doc_of[joined // count] * count + joined % count
        pair, counted = np.unique(shared, return_counts=True)
        shared_of = dict(zip(pair.tolist(), counted.tolist()))
        sizes = np.bincount(doc_of[content], minlength=count).tolist()
        names = iter(documents.records)
        for x, y in itertools.combinations(range(count), 2):
            line_row = next(names, None)
            if line_row is None:
                raise Uncertain("document pair missing")
            row = line_row[1]
            short, other = (x, y) if sizes[x] <= sizes[y] else (y, x)
            if not sizes[short]:
                raise Uncertain("a document without content segments")
            done = shared_of.get(short * count + other, 0)
            want = {"a": row["a"], "b": row["b"], "grade": round_half(5 * done / sizes[short]),
                    "shorter_segments": sizes[short], "shared_segments": done}
            if (row["a"], row["b"]) != (self.name(x, count), self.name(y, count)) \
                    or any(row[k] != v for k, v in want.items()) or row["shorter"] != self.name(short, count) or len(row) != 7:
                raise Uncertain("document pair")
        self.files[CONFIGS["document_pairs"].path] = documents.finish()

    def name(self, index: int, count: int) -> str:
        return doc_id(index, kind=self.kind, count=count)
