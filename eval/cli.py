"""The ``newsprep`` command. Thin: it parses arguments, calls the library and
turns ``NewsPrepError`` into a message on stderr and a non-zero exit code.

Exit codes: 0 success, 1 invalid data or submission, 2 usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import data
from .errors import InvalidInput, NewsPrepError


def cmd_validate_data(args: argparse.Namespace) -> int:
    from .validate import validate_data

    root = Path(args.root) if args.root else None
    problems = validate_data(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"newsprep validate-data: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    root = root or data.dataset_dir()
    files = data.manifest(root)["files"]
    print(f"newsprep validate-data: OK — data {data.data_version(root)}, {len(files)} files, "
          f"{sum(f['records'] for f in files.values())} records")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from .summary import summary_table

    print(summary_table())
    return 0


def cmd_build_data(args: argparse.Namespace) -> int:
    from .build import build

    build()
    print("newsprep build-data: derived files and manifest rewritten")
    return 0


def parser() -> argparse.ArgumentParser:
    from . import __version__

    top = argparse.ArgumentParser(prog="newsprep", description="NewsPrep: data, validation and scoring.")
    top.add_argument("--version", action="version", version=f"newsprep {__version__} (data {data.data_version()})")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate-data", help="check every data file against its schema, the manifest and the layer rules")
    p.add_argument("--root", help="dataset folder to check (default: the embedded dataset)")
    p.set_defaults(func=cmd_validate_data)

    p = sub.add_parser("summary", help="print a table describing the embedded dataset")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("build-data", help="rebuild derived data files and the manifest (maintainers)")
    p.set_defaults(func=cmd_build_data)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except InvalidInput as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"newsprep {args.command}: {len(err.problems)} problem(s); nothing was scored", file=sys.stderr)
        return 1
    except NewsPrepError as err:
        print(f"newsprep {args.command}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
