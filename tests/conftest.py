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

# One BLAS and OpenMP thread, in this process and in the commands the tests start (they inherit the environment):
# otherwise numpy, SciPy and scikit-learn start a pool of threads per core, which spin against each other and against
# the other test worker (make test runs two): on two cores the token classifier trained in 22 s instead of 5 s. Set
# before anything imports numpy; a value the environment gives is kept. The numbers are the same.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

from newsprep.eval.data import dataset as data  # noqa: E402
from newsprep.eval.data.manifest import write_manifest  # noqa: E402, F401 (re-exported for tests)

REPO = Path(__file__).resolve().parents[1]

# Validated gold folders are remembered in a cache (newsprep.eval.validate.gold); the tests, and the
# commands they start, keep theirs in a fresh folder rather than the user's.
os.environ["NEWSPREP_CACHE"] = tempfile.mkdtemp(prefix="newsprep-test-cache-")
atexit.register(shutil.rmtree, os.environ["NEWSPREP_CACHE"], True)

# Hypothesis profiles, chosen by HYPOTHESIS_PROFILE: "ci" (the default, and what CI runs) gives each property test
# the number of examples its @settings(max_examples=N) asks for; "dev" a tenth of that (at least 10), for a quick
# run while editing (pytest_collection_modifyitems below). Neither has a deadline: a shared machine's pauses would
# fail a test that is merely slow there.
hypothesis_settings.register_profile("ci", deadline=None)
hypothesis_settings.register_profile("dev", deadline=None)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def examples(n: int) -> int:
    """How many examples a property test that asks for ``n`` runs: ``n`` under "ci", a tenth (at least 10) under "dev"."""
    return n if HYPOTHESIS_PROFILE == "ci" else max(10, n // 10)


@pytest.hookimpl(tryfirst=True)  # before -m deselects: a scale test counts as slow there
def pytest_collection_modifyitems(config, items) -> None:
    """A test marked ``scale`` is also ``slow`` (so ``-m "not slow"`` leaves out both). Under a Hypothesis profile
    other than "ci", each property test runs ``examples(N)`` of its N examples: Hypothesis keeps a test's settings
    on the test function (``_hypothesis_internal_use_settings``, read at each call), so the count written on a test
    stays the thorough one and only a quick run scales it."""
    for item in items:
        if item.get_closest_marker("scale") and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)
    if HYPOTHESIS_PROFILE == "ci":
        return
    scaled = set()
    for item in items:
        test = getattr(getattr(item, "obj", None), "__func__", getattr(item, "obj", None))
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is None or id(test) in scaled:  # not a property test, or one parametrised and already scaled
            continue
        scaled.add(id(test))
        test._hypothesis_internal_use_settings = hypothesis_settings(own, max_examples=examples(own.max_examples))


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


@pytest.fixture(autouse=True, scope="session")
def dask_scratch_in_the_test_folder(tmp_path_factory):
    """Dask clusters the tests start (their own, and workers of the ``dask`` command line) keep their scratch
    space in the test run's folder, not in a ``dask-scratch-space`` of the system's temporary folder, which
    outlives the run."""
    folder = str(tmp_path_factory.mktemp("dask-scratch"))
    saved = os.environ.get("DASK_TEMPORARY_DIRECTORY")
    os.environ["DASK_TEMPORARY_DIRECTORY"] = folder  # read by the dask processes a test starts
    try:
        try:
            import dask
        except ImportError:
            yield
            return
        with dask.config.set({"temporary-directory": folder}):
            yield
    finally:
        if saved is None:
            os.environ.pop("DASK_TEMPORARY_DIRECTORY", None)
        else:
            os.environ["DASK_TEMPORARY_DIRECTORY"] = saved


def on_a_terminal(command: list, **options) -> tuple[subprocess.CompletedProcess, bytes]:
    """Run ``command`` with its standard error on a pseudo-terminal 100 columns wide (tqdm fits a bar to the
    width it reads; 0 columns draws none) and standard output on a pipe; the process and what it drew there.
    ``subprocess.run`` kills the process if it outlives ``timeout`` (default 300 s)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=follower, text=True,
                              **{"timeout": 300, **options})
        os.close(follower)
        follower = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    return done, drawn


def bars_off_while_loading(monkeypatch, root, *, enabled: bool = True) -> list[bool]:
    """Whether ``datasets``' progress bars were off while ``npe.load`` called ``load_dataset`` (once per call), for
    a load of the documents of ``root`` with the bars enabled (or, ``enabled=False``, disabled) before it."""
    import datasets

    import newsprep.eval as npe

    seen: list[bool] = []
    real = datasets.load_dataset

    def watching(*args, **kwargs):
        seen.append(datasets.utils.are_progress_bars_disabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(datasets, "load_dataset", watching)
    if enabled:
        datasets.enable_progress_bars()
    else:
        datasets.disable_progress_bars()
    npe.load("documents", root=root)
    return seen


def fail_writes_after_the_first(monkeypatch) -> None:
    """Every ``Path.write_bytes`` after the first raises ``OSError("disk full")``: a disk that fills while an
    export is written (the exports' all-or-nothing tests)."""
    written = []

    def failing_write(self, content):
        if written:
            raise OSError("disk full")
        written.append(self)
        return len(content)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
