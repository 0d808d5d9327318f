"""Throughput and peak memory of ``newsprep score`` on synthetic corpora of growing size.

    python benchmarks/bench_scoring.py --sizes 10000 100000 --num-proc 1 2

For each size: a scoring-only SYNTHETIC corpus (``write_corpus(scoring_only=True)``,
short documents, see ``common.PARAGRAPHS``) and a spoiled system's submission
are written to the work folder; ``newsprep validate-data --root`` validates the
corpus once (its time and peak memory are recorded: scoring validates a gold
folder before it scores, once per content) and a process makes its gold columns
(``validate.columns``, made by the first score of a content; its CPU time is
recorded), then ``newsprep score`` runs in a fresh
process per setting; its wall time, CPU time and peak resident memory are recorded.
Each size is also scored from the same records shuffled (``--num-proc 1``), which
scoring sorts by document before it reads them. Runs with different ``--num-proc``
or record order must give identical reports (checked).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import PARAGRAPHS, environment, load, machine, newsprep, save, shuffled, table, timed, write_predictions

from newsprep.eval.synth.write import write_corpus

# Makes a validated folder's gold columns, as the first score of its content does; prints the CPU seconds it took
COLUMNS = """
import sys, time
from newsprep.eval.validate.gold import gold_columns
started = time.process_time()
made = gold_columns(sys.argv[1])
assert made is not None, "no column cache could be made"
print(time.process_time() - started)
"""


def score_runs(root: Path, predictions: Path, size: int, args) -> list[dict]:
    runs, reports = [], {}
    settings = [(p, 0, "document") for p in args.num_proc if p > 1 or size <= args.serial_up_to]
    if size <= args.bootstrap_up_to:
        settings.append((max(args.num_proc), 1000, "document"))
    settings.append((1, 0, "shuffled"))
    mixed = shuffled(predictions, predictions.with_name(f"shuffled-{size}.jsonl"), args.seed)
    for num_proc, resamples, order in settings:
        report = root.parent / f"report-{size}-{num_proc}-{resamples}-{order}.json"
        before = load()
        result = newsprep("score", str(predictions if order == "document" else mixed), "--gold", str(root), "--format",
                          "json", "-o", str(report), "--num-proc", str(num_proc), "--resamples", str(resamples),
                          *sum((["--task", t] for t in args.tasks), []))
        rows = json.loads(report.read_text())["rows"]
        values = {(r["task"], r["view"], r["metric"], r["average"], r["statistic"]): r["value"] for r in rows}
        reports.setdefault(resamples, []).append(rows)
        runs.append({"docs": size, "order": order, "num_proc": num_proc, "resamples": resamples,
                     "seconds": round(result["seconds"], 2), "cpu_s": round(result["cpu_s"], 2),
                     "docs_per_s": round(size / result["seconds"]), "peak_mb": round(result["peak_mb"]),
                     "workers_peak_mb": round(result["workers_peak_mb"]),
                     "strict_f1": values.get(("entities", "all", "strict", "micro", "f1")), "load_before": before})
    for same in reports.values():
        assert all(r == same[0] for r in same), "reports differ between --num-proc settings or record orders"
    mixed.unlink()
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--num-proc", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--tasks", nargs="+", default=["entities", "boilerplate"])
    parser.add_argument("--serial-up-to", type=int, default=100000, help="larger sizes run with --num-proc > 1 only")
    parser.add_argument("--bootstrap-up-to", type=int, default=100000, help="also time 1000 bootstrap resamples up to this size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", help="folder for corpora (default: a temporary one, removed after)")
    parser.add_argument("--out", help="write the results here as JSON")
    args = parser.parse_args()
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="newsprep-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["NEWSPREP_CACHE"] = str(work / "cache")  # the validation records and columns of these corpora only
    results = {"machine": machine(), "paragraphs": list(PARAGRAPHS), "tasks": args.tasks, "sizes": []}
    try:
        for size in args.sizes:
            root = work / f"synth-{size}"
            shutil.rmtree(root, ignore_errors=True)
            _, made = timed(write_corpus, root, docs=size, seed=args.seed, paragraphs=PARAGRAPHS, validate=False, scoring_only=True)
            # Scoring validates its gold folder first, once per content; the validation is run and recorded
            # here, in a process of its own, so that the timed runs below measure scoring.
            checked = newsprep("validate-data", "--root", str(root))
            columns = subprocess.run([sys.executable, "-c", COLUMNS, str(root)], capture_output=True, text=True,
                                     env=environment(), check=True)
            _, wrote = timed(write_predictions, root, work / f"pred-{size}.jsonl", tuple(args.tasks))
            megabytes = sum(p.stat().st_size for p in (root / "data").glob("*.jsonl")) / 1e6
            runs = score_runs(root, work / f"pred-{size}.jsonl", size, args)
            results["sizes"].append({"docs": size, "corpus_mb": round(megabytes), "generate_s": round(made, 1),
                                     "validate_s": round(checked["seconds"], 1), "validate_peak_mb": round(checked["peak_mb"]),
                                     "columns_cpu_s": round(float(columns.stdout), 1),
                                     "predictions_s": round(wrote, 1), "runs": runs})
            print(f"{size} documents: corpus {megabytes:.0f} MB in {made:.0f} s; " +
                  "; ".join(f"{r['order']} --num-proc {r['num_proc']} --resamples {r['resamples']}: {r['seconds']} s" for r in runs), flush=True)
            shutil.rmtree(root, ignore_errors=True)
            (work / f"pred-{size}.jsonl").unlink()
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    rows = [[r["docs"], r["order"], r["num_proc"], r["resamples"], r["seconds"], r["docs_per_s"], r["peak_mb"], r["workers_peak_mb"]]
            for s in results["sizes"] for r in s["runs"]]
    print(table(["documents", "order", "--num-proc", "--resamples", "seconds", "documents/s", "peak MB", "workers' peak MB"], rows))
    save(args.out, results)


if __name__ == "__main__":
    main()
