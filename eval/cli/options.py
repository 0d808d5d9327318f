"""The options several commands share, each declared once: its name, type, range and help are the same wherever
it appears. Also the argument types and the check of the outputs a command would write.

A command module adds an option by calling the function here (``gold(p)``, ``task(p)``, ``output_format(p)``,
``output_file(p)``, ``statistics(p)``); where a command gives an option a meaning of its own, the function takes it
as an argument (``statistics(p, intervals=True)``), not a copy of the declaration.
"""
from __future__ import annotations

import argparse
import glob
import re
from pathlib import Path

from newsprep.eval.data import dataset as data
from newsprep.eval.errors import UsageError
from newsprep.eval.io.sources import is_url, several
from newsprep.eval.settings import MAX_RESAMPLES, RESAMPLES, SEED
from newsprep.eval.types import TASKS

MAX_SEED = 2**63 - 1
MAX_PROCESSES = 256
MAX_PARTITIONS = 65536


# --------------------------------------------------------------------------- argument types

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


# --------------------------------------------------------------------------- inputs

def submission(p: argparse.ArgumentParser, *, shards: bool = False) -> None:
    """The positional SUBMISSION: one file, or (``shards``, for the streaming scorer) a glob or a URL too."""
    p.add_argument("submission", type=path_arg,
                   help="submission file (JSON Lines, see schema/README.md)"
                        + (", or a quoted glob of shards, or an fsspec URL (s3://..., read by the workers)" if shards else ""))


def gold(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gold", "--root", dest="gold", metavar="DIR", type=path_arg,
                   help="dataset folder to score against, e.g. one made by newsprep synth (default: the embedded dataset)")


def dataset_root(p: argparse.ArgumentParser, what: str) -> None:
    """``--root DIR``: the dataset folder a command reads (not a gold to score against, which is ``--gold``)."""
    p.add_argument("--root", type=path_arg, help=f"dataset folder to {what} (default: the embedded dataset)")


def task(p: argparse.ArgumentParser) -> None:
    p.add_argument("--task", action="append", choices=list(TASKS),
                   help="score only this task (repeatable; default: every task in the file)")


# --------------------------------------------------------------------------- statistics

def statistics(p: argparse.ArgumentParser, *, intervals: bool = False) -> None:
    """``--resamples`` and ``--seed``. With ``intervals`` (a command that scores one system), 0 resamples asks for
    values without intervals; otherwise (a paired test) resamples are the swaps drawn, at least 1."""
    if intervals:
        p.add_argument("--resamples", type=int_in(0, MAX_RESAMPLES), default=RESAMPLES,
                       help=f"0: values only, no intervals; any other number up to {MAX_RESAMPLES} (default {RESAMPLES}): "
                            "values with their jackknife intervals over documents")
    else:
        p.add_argument("--resamples", type=int_in(1, MAX_RESAMPLES), default=RESAMPLES,
                       help=f"swaps the permutation test draws where there are too many units to enumerate every "
                            f"swap (more than 16), 1 to {MAX_RESAMPLES} (default {RESAMPLES})")
    p.add_argument("--seed", type=int_in(0, MAX_SEED), default=SEED,
                   help=f"seed of the drawn swaps, 0 or more (default {SEED})")


def add_statistics_options(p: argparse.ArgumentParser, *, output: bool = True, intervals_optional: bool = False) -> None:
    """What a plug-in's ``register(subparsers, add_statistics_options)`` is given: ``statistics``, and ``-o``
    unless ``output=False``."""
    statistics(p, intervals=intervals_optional)
    if output:
        output_file(p)


# --------------------------------------------------------------------------- work spread over processes

