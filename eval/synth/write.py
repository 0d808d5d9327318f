"""Writing a synthetic corpus as a dataset folder in the NewsPrep layout (``newsprep synth``).

The folder has the released dataset's configs (``data/*.jsonl``), its own
``manifest.json`` (with a ``synthetic`` block), a ``README.md`` that says it is
synthetic, and ``annotation/consistency_exceptions.jsonl``: the occurrences of
an annotated surface that recombination or case noise left unannotated in a
document (each one is unannotated in its source line too). Documents are
made in parts of ``DOCS_PER_PART`` consecutive indices, and each part's lines
are appended to the files before the next part is kept, so memory does not
grow with ``docs``; the pair layers grow with the square of the corpus and are
written only up to ``PAIR_LAYERS_MAX_DOCS`` documents unless asked.

With ``num_proc`` > 1 or a ``scheduler`` (or a Dask ``client``) the parts are
made on Dask workers, a few ahead of the one being written, and appended in
index order by this process. A document depends on ``(seed, index)`` alone,
so the files are byte-identical whatever the number of workers and parts.
Workers need the same ``newsprep`` installed; only this process writes, so
the output folder need not be shared with them.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "synth"
>>> write_corpus(out, docs=3, seed=1)["synthetic"]["docs"]
3
"""
from __future__ import annotations

import hashlib
import json
import math
import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from newsprep.eval.data.dataset import CONFIGS
from newsprep.eval.data.manifest import build_manifest
from newsprep.eval.data.pairs import document_pairs
from newsprep.eval.data.tokens import token_rows
from newsprep.eval.errors import InvalidInput, NewsPrepError, UsageError
from newsprep.eval.io.atomic import write_folder, write_jsonl
from newsprep.eval.io.jsonl import dumps_line
from newsprep.eval.io.progress import Progress, advance, require_progress
from newsprep.eval.parallel.cluster import cluster
from newsprep.eval.synth.generate import PARAGRAPHS, Document, Pool, load_pool, make_document
from newsprep.eval.validate.entities import unannotated_occurrences

PAIR_LAYERS_MAX_DOCS = 100
MAX_PARAGRAPHS = 1000  # content lines per document: the pool holds fewer, and each is drawn once at most
DOCS_PER_PART = 250  # documents made and written together (a few MB of lines); the unit of work on Dask
EXCEPTIONS = "annotation/consistency_exceptions.jsonl"
PER_DOCUMENT = ("documents", "boilerplate", "segments", "entities", "tokens")
SCORING_LAYERS = ("documents", "boilerplate", "entities")


def layer_records(doc: Document, *, tokens: bool = True) -> dict:
    """The records of one document in every per-document layer, plus each segment's gold source."""
    text, starts = doc.text, doc.starts
    boiler, mentions, sources = [], [], {}
    segments: list[dict] = []
    for line, at in zip(doc.lines, starts):
        boiler += [{"start": at + s, "end": at + e, "text": text[at + s:at + e], "category": c} for s, e, c in line.boilerplate]
        for s, e, source in line.segments:
            sid = f"{doc.id}-s{len(segments) + 1:03d}"
            inside = any(bs <= s and e <= be for bs, be, _ in line.boilerplate)
            segments.append({"id": sid, "doc": doc.id, "start": at + s, "end": at + e, "text": text[at + s:at + e],
                             "boilerplate": inside})
            sources[sid] = source
        mentions += [{"start": at + s, "end": at + e, "text": text[at + s:at + e], "type": t, "entity_id": eid}
                     for s, e, t, eid in line.mentions]
    record = {"id": doc.id, "seed_file": None, "title": text.split("\n", 1)[0], "text": text, "language": "en",
              "outlet": None, "published": None, "num_chars": len(text),
              "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
              "synthetic": {"generator": "newsprep synth", "seed": doc.seed, "copy_of": doc.copy_of,
                            "lines": [{"source": l.source, "case": l.case, "spaces": l.spaces} for l in doc.lines]}}
    return {"documents": record, "boilerplate": {"doc": doc.id, "spans": boiler}, "segments": segments,
            "entities": {"doc": doc.id, "mentions": mentions},
            "tokens": token_rows({doc.id: text}, segments, {doc.id: mentions}) if tokens else [], "sources": sources}


