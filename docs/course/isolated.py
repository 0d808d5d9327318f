"""A student's file checked as untrusted code: in a child process of its own, with limits and a private dataset.

``check_file`` runs ``python -m newsprep.course.check_child`` in a new
session, in a temporary folder that holds a private copy of the dataset. The
child makes that copy the package's ``newsprep.dataset`` before anything is
imported, so the checker and the student's code read (and may break) the copy
alone; the embedded dataset is never touched. The child runs the check as
``exercises.check`` does in process (its values converted to plain ones, see
``student.plain``) and writes the verdict as JSON to a file; its standard
output and error go to a file of their own, so nothing the student's code
prints, closes or breaks there reaches the verdict.

The parent gives every outcome a verdict, never a traceback:

- the time limit (``time_limit``, seconds) ends the whole process group and
  fails the check;
- the memory limit (``memory_limit``, MiB of address space, ``RLIMIT_AS``)
  makes an allocation fail inside the student's code, a ``MemoryError`` that
  fails the case; a process that dies of it fails the check with a message;
- a process that ends without a verdict (``os._exit``, a crash of the
  interpreter in deep recursion, a signal) fails it, naming the exit status or
  the signal and the last line it printed;
- standard output or error closed by the student's code, and a changed copy of
  the dataset (a file removed, added or edited), fail it too.

This guards against careless and runaway code, not against a student who
sets out to cheat: the code runs with the user's rights, in the same process
as its checker.
"""
from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from newsprep.course.student import Failure, shown
from newsprep.eval.errors import UsageError

TIME_LIMIT_S = 120  # the reference solutions take a few seconds each
MEMORY_LIMIT_MB = 4096  # address space; the reference solutions use a fraction of it
OUTPUT_LIMIT = 64 << 20  # bytes the child may write to one file (its printed output, say)


Verdict = tuple[int, "Failure | None", tuple[str, ...]]  # the cases passed, the first failure, the notes


def check_file(name: str, path: str | os.PathLike, *, time_limit: float = TIME_LIMIT_S,
               memory_limit: int = MEMORY_LIMIT_MB) -> Verdict:
    """Check the file ``path`` for the exercise called ``name`` (a known one) in a child process."""
    from newsprep.eval.data.dataset import dataset_dir

    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or not 0 < time_limit <= 86400:
        raise UsageError(f"time limit {time_limit!r}: give seconds, more than 0 and at most 86400")
    if isinstance(memory_limit, bool) or not isinstance(memory_limit, int) or not 256 <= memory_limit <= 1 << 20:
        raise UsageError(f"memory limit {memory_limit!r}: give MiB, 256 to 1048576")
    source = Path(path)
    if not source.is_file():
        raise UsageError(f"{source}: {'is not a file' if source.exists() else 'no such file'}")
    with tempfile.TemporaryDirectory(prefix="newsprep-check-") as folder:
        work = Path(folder)
        data = work / "dataset"
        shutil.copytree(dataset_dir(), data, ignore=shutil.ignore_patterns("__pycache__"))
        before = tree(data)
        verdict, output = work / "verdict.json", work / "output.txt"
        (work / "tmp").mkdir()
        status = run_child([sys.executable, "-m", "newsprep.course.check_child", name,
                            str(source.resolve()), str(data), str(verdict)],
                           cwd=work, output=output, env=child_env(work), time_limit=time_limit,
                           memory_limit=memory_limit)
        result = read_verdict(verdict)
        after = tree(data)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        printed = last_line(output)
    origin = source.name
    if status == "timeout":
        failure = Failure(f"running {origin}", f"a verdict within {time_limit:g} seconds",
                          f"still running after {time_limit:g} seconds; stopped",
                          "an endless loop, or work far beyond what the task asks (--time-limit gives more time)")
        return 0, failure, ()
    if changed:
        return (result[0] if result else 0), Failure(
            "the dataset after your code ran", "the files as they were",
            f"{len(changed)} file(s) changed, removed or added: {', '.join(changed[:5])}",
            "your code wrote to the dataset; the check ran on a private copy, so the dataset itself is unchanged, "
            "but its verdict cannot stand"), ()
    if result is None:
        return 0, Failure(f"running {origin}", "a verdict from the checker", ended(status, memory_limit), printed), ()
    return result


