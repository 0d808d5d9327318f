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


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.cli.write import write_output
    from newsprep.eval.data.dataset import resolve_root
    from newsprep.eval.render.text import COMPARISON_FORMATS
    from newsprep.eval.scoring.compare import compare_submissions
    from newsprep.eval.submission.read import read_submission

    root = resolve_root(args.gold)
    a, b = read_submission(args.a, root=root), read_submission(args.b, root=root)
    rows = compare_submissions(a, b, resamples=args.resamples, seed=args.seed, root=root)
    write_output(COMPARISON_FORMATS[args.format](rows, a.system, b.system), args.output)
    return 0
