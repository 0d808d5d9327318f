"""``newsprep score``: validate a submission and score it. By default the headline row of each task; ``--full``
every row; ``--format json`` always every row."""
from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING

from newsprep.eval.cli import options

if TYPE_CHECKING:
    from newsprep.eval.scoring.report import Report, Row

NAME = "score"
HELP = "validate a submission and score it against the gold layers"
DESCRIPTION = ("Validate a submission and score it against the gold layers. The table and the Markdown show the "
               "headline row of each task (the first metric newsprep compare tests); "
               "--full shows every row (every metric, view, average and count), and --format json always holds "
               "every row. --details FILE also writes the per-example records behind the scores (each gold and "
               "predicted span or mention, each listed pair, with its outcome) as JSON Lines.")
UNDONE = "nothing was scored"

def arguments(p: argparse.ArgumentParser) -> None:
    options.submission(p, shards=True)
    options.task(p)
    options.output_format(p, table="the headline row of each task (--full: every row)",
                          json="the whole report, every row with its interval and signature")
    p.add_argument("--full", action="store_true",
                   help="every row in the table and the Markdown, not only each task's headline row")
    options.cluster(p, doing="score", same="same result as one", environment="for a glob, a URL or --partitions")
    p.add_argument("--partitions", type=options.int_in(1, options.MAX_PARTITIONS), metavar="N",
                   help="cut the submission and the documents into N parts (default: one per worker)")
    options.gold(p)
    options.statistics(p, intervals=True)
    options.output_file(p)
    options.details_file(p, what="the per-example records (each gold and predicted span or mention, each listed "
                                 "pair, with its outcome; one submission file only)")


def headline(report: Report) -> Report:
    """The report with the headline row of each task alone (its first headline metric, ``Task.headlines``, in
    the task's statistic: the row compare tests first), and without the type confusion. A task whose headline
    row the report lacks keeps all its rows."""
    from newsprep.eval.tasks import registered

    first = {t.name: (t.name, *t.headlines[0], t.statistic) for t in registered() if t.headlines}
    held = {(r.task, r.view, r.metric, r.average, r.statistic) for r in report.rows}

    def shown(row: Row) -> bool:
        key = first.get(row.task)
        return key not in held or key == (row.task, row.view, row.metric, row.average, row.statistic)

    return replace(report, rows=[r for r in report.rows if shown(r)], confusion={})


def run(args: argparse.Namespace) -> int:
    from newsprep.eval.cli.write import write_details, write_output
    from newsprep.eval.data.dataset import listed_records
    from newsprep.eval.io.progress import progress_bar
    from newsprep.eval.render.text import FORMATS
    from newsprep.eval.scoring.api import one_local_file, score_file

    if args.details and not one_local_file(args.submission):
        args.usage_error(f"--details reads the submission whole: give one local file, not {args.submission}")
    with progress_bar("scoring", total=listed_records("documents", args.gold)) as shown:
        report = score_file(args.submission, gold=args.gold, tasks=args.task, resamples=args.resamples, seed=args.seed,
                            num_proc=args.num_proc, scheduler=args.scheduler, partitions=args.partitions, progress=shown)
    if args.full or args.format == "json":
        write_output(FORMATS[args.format](report), args.output)
    else:
        note = "Headline rows only, one per task; --full shows every row."
        text = FORMATS[args.format](headline(report))
        write_output(f"{text}\n\n{note}" if args.format == "table" else f"{text}\n{note}", args.output)
    if args.details:
        write_details(report.details(), args.details, command="newsprep score")
    return 0
