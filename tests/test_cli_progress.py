"""Progress bars of the long commands (``synth``, ``export``, ``import``, ``baselines run``) and of ``npe.load``: a bar on
standard error where NewsPrep shows bars (a terminal, or ``NEWSPREP_PROGRESS=1``), nothing at all elsewhere,
and the same files and standard output either way."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import datasets
import pytest

from newsprep.baselines import common
from newsprep.baselines import run as baselines_run
from newsprep.eval.data import dataset as data
from newsprep.eval.errors import InvalidInput
from newsprep.eval.export import export
from newsprep.eval.io.progress import ENV
from newsprep.eval.synth.write import write_corpus
from tests.conftest import bars_off_while_loading, on_a_terminal, run_cli


@pytest.fixture
def quiet(monkeypatch):
    """Bars as a user gets them by default: on a terminal only (the captured standard error is none)."""
    monkeypatch.delenv(ENV, raising=False)


def show_every_update(monkeypatch) -> None:
    """Bars shown although standard error is captured (``NEWSPREP_PROGRESS=1``), each update drawn.

    A bar redraws at most twice a second; a command that takes less would clear its bar before drawing its
    last count, so here every update is drawn and the captured text shows the count reaching the total."""
    import tqdm

    class EveryUpdate(tqdm.tqdm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "mininterval": 0, "miniters": 1})

    monkeypatch.setenv(ENV, "1")
    monkeypatch.setattr(tqdm, "tqdm", EveryUpdate)


@pytest.fixture
def bars(monkeypatch):
    show_every_update(monkeypatch)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_bar(err: str, desc: str, total: int, unit: str = "docs") -> None:
    """``err`` holds a bar named ``desc`` counting ``unit`` that reaches ``total``, and ends cleared."""
    assert f"{desc}: " in err and f" {unit}/s]" in err, err
    assert f"| {total}/{total} [" in err, err
    assert err.endswith("\r"), err  # cleared: what the command prints next starts on a clean line


# --------------------------------------------------------------------------- synth

SYNTH = ("synth", "--docs", "30", "--seed", "3", "--paragraphs", "1", "3")


def test_synth_prints_nothing_on_standard_error_that_is_not_a_terminal(tmp_path, quiet):
    made = run_cli(*SYNTH, "--out", tmp_path / "c")
    assert made.code == 0 and made.err == ""


def test_synth_bar_counts_documents_to_the_total_and_the_files_do_not_change(tmp_path, monkeypatch, quiet):
    plain = run_cli(*SYNTH, "--out", tmp_path / "plain")
    import tqdm

    parts = []
    real = tqdm.tqdm

    class Counting(real):
        def update(self, n=1):
            parts.append(n)
            return super().update(n)

    monkeypatch.setattr(tqdm, "tqdm", Counting)
    monkeypatch.setenv(ENV, "1")
    with monkeypatch.context() as m:
        m.setattr("newsprep.eval.synth.write.DOCS_PER_PART", 8)
        shown = run_cli(*SYNTH, "--out", tmp_path / "shown")
    assert shown.code == 0 and plain.code == 0
    assert parts == [7, 8, 7, 8]  # one update a part of documents written, never one a line or a document
    assert "writing: " in shown.err and plain.err == ""
    assert shown.out.replace("shown", "plain") == plain.out
    assert files(tmp_path / "shown") == files(tmp_path / "plain")


def test_synth_bar_reaches_the_total(tmp_path, bars):
    shown = run_cli(*SYNTH, "--out", tmp_path / "c")
    assert shown.code == 0, shown.err
    assert_bar(shown.err, "writing", 30)


def test_synth_into_a_pipe_prints_nothing_and_on_a_terminal_draws_its_bar(tmp_path):
    """As a process of its own: standard error a pipe, then a terminal (whose width tqdm reads)."""
    env = {k: v for k, v in os.environ.items() if k != ENV}
    command = [sys.executable, "-m", "newsprep.eval", *SYNTH]
    piped = subprocess.run([*command, "--out", str(tmp_path / "piped")], capture_output=True, text=True, env=env,
                           timeout=300)
    assert piped.returncode == 0 and piped.stderr == ""
    shown, drawn = on_a_terminal([*command, "--out", str(tmp_path / "shown")], env=env)
    assert shown.returncode == 0
    assert b"writing:" in drawn and b"/30 [" in drawn and b" docs/s]" in drawn, drawn
    assert shown.stdout.replace("shown", "piped") == piped.stdout
    assert files(tmp_path / "shown") == files(tmp_path / "piped")


# --------------------------------------------------------------------------- import

def test_import_bar_learns_the_total_from_the_first_reading_and_reaches_it(tmp_path, bars):
    """The import reads the export twice; after the first reading its bar knows how many documents there are, so it
    shows the time left as the others do."""
    assert run_cli("export", "--format", "doccano", "--out", tmp_path / "export").code == 0
    shown = run_cli("import", "--format", "doccano", tmp_path / "export" / "newsprep.jsonl", "--out", tmp_path / "corpus")
    assert shown.code == 0, shown.err
    assert_bar(shown.err, "importing", len(list(data.records("documents"))))


def test_import_prints_nothing_on_standard_error_that_is_not_a_terminal(tmp_path, quiet):
    assert run_cli("export", "--format", "doccano", "--out", tmp_path / "export").code == 0
    done = run_cli("import", "--format", "doccano", tmp_path / "export" / "newsprep.jsonl", "--out", tmp_path / "corpus")
    assert done.code == 0 and done.err == ""


# --------------------------------------------------------------------------- export

@pytest.mark.parametrize("fmt", ["conll", "brat", "docbin"])
def test_export_prints_nothing_on_standard_error_that_is_not_a_terminal(tmp_path, quiet, fmt):
    out = run_cli("export", "--format", fmt, "--out", tmp_path / fmt)
    assert out.code == 0 and out.err == ""


@pytest.mark.parametrize("fmt", ["conll", "brat", "docbin"])
def test_export_bar_counts_documents_to_the_total_and_the_files_do_not_change(tmp_path, monkeypatch, quiet, fmt):
    plain = run_cli("export", "--format", fmt, "--out", tmp_path / "plain")
    with monkeypatch.context() as m:
        show_every_update(m)
        shown = run_cli("export", "--format", fmt, "--out", tmp_path / "shown")
    assert plain.code == 0 and shown.code == 0, shown.err
    assert_bar(shown.err, "exporting", len(data.records("documents")))
    assert shown.out.replace("shown", "plain") == plain.out
    assert files(tmp_path / "shown") == files(tmp_path / "plain")


def test_export_of_a_folder_whose_manifest_cannot_count_has_a_bar_without_total(data_copy, tmp_path, bars):
    """The total comes from the manifest; where it cannot say, the bar counts without one and the export is
    the same as ever."""
    manifest = json.loads((data_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["data/documents.jsonl"]["records"] = "five"
    (data_copy / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    assert data.listed_records("documents", data_copy) is None
    out = run_cli("export", "--format", "conll", "--root", data_copy, "--out", tmp_path / "c")
    assert out.code == 1 and not (tmp_path / "c").exists()  # the validator refuses the manifest, as before
    assert "exporting: 0 docs [" in out.err and "nothing was written" in out.err and "Traceback" not in out.err


def test_a_progress_without_update_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(InvalidInput, match=r"write_corpus\(progress\): type \(expected None or an object with update"):
        write_corpus(tmp_path / "c", docs=3, seed=1, validate=False, progress=object())
    with pytest.raises(InvalidInput, match=r"export\(progress\): type"):
        export("conll", tmp_path / "e", progress=3)
    assert not list(tmp_path.iterdir())


# --------------------------------------------------------------------------- baselines run

FAST = [("boilerplate", "floor"), ("entities", "floor"), ("duplicates", "exact-normalised")]


def baseline(task: str, name: str) -> baselines_run.Baseline:
    return next(b for b in baselines_run.BASELINES if (b.task, b.name) == (task, name))


class Counted:
    def __init__(self):
        self.parts: list[int] = []

    def update(self, n=1):
        self.parts.append(n)


def test_baselines_run_all_tells_progress_of_each_system_run(tmp_path, monkeypatch):
    systems = [baseline(*key) for key in FAST]
    missing = baselines_run.Baseline("boilerplate", "missing", lambda: {}, {}, common.DEFAULT,
                                     ("no_such_module_here",), "none")
    monkeypatch.setattr(baselines_run, "BASELINES", [*systems, missing])
    counted = Counted()
    board = baselines_run.run_all(tmp_path / "told", resamples=10, seed=1, progress=counted)
    assert counted.parts == [1, 1, 1]  # the systems run; the skipped one is not counted
    assert [s["system"] for s in board["skipped"]] == ["missing"]
    assert len([b for b in baselines_run.selected() if baselines_run.available(b)]) == 3
    assert [b.name for b in baselines_run.selected({"entities"})] == ["floor"]
    baselines_run.run_all(tmp_path / "untold", resamples=10, seed=1)
    told, untold = files(tmp_path / "told"), files(tmp_path / "untold")
    assert told.pop("runtimes.json") and untold.pop("runtimes.json")
    assert told == untold


def test_baselines_run_prints_nothing_on_standard_error_that_is_not_a_terminal(tmp_path, monkeypatch, quiet):
    monkeypatch.setattr(baselines_run, "BASELINES", [baseline(*key) for key in FAST])
    out = run_cli("baselines", "run", "--out", tmp_path / "r", "--resamples", "10")
    assert out.code == 0 and out.err == "" and "| exact-normalised |" in out.out


# --------------------------------------------------------------------------- datasets' own bars in npe.load

@pytest.mark.parametrize("setting, terminal, off_while_loading", [("0", True, True), ("1", False, False),
                                                                   ("", False, True), ("", True, False)])
def test_npe_load_follows_newsprep_progress_for_the_bars_of_datasets(data_copy, monkeypatch, setting, terminal,
                                                                      off_while_loading):
    """One switch: ``NEWSPREP_PROGRESS`` turns ``datasets``' bars off (0) or leaves them on (1) whatever standard
    error is; unset, a terminal decides. The setting is as it was afterwards."""
    monkeypatch.setenv(ENV, setting)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_DISABLE_PROGRESS_BARS", None)

    class Stream:
        def isatty(self):
            return terminal

        def write(self, text):
            return len(text)

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stderr", Stream())
    assert bars_off_while_loading(monkeypatch, data_copy) == [off_while_loading] and not datasets.utils.are_progress_bars_disabled()
