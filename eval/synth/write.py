"""Writing a synthetic corpus as a dataset folder in the NewsPrep layout (``newsprep synth``).

The folder has the released dataset's configs (``data/*.jsonl``), its own
``manifest.json`` (with a ``synthetic`` block), a ``README.md`` that says it is
synthetic, and ``annotation/consistency_exceptions.jsonl``: the occurrences of
an annotated surface that recombination or case noise left unannotated in a
document (each one is unannotated in its source line too). Documents are
written one at a time, so memory does not grow with ``docs``; the pair layers
grow with the square of the corpus and are written only up to
``PAIR_LAYERS_MAX_DOCS`` documents unless asked.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "synth"
>>> write_corpus(out, docs=3, seed=1)["synthetic"]["docs"]
3
"""
from __future__ import annotations

import hashlib
import json
import os
from itertools import combinations
from pathlib import Path

from newsprep.eval.data.dataset import CONFIGS
from newsprep.eval.data.manifest import build_manifest
from newsprep.eval.data.pairs import document_pairs
from newsprep.eval.data.tokens import token_rows
from newsprep.eval.errors import InvalidInput, NewsPrepError
from newsprep.eval.io.atomic import write_folder
from newsprep.eval.io.jsonl import dumps_line, write_jsonl
from newsprep.eval.synth.generate import PARAGRAPHS, Document, Pool, load_pool, make_document
from newsprep.eval.validate.entities import unannotated_occurrences

PAIR_LAYERS_MAX_DOCS = 100
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
                 scoring_only: bool = False) -> dict:
    """Write ``docs`` synthetic documents to the folder ``out`` and return its manifest.

    The folder appears whole or not at all. With ``validate`` the data validator
    runs on it first and ``InvalidInput`` is raised if any rule fails.
    ``scoring_only`` writes just what scoring reads (documents, boilerplate,
    entities), faster; such a folder is for benchmarks, and the validator checks
    the rules of the layers it holds (scoring validates a gold folder first).
    """
    if docs < 1:
        raise NewsPrepError("--docs must be at least 1")
    out = Path(out)
    pairs = docs <= PAIR_LAYERS_MAX_DOCS if pairs is None else pairs
    pool = load_pool(root)

    def fill(tmp: Path) -> dict:
        manifest = write_layers(tmp, pool, docs=docs, seed=seed, paragraphs=paragraphs, pairs=pairs and not scoring_only,
                                layers=SCORING_LAYERS if scoring_only else PER_DOCUMENT)
        if validate:
            from newsprep.eval.validate.dataset import validate_data

            problems = validate_data(tmp)
            if problems:
                raise InvalidInput(problems)
        return manifest
    return write_folder(out, fill)


def write_layers(tmp: Path, pool: Pool, *, docs: int, seed: int, paragraphs, pairs: bool,
                 layers: tuple[str, ...] = PER_DOCUMENT) -> dict:
    (tmp / "data").mkdir()
    files = {name: open(tmp / CONFIGS[name].path, "w", encoding="utf-8", newline="\n") for name in layers}
    full = layers == PER_DOCUMENT
    (tmp / "annotation").mkdir()  # the consistency exceptions, which the entity layer's rules read
    files["exceptions"] = open(tmp / EXCEPTIONS, "w", encoding="utf-8", newline="\n")
    copies: dict[str, list[str]] = {}
    used, segment_rows = set(), []
    try:
        for index in range(docs):
            doc = make_document(pool, seed=seed, index=index, paragraphs=paragraphs)
            records = layer_records(doc, tokens=full)
            for name in ("documents", "boilerplate", "entities"):
                files[name].write(dumps_line(records[name]))
            used |= {m["entity_id"] for m in records["entities"]["mentions"] if m["entity_id"]}
            files["exceptions"].writelines(dumps_line(r) for r in exceptions(doc, records))
            if not full:
                continue
            files["segments"].writelines(dumps_line(r) for r in records["segments"])
            files["tokens"].writelines(dumps_line(r) for r in records["tokens"])
            if pairs:
                segment_rows += records["segments"]
                for seg in records["segments"]:
                    if not seg["boilerplate"]:
                        copies.setdefault(records["sources"][seg["id"]], []).append(seg["id"])
    finally:
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

