"""The ``newsprep`` command. Thin: it parses arguments, calls the library and
turns ``NewsPrepError`` into a message on stderr and a non-zero exit code.

Exit codes:

- 0 success;
- 1 invalid data, submission or gold folder, or an output that failed while it
  was written (a full disk, an I/O error: the message names the path);
- 2 usage error: a bad option, or an output (``-o``, ``--html``, ``--out``,
  ``--plots``) refused before any work;
- 130 interrupted (Ctrl-C): workers are stopped and no temporary file is left;
- 143 terminated (SIGTERM), with the same clean-up;
- 141 standard output's reader went away (``newsprep score x | head -1``):
  nothing more is printed, as a Unix tool stopped by SIGPIPE.

``docs/bad-input.md`` lists what each kind of bad input prints.
"""
from __future__ import annotations

import argparse
import contextlib
import errno
import glob
import io
import os
import re
import signal
import sys
import threading
from importlib.metadata import entry_points
from pathlib import Path

from newsprep.eval.data import dataset as data
from newsprep.eval.errors import InvalidInput, NewsPrepError, UsageError
from newsprep.eval.io.sources import is_url, several
from newsprep.eval.settings import MAX_RESAMPLES, RESAMPLES, SEED, __version__

MAX_SEED = 2**63 - 1
EXERCISE_TIME_LIMIT_S = 120  # newsprep.eval.course.isolated.TIME_LIMIT_S, not imported: the CLI starts without it
EXERCISE_MEMORY_LIMIT_MB = 4096  # newsprep.eval.course.isolated.MEMORY_LIMIT_MB
MAX_PROCESSES = 256
MAX_SYNTH_DOCS = 100_000_000


