"""What ``newsprep import`` costs on a doccano export of a synthetic corpus, and whether its memory is bounded.

    python benchmarks/bench_import.py --sizes 10000 100000 --runs 1 --out benchmarks/results/import.json

Each export is made from what ``newsprep synth --docs N --seed 0`` writes (documents of 4 to 12 content lines;
documents, boilerplate and entities only): one doccano JSON line per document, ``{"id": k, "text": ...,
"label": [[start, end, LABEL], ...]}``, its mentions labelled with their OntoNotes type and its boilerplate
spans ``boilerplate:CATEGORY`` (NewsPrep's own labels, so no ``--labels`` map), offsets in UTF-16 code units as
doccano counts them. doccano rather than brat: one file read a line at a time is what a large doccano
project exports, and it keeps the measure on the import rather than on opening 200,000 small files. Making
the export is not timed. Each run is a fresh process, ``newsprep import --format doccano EXPORT --out DIR``
(the import reads the export twice, writes every layer and validates the folder before it is renamed into
place): wall seconds, CPU seconds (the process's own, and the children's CPU seen from this script, start-up
included) and peak resident memory (VmHWM). Values are medians over the runs. The target: peak memory grows at
most 1.5 times from the smallest size to the largest (the import streams; only the entity table, empty for a
doccano export, and the segments when a pairs file is given grow with the corpus). Synthetic documents repeat
surfaces they annotate elsewhere, so the import lists consistency exceptions for review; their count is kept.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import load, machine, newsprep, save, table

from newsprep.eval.synth.generate import PARAGRAPHS
from newsprep.eval.synth.write import write_corpus

GROWTH_TARGET = 1.5


def utf16(text: str):
    """A function from a code point offset of ``text`` to its offset in UTF-16 code units (doccano's)."""
    if all(ord(c) < 0x10000 for c in text):
        return lambda i: i
    units = [0]
    for c in text:
        units.append(units[-1] + (2 if ord(c) > 0xFFFF else 1))
    return units.__getitem__


def write_export(root: Path, path: Path) -> dict:
    """The corpus at ``root`` as a doccano JSONL export at ``path``, a document at a time; its counts."""
    counts = {"documents": 0, "mentions": 0, "boilerplate_spans": 0}
    names = ("documents", "entities", "boilerplate")
    files = [open(root / "data" / f"{name}.jsonl", encoding="utf-8") for name in names]
    try:
        with open(path, "w", encoding="utf-8") as out:
            for k, (line_d, line_e, line_b) in enumerate(zip(*files)):
                doc, entities, boiler = json.loads(line_d), json.loads(line_e), json.loads(line_b)
                assert doc["id"] == entities["doc"] == boiler["doc"]
                at = utf16(doc["text"])
                labels = [[at(m["start"]), at(m["end"]), m["type"]] for m in entities["mentions"]]
                labels += [[at(s["start"]), at(s["end"]), "boilerplate:" + s["category"]] for s in boiler["spans"]]
                out.write(json.dumps({"id": k, "text": doc["text"], "label": labels}, ensure_ascii=False) + "\n")
                counts["documents"] += 1
                counts["mentions"] += len(entities["mentions"])
                counts["boilerplate_spans"] += len(boiler["spans"])
    finally:
        for handle in files:
            handle.close()
    return counts


def folder_mb(root: Path) -> float:
    return round(sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 2 ** 20, 1)


def run_import(export: Path, out: Path) -> dict:
    """One fresh ``newsprep import`` process; its measures, the CPU of its children as this process sees them."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = newsprep("import", "--format", "doccano", str(export), "--out", str(out))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {**result, "outer_wall_s": wall,
            "children_cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "records": manifest["files"]["data/documents.jsonl"]["records"],
            "review": manifest["imported"]["review"], "omitted": manifest["imported"]["omitted"],
            "output_mb": folder_mb(out)}


def measure(work: Path, docs: int, runs: int, seed: int, paragraphs: tuple[int, int]) -> dict:
    root, export, out = work / f"synth-{docs}", work / f"doccano-{docs}.jsonl", work / f"imported-{docs}"
    started = time.perf_counter()
    write_corpus(root, docs=docs, seed=seed, paragraphs=paragraphs, validate=False, scoring_only=True)
    counts = write_export(root, export)
    shutil.rmtree(root)
    made = time.perf_counter() - started
    print(f"{docs} documents: export of {export.stat().st_size / 2 ** 20:.1f} MB made in {made:.1f} s", file=sys.stderr,
          flush=True)
    done = []
    for _ in range(runs):
        done.append(run_import(export, out))
        assert done[-1]["records"] == docs, done[-1]
    shutil.rmtree(out, ignore_errors=True)
    export_mb = round(export.stat().st_size / 2 ** 20, 1)
    export.unlink()
    wall = statistics.median(r["seconds"] for r in done)  # the command's own, as bench_validate's
    return {"docs": docs, "export_mb": export_mb, "mentions": counts["mentions"],
            "boilerplate_spans": counts["boilerplate_spans"], "output_mb": done[-1]["output_mb"],
            "wall_s": round(wall, 2), "process_wall_s": round(statistics.median(r["outer_wall_s"] for r in done), 2), "cpu_s": round(statistics.median(r["cpu_s"] for r in done), 2),
            "children_cpu_s": round(statistics.median(r["children_cpu_s"] for r in done), 2),
            "peak_mb": round(statistics.median(r["peak_mb"] for r in done), 1),
            "docs_per_s": round(docs / wall), "review": done[-1]["review"], "omitted": done[-1]["omitted"],
            "export_made_s": round(made, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--paragraphs", type=int, nargs=2, default=list(PARAGRAPHS), metavar=("MIN", "MAX"))
    parser.add_argument("--work", help="folder for the exports and imports (default: a temporary folder, removed)")
    parser.add_argument("--out", help="write the results here as JSON")
    args = parser.parse_args()
    paragraphs = tuple(args.paragraphs)
    with tempfile.TemporaryDirectory(prefix="newsprep-import-", dir=args.work) as folder:
        work = Path(folder)
        os.environ["NEWSPREP_CACHE"] = str(work / "cache")
        results = {"machine": machine(), "runs": args.runs, "seed": args.seed, "paragraphs": list(paragraphs),
                   "format": "doccano", "sizes": [], "complete": False}
        for docs in args.sizes:
            load_at_start = load()
            size = measure(work, docs, args.runs, args.seed, paragraphs)
            size["load_at_start"] = load_at_start
            results["sizes"].append(size)
            save(args.out, results)  # what is done, if a later size fails
            print(f"{docs} documents: {size}", file=sys.stderr, flush=True)
    sizes = results["sizes"]
    small, large = sizes[0], sizes[-1]
    growth = round(large["peak_mb"] / small["peak_mb"], 2)
    results.update(targets=[{"name": "peak_growth", "value": growth, "target": GROWTH_TARGET,
                             "met": growth <= GROWTH_TARGET}], complete=True, load_average_at_end=load())
    print(table(["documents", "export MB", "output MB", "wall s", "CPU s", "children CPU s", "peak MB", "documents/s",
                 "exceptions listed"],
                [[s["docs"], s["export_mb"], s["output_mb"], s["wall_s"], s["cpu_s"], s["children_cpu_s"], s["peak_mb"],
                  s["docs_per_s"], s["review"]] for s in sizes]))
    print()
    print(table(["target", "value", "at most", "met"],
                [[t["name"], t["value"], t["target"], t["met"]] for t in results["targets"]]))
    save(args.out, results)


if __name__ == "__main__":
    main()
