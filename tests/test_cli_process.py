"""The ``newsprep`` command as a separate process: where the process itself is the point.

Everything else about the CLI runs in process (``tests.conftest.run_cli``). Here: the installed
console script and ``python -m newsprep.eval`` start, the exit status a shell sees, and a reader
that goes away (``newsprep ... | head``) ends the command quietly, without a traceback.
"""
import subprocess
import sys
from pathlib import Path

import pytest

from newsprep.eval import __version__, data_version
from tests.conftest import REPO
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
    assert proc.wait(timeout=300) == 1  # output that could not be written
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err, err
