"""Write docs/performance.md from the benchmark results in benchmarks/results/.

    python benchmarks/performance_doc.py

The numbers in the page come only from the JSON files the three scripts wrote
(``--out benchmarks/results/NAME.json``); nothing is typed in by hand. A test
regenerates the page and checks that it equals the committed one.
"""
from __future__ import annotations

import json
from pathlib import Path

from common import table

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
DOC = HERE.parent / "docs" / "performance.md"

COMMANDS = {
    "scoring": "python benchmarks/bench_scoring.py --sizes 10000 100000 1000000 --num-proc 1 2 --out benchmarks/results/scoring.json",
    "entities": "python benchmarks/bench_entities.py --sizes 10000 50000 --out benchmarks/results/entities.json",
    "minhash": "python benchmarks/bench_minhash.py --sizes 1000 10000 50000 --out benchmarks/results/minhash.json",
}


def load(name: str) -> dict:
    return json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))


def machine_section(results: dict[str, dict]) -> list[str]:
    m = results["scoring"]["machine"]
    lines = ["## Machine", "",
             f"{m['cpu']}, {m['cores']} cores, {m['memory']} of memory; {m['system']}, Python {m['python']}, "
             f"NumPy {m['numpy']}, newsprep {m['newsprep']}. One run of each script; the 1, 5 and 15 minute load "
             "averages when each script started:", ""]
    for name, result in results.items():
        lines.append(f"- `{name}`: {result['machine'].get('load_average_at_start')}")
    return lines + [""]


def growth(sizes: list[dict]) -> dict | None:
    """Time per document and peak memory at the smallest and largest size, 2 processes, no bootstrap."""
    most = max(r["num_proc"] for s in sizes for r in s["runs"])
    points = {s["docs"]: (r["seconds"] / s["docs"], r["peak_mb"], s["corpus_mb"]) for s in sizes for r in s["runs"]
              if r["num_proc"] == most and r["resamples"] == 0}
    if len(points) < 2:
        return None
    low, high = min(points), max(points)
    return {"low": low, "high": high, "num_proc": most, "time_ratio": points[high][0] / points[low][0],
            "peak": (points[low][1], points[high][1]), "corpus": (points[low][2], points[high][2])}


def scoring_section(result: dict) -> list[str]:
    rows = [[s["docs"], s["corpus_mb"], r["num_proc"], r["resamples"], r["seconds"], r["docs_per_s"], r["peak_mb"],
             r["workers_peak_mb"], round(r["strict_f1"], 4)] for s in result["sizes"] for r in s["runs"]]
    lines = ["## `newsprep score` at scale", "",
             f"`{COMMANDS['scoring']}`", "",
             "A scoring-only SYNTHETIC corpus per size (short documents: a title, "
             f"{result['paragraphs'][0]}–{result['paragraphs'][1]} content lines and up to 3 boilerplate lines) and a "
             f"spoiled system's submission for the tasks {', '.join(result['tasks'])}; each setting runs `newsprep score` in a "
             "fresh process. *Peak MB* is the scoring process's resident high-water mark, *workers' peak MB* the "
             "largest of its worker processes. Reports of different `--num-proc` are asserted identical. Above "
             "100,000 documents only `--num-proc 2` without bootstrap runs (the script's `--serial-up-to` and "
             "`--bootstrap-up-to`), to keep the whole run near half an hour.", "",
             table(["documents", "corpus MB", "--num-proc", "--resamples", "seconds", "documents/s", "peak MB",
                    "workers' peak MB", "strict F1"], rows), ""]
    g = growth(result["sizes"])
    if g:
        lines += [f"Growth (`--num-proc {g['num_proc']}`, no bootstrap): from {g['low']:,} to {g['high']:,} documents "
                  f"({g['high'] // g['low']}× more) the time per document changes by a factor {g['time_ratio']:.2f} "
                  f"(1.00 is exactly linear). The corpus grows from {g['corpus'][0]:,} MB to {g['corpus'][1]:,} MB; "
                  f"the peak memory of the scoring process from {g['peak'][0]} MB to {g['peak'][1]} MB, about "
                  f"{(g['peak'][1] - g['peak'][0]) * 1e6 / (g['high'] - g['low']):.0f} bytes per added document: one "
                  "document's records at a time plus per-document bookkeeping (ids, byte offsets), never the file. With a bootstrap "
                  "(`--resamples 1000`) the per-document count rows are kept for resampling, so memory grows with "
                  "the number of documents, as the rows above show.", ""]
    checked = [s for s in result["sizes"] if "validate_s" in s]
    if checked:
        lines += ["Scoring validates its gold folder first, once per content (`newsprep.eval.validate.gold`); the "
                  "script validates each corpus in a process of its own before the timed runs: "
                  + "; ".join(f"{s['docs']:,} documents in {s['validate_s']} s, peak {s['validate_peak_mb']} MB" for s in checked)
                  + ". The validator holds the whole corpus in memory.", ""]
    else:
        lines += ["These runs predate the validation of the gold folder before scoring: the timed runs "
                  "would now find each corpus validated already, as the script validates it first in a process "
                  "of its own, and its time and memory are not in these results.", ""]
    return lines


