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
    "validate": "python benchmarks/bench_validate.py --sizes 5000 20000 --runs 3 --out benchmarks/results/validate.json",
    "million": "python benchmarks/bench_million.py --docs 1000000 --out benchmarks/results/million.json",
    "import": "python benchmarks/bench_import.py --sizes 10000 100000 --runs 1 --out benchmarks/results/import.json",
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
             "fresh process: the records in document order, and the same records shuffled (the engine routes each "
             "record to its range of documents, so order costs nothing). *CPU s* is the scoring process's own (its Dask "
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
                  "shuffled: the engine holds one routed entry per record and, up to 256 MiB a block "
                  "(`submission.blocks.KEEP_BYTES`), the bytes of the routed lines, so that each block is read once; "
                  "past that a line is read again by its offset. With a bootstrap (`--resamples 1000`) the "
                  "per-document count rows are kept for the intervals, so memory grows with the number of documents, "
                  "as the rows above show.", ""]
    checked = [s for s in result["sizes"] if "validate_s" in s]
    if checked:
        lines += ["Scoring validates its gold folder first, once per content (`newsprep.eval.validate.gold`); the "
                  "script validates each corpus in a process of its own before the timed runs: "
                  + "; ".join(f"{s['docs']:,} documents in {s['validate_s']} s, peak {s['validate_peak_mb']} MB" for s in checked)
                  + ". The validator streams (\"Validating a folder\" below)."
                  + ("" if not all("columns_cpu_s" in s for s in checked) else
                     " The first score of a content also makes its gold columns (`newsprep.eval.validate.columns`, "
                     "what the runs above read in place of the gold JSON); the script makes them in a process of its "
                     "own as well: " + "; ".join(f"{s['docs']:,} documents in {s['columns_cpu_s']} CPU s" for s in checked)
                     + "."), ""]
    return lines


def earlier_section(result: dict, current: dict) -> list[str]:
    """The largest size of an earlier run (another version), quoted as such."""
    size = max(result["sizes"], key=lambda s: s["docs"])
    runs = "; ".join(f"`--num-proc {r['num_proc']}`: {r['seconds']} s, {r['docs_per_s']} documents/s, peak {r['peak_mb']} MB"
                     for r in size["runs"])
    return [f"Earlier, newsprep {result['machine']['newsprep']} (documents counted one at a time in Python, `--num-proc` "
            f"on a process pool of its own) scored {size['docs']:,} documents ({size['corpus_mb']:,} MB) of the same "
            f"generator: {runs} (`benchmarks/results/scoring-{result['machine']['newsprep']}.json`). \"A million "
            "documents end to end\" below measures that size again, every step.", ""]


def validate_section(result: dict) -> list[str]:
    sizes = result["sizes"]
    before = {s["docs"]: s for s in result.get("before", {}).get("sizes", [])}
    rows = [[s["docs"], s["data_mb"], s["cpu_s"], s["wall_s"], s["peak_mb"], s["orjson_parse_cpu_s"], s["cpu_over_parse"],
             before[s["docs"]]["cpu_s"] if s["docs"] in before else "", before[s["docs"]]["peak_mb"] if s["docs"] in before else ""]
            for s in sizes]
    target = {t["name"]: t for t in result["targets"]}
    cpu, peak = target["cpu_over_parse"], target["peak_growth"]
    return ["## Validating a folder", "",
            f"`{COMMANDS['validate']}`", "",
            f"`newsprep validate-data --root` on SYNTHETIC corpora of `newsprep synth` ({result['paragraphs'][0]}–"
            f"{result['paragraphs'][1]} content lines a document, every layer), each run a fresh process, medians of "
            f"{result['runs']} runs; the floor is an orjson parse of every data file of the folder in a process of its "
            "own. The validator proves a folder in one streaming pass (`validate.stream`): each data file read once, "
            "in document order, the layers joined a document at a time, the rules across files on compact state (the "
            "entity table, sorted arrays of segment ids). A folder the pass cannot prove (a broken one, or a layer "
            "out of document order) is read again by the exact validator, which names every problem: that case "
            "holds the folder in memory, as before. *Before* is the validator of the release as first built: "
            f"{result.get('before', {}).get('method', 'not measured')}.", "",
            table(["documents", "data MB", "CPU s", "wall s", "peak MB", "orjson parse CPU s", "× the parse",
                   "CPU s before", "peak MB before"], rows), "",
            f"Targets: peak memory from {sizes[0]['docs']:,} to {sizes[-1]['docs']:,} documents grows "
            f"{peak['value']}× (target at most {peak['target']}×: {'met' if peak['met'] else 'missed'}); CPU "
            f"{cpu['value']}× the parse (target at most {cpu['target']}×: {'met' if cpu['met'] else 'missed'}"
            + ("" if cpu["met"] else ": bounded by Python work per record and per span: the quick schema check made "
               "from each schema (`validate.quick`, jsonschema only where it declines), the line rules' walk over "
               "every value, the consistency rules' search for each name in its document, the tokeniser run over "
               "every text, and the folder hashed twice more for its fingerprint") + ").", ""]


