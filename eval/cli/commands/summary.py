"""``newsprep summary``: a table describing the embedded dataset, or the dataset folder ``--root``."""
from __future__ import annotations

import argparse
from pathlib import Path

from newsprep.eval.cli import options

NAME = "summary"
HELP = "print a table describing the embedded dataset (or --root)"


def arguments(p: argparse.ArgumentParser) -> None:
    options.dataset_root(p, "describe")


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.data.dataset import resolve_root
    from newsprep.eval.render.text import summary_table

    print(summary_table(resolve_root(Path(args.root), function="summary") if args.root else None))
    return 0
