"""``newsprep validate-data``: check a dataset folder; the problems on standard error, exit 1 if any."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsprep.eval.cli import options

NAME = "validate-data"
HELP = "check every data file against its schema, the manifest and the layer rules"


def arguments(p: argparse.ArgumentParser) -> None:
    options.dataset_root(p, "check")
    p.add_argument("--warnings", action="store_true", help="list each warning (by default only their number)")
    p.add_argument("--clear-cache", action="store_true",
                   help="first remove the gold column caches of every folder (scoring makes a folder's again)")


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.data import dataset as data
    from newsprep.eval.io.progress import progress_bar
    from newsprep.eval.validate.dataset import data_warnings
    from newsprep.eval.validate.gold import validate_fresh

    root = Path(args.root) if args.root is not None else None
    if args.clear_cache:
        from newsprep.eval.validate.columns import clear
        from newsprep.eval.validate.gold import cache_dir

        print(f"newsprep validate-data: removed {clear(cache_dir())} gold column cache(s) from {cache_dir() / 'columns'}",
              file=sys.stderr)
    with progress_bar("validating", total=data.listed_records("documents", root)) as shown:
        problems = validate_fresh(root, progress=shown)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"newsprep validate-data: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    root = root or data.dataset_dir()
    files = data.manifest(root)["files"]
    print(f"newsprep validate-data: OK — data {data.data_label(root)}, {len(files)} files, "
          f"{sum(f['records'] for f in files.values())} records")
    warnings = data_warnings(root)
    for warning in warnings if args.warnings else []:
        print(f"warning: {warning}", file=sys.stderr)
    if warnings:
        print(f"newsprep validate-data: {len(warnings)} warning(s) for a person to look at, not errors: chains of "
              "same-content duplicate pairs whose ends are labelled different (same content is not transitive; "
              "see the guidelines, Part 4)" + ("" if args.warnings else "; --warnings lists them"), file=sys.stderr)
    return 0
