"""A million documents end to end, each step a fresh ``newsprep`` process: synth, validate-data, score (records in
document order and shuffled, in one process and with ``--num-proc 2``), report.

    python benchmarks/bench_million.py --docs 1000000 --out benchmarks/results/million.json

The corpus is SYNTHETIC (``newsprep synth``, short documents: ``common.PARAGRAPHS``), its submission the spoiled
system of ``common.write_predictions`` (boilerplate and entities; written by this script, not timed as a step).
Each step records wall seconds, the process's CPU seconds and its peak resident memory (VmHWM; Dask workers
apart, whose largest peak is recorded beside it). The first score of the content makes its gold columns
(``validate.columns``) and is a step of its own. Scoring runs with ``--resamples 0``: the permutation test
and the intervals keep a count row per document, which is memory the size of the corpus by design. The four
score reports must be identical (checked). ``report`` draws the figures (``--plots``) of the ordered file.
"""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from common import PARAGRAPHS, load, machine, newsprep, save, shuffled, table, timed, write_predictions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", help="folder for the corpus (default: a temporary folder, removed at the end)")
    parser.add_argument("--out", help="write the results here as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsprep-million-", dir=args.work) as folder:
        work = Path(folder)
        os.environ["NEWSPREP_CACHE"] = str(work / "cache")  # the validation record of this corpus only
        root, sub, mixed = work / "corpus", work / "sub.jsonl", work / "shuffled.jsonl"
        steps: list[dict] = []
        sizes: dict = {}

        def step(name: str, *argv: str) -> dict:
            result = {"step": name, "command": "newsprep " + " ".join(argv).replace(str(work), "WORK"),
                      "load_at_start": load(), **newsprep(*argv)}
            steps.append(result)
            save(args.out, {"machine": machine(), "docs": args.docs, "seed": args.seed, "paragraphs": list(PARAGRAPHS),
                            "sizes": sizes, "steps": steps, "complete": False})  # what is done, if a later step fails
            print(f"{name}: {result['seconds']:.1f} s, CPU {result['cpu_s']:.1f} s, peak {result['peak_mb']:.0f} MB",
                  flush=True)
            return result

        step("synth", "synth", "--docs", str(args.docs), "--seed", str(args.seed), "--out", str(root),
             "--paragraphs", *map(str, PARAGRAPHS), "--no-pairs", "--no-validate")
        step("validate-data", "validate-data", "--root", str(root))
        _, seconds = timed(write_predictions, root, sub)
        sizes.update(corpus_mb=round(sum(p.stat().st_size for p in (root / "data").iterdir()) / 1e6),
                     submission_mb=round(sub.stat().st_size / 1e6), submission_write_s=round(seconds, 1))
        shuffled(sub, mixed, args.seed)
        reports = []
        # The first score of a content makes its gold columns (validate.columns); a step of its own, so that the
        # four below read them as every later score does
        step("score, document order, making the gold columns", "score", str(sub), "--gold", str(root), "--resamples", "0",
             "--format", "json", "-o", str(work / "report-first.json"))
        for name, path, procs in (("score, document order", sub, "1"), ("score, shuffled", mixed, "1"),
                                  ("score, document order, --num-proc 2", sub, "2"),
                                  ("score, shuffled, --num-proc 2", mixed, "2")):
            report = work / f"report-{len(reports)}.json"
            step(name, "score", str(path), "--gold", str(root), "--resamples", "0", "--format", "json",
                 "--num-proc", procs, "-o", str(report))
            text = report.read_text(encoding="utf-8")
            reports.append(text.replace(str(path), "SUB"))
        reports.append((work / "report-first.json").read_text(encoding="utf-8").replace(str(sub), "SUB"))
        assert len(set(reports)) == 1, "the five reports differ"
        step("report --plots", "report", str(sub), "--gold", str(root), "--resamples", "1", "--plots", str(work / "plots"))
    results = {"machine": machine(), "docs": args.docs, "seed": args.seed, "paragraphs": list(PARAGRAPHS),
               "sizes": sizes, "steps": steps, "complete": True, "load_average_at_end": load()}
    print(table(["step", "seconds", "CPU s", "peak MB", "workers' peak MB"],
                [[s["step"], round(s["seconds"], 1), round(s["cpu_s"], 1), round(s["peak_mb"]),
                  round(s["workers_peak_mb"])] for s in steps]))
    save(args.out, results)


if __name__ == "__main__":
    main()
