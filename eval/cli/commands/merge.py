"""``newsprep merge``: one submission from submissions of different tasks."""
from __future__ import annotations

import argparse

from newsprep.eval.cli import options

NAME = "merge"
HELP = "merge submissions of different tasks into one file"
DESCRIPTION = ("Validate each input, then write one submission holding the tasks of all: their headers must name the "
               "same dataset MAJOR.MINOR and a task may come from one input only. The header's settings name each "
               "input's system and settings.")
UNDONE = "nothing was written"


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="SUBMISSION", type=options.path_arg,
                   help="submission files (JSON Lines), one or more")
    options.output_file(p, required=True, what="the merged file to write")
    p.add_argument("--system", type=options.system_name,
                   help="the merged system's name (default: the inputs' systems joined with +)")
    options.gold(p)


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.data.dataset import resolve_root
    from newsprep.eval.io.atomic import write_jsonl
    from newsprep.eval.submission.merge import merge_submissions

    records = merge_submissions(args.inputs, system=args.system, root=resolve_root(args.gold), output=args.output)
    write_jsonl(args.output, records)
    tasks = [task for part in records[0]["settings"]["merged"] for task in part["task"]]
    print(f"newsprep merge: {len(args.inputs)} submissions ({', '.join(tasks)}) written to {args.output} "
          f"as system {records[0]['system']!r}")
    return 0
