"""``newsprep build-data`` (maintainers): rebuild the derived data files and the manifest."""
from __future__ import annotations

import argparse

NAME = "build-data"
HELP = "rebuild derived data files and the manifest (maintainers)"


def arguments(p: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.maintain.build import build

    build()
    print("newsprep build-data: derived files and manifest rewritten")
    return 0
