"""What ``newsprep validate-data`` costs on synthetic corpora, against an orjson parse of the same files.

    python benchmarks/bench_validate.py --sizes 5000 20000 --runs 3 --out benchmarks/results/validate.json

Each corpus is what ``newsprep synth --docs N --seed 1`` writes (documents of 4 to 12 content lines; the pair
layers are left out above 100 documents, as synth does). Each run is a fresh process: ``newsprep validate-data
--root CORPUS`` (CPU seconds including start-up and imports, wall seconds, peak resident memory), and, as the
denominator, a process that parses every data file of the folder line by line with ``orjson.loads``. Values are
medians over the runs. The targets: validation at most 3 times the parse's CPU at the largest size, and peak
memory growing at most 1.5 times from the smallest size to the largest. ``--before FILE`` adds the numbers of
an earlier version (the same JSON shape, ``sizes`` only) to the table, for a before/after comparison.
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

from common import environment, load, machine, newsprep, save, table

from newsprep.eval.synth.write import write_corpus

PARSE = """
import resource, sys, time
from pathlib import Path
import orjson
started = time.perf_counter()
for path in sorted((Path(sys.argv[1]) / "data").glob("*.jsonl")):
    with open(path, "rb") as handle:
        for line in handle:
            orjson.loads(line)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime, time.perf_counter() - started)
"""
GROWTH_TARGET, CPU_TARGET = 1.5, 3.0


def parse_cpu(root: Path, env: dict) -> float:
    """CPU seconds of a process that parses every data file of ``root`` with orjson (start-up included)."""
    done = subprocess.run([sys.executable, "-c", PARSE, str(root)], capture_output=True, text=True, env=env, check=True)
    return float(done.stdout.split()[0])


def measure(root: Path, docs: int, runs: int, env: dict) -> dict:
    validations = [newsprep("validate-data", "--root", str(root)) for _ in range(runs)]
    parses = [parse_cpu(root, env) for _ in range(runs)]
    cpu = statistics.median(v["cpu_s"] for v in validations)
    parse = statistics.median(parses)
    return {"docs": docs, "data_mb": round(sum(p.stat().st_size for p in (root / "data").glob("*.jsonl")) / 2 ** 20, 1),
            "cpu_s": round(cpu, 3), "wall_s": round(statistics.median(v["seconds"] for v in validations), 3),
            "peak_mb": round(statistics.median(v["peak_mb"] for v in validations), 1),
            "orjson_parse_cpu_s": round(parse, 3), "cpu_over_parse": round(cpu / parse, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before", help="JSON of an earlier version's numbers (its sizes), shown beside these")
    parser.add_argument("--out", help="write the results here as JSON")
    args = parser.parse_args()
    env = environment()
    with tempfile.TemporaryDirectory(prefix="newsprep-validate-") as folder:
        work = Path(folder)
        os.environ["NEWSPREP_CACHE"] = env["NEWSPREP_CACHE"] = str(work / "cache")
        load_at_start = load()
        sizes = []
        for docs in args.sizes:
            root = work / f"corpus-{docs}"
            write_corpus(root, docs=docs, seed=args.seed, paragraphs=(4, 12), validate=False)
            sizes.append(measure(root, docs, args.runs, env))
            print(f"{docs} documents: {sizes[-1]}", file=sys.stderr)
    small, large = sizes[0], sizes[-1]
    growth = round(large["peak_mb"] / small["peak_mb"], 2)
    targets = [{"name": "cpu_over_parse", "value": large["cpu_over_parse"], "target": CPU_TARGET,
                "met": large["cpu_over_parse"] <= CPU_TARGET},
               {"name": "peak_growth", "value": growth, "target": GROWTH_TARGET, "met": growth <= GROWTH_TARGET}]
    before = json.loads(Path(args.before).read_text(encoding="utf-8")) if args.before else None
    results = {"machine": machine(), "runs": args.runs, "seed": args.seed, "paragraphs": [4, 12],
               "load_average_at_start": load_at_start, "load_average_at_end": load(), "sizes": sizes,
               "targets": targets, "before": before}
    rows = [[s["docs"], s["data_mb"], s["cpu_s"], s["wall_s"], s["peak_mb"], s["orjson_parse_cpu_s"], s["cpu_over_parse"]]
            for s in sizes]
    header = ["documents", "data MB", "CPU s", "wall s", "peak MB", "orjson parse CPU s", "CPU / parse"]
    print(table(header, rows))
    if before:
        print()
        print(table(["documents", "before CPU s", "before peak MB", "now CPU s", "now peak MB"],
                    [[b["docs"], b["cpu_s"], b["peak_mb"], s["cpu_s"], s["peak_mb"]]
                     for b in before["sizes"] for s in sizes if s["docs"] == b["docs"]]))
    print()
    print(table(["target", "value", "at most", "met"], [[t["name"], t["value"], t["target"], t["met"]] for t in targets]))
    save(args.out, results)


if __name__ == "__main__":
    main()