def cmd_validate_data(args: argparse.Namespace) -> int:
    from newsprep.eval.validate.gold import validate_fresh

    root = Path(args.root) if args.root is not None else None
    problems = validate_fresh(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"newsprep validate-data: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    root = root or data.dataset_dir()
    files = data.manifest(root)["files"]
    print(f"newsprep validate-data: OK — data {data.data_label(root)}, {len(files)} files, "
          f"{sum(f['records'] for f in files.values())} records")
    from newsprep.eval.validate.dataset import data_warnings

    warnings = data_warnings(root)
    for warning in warnings if args.warnings else []:
        print(f"warning: {warning}", file=sys.stderr)
    if warnings:
        print(f"newsprep validate-data: {len(warnings)} warning(s) for a person to look at, not errors: chains of "
              "same-content duplicate pairs whose ends are labelled different (same content is not transitive; "
              "see the guidelines, Part 4)" + ("" if args.warnings else "; --warnings lists them"), file=sys.stderr)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from newsprep.eval.render.text import summary_table

    print(summary_table())
    return 0


def cmd_build_data(args: argparse.Namespace) -> int:
    from newsprep.eval.maintain.build import build

    build()
    print("newsprep build-data: derived files and manifest rewritten")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from newsprep.eval.synth.write import PAIR_LAYERS_MAX_DOCS, write_corpus

    low, high = args.paragraphs
    if not 1 <= low <= high:
        raise UsageError(f"--paragraphs {low} {high}: needs 1 <= MIN <= MAX")
    validate = args.docs <= SYNTH_VALIDATE_MAX if args.validate is None else args.validate
    manifest = write_corpus(args.out, docs=args.docs, seed=args.seed, paragraphs=(low, high), pairs=args.pairs,
                            validate=validate, num_proc=args.num_proc, scheduler=args.scheduler)
    omitted = manifest["synthetic"]["omitted"]
    print(f"newsprep synth: {args.docs} SYNTHETIC documents (seed {args.seed}) written to {args.out}; "
          + ("validated" if validate else f"not validated (run: newsprep validate-data --root {args.out})")
          + (f"; pair layers omitted (more than {PAIR_LAYERS_MAX_DOCS} documents; --pairs writes them)" if omitted else ""))
    return 0


SYNTH_VALIDATE_MAX = 1000  # the validator reads a whole corpus into memory; larger ones are validated on request


def gold_root(args: argparse.Namespace) -> Path | None:
    return data.resolve_root(args.gold)


def cmd_release_check(args: argparse.Namespace) -> int:
    from newsprep.eval.maintain.release import release_problems, repo_root

    repo = Path(args.repo) if args.repo else repo_root()
    problems = release_problems(repo)
    if problems:
        raise InvalidInput(problems)
    print(f"newsprep release-check: OK — version {data.data_version(repo / 'dataset')} agrees in pyproject.toml, "
          "the installed package, the dataset card, manifest, changelog, croissant.json, DATASHEET.md and the leaderboard")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from newsprep.eval.render.text import FORMATS
    from newsprep.eval.scoring.api import score_file

    report = score_file(args.submission, gold=args.gold, tasks=args.task, resamples=args.resamples, seed=args.seed,
                        num_proc=args.num_proc, scheduler=args.scheduler, partitions=args.partitions)
    write_output(FORMATS[args.format](report), args.output)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from newsprep.eval.render.text import format_comparison
    from newsprep.eval.scoring.compare import compare_submissions
    from newsprep.eval.submission.read import read_submission

    root = gold_root(args)
    a, b = read_submission(args.a, root=root), read_submission(args.b, root=root)
    rows = compare_submissions(a, b, resamples=args.resamples, seed=args.seed, root=root)
    write_output(format_comparison(rows, a.system, b.system), args.output)
    return 0


def cmd_exercise_list(args: argparse.Namespace) -> int:
    from newsprep.eval.course.exercises import EXERCISES, HERE
    from newsprep.eval.render.text import format_table

    rows = [[e.name, e.layer, e.level, e.title] for e in EXERCISES.values()]
    print(format_table(["exercise", "layer", "level", "what you do"], rows))
    print("\nnewsprep exercise show NAME        print the task"
          "\nnewsprep exercise start NAME DIR   write the starter file DIR/NAME.py (- becomes _)"
          "\nnewsprep exercise check NAME FILE  check a solution: exit 0 when right, 1 with the first wrong case"
          f"\nReference solutions, for instructors: {HERE / 'solutions'}")
    return 0


def cmd_exercise_show(args: argparse.Namespace) -> int:
    from newsprep.eval.course.exercises import task

    print(task(args.name))
    return 0


def cmd_exercise_start(args: argparse.Namespace) -> int:
    from newsprep.eval.course.exercises import start

    path = start(args.name, args.folder)
    print(f"newsprep exercise start: wrote {path}; the task is its docstring. When your functions are written:\n"
          f"  newsprep exercise check {args.name} {path}")
    return 0


def cmd_exercise_check(args: argparse.Namespace) -> int:
    from newsprep.eval.course.exercises import check

    result = check(args.name, args.file, time_limit=args.time_limit, memory_limit=args.memory_limit)
    print(result)
    return 0 if result.passed else 1


def cmd_merge(args: argparse.Namespace) -> int:
    from newsprep.eval.io.atomic import write_jsonl
    from newsprep.eval.submission.merge import merge_submissions

    records = merge_submissions(args.inputs, system=args.system, root=gold_root(args), output=args.output)
    write_jsonl(args.output, records)
    tasks = [task for part in records[0]["settings"]["merged"] for task in part["task"]]
    print(f"newsprep merge: {len(args.inputs)} submissions ({', '.join(tasks)}) written to {args.output} "
          f"as system {records[0]['system']!r}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from newsprep.eval.render import html as html_report
    from newsprep.eval.render import plots
    from newsprep.eval.scoring.score import score_submission
    from newsprep.eval.submission.read import read_submission

    if not (args.html or args.plots):
        args.usage_error("give --html FILE, --plots DIR or both")
    if args.plots:
        plots.require_matplotlib()  # before any work, so that nothing is written
    sub = read_submission(args.submission)
    report = score_submission(sub, resamples=args.resamples, seed=args.seed)
    if args.html:
        writing(args.html, lambda: write_output(html_report.render(sub, report), args.html))
        print(f"newsprep report: wrote {args.html}")
    if args.plots:
        for path in writing(args.plots, lambda: plots.write_plots(sub, report, args.plots)):
            print(f"newsprep report: wrote {path}")
    return 0


def writing(target: str, write):
    """Run ``write()``; an OSError (missing folder, no permission) becomes a message naming ``target``."""
    try:
        return write()
    except OSError as err:
        raise NewsPrepError(f"cannot write {target}: {err.strerror or err}") from None


def cmd_export(args: argparse.Namespace) -> int:
    from newsprep.eval.export import export

    if args.content_only and args.format != "conll":
        args.usage_error("--content-only applies to --format conll only")
    paths = export(args.format, args.out, root=Path(args.root) if args.root else None,
                   content_only=args.content_only, overwrite=args.force)
    print(f"newsprep export: {args.format}, {len(paths)} files in {args.out}")
    return 0


def write_output(text: str, path: str | None) -> None:
    """Print, or write to ``path`` through a temporary file so no half-written file is ever left."""
    from newsprep.eval.io.atomic import write_atomic

    if path:
        write_atomic(path, text + "\n")
    else:
        print(text)


def int_in(low: int, high: int):
    """An argparse type: an integer in ``[low, high]``, else a usage error (exit 2)."""
    def integer(text: str) -> int:
        if not re.fullmatch(r"-?[0-9]+", text):  # int() also takes "1_000", " 5" and other scripts' digits
            raise argparse.ArgumentTypeError(f"{text[:30]!r} is not an integer (digits 0-9 only)")
        value = int(text)
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is less than {low}")
        if value > high:
            raise argparse.ArgumentTypeError(f"{value} is more than {high}")
        return value
    return integer


def system_name(text: str) -> str:
    """An argparse type: a system name of 1 to 200 characters, as a header holds it."""
    if not 1 <= len(text) <= 200:
        raise argparse.ArgumentTypeError(f"a system name has 1 to 200 characters, not {len(text)}")
    return text


def path_arg(text: str) -> str:
    """An argparse type: a path, which an empty string is not (it would quietly mean the current folder)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path names nothing")
    return text


def add_gold_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gold", "--root", dest="gold", metavar="DIR", type=path_arg,
                   help="dataset folder to score against, e.g. one made by newsprep synth (default: the embedded dataset)")


def add_statistics_options(p: argparse.ArgumentParser, *, output: bool = True, intervals_optional: bool = False) -> None:
    if intervals_optional:
        p.add_argument("--resamples", type=int_in(0, MAX_RESAMPLES), default=RESAMPLES,
                       help=f"0: values only, no intervals; any other number up to {MAX_RESAMPLES} (default {RESAMPLES}): "
                            "values with their jackknife intervals over documents")
    else:
        p.add_argument("--resamples", type=int_in(1, MAX_RESAMPLES), default=RESAMPLES,
                       help=f"swaps the permutation test draws where there are too many units to enumerate every "
                            f"swap (more than 16), 1 to {MAX_RESAMPLES} (default {RESAMPLES})")
    p.add_argument("--seed", type=int_in(0, MAX_SEED), default=SEED,
                   help=f"seed of the drawn swaps, 0 or more (default {SEED})")
    if output:
        p.add_argument("--output", "-o", type=path_arg, help="write here instead of standard output (whole or not at all)")


def check_arguments(args: argparse.Namespace) -> None:
    """Refuse an unusable ``-o`` or ``--html`` before any input is read (``UsageError``): a folder, a device,
    an input, or a file inside the embedded dataset or the ``--gold`` folder."""
    from newsprep.eval.io.atomic import check_output, check_output_folder

    inputs = [getattr(args, name) for name in ("submission", "a", "b") if getattr(args, name, None)]
    if getattr(args, "submission", None) and several(args.submission) and not is_url(args.submission):
        inputs += glob.glob(args.submission)  # each shard is an input an output must not overwrite
    inputs += getattr(args, "inputs", None) or []
    protected = [data.dataset_dir(), *([args.gold] if getattr(args, "gold", None) else [])]
    for name in ("output", "html"):
        if getattr(args, name, None):
            check_output(getattr(args, name), inputs=tuple(inputs), protected=tuple(protected))
    if getattr(args, "root", None) and args.command != "validate-data":
        protected.append(args.root)
    # export --out and synth --out make a new folder (export --force may replace one); report --plots and
    # baselines run --out write their files into a folder that may hold others.
    empty = args.command == "synth" or (args.command == "export" and not args.force)
    for name in ("out", "plots"):
        if getattr(args, name, None) is not None:
            check_output_folder(getattr(args, name), protected=tuple(protected), empty=empty and name == "out",
                                replace=args.command == "export" and args.force,
                                hint="choose a new folder" + (", or replace it with --force" if args.command == "export" else ""))


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="newsprep", description="NewsPrep: data, validation and scoring.")
    top.add_argument("--version", action="version", version=f"newsprep {__version__} (data {data.data_version()})")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate-data", help="check every data file against its schema, the manifest and the layer rules")
    p.add_argument("--root", type=path_arg, help="dataset folder to check (default: the embedded dataset)")
    p.add_argument("--warnings", action="store_true", help="list each warning (by default only their number)")
    p.set_defaults(func=cmd_validate_data)

    p = sub.add_parser("score", help="validate a submission and score it against the gold layers")
    p.add_argument("submission", type=path_arg,
                   help="submission file (JSON Lines, see schema/README.md), or a quoted glob of shards, or an "
                        "fsspec URL (s3://..., read by the workers)")
    p.add_argument("--task", action="append", choices=["boilerplate", "entities", "duplicates"],
                   help="score only this task (repeatable; default: every task in the file)")
    p.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    p.add_argument("--num-proc", type=int_in(1, MAX_PROCESSES), default=1, metavar="N",
                   help="score on a local Dask cluster of N processes (needs newsprep[dask]; same result as one)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="score on the running Dask cluster at ADDRESS, e.g. tcp://10.0.0.5:8786 "
                        "(default: $DASK_SCHEDULER_ADDRESS for a glob, a URL or --partitions)")
    p.add_argument("--partitions", type=int_in(1, 65536), metavar="N",
                   help="cut the submission and the documents into N parts (default: one per worker)")
    add_gold_option(p)
    add_statistics_options(p, intervals_optional=True)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("compare", help="paired permutation test between two submissions")
    p.add_argument("a", type=path_arg, help="submission A (the reference)")
    p.add_argument("b", type=path_arg, help="submission B")
    add_gold_option(p)
    add_statistics_options(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("merge", help="merge submissions of different tasks into one file",
                       description="Validate each input, then write one submission holding the tasks of all: "
                                   "their headers must name the same dataset MAJOR.MINOR and a task may come from "
                                   "one input only. The header's settings name each input's system and settings.")
    p.add_argument("inputs", nargs="+", metavar="SUBMISSION", type=path_arg, help="submission files (JSON Lines), one or more")
    p.add_argument("--output", "-o", required=True, type=path_arg, help="the merged file to write (whole or not at all; not an input)")
    p.add_argument("--system", type=system_name, help="the merged system's name (default: the inputs' systems joined with +)")
    add_gold_option(p)
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("synth", help="write a SYNTHETIC corpus made from the gold layers (for tests at scale)",
                       description="Recombine gold lines of the released documents into synthetic documents with "
                                   "boilerplate lines, syndicated copies and case/white-space noise; the gold layers "
                                   "move with the text. Same --docs and --seed give byte-identical files.")
    p.add_argument("--docs", type=int_in(1, MAX_SYNTH_DOCS), required=True, help="number of documents")
    p.add_argument("--seed", type=int_in(0, MAX_SEED), default=0, help="seed (default 0)")
    p.add_argument("--out", required=True, type=path_arg, help="new folder to write (must not exist or be empty)")
    from newsprep.eval.synth.write import MAX_PARAGRAPHS

    p.add_argument("--paragraphs", type=int_in(1, MAX_PARAGRAPHS), nargs=2, default=[4, 12], metavar=("MIN", "MAX"),
                   help=f"content lines per document, 1 to {MAX_PARAGRAPHS} (default 4 12)")
    p.add_argument("--pairs", action=argparse.BooleanOptionalAction, default=None,
                   help="write the duplicate and document pair layers (default: up to 100 documents; they grow with the square)")
    p.add_argument("--validate", action=argparse.BooleanOptionalAction, default=None,
                   help=f"run the data validator on the result (default: up to {SYNTH_VALIDATE_MAX} documents)")
    p.add_argument("--num-proc", type=int_in(1, MAX_PROCESSES), default=1, metavar="N",
                   help="make the documents on a local Dask cluster of N processes (same bytes as one; needs newsprep[dask])")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="make the documents on the Dask cluster at ADDRESS, e.g. tcp://host:8786 "
                        "(default: $DASK_SCHEDULER_ADDRESS if set)")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("report", help="score a submission and show it: an HTML page and/or PNG plots")
    p.add_argument("submission", type=path_arg, help="submission file (JSON Lines, see schema/README.md)")
    p.add_argument("--html", metavar="FILE", type=path_arg, help="write a self-contained HTML page: scores, marked articles, pairs")
    p.add_argument("--plots", metavar="DIR", type=path_arg, help="write PNG plots here (needs the extra newsprep[plots])")
    add_statistics_options(p, output=False)
    p.set_defaults(func=cmd_report, usage_error=p.error)

    p = sub.add_parser("export", help="write the gold layers as CoNLL BIO, brat standoff or a spaCy DocBin")
    p.add_argument("--format", required=True, choices=["conll", "brat", "docbin"],
                   help="conll: newsprep.conll; brat: dNNN.txt/.ann and annotation.conf; docbin: newsprep.spacy (extra spacy)")
    p.add_argument("--out", required=True, type=path_arg, help="folder to write (refused if it exists and is not empty, unless --force)")
    p.add_argument("--root", type=path_arg, help="dataset folder to export (default: the embedded dataset)")
    p.add_argument("--content-only", action="store_true", help="conll: leave out the sentences inside boilerplate")
    p.add_argument("--force", action="store_true", help="replace a non-empty --out folder once the new export is complete")
    p.set_defaults(func=cmd_export, usage_error=p.error)

    p = sub.add_parser("summary", help="print a table describing the embedded dataset")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("exercise", help="the course's graded exercises: list, show, start, check",
                       description="Exercises with a starter file, a written task and an automatic checker "
                                   "(docs/exercises.md).")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("list", help="the exercises, easiest first")
    q.set_defaults(func=cmd_exercise_list)
    q = actions.add_parser("show", help="print the task of an exercise")
    q.add_argument("name", help="an exercise, e.g. bio-spans")
    q.set_defaults(func=cmd_exercise_show)
    q = actions.add_parser("start", help="write an exercise's starter file into a folder (never over a file)")
    q.add_argument("name", help="an exercise, e.g. bio-spans")
    q.add_argument("folder", type=path_arg, help="the folder to write NAME.py into (made if missing)")
    q.set_defaults(func=cmd_exercise_start)
    q = actions.add_parser("check", help="check a solution: exit 0 when right, 1 with the first wrong case")
    q.add_argument("name", help="an exercise, e.g. bio-spans")
    q.add_argument("file", type=path_arg, help="your solution, a .py file made from the starter")
    q.add_argument("--time-limit", type=int_in(1, 86400), default=EXERCISE_TIME_LIMIT_S, metavar="SECONDS",
                   help=f"stop the check after this many seconds (default {EXERCISE_TIME_LIMIT_S}); your code runs in a "
                        "process of its own, on a private copy of the dataset")
    q.add_argument("--memory-limit", type=int_in(256, 1 << 20), default=EXERCISE_MEMORY_LIMIT_MB, metavar="MIB",
                   help=f"address space of that process in MiB (default {EXERCISE_MEMORY_LIMIT_MB})")
    q.set_defaults(func=cmd_exercise_check)

    for plugin in entry_points(group="newsprep.commands"):  # e.g. "baselines", from newsprep.baselines
        try:
            plugin.load()(sub, add_statistics_options)
        except Exception as err:  # a broken plug-in loses its command, not every other one
            print(f"newsprep: the command {plugin.name!r} ({plugin.value}) could not be loaded: "
                  f"{type(err).__name__}: {err}", file=sys.stderr)

    p = sub.add_parser("release-check", help="check that every file stating the version agrees (maintainers)")
    p.add_argument("--repo", type=path_arg, help="source checkout to check (default: the one holding the embedded dataset)")
    p.set_defaults(func=cmd_release_check)

    p = sub.add_parser("build-data", help="rebuild derived data files and the manifest (maintainers)")
    p.set_defaults(func=cmd_build_data)
    return top


SIGPIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for a Unix tool whose reader went away
INTERRUPTED_EXIT = 130  # 128 + SIGINT
TERMINATED_EXIT = 143  # 128 + SIGTERM


def output_closed() -> int:
    """Standard output's reader has gone (``newsprep score ... | head -1``): stop quietly, as ``cat`` does. Standard
    output is pointed at the null device, so that the flush at exit fails no more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file behind sys.stdout: nothing is flushed at exit
        pass
    return SIGPIPE_EXIT


class ClosedStream(io.TextIOBase):
    """Stands for a standard stream that was closed when the command started (``newsprep ... >&-``)."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed", "standard output")


class Terminated(BaseException):
    """SIGTERM arrived: raised where the command is, so that its clean-up runs (a local cluster is closed, no
    temporary file is left), as for Ctrl-C. A BaseException, so that no ``except Exception`` takes it for an error."""


def on_terminate(number: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure becomes a one-line message on standard error and an exit code."""
    if sys.stderr is None:  # closed: messages go nowhere rather than to standard output
        sys.stderr = open(os.devnull, "w")
    if sys.stdout is None:
        sys.stdout = ClosedStream()
    for stream in (sys.stdout, sys.stderr):  # an ASCII-only locale (LC_ALL=C, PYTHONIOENCODING=ascii): "—" as \u2014
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")
    # As a process of its own (not called from Python with argv), SIGTERM stops the command as Ctrl-C does; a
    # command started with SIGTERM ignored keeps ignoring it.
    own = argv is None and threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGTERM) if own else None
    if own and previous == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, on_terminate)
    try:
        return run(argv)
    except Terminated:
        stopped()
        print("newsprep: terminated", file=sys.stderr)
        return TERMINATED_EXIT
    finally:
        if own and previous == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def stopped() -> None:
    """The command was interrupted or terminated: where it used Dask, Dask's closing warnings are silenced."""
    if "distributed" in sys.modules:
        from newsprep.eval.parallel.cluster import quiet_dask_logs

        quiet_dask_logs()


