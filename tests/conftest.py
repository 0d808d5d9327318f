import atexit
import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import NamedTuple

import pytest

from newsprep.eval.data import dataset as data
from newsprep.eval.data.manifest import write_manifest  # noqa: F401 (re-exported for tests)

REPO = Path(__file__).resolve().parents[1]

# Validated gold folders are remembered in a cache (newsprep.eval.validate.gold); the tests, and the
# commands they start, keep theirs in a fresh folder rather than the user's.
os.environ["NEWSPREP_CACHE"] = tempfile.mkdtemp(prefix="newsprep-test-cache-")
atexit.register(shutil.rmtree, os.environ["NEWSPREP_CACHE"], True)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the embedded dataset folder that a test may break."""
    root = tmp_path / "dataset"
    shutil.copytree(data.dataset_dir(), root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def edit_jsonl(root: Path, rel: str, line: int, edit, *, remanifest: bool = True) -> None:
    """Apply ``edit(record) -> record | str`` to one line (1-based) of a data file.

    An edit that returns a string replaces the raw line. With ``remanifest`` the
    manifest and croissant.json are rewritten, so that only the rule under test can fire.
    """
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    result = edit(json.loads(lines[line - 1]))
    lines[line - 1] = result if isinstance(result, str) else json.dumps(result, ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")
    if remanifest:
        rebuild_metadata(root)


def rebuild_metadata(root: Path) -> None:
    """Rewrite manifest.json and croissant.json from the data files, as ``newsprep build-data`` does after an edit."""
    from newsprep.eval.maintain.croissant import write_croissant

    write_manifest(root, data.data_version(root))
    write_croissant(root)


def rules(problems) -> set[tuple[str, int | None, str, str]]:
    return {(p.file, p.line, p.field, p.rule) for p in problems}


class CliRun(NamedTuple):
    """What ``newsprep ARGS`` did: exit code, standard output, standard error."""

    code: int
    out: str
    err: str


def run_cli(*args: object) -> CliRun:
    """Run ``newsprep ARGS`` in this process: ``newsprep.eval.cli.main`` with stdout and stderr captured.

    An argparse exit (a usage error, ``--help``, ``--version``) becomes its exit code, as a shell sees
    it. Any other exception propagates, so a test fails on what would have been a traceback. The
    capture swaps ``sys.stdout``/``sys.stderr`` for the call only, so it works inside pytest's own
    capture (``capsys`` or not) and in module-scoped fixtures alike.
    """
    from newsprep.eval.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return CliRun(code, out.getvalue(), err.getvalue())


@pytest.fixture
def offline_datasets_cache(tmp_path, monkeypatch):
    """An empty ``datasets`` cache of the test's own, and nothing may reach the network."""
    import datasets
    import huggingface_hub

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-datasets-cache")
    return tmp_path / "hf-datasets-cache"


@contextlib.contextmanager
def started(command: list, *, interrupt=signal.SIG_DFL, **options):
    """``subprocess.Popen(command)`` in a session of its own, with SIGINT at its default action whatever this
    process inherited (a suite started by ``nohup make test &`` ignores it, and a child would too; ``interrupt``
    sets another), and the whole session killed on leaving the block, whether the test passed or failed."""
    def default_interrupt() -> None:
        signal.signal(signal.SIGINT, interrupt)

    proc = subprocess.Popen(command, start_new_session=True, preexec_fn=default_interrupt, **options)
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


def child_processes(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found
