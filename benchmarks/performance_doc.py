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
    "scoring": "python benchmarks/bench_scoring.py --sizes 10000 100000 --num-proc 1 2 --out benchmarks/results/scoring.json",
    "cost": "python benchmarks/bench_cost.py --docs 10000 --runs 5 --out benchmarks/results/cost.json",
    "minhash": "python benchmarks/bench_minhash.py --sizes 1000 10000 50000 --out benchmarks/results/minhash.json",
    "cluster": "python benchmarks/bench_cluster.py --docs 20000 --workers 1 2 --runs 3 --out benchmarks/results/cluster.json",
    "phases": "python benchmarks/bench_phases.py --docs 10000 --runs 5 --out benchmarks/results/phases.json",
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
    """Time per document and peak memory at the smallest and largest size: one process, records in document
    order, no bootstrap; and the peak for the shuffled records."""
    points = {s["docs"]: (r["cpu_s"] / s["docs"], r["peak_mb"], s["corpus_mb"]) for s in sizes for r in s["runs"]
              if r["num_proc"] == 1 and r["resamples"] == 0 and r["order"] == "document"}
    mixed = {s["docs"]: r["peak_mb"] for s in sizes for r in s["runs"] if r["order"] == "shuffled"}
    if len(points) < 2:
        return None
    low, high = min(points), max(points)
    return {"low": low, "high": high, "time_ratio": points[high][0] / points[low][0],
            "peak": (points[low][1], points[high][1]), "corpus": (points[low][2], points[high][2]),
            "shuffled": (mixed.get(low), mixed.get(high))}


def scoring_section(result: dict) -> list[str]:
    rows = [[s["docs"], s["corpus_mb"], r["order"], r["num_proc"], r["resamples"], r["seconds"], r["cpu_s"], r["docs_per_s"],
             r["peak_mb"], r["workers_peak_mb"], round(r["strict_f1"], 4)] for s in result["sizes"] for r in s["runs"]]
    lines = ["## `newsprep score` at scale", "",
             f"`{COMMANDS['scoring']}`", "",
             "A scoring-only SYNTHETIC corpus per size (short documents: a title, "
             f"{result['paragraphs'][0]}–{result['paragraphs'][1]} content lines and up to 3 boilerplate lines) and a "
             f"spoiled system's submission for the tasks {', '.join(result['tasks'])}; each setting runs `newsprep score` in a "
             "fresh process: the records in document order, and the same records shuffled (which scoring sorts by "
             "document into a temporary file, then reads in one pass). *CPU s* is the scoring process's own (its Dask "
             "workers apart), *peak MB* its resident high-water mark, *workers' peak MB* the largest of its worker "
             "processes. Reports of every setting are asserted identical.", "",
             table(["documents", "corpus MB", "order", "--num-proc", "--resamples", "seconds", "CPU s", "documents/s",
                    "peak MB", "workers' peak MB", "strict F1"], rows), ""]
    g = growth(result["sizes"])
    if g:
        lines += [f"Growth (one process, no bootstrap): from {g['low']:,} to {g['high']:,} documents "
                  f"({g['high'] // g['low']}× more) the CPU time per document changes by a factor {g['time_ratio']:.2f} "
                  f"(1.00 is exactly linear). The corpus grows from {g['corpus'][0]:,} MB to {g['corpus'][1]:,} MB; "
                  f"the peak memory of the scoring process from {g['peak'][0]} MB to {g['peak'][1]} MB for records in "
                  f"document order, and from {g['shuffled'][0]} MB to {g['shuffled'][1]} MB for the same records "
                  "shuffled: scoring held a batch of documents, and a shuffled file "
                  "adds one run of its external sort (32 MB of lines at most), never the file and no offset per "
                  "record. With a bootstrap (`--resamples 1000`) the per-document count rows are kept for resampling, "
                  "so memory grows with the number of documents, as the rows above show.", ""]
    checked = [s for s in result["sizes"] if "validate_s" in s]
    if checked:
        lines += ["Scoring validates its gold folder first, once per content (`newsprep.eval.validate.gold`); the "
                  "script validates each corpus in a process of its own before the timed runs: "
                  + "; ".join(f"{s['docs']:,} documents in {s['validate_s']} s, peak {s['validate_peak_mb']} MB" for s in checked)
                  + ". The validator holds the whole corpus in memory.", ""]
    return lines


def earlier_section(result: dict, current: dict) -> list[str]:
    """The largest size of an earlier run (another version), quoted as such."""
    size = max(result["sizes"], key=lambda s: s["docs"])
    runs = "; ".join(f"`--num-proc {r['num_proc']}`: {r['seconds']} s, {r['docs_per_s']} documents/s, peak {r['peak_mb']} MB"
                     for r in size["runs"])
    largest = max(current["sizes"], key=lambda s: s["docs"])
    minutes = largest["validate_s"] * size["docs"] / largest["docs"] / 60
    return [f"Earlier, newsprep {result['machine']['newsprep']} (documents counted one at a time in Python, `--num-proc` "
            f"on a process pool of its own) scored {size['docs']:,} documents ({size['corpus_mb']:,} MB) of the same "
            f"generator: {runs} (`benchmarks/results/scoring-{result['machine']['newsprep']}.json`). That size was not "
            f"measured again: validating its gold folder, which scoring requires, would take about {minutes:.0f} minutes "
            "of one core here (the validation time above, scaled linearly).", ""]