def exceptions(doc: Document, records: dict) -> list[dict]:
    """Unannotated occurrences of an annotated surface, with the source line they come from."""
    starts, out = doc.starts, []
    for s, e, surface in unannotated_occurrences(doc.id, records["documents"]["text"], records["entities"]["mentions"]):
        k = max(i for i, at in enumerate(starts) if at <= s)
        line = doc.lines[k]
        noise = f" in {line.case} case" if line.case != "none" else ""
        out.append({"doc": doc.id, "start": s, "end": e, "text": surface,
                    "reason": f"synthetic: from line {line.source}{noise}, where it is not annotated"})
    return out


def segment_pairs(pool: Pool, copies: dict[str, list[str]]) -> list[dict]:
    """Gold pairs of the synthetic segments: two copies of one gold segment are near duplicates (5.0);
    copies of the two ends of a gold pair carry that pair's label and score."""
    rows = []
    for source, ids in copies.items():
        rows += [(a, b, "near_duplicate", 5.0, f"synthetic: both are copies of {source}") for a, b in combinations(sorted(ids), 2)]
    for p in pool.pairs:
        for x in copies.get(p["a"], []):
            for y in copies.get(p["b"], []):
                a, b = sorted((x, y))
                rows.append((a, b, p["label"], p["score"], f"synthetic: copies of {p['a']} / {p['b']}: {p['rationale']}"[:300]))
    return [{"a": a, "b": b, "label": label, "score": score, "rationale": why, "found_by": "synthetic"}
            for a, b, label, score, why in sorted(rows)]


def card(manifest: dict) -> str:
    block = manifest["synthetic"]
    configs = "".join(f"- config_name: {c.name}\n  data_files:\n  - split: test\n    path: {c.path}\n"
                      for c in CONFIGS.values() if c.path in manifest["files"])
    return (f"---\npretty_name: NewsPrep synthetic corpus (not real news)\nlanguage:\n- en\nconfigs:\n{configs}---\n\n"
            f"# SYNTHETIC NewsPrep corpus\n\n"
            f"**Synthetic data, not news.** Made by `newsprep synth --docs {block['docs']} --seed {block['seed']}` "
            f"from the gold layers of NewsPrep data {block['source_version']}: title and content lines of the released "
            f"documents recombined, boilerplate lines from the gold pool inserted, syndicated copies, case and white-space "
            f"noise. Document ids start with `synth-`; each document's `synthetic` field says where every line comes from. "
            f"Use it to test software at scale; never report scores on it as NewsPrep results.\n\n"
            f"Omitted layers: {', '.join(block['omitted']) or 'none'}"
            + (" (a scoring-only corpus for benchmarks: the validator checks the layers it holds)" if block.get("scoring_only") else "")
            + f". `{EXCEPTIONS}` lists the occurrences of an "
            f"annotated surface that recombination or case noise left unannotated.\n")


