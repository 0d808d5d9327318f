"""Where the CPU time of ``newsprep score`` goes: start-up, validation, counting and the report, each timed in
the process that scores (the code path ``newsprep score`` runs, called phase by phase).

    python benchmarks/bench_phases.py --docs 10000 --runs 5 --out benchmarks/results/phases.json

Each run is a fresh process that imports the scoring path, parses the submission and the gold files with
orjson (the floor the cost comparison uses), validates the submission alone (``engine.read`` with
``count=False``), then validates and counts it (``engine.read``, what ``newsprep score`` does with a file, in one
partition) and makes the report (``report_from_counts``, no bootstrap). Counting is the difference of the last
two passes. CPU seconds (``time.process_time``) are medians over the runs. The corpus is SYNTHETIC
and the same as ``bench_cost.py``'s (same generator, size and seed); its gold folder is validated first.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import PARAGRAPHS, environment, load, machine, newsprep, save, table, write_predictions

from newsprep.eval.synth.write import write_corpus

PHASES = """
import json, sys, time
from pathlib import Path
started = time.process_time()
import orjson
from newsprep.eval.scoring.score import report_from_counts
from newsprep.eval.submission import engine
out = {"start-up and imports": time.process_time()}
path, root = Path(sys.argv[1]), Path(sys.argv[2])

def lap(name, since):
    out[name] = time.process_time() - since
    return time.process_time()

t = time.process_time()
for file in (path, *(root / "data" / f"{n}.jsonl" for n in ("documents", "boilerplate", "entities"))):
    with open(file, "rb") as handle:
        for line in handle:
            orjson.loads(line)
t = lap("orjson parse of submission and gold", t)
engine.read(path, root=root, count=False)
t = lap("validation alone", t)
counted = engine.read(path, root=root, keep_rows=False)
index = counted.index
t = lap("validation and counting", t)
report_from_counts(counted.counts, system=index.system, path=index.path, root=root, resamples=0, seed=1, label_set=index.label_set)
lap("report", t)
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="write the results here as JSON")
    args = parser.parse_args()
    env = environment()
    with tempfile.TemporaryDirectory(prefix="newsprep-phases-") as folder:
        work = Path(folder)
        os.environ["NEWSPREP_CACHE"] = str(work / "cache")
        env["NEWSPREP_CACHE"] = os.environ["NEWSPREP_CACHE"]
        root = work / "corpus"
        write_corpus(root, docs=args.docs, seed=args.seed, paragraphs=PARAGRAPHS, validate=False, scoring_only=True)
        newsprep("validate-data", "--root", str(root))
        write_predictions(root, work / "pred.jsonl")
        load_at_start = load()
        runs = []
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, "-c", PHASES, str(work / "pred.jsonl"), str(root)], capture_output=True,
                                  text=True, env=env, check=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    medians = {name: round(statistics.median(r[name] for r in runs), 3) for name in runs[0]}
    medians["counting"] = round(statistics.median(r["validation and counting"] - r["validation alone"] for r in runs), 3)
    results = {"machine": machine(), "docs": args.docs, "runs": args.runs, "paragraphs": list(PARAGRAPHS),
               "load_average_at_start": load_at_start, "load_average_at_end": load(), "medians": medians}
    print(table(["phase", "CPU s (median)"], [[k, v] for k, v in medians.items()]))
    save(args.out, results)


if __name__ == "__main__":
    main()