def cluster(p: argparse.ArgumentParser, *, doing: str, same: str, environment: str) -> None:
    """``--num-proc`` and ``--scheduler`` of a command that can spread its work on Dask: ``doing`` it (e.g. "score"),
    with the ``same`` result as one process; ``environment``: when $DASK_SCHEDULER_ADDRESS stands for --scheduler."""
    p.add_argument("--num-proc", type=int_in(1, MAX_PROCESSES), default=1, metavar="N",
                   help=f"{doing} on a local Dask cluster of N processes ({same}; needs newsprep[dask])")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help=f"{doing} on the running Dask cluster at ADDRESS, e.g. tcp://10.0.0.5:8786 "
                        f"(default: $DASK_SCHEDULER_ADDRESS {environment})")


# --------------------------------------------------------------------------- outputs

FORMATS = ("table", "json", "markdown")


def format_name(text: str) -> str:
    """``--format text`` is another name of ``table``, the text a terminal shows."""
    return "table" if text == "text" else text


def output_format(p: argparse.ArgumentParser, *, json: str, table: str = "a terminal table") -> None:
    """``--format table|json|markdown``; ``json`` and ``table`` say what those hold for this command."""
    p.add_argument("--format", type=format_name, choices=FORMATS, default="table",
                   help=f"table (or text; the default): {table}; json: {json}; markdown: the same as Markdown tables")


def output_file(p: argparse.ArgumentParser, *, required: bool = False, what: str = "write here instead of standard output") -> None:
    p.add_argument("--output", "-o", type=path_arg, required=required,
                   help=f"{what} (whole or not at all; not an input)")


def details_file(p: argparse.ArgumentParser, *, what: str) -> None:
    """``--details FILE``: the per-example records (``what``) as JSON Lines, written whole; not an input."""
    p.add_argument("--details", metavar="FILE", type=path_arg,
                   help=f"write {what} to FILE as JSON Lines, one record per line (whole or not at all; not an input)")


def out_folder(p: argparse.ArgumentParser, *, help: str, new: bool = False, replace: str | None = None) -> None:
    """``--out DIR``, a folder the command fills. ``new``: it must not exist or be empty; ``replace``: the help of
    ``--force``, which lets a finished output replace an earlier one (and then the folder need not be empty)."""
    p.add_argument("--out", required=True, type=path_arg, help=help)
    if replace:
        p.add_argument("--force", action="store_true", help=replace)
    p.set_defaults(out_new=new, out_replaceable=bool(replace))


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse an unusable output before any input is read (``UsageError``): for a file (``-o``, ``--html``,
    ``--details``) a folder, a device, an input, another output, or a file inside the embedded dataset or the
    ``--gold`` folder; for a folder
    (``--out``, ``--plots``) one in or around a dataset folder, or a non-empty one where a new one is needed.

    It reads the options this module declares (and ``--out`` of a plug-in, which is never replaced)."""
    from newsprep.eval.io.atomic import check_output, check_output_folder

    inputs = [getattr(args, name) for name in ("submission", "a", "b") if getattr(args, name, None)]
    if getattr(args, "submission", None) and several(args.submission) and not is_url(args.submission):
        inputs += glob.glob(args.submission)  # each shard is an input an output must not overwrite
    inputs += getattr(args, "inputs", None) or []
    protected = [data.dataset_dir(), *([args.gold] if getattr(args, "gold", None) else [])]
    written: dict[Path, str] = {}
    for name in ("output", "html", "details"):
        if getattr(args, name, None):
            target = check_output(getattr(args, name), inputs=tuple(inputs), protected=tuple(protected))
            if target in written:
                raise UsageError(f"output {getattr(args, name)}: also given as --{written[target]}; give each output "
                                 "a file of its own")
            written[target] = name
    if getattr(args, "root", None):
        protected.append(args.root)
    replaceable = getattr(args, "out_replaceable", False)
    replace = replaceable and args.force
    for name in ("out", "plots"):
        if getattr(args, name, None) is not None:
            check_output_folder(getattr(args, name), protected=tuple(protected),
                                empty=name == "out" and getattr(args, "out_new", False) and not replace,
                                replace=replace,
                                hint="choose a new folder" + (", or replace it with --force" if replaceable else ""))
