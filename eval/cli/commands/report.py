"""``newsprep report``: score a submission and draw it, as an HTML page and/or PNG plots."""
from __future__ import annotations

import argparse
from dataclasses import replace

from newsprep.eval.cli import options

NAME = "report"
HELP = "score a submission and show it: an HTML page and/or PNG plots"
UNDONE = "nothing was scored"


def arguments(p: argparse.ArgumentParser) -> None:
    options.submission(p)
    p.add_argument("--html", metavar="FILE", type=options.path_arg,
                   help="write a self-contained HTML page: scores, marked articles, pairs")
    p.add_argument("--plots", metavar="DIR", type=options.path_arg,
                   help="write PNG plots here (needs the extra newsprep[plots])")
    options.task(p)
    options.gold(p)
    options.statistics(p)


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.cli.write import write_output, writing
    from newsprep.eval.data.dataset import resolve_root
    from newsprep.eval.render import html as html_report
    from newsprep.eval.render import plots
    from newsprep.eval.scoring.score import counted_report, score_submission
    from newsprep.eval.submission.read import read_submission

    if not (args.html or args.plots):
        args.usage_error("give --html FILE, --plots DIR or both")
    root = resolve_root(args.gold)
    if args.plots:
        plots.require_matplotlib()  # before any work, so that nothing is written
    if not args.html:  # the plots need counts alone: the engine streams a submission of any size
        report, counted = counted_report(args.submission, root=root, tasks=tuple(args.task) if args.task else None,
                                         resamples=args.resamples, seed=args.seed)
        for path in writing(args.plots, lambda: plots.write_plots(tuple(counted.counts), report, args.plots, root=root,
                                                                  counts=counted.counts.__getitem__)):
            print(f"newsprep report: wrote {path}")
        return 0
    sub = read_submission(args.submission, root=root)  # the page shows every record: held in memory
    report = score_submission(sub, tasks=tuple(args.task) if args.task else None, resamples=args.resamples,
                              seed=args.seed, root=root)
    if args.task:  # the page and the plots show the tasks scored
        sub = replace(sub, predictions={task: held for task, held in sub.predictions.items() if task in args.task})
    if args.html:
        writing(args.html, lambda: write_output(html_report.render(sub, report, root=root), args.html))
        print(f"newsprep report: wrote {args.html}")
    if args.plots:
        for path in writing(args.plots, lambda: plots.write_plots(sub, report, args.plots, root=root)):
            print(f"newsprep report: wrote {path}")
    return 0