def write_corpus(out: str | os.PathLike, *, docs: int, seed: int, paragraphs: tuple[int, int] = PARAGRAPHS,
                 pairs: bool | None = None, validate: bool = True, root: Path | None = None,
                 scoring_only: bool = False, num_proc: int = 1, scheduler: str | None = None,
                 client: Any = None, parts: int | None = None, progress: Progress | None = None) -> dict:
    """Write ``docs`` synthetic documents to the folder ``out`` and return its manifest.

    The folder appears whole or not at all. With ``validate`` the data validator
    runs on it first and ``InvalidInput`` is raised if any rule fails.
    ``scoring_only`` writes just what scoring reads (documents, boilerplate,
    entities), faster; such a folder is for benchmarks, and the validator checks
    the rules of the layers it holds (scoring validates a gold folder first).

    ``num_proc`` > 1 makes the documents on a local Dask cluster of that many
    processes, ``scheduler`` (or ``$DASK_SCHEDULER_ADDRESS``) on a running one,
    ``client`` with a ``distributed.Client`` already open; ``parts`` sets the
    number of parts (default: ``docs / DOCS_PER_PART``, at least two per worker).
    The files are the same bytes in every case.

    ``progress`` (an object with ``update(n)``, such as a ``tqdm`` bar) is told of the documents written, a
    part at a time; it changes nothing in the files.
    """
    if docs < 1:
        raise NewsPrepError("--docs must be at least 1")
    low, high = paragraphs if isinstance(paragraphs, (tuple, list)) and len(paragraphs) == 2 else (0, -1)
    if not all(type(n) is int for n in (low, high)) or not 1 <= low <= high <= MAX_PARAGRAPHS:
        raise UsageError(f"paragraphs={tuple(paragraphs) if isinstance(paragraphs, (tuple, list)) else paragraphs!r}: "
                         f"two integers MIN <= MAX from 1 to {MAX_PARAGRAPHS} (content lines per document)")
    if parts is not None and parts < 1:
        raise NewsPrepError("parts must be at least 1")
    require_progress("write_corpus", progress)
    out = Path(out)
    pairs = docs <= PAIR_LAYERS_MAX_DOCS if pairs is None else pairs
    pool = load_pool(root)

    def fill(tmp: Path, client: Any) -> dict:
        manifest = write_layers(tmp, pool, docs=docs, seed=seed, paragraphs=paragraphs, pairs=pairs and not scoring_only,
                                layers=SCORING_LAYERS if scoring_only else PER_DOCUMENT, client=client, parts=parts,
                                progress=progress)
        if validate:
            from newsprep.eval.validate.dataset import validate_data

            problems = validate_data(tmp)
            if problems:
                raise InvalidInput(problems)
        return manifest
    if client is not None:
        return write_folder(out, lambda tmp: fill(tmp, client))
    with cluster(num_proc=num_proc, scheduler=scheduler) as started:
        return write_folder(out, lambda tmp: fill(tmp, started))


@dataclass
class Part:
    """Documents ``start`` to ``stop`` - 1: the lines they add to each per-document file (``exceptions`` for the
    consistency exceptions), the entity ids they use, and, for the pair layers, their content segments by gold
    source segment and each segment's ``id``, ``doc`` and ``boilerplate``."""

    start: int
    stop: int
    lines: dict[str, bytes]
    used: set[str]
    copies: dict[str, list[str]] = field(default_factory=dict)
    segments: list[dict] = field(default_factory=list)


def make_part(pool: Pool, *, seed: int, start: int, stop: int, paragraphs: tuple[int, int], pairs: bool,
              layers: tuple[str, ...]) -> Part:
    """Make documents ``start`` to ``stop`` - 1 (a function of the pool and the arguments alone)."""
    full = layers == PER_DOCUMENT
    lines: dict[str, list[str]] = {name: [] for name in (*layers, "exceptions")}
    part = Part(start, stop, {}, set())
    for index in range(start, stop):
        doc = make_document(pool, seed=seed, index=index, paragraphs=paragraphs)
        records = layer_records(doc, tokens=full)
        for name in ("documents", "boilerplate", "entities"):
            lines[name].append(dumps_line(records[name]))
        part.used |= {m["entity_id"] for m in records["entities"]["mentions"] if m["entity_id"]}
        lines["exceptions"] += [dumps_line(r) for r in exceptions(doc, records)]
        if not full:
            continue
        lines["segments"] += [dumps_line(r) for r in records["segments"]]
        lines["tokens"] += [dumps_line(r) for r in records["tokens"]]
        if pairs:
            part.segments += [{"id": s["id"], "doc": s["doc"], "boilerplate": s["boilerplate"]} for s in records["segments"]]
            for seg in records["segments"]:
                if not seg["boilerplate"]:
                    part.copies.setdefault(records["sources"][seg["id"]], []).append(seg["id"])
    part.lines = {name: "".join(text).encode("utf-8") for name, text in lines.items()}
    return part


