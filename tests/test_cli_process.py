"""The ``newsprep`` command as a separate process: where the process itself is the point.

Everything else about the CLI runs in process (``tests.conftest.run_cli``). Here: the installed
console script and ``python -m newsprep.eval`` start, the exit status a shell sees, and a reader
that goes away (``newsprep ... | head``) ends the command quietly, without a traceback; a closed
standard output, a deleted working folder and Ctrl-C get one line and their documented exit code.
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsprep.eval import __version__, data_version
from tests.conftest import REPO, child_processes, started
from tests.submissions import gold_boilerplate_records, header, write

SCRIPT = Path(sys.executable).parent / "newsprep"  # the console script pip installed beside this interpreter


def test_installed_console_script_runs():
    if not SCRIPT.exists():
        pytest.skip(f"no console script at {SCRIPT} (the package is not installed in this environment)")
    out = subprocess.run([str(SCRIPT), "--version"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"newsprep {__version__} (data {data_version()})"
    out = subprocess.run([str(SCRIPT), "baselines", "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "run" in out.stdout  # the plug-in command arrives through its entry point


def test_python_dash_m_runs_the_command():
    out = subprocess.run([sys.executable, "-m", "newsprep.eval", "validate-data"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert f"OK — data {data_version()}" in out.stdout


def test_exit_status_seen_by_a_shell(tmp_path):
    good = write(tmp_path / "good.jsonl", [header()] + gold_boilerplate_records())
    bad = write(tmp_path / "bad.jsonl", [header(dataset_version="0.0.9")] + gold_boilerplate_records()[:3])
    script = (f'"{sys.executable}" -m newsprep.eval score "{good}" --resamples 10 >/dev/null; echo "ok=$?"; '
              f'"{sys.executable}" -m newsprep.eval score "{bad}" 2>/dev/null; echo "invalid=$?"; '
              f'"{sys.executable}" -m newsprep.eval score "{good}" --seed -1 2>/dev/null; echo "usage=$?"')
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert out.stdout.split() == ["ok=0", "invalid=1", "usage=2"], out.stderr


@pytest.mark.parametrize("args", [("summary",), ("score", "results/submissions/entities-rules.jsonl", "--format",
                                                   "json", "--resamples", "10")], ids=["summary", "score"])
def test_closed_standard_output_ends_quietly(args):
    """Regression: ``newsprep summary | head -0`` ended with a BrokenPipeError traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "newsprep.eval", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=REPO)
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert proc.wait(timeout=300) == 141  # 128 + SIGPIPE, as a shell reports for cat or grep
    assert err == "", err


def test_standard_output_closed_from_the_start(tmp_path):
    """``newsprep summary >&-`` once ended with an AttributeError traceback; a command that only writes a file
    does not need standard output and succeeds."""
    script = (f'"{sys.executable}" -m newsprep.eval summary >&-; echo "summary=$?"; '
              f'"{sys.executable}" -m newsprep.eval score results/submissions/entities-rules.jsonl --resamples 0 '
              f'-o "{tmp_path / "report.txt"}" >&-; echo "to-file=$?"')
    out = subprocess.run(["sh", "-c", f"exec 3>&1; ({script}) 2>&1 >&3 | cat >&2"], capture_output=True, text=True,
                         timeout=300, cwd=REPO)
    assert "summary=1" in out.stdout and "to-file=0" in out.stdout, (out.stdout, out.stderr)
    assert "newsprep summary: cannot write standard output: it is closed" in out.stderr
    assert "Traceback" not in out.stderr
    assert (tmp_path / "report.txt").read_text().startswith("NewsPrep scores")


def test_deleted_working_folder(tmp_path):
    """The console script in a folder deleted under it (``python -m`` cannot start there at all: Python puts
    the working folder on its path)."""
    if not SCRIPT.exists():
        pytest.skip(f"no console script at {SCRIPT} (the package is not installed in this environment)")
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && "{SCRIPT}" score sub.jsonl'
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr
    assert out.stderr == "newsprep: the working folder no longer exists; change to one that does\n"


