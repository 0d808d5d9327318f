"""``newsprep baselines run``: the command the baselines add to the CLI, light to import.

The CLI loads every plug-in's ``register`` when it starts, whatever the command, so this module
imports nothing heavy; ``newsprep.baselines.run`` (the systems, scikit-learn, the scorer) is
imported when the command runs.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

TASKS = ("boilerplate", "entities", "duplicates")  # the leaderboard's tasks (run.HEADLINE), in its order


def register(subparsers: Any, add_statistics_options: Callable[..., None]) -> None:
    """Adds ``newsprep baselines run`` to the CLI (``add_statistics_options``: the CLI's ``--resamples``/``--seed``)."""
    p = subparsers.add_parser("baselines", help="run every baseline, score it and write the leaderboard")
    sub = p.add_subparsers(dest="baselines_command", required=True, metavar="COMMAND")
    r = sub.add_parser("run", help="run, validate and score every available baseline")
    r.add_argument("--out", default="results", help="output folder (default: results)")
    r.add_argument("--task", action="append", choices=list(TASKS), help="only this task (repeatable)")
    add_statistics_options(r, output=False)
    r.set_defaults(func=command)


def command(args) -> int:
    from newsprep.baselines.run import command as run

    return run(args)