def part_ranges(docs: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` consecutive ranges of document indices, as even as can be, none empty.

    >>> part_ranges(10, 3)
    [(0, 3), (3, 6), (6, 10)]
    """
    parts = min(parts, docs)
    bounds = [docs * k // parts for k in range(parts + 1)]
    return list(zip(bounds, bounds[1:]))


def made_on_cluster(client: Any, pool: Pool, ranges: list[tuple[int, int]], **kwargs: Any) -> Iterator[Part]:
    """The parts, in order, made on the cluster of ``client``: a few more are under way on the workers than
    there are workers, so neither the workers nor this process hold more than a few parts at a time."""
    window = 2 * max(1, sum(client.nthreads().values()))
    shared = client.scatter(pool, broadcast=True, hash=False)
    todo, pending = iter(ranges), deque[Any]()

    def submit() -> None:
        span = next(todo, None)
        if span is not None:
            pending.append(client.submit(make_part, shared, start=span[0], stop=span[1], pure=False, **kwargs))
    try:
        for _ in range(window):
            submit()
        while pending:
            future = pending.popleft()
            part = future.result()
            future.release()
            submit()
            yield part
    finally:
        client.cancel([*pending, shared])


def write_layers(tmp: Path, pool: Pool, *, docs: int, seed: int, paragraphs, pairs: bool,
                 layers: tuple[str, ...] = PER_DOCUMENT, client: Any = None, parts: int | None = None,
                 progress: Progress | None = None) -> dict:
    (tmp / "data").mkdir()
    full = layers == PER_DOCUMENT
    (tmp / "annotation").mkdir()  # the consistency exceptions, which the entity layer's rules read
    paths = {**{name: tmp / CONFIGS[name].path for name in layers}, "exceptions": tmp / EXCEPTIONS}
    kwargs: dict[str, Any] = {"seed": seed, "paragraphs": tuple(paragraphs), "pairs": pairs, "layers": layers}
    if client is None:
        ranges = part_ranges(docs, parts or math.ceil(docs / DOCS_PER_PART))
        made: Iterator[Part] = (make_part(pool, start=a, stop=b, **kwargs) for a, b in ranges)
    else:
        workers = sum(client.nthreads().values())
        ranges = part_ranges(docs, parts or max(math.ceil(docs / DOCS_PER_PART), 2 * workers))
        made = made_on_cluster(client, pool, ranges, **kwargs)
    copies: dict[str, list[str]] = {}
    used: set[str] = set()
    segment_rows: list[dict] = []
    files = {name: open(path, "wb") for name, path in paths.items()}
    try:
        for part in made:
            for name, handle in files.items():
                handle.write(part.lines[name])
            used |= part.used
            segment_rows += part.segments
            for source, ids in part.copies.items():
                copies.setdefault(source, []).extend(ids)
            advance(progress, part.stop - part.start)
    finally:
        if hasattr(made, "close"):
            made.close()
        for handle in files.values():
            handle.close()
    if full:
        write_jsonl(tmp / CONFIGS["entity_table"].path, [r for r in pool.entity_table if r["entity_id"] in used])
    if pairs:
        rows = segment_pairs(pool, copies)
        write_jsonl(tmp / CONFIGS["duplicate_pairs"].path, rows)
        write_jsonl(tmp / CONFIGS["document_pairs"].path, document_pairs(segment_rows, rows))
    written = {p.name for p in (tmp / "data").glob("*.jsonl")}
    omitted = [name for name, c in CONFIGS.items() if c.path.split("/")[-1] not in written]
    manifest = {**build_manifest(tmp, pool.version),
                "synthetic": {"generator": "newsprep synth", "docs": docs, "seed": seed, "paragraphs": list(paragraphs),
                              "source_version": pool.version, "omitted": omitted, **({} if full else {"scoring_only": True})}}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp / "README.md").write_text(card(manifest), encoding="utf-8")
    return manifest