def naming(text: str) -> list[int]:
    """Processes whose command line holds ``text`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds worker processes through /proc")
@pytest.mark.parametrize("number, code, word", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
                         ids=["interrupt", "terminate"])
def test_interrupt_stops_every_worker_and_leaves_no_temporary_file(tmp_path, number, code, word):
    """Regression: Ctrl-C during ``score --num-proc`` printed a KeyboardInterrupt traceback, and a worker kept
    running after it. SIGINT goes to the main process only, the hard case: workers must be stopped by it. SIGTERM
    (what ``kill`` sends) stops the command the same way: exit 143, its workers stopped, no temporary file."""
    from newsprep.eval.synth.write import write_corpus
    from newsprep.eval.validate.gold import validate_fresh

    root = tmp_path / "corpus"
    write_corpus(root, docs=2500, seed=3, scoring_only=True, validate=False)
    assert validate_fresh(root) == []  # recorded, so that the command goes straight to scoring
    docs = [line.split('"id": "', 1)[1].split('"', 1)[0] for line in (root / "data/documents.jsonl").open()]
    sub = write(tmp_path / "sub.jsonl", [header(dataset_version=data_version(root))]
                + [{"task": "boilerplate", "doc": d, "spans": []} for d in docs])
    (tmp_path / "out").mkdir()
    command = [sys.executable, "-m", "newsprep.eval", "score", str(sub), "--gold", str(root), "--num-proc", "2",
               "--resamples", "0", "-o", str(tmp_path / "out" / "report.txt")]
    with started(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        deadline = time.monotonic() + 120
        while len(child_processes(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "scoring ended before its workers were seen; make the corpus larger"
        os.kill(proc.pid, number)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == code, err
        assert err == f"newsprep score: {word}\n" and out == ""
        deadline = time.monotonic() + 10
        while group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not group_alive(proc.pid), "a worker outlived the stopped command"
    assert list((tmp_path / "out").iterdir()) == []


def test_interrupt_during_synth_leaves_no_temporary_folder(tmp_path):
    command = [sys.executable, "-m", "newsprep.eval", "synth", "--docs", "2000000", "--out", str(tmp_path / "corpus")]
    with started(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        deadline = time.monotonic() + 120
        while not any(tmp_path.iterdir()) and time.monotonic() < deadline:  # the temporary folder appears
            time.sleep(0.02)
        time.sleep(0.5)
        os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert (proc.returncode, err, out) == (130, "newsprep synth: interrupted\n", "")
    assert list(tmp_path.iterdir()) == []


def test_ascii_only_locale_prints_without_a_traceback(tmp_path):
    """LC_ALL=C with PYTHONIOENCODING=ascii: what is not ASCII is printed escaped (\\u2014), never an
    UnicodeEncodeError; files are written in UTF-8 all the same."""
    env = {**os.environ, "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    for args in (["validate-data"], ["summary"], ["exercise", "list"],
                 ["score", "results/submissions/entities-rules.jsonl", "--resamples", "0"]):
        done = subprocess.run([sys.executable, "-m", "newsprep.eval", *args], capture_output=True, env=env, cwd=REPO,
                              timeout=300)
        assert b"Traceback" not in done.stderr, done.stderr.decode("ascii", "replace")
        assert done.returncode in (0, 1) and done.stdout.isascii(), args


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="looks for leftover processes through /proc")
def test_process_cases_pass_from_a_parent_that_ignores_sigint(tmp_path):
    """``nohup make test &``: a suite started with SIGINT ignored (as a shell starts a background job) passes its
    cases that send SIGINT, and leaves no process and no large file behind. Those cases start their commands with
    SIGINT at its default action; were it inherited, the command would ignore Ctrl-C and run on for ever."""
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "base"),
               "tests/test_cli_process.py::test_interrupt_during_synth_leaves_no_temporary_folder",
               "tests/test_cli_process.py::test_interrupt_stops_every_worker_and_leaves_no_temporary_file",
               "tests/test_bad_input.py::test_bad_input[interrupted_synth_traceback]",
               "tests/test_bad_input.py::test_bad_input[sigint_ignored_kept]"]
    with started(command, interrupt=signal.SIG_IGN, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                 cwd=REPO, env=env) as proc:
        out, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, out[-3000:]
    time.sleep(1)
    assert naming(str(tmp_path)) == [], "a process of the suite outlived it"
    size = sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < 100 << 20, f"{size} bytes left in the temporary folder"


def test_a_passing_run_leaves_no_temporary_corpus_behind():
    """Regression: a passing `make test` left some 600 MB of temporary corpora in pytest's retained folders;
    only a failing test's folder is kept."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")  # tomllib is not in Python 3.10
    section = text[text.index("[tool.pytest.ini_options]"):].split("\n[", 1)[0]
    assert 'tmp_path_retention_policy = "failed"' in section.splitlines()