def run(argv: list[str] | None) -> int:
    command = "newsprep"
    try:
        os.getcwd()
    except OSError:
        print("newsprep: the working folder no longer exists; change to one that does", file=sys.stderr)
        return 2
    try:
        args = parser().parse_args(argv)
        command = f"newsprep {args.command}"
        check_arguments(args)
        code = args.func(args)
        sys.stdout.flush()  # a reader that has gone shows here, not as a traceback at exit
        return code
    except KeyboardInterrupt:
        stopped()
        print(f"{command}: interrupted", file=sys.stderr)
        return INTERRUPTED_EXIT
    except Terminated:
        stopped()
        print(f"{command}: terminated", file=sys.stderr)
        return TERMINATED_EXIT
    except BrokenPipeError:
        return output_closed()
    except InvalidInput as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        tails = {"score": "nothing was scored", "compare": "nothing was scored", "report": "nothing was scored",
                 "export": "nothing was written", "merge": "nothing was written"}
        tail = f"; {tails[args.command]}" if args.command in tails else ""
        print(f"{command}: {len(err.problems)} problem(s){tail}", file=sys.stderr)
        return 1
    except UsageError as err:
        print(f"{command}: {err}", file=sys.stderr)
        return 2
    except NewsPrepError as err:
        print(f"{command}: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # a write that failed underway (a full disk, an I/O error): name the path
        where = err.filename if err.filename is not None else "standard output"
        print(f"{command}: cannot write {where}: {err.strerror or err}; nothing was written", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
