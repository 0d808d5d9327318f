"""``newsprep summary``: a table describing the embedded dataset."""
from __future__ import annotations

import argparse

NAME = "summary"
HELP = "print a table describing the embedded dataset"


def arguments(p: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.render.text import summary_table

    print(summary_table())
    return 0
