"""``newsprep release-check`` (maintainers): every file stating the version agrees.

By default it checks a source checkout (``maintain.release``); ``--root DIR`` checks a dataset folder alone,
such as one ``newsprep import`` made: its card (its own version and each config's), the top entry of its
changelog and its ``croissant.json`` (version and citeAs) name the version of its ``manifest.json``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from newsprep.eval.cli import options

NAME = "release-check"
HELP = "check that every file stating the version agrees (maintainers)"


def arguments(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument("--repo", type=options.path_arg,
                       help="source checkout to check (default: the one holding the embedded dataset)")
    where.add_argument("--root", type=options.path_arg, metavar="DIR",
                       help="check this dataset folder alone (e.g. one made by newsprep import): its manifest, card "
                            "and each config, changelog and croissant.json state one version")


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.data import dataset as data
    from newsprep.eval.errors import InvalidInput
    from newsprep.eval.maintain.release import release_problems, repo_root

    if args.root:
        return check_folder(Path(args.root))
    repo = Path(args.repo) if args.repo else repo_root()
    problems = release_problems(repo)
    if problems:
        raise InvalidInput(problems)
    print(f"newsprep release-check: OK — version {data.data_version(repo / 'dataset')} agrees in pyproject.toml, "
          "the installed package, the dataset card, manifest, changelog, croissant.json, DATASHEET.md and the leaderboard")
    return 0


def check_folder(root: Path) -> int:
    """The version of ``root``'s manifest in its card, changelog and croissant.json (``validate.dataset.check_versions``
    and ``validate.card.check_croissant``, as ``validate-data`` checks them); problems name files as inside ``root``."""
    from newsprep.eval.data import dataset as data
    from newsprep.eval.errors import InvalidInput
    from newsprep.eval.validate.card import check_croissant
    from newsprep.eval.validate.dataset import check_versions

    root = data.resolve_root(root, function="release-check") or root
    version = data.data_version(root)
    problems = check_versions(root, version) + check_croissant(root, None, version, real=True)
    if problems:
        raise InvalidInput(problems)
    print(f"newsprep release-check: OK — version {version} of {root} agrees in manifest.json, the dataset card and "
          "each config, CHANGELOG.md and croissant.json")
    return 0
