"""The ``newsprep`` command. Thin: it parses arguments, calls the library and
turns ``NewsPrepError`` into a message on stderr and a non-zero exit code.

Each command is a module of ``newsprep.eval.cli.commands`` (its options and its run function side by side);
the options several commands share are declared once, in ``newsprep.eval.cli.options``. Other packages add
commands through the entry point group ``newsprep.commands`` (``newsprep exercise`` from ``newsprep.course``,
``newsprep baselines`` from ``newsprep.baselines``), loaded only when the command line names them (or asks
``newsprep --help``), so that no command pays for another's imports.

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
import io
import os
import signal
import sys
import threading
from collections.abc import Sequence
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

from newsprep.eval.cli import commands
from newsprep.eval.cli.options import add_statistics_options, check_outputs
from newsprep.eval.data import dataset as data
from newsprep.eval.errors import InvalidInput, NewsPrepError, UsageError
from newsprep.eval.settings import __version__

PLUGINS = "newsprep.commands"  # the entry point group of the commands other packages add


def add_command(sub: argparse._SubParsersAction, module: ModuleType, name: str | None = None) -> None:
    """The subcommand a command module declares (``newsprep.eval.cli.commands``)."""
    p = sub.add_parser(name or module.NAME, help=module.HELP, description=getattr(module, "DESCRIPTION", None))
    module.arguments(p)
    p.set_defaults(func=module.run, undone=getattr(module, "UNDONE", None), usage_error=p.error)


def plugins() -> list[EntryPoint]:
    return sorted(entry_points(group=PLUGINS), key=lambda plugin: plugin.name)


def add_plugin(sub: argparse._SubParsersAction, plugin: EntryPoint) -> None:
    """Load a plug-in command: a command module, or a function ``register(subparsers, add_statistics_options)``
    that adds its own subcommand."""
    try:
        found = plugin.load()
        if isinstance(found, ModuleType):
            add_command(sub, found, plugin.name)
        else:
            found(sub, add_statistics_options)
    except Exception as err:  # a broken plug-in loses its command, not every other one
        print(f"newsprep: the command {plugin.name!r} ({plugin.value}) could not be loaded: "
              f"{type(err).__name__}: {err}", file=sys.stderr)


def named(argv: Sequence[str]) -> set[str] | None:
    """The command ``argv`` names (the top level has no option that takes a value), or None for every command
    where it asks ``--help`` before naming one."""
    for arg in argv:
        if not arg.startswith("-"):
            return {arg}
        if arg == "-h" or (len(arg) > 2 and "--help".startswith(arg)):
            return None
    return set()


def parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser of ``argv``: every built-in command, and the plug-in commands, of which only the one ``argv``
    names is loaded (every one for ``newsprep --help``); the others are names only."""
    top = argparse.ArgumentParser(prog="newsprep", description="NewsPrep: data, validation and scoring.")
    top.add_argument("--version", action="version", version=f"newsprep {__version__} (data {data.data_version()})")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in commands.USER:
        add_command(sub, module)
    wanted = named(argv)
    for plugin in plugins():
        if wanted is None or plugin.name in wanted:
            add_plugin(sub, plugin)
        elif plugin.name not in sub.choices:
            sub.add_parser(plugin.name)  # a name for argparse's list of choices; never parsed
    for module in commands.MAINTAINERS:
        add_command(sub, module)
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
        return run(sys.argv[1:] if argv is None else argv)
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


def run(argv: list[str]) -> int:
    command = "newsprep"
    try:
        os.getcwd()
    except OSError:
        print("newsprep: the working folder no longer exists; change to one that does", file=sys.stderr)
        return 2
    try:
        args = parser(argv).parse_args(argv)
        command = f"newsprep {args.command}"
        check_outputs(args)
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
        undone = getattr(args, "undone", None)  # what the command leaves undone, e.g. "nothing was scored"
        print(f"{command}: {len(err.problems)} problem(s)" + (f"; {undone}" if undone else ""), file=sys.stderr)
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
