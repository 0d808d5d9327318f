"""``newsprep init``: a new folder for a corpus of one's own, for ``newsprep import`` to fill."""
from __future__ import annotations

import argparse

from newsprep.eval.cli import options

NAME = "init"
HELP = "start a folder for your own annotated corpus (card, changelog, guidelines template)"
DESCRIPTION = ("Write a new folder with the card, changelog and annotation-guidelines template of a corpus of your "
               "own. Edit them, then fill the folder with newsprep import --out DIR, which keeps them.")


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", type=options.path_arg, metavar="DIR", help="new folder (must not exist or be empty)")
    p.add_argument("--name", required=True, help="the corpus's name: lower-case letters, digits, '-', '_', '.'")
    p.add_argument("--version", default="0.1.0", help="its first version (default 0.1.0)")


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.corpus.write import init_corpus
    from newsprep.eval.io.atomic import check_output_folder

    check_output_folder(args.out, empty=True, hint="choose a new folder")
    init_corpus(args.out, name=args.name, version=args.version)
    print(f"newsprep init: {args.out} holds the card, CHANGELOG.md and ANNOTATION_GUIDELINES.md of {args.name} "
          f"{args.version}; fill it with: newsprep import --format FMT SRC --out {args.out}")
    return 0
