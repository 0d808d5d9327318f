"""``newsprep exercise``: list, show, start and check the course's graded exercises.

A command module of the ``newsprep`` command line (``newsprep.eval.cli.commands`` describes the form), declared in
the entry point group ``newsprep.commands``: the harness never imports the course, and the command line loads this
module only for ``newsprep exercise`` (and ``newsprep --help``).
"""
from __future__ import annotations

import argparse

from newsprep.course.isolated import MEMORY_LIMIT_MB, TIME_LIMIT_S
from newsprep.eval.cli import options

NAME = "exercise"
HELP = "the course's graded exercises: list, show, start, check"
DESCRIPTION = "Exercises with a starter file, a written task and an automatic checker (docs/exercises.md)."


def arguments(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="the exercises, easiest first")
    q = actions.add_parser("show", help="print the task of an exercise")
    q.add_argument("name", help="an exercise, e.g. bio-spans")
    q = actions.add_parser("start", help="write an exercise's starter file into a folder (never over a file)")
    q.add_argument("name", help="an exercise, e.g. bio-spans")
    q.add_argument("folder", type=options.path_arg, help="the folder to write NAME.py into (made if missing)")
    q = actions.add_parser("check", help="check a solution: exit 0 when right, 1 with the first wrong case")
    q.add_argument("name", help="an exercise, e.g. bio-spans")
    q.add_argument("file", type=options.path_arg, help="your solution, a .py file made from the starter")
    q.add_argument("--time-limit", type=options.int_in(1, 86400), default=TIME_LIMIT_S, metavar="SECONDS",
                   help=f"stop the check after this many seconds (default {TIME_LIMIT_S}); your code runs in a "
                        "process of its own, on a private copy of the dataset")
    q.add_argument("--memory-limit", type=options.int_in(256, 1 << 20), default=MEMORY_LIMIT_MB, metavar="MIB",
                   help=f"address space of that process in MiB (default {MEMORY_LIMIT_MB})")


def run(args: argparse.Namespace) -> int:
    return {"list": list_action, "show": show_action, "start": start_action, "check": check_action}[args.action](args)


def list_action(args: argparse.Namespace) -> int:
    from newsprep.course.exercises import EXERCISES, HERE
    from newsprep.eval.render.text import format_table

    rows = [[e.name, e.layer, e.level, e.title] for e in EXERCISES.values()]
    print(format_table(["exercise", "layer", "level", "what you do"], rows))
    print("\nnewsprep exercise show NAME        print the task"
          "\nnewsprep exercise start NAME DIR   write the starter file DIR/NAME.py (- becomes _)"
          "\nnewsprep exercise check NAME FILE  check a solution: exit 0 when right, 1 with the first wrong case"
          f"\nReference solutions, for instructors: {HERE / 'solutions'}")
    return 0


def show_action(args: argparse.Namespace) -> int:
    from newsprep.course.exercises import task

    print(task(args.name))
    return 0


def start_action(args: argparse.Namespace) -> int:
    from newsprep.course.exercises import start

    path = start(args.name, args.folder)
    print(f"newsprep exercise start: wrote {path}; the task is its docstring. When your functions are written:\n"
          f"  newsprep exercise check {args.name} {path}")
    return 0


def check_action(args: argparse.Namespace) -> int:
    from newsprep.course.exercises import check

    result = check(args.name, args.file, time_limit=args.time_limit, memory_limit=args.memory_limit)
    print(result)
    return 0 if result.passed else 1