def entities_section(result: dict) -> list[str]:
    names = list(result["sizes"][0]["seconds"])
    rows = [[s["docs"], s["gold_mentions"], name, s["seconds"][name], s["ratio"][name], s["ratio_strict_only"][name]]
            for s in result["sizes"] for name in names]
    largest = result["sizes"][-1]
    return ["## Entity scoring against seqeval and nervaluate", "",
            f"`{COMMANDS['entities']}`", "",
            "The same synthetic annotations given to each library in its own format (converted before timing); the "
            "script asserts identical numbers before it reports a time: strict micro precision, recall and F1 equal "
            "seqeval's, and the counts and P/R/F1 of the four SemEval schemes, overall and per type, equal "
            "nervaluate's. *newsprep* counts all four schemes overall and per type, as the scorer does; *newsprep "
            "strict only* computes the one figure seqeval's `precision_recall_fscore_support` gives. Best of two runs "
            "(nervaluate: one).", "",
            table(["documents", "gold mentions", "library", "seconds", "time / newsprep", "time / newsprep strict only"],
                  rows), "",
            f"At {largest['docs']:,} documents, like for like: seqeval's micro score takes "
            f"{largest['ratio_strict_only']['seqeval micro']}× the time of the same figure in newsprep; seqeval's "
            f"per-type report takes {largest['ratio']['seqeval report']}× the time of newsprep's full count (four "
            f"schemes, overall and per type), and nervaluate, which computes the same four schemes, "
            f"{largest['ratio']['nervaluate']}×. Set against the full count, seqeval's micro score alone takes "
            f"{largest['ratio']['seqeval micro']}× (it computes one figure where newsprep's count gives every scheme "
            "and type).", ""]


def minhash_section(result: dict) -> list[str]:
    rows = [[s["docs"], s["segments"], s["seconds"], s["segments_per_s"], s["memory_mb"], s["kept"], s["precision"],
             s["recall"], s["index_all_seconds"], s["index_all_memory_mb"]] for s in result["sizes"]]
    return ["## MinHash duplicate baseline", "",
            f"`{COMMANDS['minhash']}`", "",
            "The baseline's signatures (word 3-shingles, 128 permutations, datasketch) used for streaming "
            "near-duplicate detection: each content segment is looked up in an LSH index (threshold 0.5) of the "
            "segments kept so far and flagged when found. Precision and recall are against the provenance the "
            "synthetic corpus records. *Index-all* inserts every segment, as the baseline's own all-pairs labelling "
            "does; its memory grows with the number of segments.", "",
            table(["documents", "content segments", "seconds", "segments/s", "memory MB", "kept", "precision", "recall",
                   "index-all seconds", "index-all memory MB"], rows), ""]


def render() -> str:
    results = {name: load(name) for name in COMMANDS}
    lines = ["# Performance", "",
             "Generated by `python benchmarks/performance_doc.py` from the JSON files in `benchmarks/results/`, "
             "which the benchmark scripts wrote. These are scripts, not tests: a test only runs each of them at 20 "
             "documents. Every corpus here is SYNTHETIC (`newsprep synth`'s generator), never the released data, "
             "and every timing is one run on a shared machine: read ratios measured in the same run, not absolute "
             "seconds.", ""]
    lines += machine_section(results)
    lines += scoring_section(results["scoring"])
    lines += entities_section(results["entities"])
    lines += minhash_section(results["minhash"])
    return "\n".join(lines)


def main() -> None:
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