def import_section(result: dict) -> list[str]:
    sizes = result["sizes"]
    rows = [[s["docs"], s["export_mb"], s["mentions"], s["output_mb"], s["wall_s"], s["cpu_s"], s["peak_mb"],
             s["docs_per_s"], s["review"]] for s in sizes]
    peak = {t["name"]: t for t in result.get("targets", [])}.get("peak_growth")
    small, large = sizes[0], sizes[-1]
    runs = "one run" if result["runs"] == 1 else f"medians of {result['runs']} runs"
    verdict = ("" if peak is None else
               f"Peak memory from {small['docs']:,} to {large['docs']:,} documents ({large['docs'] / small['docs']:.0f}× "
               f"more) grows {peak['value']}× ({small['peak_mb']} MB to {large['peak_mb']} MB; target at most "
               f"{peak['target']}×: {'met, the import streams with bounded memory' if peak['met'] else 'missed'}). ")
    return ["## Importing an export", "",
            f"`{COMMANDS['import']}`", "",
            f"`newsprep import --format doccano` on a doccano JSONL export made from a SYNTHETIC corpus of "
            f"`newsprep synth --seed {result['seed']}` ({result['paragraphs'][0]}–{result['paragraphs'][1]} content "
            "lines a document): one line per document, its mentions labelled with their OntoNotes type and its "
            "boilerplate spans `boilerplate:CATEGORY`, offsets in UTF-16 code units as doccano counts them; making "
            f"the export is not timed. Each run is a fresh process on this machine's {result['machine']['cores']} "
            f"cores, shared with other work (load average at the start of each size in the results file), "
            f"{runs} a size. The import reads the export twice, a document at a time (once to count the documents, once to "
            "write every layer: documents, boilerplate, entities, segments, tokens, and the sources and consistency "
            "exceptions under `annotation/`), then validates the folder before renaming it into place; the times "
            "include all of it. *Wall s* is the command's own (start-up apart), *CPU s* the process's, start-up "
            "and imports included, *peak MB* its resident high-water mark (VmHWM). *Exceptions listed* counts the "
            "unannotated occurrences of annotated surfaces the import lists for review "
            "(`annotation/consistency_exceptions.jsonl`).", "",
            table(["documents", "export MB", "mentions", "folder MB", "wall s", "CPU s", "peak MB", "documents/s",
                   "exceptions listed"], rows), "",
            verdict + f"CPU per document changes by a factor "
            f"{(large['cpu_s'] / large['docs']) / (small['cpu_s'] / small['docs']):.2f} (1.00 is exactly linear); "
            f"{large['docs']:,} documents take {large['wall_s'] / 60:.1f} minutes. Within the import only the documents' "
            "names in the export (kept to refuse a document given twice, a few bytes each), the entity table (empty "
            "here: a doccano export carries no entity ids) and, with `--pairs`, the segments' ids grow with the "
            "corpus, the rest being held a document at a time; the validation that follows reads the folder "
            "in one streaming pass (\"Validating a folder\" above).", ""]


FIRST = "score, document order, making the gold columns"


