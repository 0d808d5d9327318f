"""``newsprep score`` on a Dask cluster of 1 and 2 workers, against one process, on one synthetic corpus.

    python benchmarks/bench_cluster.py --docs 20000 --workers 1 2 --runs 3

A scoring-only SYNTHETIC corpus (short documents, ``common.PARAGRAPHS``) and a
spoiled system's submission are written, the corpus is validated once, then
``newsprep score`` runs in a fresh process per run: on its own (no Dask), and
with ``--scheduler`` against a ``distributed.LocalCluster`` of 1 and 2 worker
processes that the script starts once per worker count (so the cluster's
start-up, about two seconds, is not counted; ``--num-proc`` would count it).
Recorded per setting, medians of ``--runs``: wall seconds, the command's own
CPU seconds and peak memory (the "driver"), and the workers' CPU seconds.
Every report must be identical (checked).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import tempfile
from pathlib import Path

from common import PARAGRAPHS, load, machine, newsprep, save, table, timed, write_predictions

from newsprep.eval.synth.write import write_corpus


def worker_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(args_list: list[str], report: Path, client=None) -> dict:
    before = sum(client.run(worker_cpu).values()) if client is not None else 0.0
    result = newsprep(*args_list, "-o", str(report))
    after = sum(client.run(worker_cpu).values()) if client is not None else 0.0
    return {"seconds": result["seconds"], "driver_cpu_s": result["cpu_s"], "driver_peak_mb": result["peak_mb"],
            "workers_cpu_s": after - before, "report": report.read_text(encoding="utf-8")}


def setting(name: str, workers: int, runs: list[dict], docs: int) -> dict:
    median = {key: statistics.median(r[key] for r in runs) for key in ("seconds", "driver_cpu_s", "driver_peak_mb", "workers_cpu_s")}
    return {"setting": name, "workers": workers, "runs": len(runs), "seconds": round(median["seconds"], 2),
            "ms_per_doc": round(1000 * median["seconds"] / docs, 3),
            "cpu_ms_per_doc": round(1000 * (median["driver_cpu_s"] + median["workers_cpu_s"]) / docs, 3),
            "driver_cpu_s": round(median["driver_cpu_s"], 2), "workers_cpu_s": round(median["workers_cpu_s"], 2),
            "driver_peak_mb": round(median["driver_peak_mb"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="write the results here as JSON")
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    work = Path(tempfile.mkdtemp(prefix="newsprep-bench-cluster-"))
    os.environ["NEWSPREP_CACHE"] = str(work / "cache")  # the validation record and columns of this corpus only
    results = {"machine": machine(), "docs": args.docs, "paragraphs": list(PARAGRAPHS), "settings": []}
    try:
        root = work / "corpus"
        _, made = timed(write_corpus, root, docs=args.docs, seed=args.seed, paragraphs=PARAGRAPHS, validate=False,
                        scoring_only=True)
        newsprep("validate-data", "--root", str(root))  # scoring validates its gold folder once per content
        predictions = write_predictions(root, work / "pred.jsonl")
        command = ["score", str(predictions), "--gold", str(root), "--format", "json", "--resamples", "0"]
        results["corpus_mb"] = round(sum(p.stat().st_size for p in (root / "data").glob("*.jsonl")) / 1e6)
        results["submission_mb"] = round(predictions.stat().st_size / 1e6)
        reports = set()
        runs = [measure(command, work / "report.json") for _ in range(args.runs)]
        reports |= {r.pop("report") for r in runs}
        results["settings"].append(setting("one process", 0, runs, args.docs))
        for workers in args.workers:
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                              dashboard_address=":0", local_directory=str(work / "dask")) as cluster, \
                    Client(cluster) as client:  # workers' scratch space in the work folder, removed with it
                runs = [measure([*command, "--scheduler", cluster.scheduler_address], work / "report.json", client)
                        for _ in range(args.runs)]
            reports |= {r.pop("report") for r in runs}
            results["settings"].append(setting(f"Dask, {workers} worker{'s' if workers > 1 else ''}", workers, runs, args.docs))
        assert len({json.dumps(json.loads(r)["rows"]) for r in reports}) == 1, "reports differ between settings"
        results["load_average_at_end"] = load()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [[s["setting"], s["seconds"], s["ms_per_doc"], s["cpu_ms_per_doc"], s["driver_cpu_s"], s["workers_cpu_s"],
             s["driver_peak_mb"]] for s in results["settings"]]
    print(table(["setting", "seconds", "ms/document", "CPU ms/document", "driver CPU s", "workers' CPU s",
                 "driver peak MB"], rows))
    save(args.out, results)


if __name__ == "__main__":
    main()
