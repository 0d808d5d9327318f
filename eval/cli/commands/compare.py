"""``newsprep compare``: the paired permutation test of two submissions on every headline metric."""
from __future__ import annotations

import argparse

from newsprep.eval.cli import options

NAME = "compare"
HELP = "paired permutation test between two submissions"
UNDONE = "nothing was scored"


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", type=options.path_arg, help="submission A (the reference)")
    p.add_argument("b", type=options.path_arg, help="submission B")
    options.output_format(p, table="B − A per headline metric with its interval and p-values, then the signatures",
                          json="both systems and every field of each comparison row")
    options.gold(p)
    options.statistics(p)
    options.output_file(p)
    options.details_file(p, what="where A and B differ: each example whose outcome differs, with A's record and B's")


def run(args: argparse.Namespace) -> int:
    import sys
    import warnings

    from newsprep.eval.cli.write import write_details, write_output
    from newsprep.eval.data.dataset import resolve_root
    from newsprep.eval.render.text import COMPARISON_FORMATS
    from newsprep.eval.scoring.compare import comparable_tasks, compare_details, compare_submissions
    from newsprep.eval.submission.read import read_submission

    root = resolve_root(args.gold)
    a, b = read_submission(args.a, root=root), read_submission(args.b, root=root)
    for reason in comparable_tasks(a, b)[1].values():  # a task refused; the others are compared
        print(f"newsprep compare: {reason}", file=sys.stderr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the refused tasks, said above
        rows = compare_submissions(a, b, resamples=args.resamples, seed=args.seed, root=root)
    write_output(COMPARISON_FORMATS[args.format](rows, a.system, b.system), args.output)
    if args.details:
        write_details(compare_details(a, b, root=root), args.details, command="newsprep compare")
    return 0