def million_section(result: dict) -> list[str]:
    steps = result["steps"]
    rows = [[s["step"], round(s["seconds"], 1), round(s["cpu_s"], 1), round(s["peak_mb"]), round(s["workers_peak_mb"])]
            for s in steps]
    by = {s["step"]: s for s in steps}
    if "score, document order" not in by or "validate-data" not in by:
        return ["## A million documents end to end", "", f"`{COMMANDS['million']}`", "",
                table(["step", "seconds", "CPU s", "peak MB", "workers' peak MB"], rows), "",
                "The run stopped before scoring; the steps above are the ones it finished.", ""]
    one = by["score, document order"]
    return ["## A million documents end to end", "",
            f"`{COMMANDS['million']}`", "",
            f"{result['docs']:,} SYNTHETIC short documents ({result['sizes']['corpus_mb']:,} MB of data files) and a "
            f"spoiled system's submission ({result['sizes']['submission_mb']:,} MB, boilerplate and entities, written "
            f"by the script in {result['sizes']['submission_write_s']} s), each step a fresh `newsprep` process on "
            f"this machine's {result['machine']['cores']} cores, one run each (load average at the start of each "
            "step beside it in the results file). Scoring runs with `--resamples 0`; the score reports were "
            "identical (checked). *Peak MB* is the process's resident high-water mark, *workers' peak MB* the largest "
            "of its Dask worker processes.", "",
            table(["step", "seconds", "CPU s", "peak MB", "workers' peak MB"], rows), "",
            f"Scoring {result['docs']:,} documents in one process took {one['seconds'] / 60:.1f} minutes "
            f"({result['docs'] / one['seconds']:,.0f} documents/s) and validating the gold folder, which scoring "
            f"requires once per content, {by['validate-data']['seconds'] / 60:.1f} minutes at "
            f"{by['validate-data']['peak_mb']:.0f} MB."
            + (f" The first score of the content also made its gold columns (`validate.columns`), a step of its own "
               f"here: {first['seconds'] / 60:.1f} minutes at {first['peak_mb']:,.0f} MB, against "
               f"{one['seconds'] / 60:.1f} for a score that reads them." if (first := by.get(FIRST)) else "")
            + " The scoring process holds one routed entry per record and "
            "up to 256 MiB of routed lines per block, so its peak grows with the submission: that is what bounds "
            "it, not the gold, whose columns are read a window at a time."
            + (f" `report` gives intervals, so it keeps each document's count rows for them (the design: intervals "
               f"over documents): {by['report --plots']['peak_mb']:,.0f} MB here; with `--resamples 0` scoring keeps "
               "none." if "report --plots" in by else "")
            + ("" if result.get("complete", True) else " The run stopped after the steps above; the others are missing."),
            ""]


# What bounds each target that a run misses, by the phase timings ("Where the time goes") and cProfile of the same path.
BOUNDS = {
    "score_over_orjson_parse": "work per record and per span in Python on both sides of the parse (\"Where the "
                               "time goes\" below). The gold is read as columns, so no gold JSON is parsed; what "
                               "is left is the submission: each line is decoded by msgspec, then parsed again (orjson) "
                               "where it meets its document, each span's offsets and surface are checked against the "
                               "text, and each predicted span's fields are taken out of its object before arrays "
                               "count a batch; per-character arrays then count a batch's boilerplate and content "
                               "words. Reaching 3× would take the submission decoded into columns and checked on "
                               "them as well, with the text checks on arrays",
    "duplicates_score_over_orjson_parse": "each submitted pair is validated in Python (known content segments at both "
                                          "ends, not one segment twice, no pair given twice), and the universe of every "
                                          "pair of content segments is built as Python tuples and looked up before "
                                          "the rows are filled; the gold pairs are read from their JSON (the column "
                                          "cache holds the span layers)",
    "seqeval_f1_over_newsprep_entities": "seqeval counts one figure from tags made beforehand; newsprep validates "
                                         "the submission against the texts (Python work per span) and reads the "
                                         "gold (as columns) before it counts four schemes, per type, in two views on arrays, and "
                                         "writes the report with its signatures",
    "seqeval_report_over_newsprep_entities": "the same work on newsprep's side; seqeval's report adds per-type "
                                             "figures to the one count of entities",
    "nervaluate_over_newsprep_entities": "nervaluate counts the same four schemes per type from spans made beforehand; "
                                         "newsprep also validates its input against the texts (the peers trust "
                                         "theirs), reads the gold (as columns), and counts two views",
    "bootstrap_added": "importing scipy.stats for the intervals' t quantiles (about half a second, which a run "
                       "with --resamples 0 no longer pays) and keeping each document's count row for the jackknife over "
                       "the units: mostly a fixed cost, which a small corpus does not amortise",
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
            "annotations: seqeval IOB2 tags of NewsPrep's tokeniser, timed for each call that returns what newsprep "
            "returns (`f1_score`, one call: the micro F1; `classification_report(output_dict=True)`: precision, "
            "recall and F1 per type and their micro average), and nervaluate labelled spans "
            "(`Evaluator(...).evaluate()`: the four schemes per type); the script asserts that their strict micro "
            "figures (F1 alone for `f1_score`) "
            f"equal newsprep's ({result['strict_micro']['f1']:.4f}) before it reports a time. newsprep's figure is "
            "its real path, `newsprep score` on an entities-only submission: validation, then the four SemEval "
            "schemes overall and per type, in the full and the content-only view.", "",
            table(["process", "CPU s", "wall s"], rows), "",
            table(["ratio (CPU, median of rounds)", "value"], [[k, v] for k, v in ratios.items()]), "",
            "Targets:", "",
            table(["measure", "target", "measured", "verdict"], targets), "",
            f"Memory: the scoring process peaked at {peak['newsprep score']} MB for the submission in document "
            f"order and {peak['newsprep score, shuffled file']} MB for the same records shuffled ({extra:+.0f} bytes "
            "per record): the engine routes each record to its range of documents whatever the order.", "",
            *columns_paragraph(result)]


