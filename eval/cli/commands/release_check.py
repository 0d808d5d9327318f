"""``newsprep release-check`` (maintainers): every file that states the version agrees."""
from __future__ import annotations

import argparse
from pathlib import Path

from newsprep.eval.cli import options

NAME = "release-check"
HELP = "check that every file stating the version agrees (maintainers)"


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--repo", type=options.path_arg,
                   help="source checkout to check (default: the one holding the embedded dataset)")


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.data import dataset as data
    from newsprep.eval.errors import InvalidInput
    from newsprep.eval.maintain.release import release_problems, repo_root

    repo = Path(args.repo) if args.repo else repo_root()
    problems = release_problems(repo)
    if problems:
        raise InvalidInput(problems)
    print(f"newsprep release-check: OK — version {data.data_version(repo / 'dataset')} agrees in pyproject.toml, "
          "the installed package, the dataset card, manifest, changelog, croissant.json, DATASHEET.md and the leaderboard")
    return 0