# What bounds each target that a run misses, by the phase timings ("Where the time goes") and cProfile of the same path.
BOUNDS = {
    "score_over_orjson_parse": "both validation and counting do Python work per record and per span: validation "
                               "checks each record's keys, depth and schema and each span's offsets and surface text; "
                               "counting reads every gold record and takes each gold and predicted span's fields out "
                               "of its JSON object before arrays count a batch (\"Where the time goes\" below says "
                               "what each costs). Closing the gap would take records parsed straight into arrays, "
                               "in compiled code",
    "duplicates_score_over_orjson_parse": "each submitted pair is validated in Python (known content segments at both "
                                          "ends, not one segment twice, no pair given twice), and the universe of every "
                                          "pair of content segments is built as Python tuples and looked up before "
                                          "the rows are filled",
    "seqeval_over_newsprep_entities": "seqeval counts one figure from tags made beforehand; newsprep validates the "
                                      "submission and reads the gold and the texts (Python work per span, as for the "
                                      "whole submission) before it counts four schemes, per type, in two views on arrays",
    "nervaluate_over_newsprep_entities": "nervaluate counts the same four schemes per type from spans made beforehand; "
                                         "newsprep also validates its input (the peers trust theirs), reads the gold "
                                         "and the texts, and counts two views",
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
            f"order and {peak['newsprep score, shuffled file']} MB for the same records shuffled ({extra:+.0f} bytes "
            "per record). A shuffled file was then sorted by document into a temporary file first (an external merge "
            "sort in runs of at most 32 MB of lines) and read in one pass like an ordered one; the engine that "
            "replaced it routes each record to its range of documents instead, holding one entry per record.", ""]


def phases_section(result: dict) -> list[str]:
    m = result["medians"]
    floor = m["orjson parse of submission and gold"]
    order = ["start-up and imports", "orjson parse of submission and gold", "validation alone", "counting", "report"]
    rows = [[name, m[name], f"{m[name] / floor:.2f}"] for name in order]
    return ["## Where the time goes", "",
            f"`{COMMANDS['phases']}`", "",
            f"The corpus and submission of the comparison above ({result['docs']:,} documents), scored phase by phase "
            "in one process on the path `newsprep score` took for a file in document order: the orjson parse of "
            "the files alone (the floor of the first target), validation alone, and counting "
            "(validation and counting in one pass, minus validation alone). CPU seconds, "
            f"medians of {result['runs']} fresh processes; load average at start {result['load_average_at_start']}.", "",
            table(["phase", "CPU s", "× the orjson parse"], rows), "",
            "Validation reads every record with the line rules (orjson, then a walk that counts the keys and the "
            "depth), checks it against the schema by hand (`Task.conforms`) and checks each span's offsets and surface "
            "text against the document's text: Python work per mention. Counting reads the gold records, takes "
            "each span's columns out of its JSON object, and counts a batch of documents on arrays.", ""]


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
            f"{result['machine']['cores']} cores. The partitioned job "
            f"costs {single['cpu_ms_per_doc'] / one['cpu_ms_per_doc'] - 1:.0%} more CPU per document than one "
            "process: one process validates and counts a file in document order in a single read, where the "
            "partitioned job reads the submission twice (once to validate each block, once to join its records with "
            "the gold) and the gold once per range, and moves the routed records' offsets between workers; on a "
            "machine of two cores that also runs the driver and the scheduler, that is more than two workers win "
            "back. A cluster pays where the corpus outgrows one machine, not here. The "
            "driver holds no record: what it gathers is each block's problems and line count, the pairs of a "
            "duplicates task, and the joined tallies (with a bootstrap, the per-document count rows it resamples).", ""]


def render() -> str:
    results = {name: load(name) for name in COMMANDS}
    lines = ["# Performance", "",
             "Generated by `python benchmarks/performance_doc.py` from the JSON files in `benchmarks/results/`, "
             "which the benchmark scripts wrote. These are scripts, not tests: a test only runs each of them at 20 "
             "documents. Every corpus here is SYNTHETIC (`newsprep synth`'s generator), never the released data. "
             "The machine is shared: read ratios measured in the same run, not absolute seconds. The scale and MinHash "
             "tables are one run each; the like-for-like costs are medians of interleaved runs.", "",
             "**Measured before the one engine.** The numbers below were measured on release 0.6.0 as first built, "
             "when one process read a file in document order in a single pass and sorted any other file by "
             "document first. One process now runs the partitioned engine with one partition "
             "(`newsprep.eval.submission.engine`): the same reports, byte for byte, and the same problems, but the "
             "submission is read twice (once per block to validate each line, once per range to join its records "
             "with the gold) and one routed entry per record is held, so memory grows with the file. The scripts "
             "measure the engine; their results here are to be measured again.", ""]
    lines += machine_section(results)
    lines += scoring_section(results["scoring"])
    lines += earlier_section(load("scoring-0.4.2"), results["scoring"])
    lines += cost_section(results["cost"])
    lines += phases_section(results["phases"])
    lines += minhash_section(results["minhash"])
    lines += cluster_section(results["cluster"])
    return "\n".join(lines)


def main() -> None:
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