def columns_paragraph(result: dict) -> list[str]:
    """What reading the gold as columns (``validate.columns``) changed, from the rounds that run both readers."""
    if "json_gold_over_columns" not in result["ratios"]:
        return []
    m = result["medians"]
    return ["**The gold read as columns.** Scoring reads a validated folder's documents and span layers from a "
            "cache of arrays made once per content (`newsprep.eval.validate.columns`: files of fixed-size values under "
            "`columns/<fingerprint>/` beside the validation records, read a window of 2 MiB a column at a time, so "
            "that memory does not grow with the corpus; at most 4 contents, the least recently used removed first; "
            "`newsprep validate-data --clear-cache` empties it). In the same rounds, the same command with the "
            f"cache turned off read the gold JSON: {m['newsprep score, gold read as JSON']['cpu_s']} CPU s against "
            f"{m['newsprep score']['cpu_s']} s, {result['ratios']['json_gold_over_columns']:.2f}× (the reports are "
            "identical, checked). The first score of a content makes the columns: "
            f"{result['first_score_cpu_s']} CPU s in that run. The gain is small because what the cache removes was "
            "small: parsing the gold and taking its records apart weighed about a tenth of scoring, and reading the "
            "columns (the texts decoded, the windows read) costs part of that back; the rest of the work is the "
            "submission's (\"Where the time goes\" below).", ""]


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
            "Validation decodes a plain line against its task's record type made from the schema, in C (msgspec, "
            "`submission.typed`), and leaves only a line it declines to the exact reader; the offsets and surface "
            "text of each span are then checked against the document's text where the records meet the gold: Python "
            "work per mention. Counting parses the routed lines again (orjson), takes each predicted span's fields "
            "out of its JSON object, takes the gold's spans as slices of the column cache's arrays (no gold JSON is "
            "parsed), and counts a batch of documents on arrays. The orjson floor above parses the gold files all "
            "the same, so that the ratio compares with the same floor as before.", ""]


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
            f"costs {single['cpu_ms_per_doc'] / one['cpu_ms_per_doc']:.2f}× the CPU per document of one process "
            f"(target: at most 1.2×; {'met' if single['cpu_ms_per_doc'] <= 1.2 * one['cpu_ms_per_doc'] else 'missed'}). "
            "Both run the same functions and read each block once; the "
            "cluster adds the client's and the scheduler's work and moves the routed lines between workers, and "
            "its driver process pays for importing Dask; on a machine of two cores that also runs the driver and "
            "the scheduler, two workers do not win that back. A cluster pays where the corpus outgrows one "
            "machine, not here. The "
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
             "The MinHash tables were measured on release 0.6.0 as first built (the baseline has not changed since); "
             "every other table was measured on the engine of this release: one engine reads every submission, "
             "in one process or in partitions on a cluster, each block once, a plain line decoded by msgspec; the "
             "data validator streams. Every table that scores (at scale, like for like, where the time goes, the "
             "cluster, a million documents) was measured again once scoring read the gold as columns "
             "(`validate.columns`); validating and importing a folder do not read them.", ""]
    lines += machine_section(results)
    lines += scoring_section(results["scoring"])
    lines += earlier_section(load("scoring-0.4.2"), results["scoring"])
    lines += validate_section(results["validate"])
    lines += import_section(results["import"])
    lines += cost_section(results["cost"])
    lines += phases_section(results["phases"])
    lines += minhash_section(results["minhash"])
    lines += cluster_section(results["cluster"])
    lines += million_section(results["million"])
    return "\n".join(lines)


def main() -> None:
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
