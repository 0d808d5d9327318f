"""Write docs/performance.md from the benchmark results in benchmarks/results/.

    python benchmarks/performance_doc.py

The numbers in the page come only from the JSON files the scripts wrote
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
    "cost": "python benchmarks/bench_cost.py --docs 10000 --runs 5 --out benchmarks/results/cost.json",
    "minhash": "python benchmarks/bench_minhash.py --sizes 1000 10000 50000 --out benchmarks/results/minhash.json",
    "cluster": "python benchmarks/bench_cluster.py --docs 20000 --workers 1 2 --runs 3 --out benchmarks/results/cluster.json",
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


def pool_note(result: dict) -> str:
    """Results measured before 0.5.0 ran ``--num-proc 2`` on the process pool that Dask replaced: say so."""
    version = tuple(int(x) for x in result["machine"]["newsprep"].split(".")[:2])
    if version >= (0, 5):
        return ""
    return (f" These runs were made with newsprep {result['machine']['newsprep']}, whose `--num-proc` counted "
            "documents in a process pool of its own; since 0.5.0 `--num-proc` runs on Dask (see \"Scaling on a Dask "
            "cluster\" below). This table was not measured again; the like-for-like costs below are newer.")


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
             "`--bootstrap-up-to`), to keep the whole run near half an hour."
             + pool_note(result), "",
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


# What bounds each target that a run misses, by the profile of the same path (cProfile of newsprep score).
BOUNDS = {
    "score_over_orjson_parse": "every record is validated and counted in Python: offsets and surface text "
                               "of each span, overlaps, then four matching schemes overall and per type in two views, "
                               "seven boilerplate metrics; orjson only parses",
    "seqeval_over_newsprep_entities": "both are Python: seqeval computes one figure from tags made beforehand, "
                                      "newsprep validates the submission and counts four schemes, per type, in "
                                      "two views; a tenfold lead would need compiled or array counting",
    "nervaluate_over_newsprep_entities": "both are Python and count the same four schemes per type; newsprep also "
                                         "validates its input (the peers trust theirs) and counts two views",
    "bootstrap_added": "a thousand resampled sums of every count column (a weights × units product) and their "
                       "statistics: a fixed cost that a small corpus does not amortise",
    "import_cpu_s": "the interpreter's own start-up",
}


def cost_section(result: dict) -> list[str]:
    medians, ratios, sizes = result["medians"], result["ratios"], result["sizes"]
    rows = [[name, m["cpu_s"], m["wall_s"]] for name, m in medians.items()]
    targets = [[t["what"], t["target"], t["measured"], "met" if t["met"] else "missed: " + BOUNDS[t["name"]]]
               for t in result["targets"]]
    peak = result["peak_mb"]
    extra = (peak["newsprep score, shuffled file"] - peak["newsprep score"]) * 1e6 / sizes["records"]
    return ["## What scoring costs, like for like", "",
            f"`{COMMANDS['cost']}`", "",
            f"Whole processes, start-up and imports included, each run {result['runs']} times in interleaved rounds; "
            "CPU seconds (user + system, children included) and wall seconds are medians, and each ratio is the "
            "median of the ratios within a round. A SYNTHETIC corpus of "
            f"{result['docs']:,} short documents ({sizes['gold_mb']} MB of gold read by scoring) and a spoiled "
            f"system's submission ({sizes['records']:,} records, {sizes['submission_mb']} MB; boilerplate and "
            "entities); duplicates on a corpus of "
            f"{result['pair_docs']} documents that carries the pair layers ({sizes['pair_segments']:,} segments, "
            f"{sizes['pairs']:,} gold pairs). The gold folders were validated once before the timed runs "
            f"({result['validate_cpu_s']['corpus']} and {result['validate_cpu_s']['pairs']} CPU seconds), as scoring "
            "remembers a validated folder. Load average "
            f"at start {result['load_average_at_start']}, at end {result['load_average_at_end']}.", "",
            "Every peer reads its input from a file in its own format, converted beforehand from the same "
            "annotations: seqeval IOB2 tags of NewsPrep's tokeniser (`f1_score`, micro), nervaluate labelled spans "
            "(`Evaluator(...).evaluate()`); the script asserts that their strict micro precision, recall and F1 "
            f"equal newsprep's ({result['strict_micro']['f1']:.4f}) before it reports a time. newsprep's figure is "
            "its real path, `newsprep score` on an entities-only submission: validation, then the four SemEval "
            "schemes overall and per type, in the full and the content-only view.", "",
            table(["process", "CPU s", "wall s"], rows), "",
            table(["ratio (CPU, median of rounds)", "value"], [[k, v] for k, v in ratios.items()]), "",
            "Targets:", "",
            table(["measure", "target", "measured", "verdict"], targets), "",
            f"Memory: the scoring process peaked at {peak['newsprep score']} MB for the submission in document "
            f"order and {peak['newsprep score, shuffled file']} MB for the same records shuffled, about "
            f"{extra:.0f} bytes more per record: a shuffled file is indexed by the byte offset of every record "
            "(and the gold documents by theirs), where an ordered one is read in one pass and keeps no offset. "
            "No bounded-memory path (an external sort by document) is built yet for shuffled files; sorting a "
            "submission by document before scoring keeps memory flat.", ""]


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


def cluster_section(result: dict) -> list[str]:
    rows = [[s["setting"], s["seconds"], s["ms_per_doc"], s["cpu_ms_per_doc"], s["driver_cpu_s"], s["workers_cpu_s"],
             s["driver_peak_mb"]] for s in result["settings"]]
    one = next(s for s in result["settings"] if s["workers"] == 0)
    most = max(result["settings"], key=lambda s: s["workers"])
    single = next(s for s in result["settings"] if s["workers"] == 1)
    return ["## Scaling on a Dask cluster", "",
            f"`{COMMANDS['cluster']}`", "",
            f"One scoring-only SYNTHETIC corpus of {result['docs']:,} documents ({result['corpus_mb']} MB; the "
            f"submission {result['submission_mb']} MB, boilerplate and entities, no bootstrap), scored by "
            "`newsprep score` in a fresh process per run: alone, and with `--scheduler` on a local cluster of 1 and "
            "2 worker processes started beforehand (the cluster's start-up is not counted). Medians of "
            f"{one['runs']} runs. The *driver* is the `newsprep score` process: it plans the job, gathers the "
            "blocks' problems and line counts and the joined tallies, and writes the report; the workers validate, "
            "join with the gold and count. Every report was identical (checked).", "",
            table(["setting", "seconds", "ms/document", "CPU ms/document", "driver CPU s", "workers' CPU s",
                   "driver peak MB"], rows), "",
            f"With {most['workers']} workers the job takes {most['seconds'] / one['seconds']:.2f}× the time of one "
            f"process and {most['seconds'] / single['seconds']:.2f}× the time of 1 worker, on a machine of "
            f"{result['machine']['cores']} cores that also runs the driver and the scheduler. The partitioned job "
            f"costs {single['cpu_ms_per_doc'] / one['cpu_ms_per_doc'] - 1:.0%} more CPU per document than one "
            "process: it reads the submission twice (once to validate each block, once to join its records with "
            "the gold) and the gold once per range, and moves the routed records' offsets between workers. The "
            "driver holds no record: what it gathers is each block's problems and line count, the pairs of a "
            "duplicates task, and the joined tallies (with a bootstrap, the per-document count rows it resamples).", ""]


def render() -> str:
    results = {name: load(name) for name in COMMANDS}
    lines = ["# Performance", "",
             "Generated by `python benchmarks/performance_doc.py` from the JSON files in `benchmarks/results/`, "
             "which the benchmark scripts wrote. These are scripts, not tests: a test only runs each of them at 20 "
             "documents. Every corpus here is SYNTHETIC (`newsprep synth`'s generator), never the released data. "
             "The machine is shared: read ratios measured in the same run, not absolute seconds. The scale and MinHash "
             "tables are one run each; the like-for-like costs are medians of interleaved runs.", ""]
    lines += machine_section(results)
    lines += scoring_section(results["scoring"])
    lines += cost_section(results["cost"])
    lines += minhash_section(results["minhash"])
    lines += cluster_section(results["cluster"])
    return "\n".join(lines)


def main() -> None:
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