def child_env(work: Path) -> dict[str, str]:
    """The child's environment: caches, temporary files and threads of its own."""
    env = dict(os.environ)
    env.update({"HF_DATASETS_CACHE": str(work / "hf-datasets"), "HF_HOME": str(work / "hf"),
                "NEWSPREP_CACHE": str(work / "newsprep-cache"), "TMPDIR": str(work / "tmp"),
                "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
                "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1", "MPLCONFIGDIR": str(work / "mpl"),
                **dict.fromkeys(["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"], "1")})
    return env


def run_child(command: list[str], *, cwd: Path, output: Path, env: dict[str, str], time_limit: float,
              memory_limit: int) -> int | str:
    """Run ``command`` in a session of its own under the limits; its exit status (negative: the signal that ended
    it) or ``"timeout"``. Whatever happens here, Ctrl-C included, no process of the session is left running."""
    def limits() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the child stops on Ctrl-C even where the command ignores it
        cap = memory_limit << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_LIMIT, OUTPUT_LIMIT))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    with open(output, "wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                start_new_session=True, preexec_fn=limits)
    try:
        return proc.wait(timeout=time_limit)
    except subprocess.TimeoutExpired:
        return "timeout"
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # the child and anything it started
        proc.wait()


def tree(folder: Path) -> dict[str, tuple]:
    """Every file and folder under ``folder`` with its kind, size and content hash (links not followed)."""
    import hashlib

    found: dict[str, tuple] = {}
    for base, dirs, files in os.walk(folder):
        for entry in dirs + files:
            path = os.path.join(base, entry)
            info = os.lstat(path)
            digest = ""
            if entry in files and os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
            found[os.path.relpath(path, folder)] = (info.st_mode >> 12, info.st_size if entry in files else 0, digest)
    return found


def read_verdict(path: Path) -> Verdict | None:
    """The verdict the child wrote, or None if it wrote none (or not a whole one)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        failure = Failure(**found["failure"]) if found["failure"] else None
        return int(found["checks"]), failure, tuple(str(n) for n in found["notes"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def ended(status: int | str, memory_limit: int) -> str:
    """How a child that wrote no verdict ended, in words."""
    if isinstance(status, int) and status < 0:
        name = signal.Signals(-status).name if -status in signal.valid_signals() else f"signal {-status}"
        why = {"SIGSEGV": "a crash of the interpreter: very deep recursion (after sys.setrecursionlimit) does this",
               "SIGKILL": f"killed, perhaps for memory (the limit is {memory_limit} MiB)"}.get(name, "a signal")
        return f"the process ended by {name} ({why}) before the check finished"
    return (f"the process exited with status {status} before the check finished "
            "(os._exit, or an error the interpreter could not recover from)")


def last_line(output: Path) -> str:
    """The last line the child printed, as a hint; empty if none."""
    try:
        with open(output, "rb") as handle:
            handle.seek(max(0, output.stat().st_size - 4096))
            lines = handle.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return f"its last line of output: {shown(lines[-1])}" if lines else ""


# --- the child ---------------------------------------------------------------------------------------

def use_dataset(folder: Path) -> None:
    """Make ``folder`` the package ``newsprep.dataset`` of this process, before anything reads data."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("newsprep.dataset", folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["newsprep.dataset"] = module
    spec.loader.exec_module(module)


def streams_open() -> bool:
    """Whether standard output and error are still open, as objects and as file descriptors."""
    for stream, fd in ((sys.stdout, 1), (sys.stderr, 2)):
        if stream is None or getattr(stream, "closed", True):
            return False
        try:
            os.fstat(fd)
        except OSError:
            return False
    return True


def write_verdict(path: str, checks: int, failure: Failure | None, notes: tuple[str, ...]) -> None:
    """Write the verdict for the parent, then end the process at once, so that no thread or exit handler of the
    student's code runs after it. A verdict that passed with the standard streams closed fails."""
    from dataclasses import asdict

    if failure is None and not streams_open():
        failure = Failure("standard output and error after your code ran", "open", "closed",
                          "a solution must leave sys.stdout and sys.stderr open: the checker and the user need them")
    record = {"checks": checks, "notes": list(notes), "failure": asdict(failure) if failure else None}
    data = json.dumps(record).encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    while data:
        data = data[os.write(fd, data):]
    os.close(fd)
    os._exit(0)
