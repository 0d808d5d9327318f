"""A command's output file is refused before any work when it would land on an input or in a dataset folder."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from newsprep.eval.data import dataset as data
from tests.conftest import REPO, run_cli

SUBMISSION = REPO / "results" / "submissions" / "entities-rules.jsonl"


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("args", [
    ("score", str(SUBMISSION), "-o", str(data.dataset_dir() / "data" / "entities.jsonl")),
    ("score", str(SUBMISSION), "-o", str(data.dataset_dir() / "new-report.txt")),
    ("compare", str(SUBMISSION), str(SUBMISSION), "-o", str(data.dataset_dir() / "manifest.json")),
    ("report", str(SUBMISSION), "--html", str(data.dataset_dir() / "README.md")),
    ("report", str(SUBMISSION), "--html", str(SUBMISSION)),
    ("merge", str(SUBMISSION), "-o", str(SUBMISSION)),
])
def test_targets_in_the_embedded_dataset_or_on_an_input_are_refused(args):
    before, input_before = digests(data.dataset_dir()), SUBMISSION.read_bytes()
    run = run_cli(*args)
    assert run.code == 2 and run.out == "", run
    assert ("inside the dataset folder" in run.err or "is the input" in run.err) and "Traceback" not in run.err
    assert digests(data.dataset_dir()) == before and SUBMISSION.read_bytes() == input_before
    assert not (data.dataset_dir() / "new-report.txt").exists()


def test_a_target_inside_the_gold_folder_is_refused(tmp_path):
    gold = tmp_path / "gold"
    shutil.copytree(data.dataset_dir(), gold)
    before = digests(gold)
    link = tmp_path / "report.txt"
    link.symlink_to(gold / "data" / "entities.jsonl")  # through a symbolic link too
    for target in (gold / "data" / "entities.jsonl", link):
        run = run_cli("score", str(SUBMISSION), "--gold", str(gold), "-o", str(target))
        assert run.code == 2 and "inside the dataset folder" in run.err, run
    assert digests(gold) == before


@pytest.mark.parametrize("args", [
    ("export", "--format", "conll", "--force", "--out", str(data.dataset_dir())),
    ("export", "--format", "conll", "--force", "--out", str(data.dataset_dir() / "data")),
    ("export", "--format", "brat", "--force", "--out", str(data.dataset_dir().parent)),
    ("synth", "--docs", "2", "--out", str(data.dataset_dir() / "synth")),
    ("report", str(SUBMISSION), "--plots", str(data.dataset_dir() / "figs")),
    ("baselines", "run", "--out", str(data.dataset_dir())),
])
def test_output_folders_in_or_around_the_embedded_dataset_are_refused(args):
    before = digests(data.dataset_dir())
    run = run_cli(*args)
    assert run.code == 2 and "dataset folder" in run.err and "Traceback" not in run.err, run
    assert digests(data.dataset_dir()) == before
    assert not (data.dataset_dir() / "synth").exists() and not (data.dataset_dir() / "figs").exists()


def test_export_force_over_its_own_root_is_refused(tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(data.dataset_dir(), root)
    before = digests(root)
    run = run_cli("export", "--format", "conll", "--root", str(root), "--force", "--out", str(root))
    assert run.code == 2 and "dataset folder" in run.err
    assert digests(root) == before


# --- every write command against every target -------------------------------------------------------

FILE_COMMANDS = {  # command line with the output last; {gold} is the dataset copy the command reads
    "score -o": ("score", "{sub}", "--gold", "{gold}", "-o"),
    "compare -o": ("compare", "{sub}", "{sub}", "--gold", "{gold}", "-o"),
    "merge -o": ("merge", "{sub}", "--gold", "{gold}", "-o"),
    "report --html": ("report", "{sub}", "--html"),
}
FOLDER_COMMANDS = {
    "export --force --out": ("export", "--format", "conll", "--root", "{gold}", "--force", "--out"),
    "synth --out": ("synth", "--docs", "2", "--out"),
    "report --plots": ("report", "{sub}", "--plots"),
    "baselines run --out": ("baselines", "run", "--task", "entities", "--out"),
}
FILE_TARGETS = {  # name -> (path relative to the work folder, or absolute; what the message says)
    "the input": ("sub.jsonl", "is the input"),
    "a link to the input": ("link-to-sub.jsonl", "is the input"),
    "a gold data file": ("gold/data/entities.jsonl", "inside the dataset folder"),
    "a new file in the gold folder": ("gold/report.txt", "inside the dataset folder"),
    "a new file in gold/data": ("gold/data/report.txt", "inside the dataset folder"),
    "a link to a gold file": ("link-to-gold-file", "inside the dataset folder"),
    "a file of another dataset folder": ("other/data/entities.jsonl", "inside the dataset folder"),
    "an embedded data file": (str(data.dataset_dir() / "data" / "entities.jsonl"), "inside the dataset folder"),
    "the gold folder": ("gold", "a folder"),
    "a device": ("/dev/null", "not a regular file"),
    "a named pipe": ("fifo", "not a regular file"),
}
FOLDER_TARGETS = {
    "the gold folder": ("gold", "dataset folder"),
    "gold/data": ("gold/data", "dataset folder"),
    "a link to the gold folder": ("link-to-gold", "dataset folder"),
    "a folder inside gold": ("gold/new", "dataset folder"),
    "another dataset folder": ("other", "dataset folder"),
    "the embedded dataset": (str(data.dataset_dir()), "dataset folder"),
    "the folder holding the embedded dataset": (str(data.dataset_dir().parent), "dataset folder"),
    "the input file": ("sub.jsonl", "not a folder"),
    "a device": ("/dev/null", "not a folder"),
    "below a file": ("sub.jsonl/new", "is not a folder"),
}


def workspace(tmp_path: Path) -> Path:
    """A gold copy, another dataset copy, a submission, links to both and a named pipe."""
    import os

    shutil.copytree(data.dataset_dir(), tmp_path / "gold", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(data.dataset_dir(), tmp_path / "other", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(SUBMISSION, tmp_path / "sub.jsonl")
    (tmp_path / "link-to-sub.jsonl").symlink_to(tmp_path / "sub.jsonl")
    (tmp_path / "link-to-gold-file").symlink_to(tmp_path / "gold" / "data" / "entities.jsonl")
    (tmp_path / "link-to-gold").symlink_to(tmp_path / "gold")
    os.mkfifo(tmp_path / "fifo")
    return tmp_path


def test_every_write_command_against_every_target_changes_no_data_or_input(tmp_path):
    """Each write command with each bad target exits 2 with a message naming the rule, before any work, and
    afterwards every file of the gold folder, another dataset folder, the embedded dataset and the input holds
    the bytes it held before (by sha256), with no file added."""
    work = workspace(tmp_path)
    watched = [work / "gold", work / "other", data.dataset_dir()]
    before = [digests(folder) for folder in watched] + [SUBMISSION.read_bytes()]
    sub_before = (work / "sub.jsonl").read_bytes()
    cases = [(c, t, FILE_TARGETS[t]) for c in FILE_COMMANDS for t in FILE_TARGETS]
    cases += [(c, t, FOLDER_TARGETS[t]) for c in FOLDER_COMMANDS for t in FOLDER_TARGETS]
    failures = []
    for command, target, (path, says) in cases:
        words = {**FILE_COMMANDS, **FOLDER_COMMANDS}[command]
        args = [w.format(sub=work / "sub.jsonl", gold=work / "gold") for w in words]
        run = run_cli(*args, path if path.startswith("/") else str(work / path))
        if run.code != 2 or says not in run.err or run.out or "Traceback" in run.err:
            failures.append(f"{command} → {target}: exit {run.code}, {run.err.strip()[:200]!r}")
    assert not failures, "\n".join(failures)
    assert [digests(folder) for folder in watched] + [SUBMISSION.read_bytes()] == before
    assert (work / "sub.jsonl").read_bytes() == sub_before
    assert not (work / "gold" / "new").exists() and not (work / "gold" / "report.txt").exists()


def test_export_force_replaces_an_earlier_export_only(tmp_path):
    out = tmp_path / "export"
    assert run_cli("export", "--format", "conll", "--out", str(out)).code == 0
    again = run_cli("export", "--format", "brat", "--force", "--out", str(out))
    assert again.code == 0, again.err
    assert (out / "VERSION").read_text().endswith("format brat\n")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("keep me\n")
    refused = run_cli("export", "--format", "conll", "--force", "--out", str(tmp_path / "notes"))
    assert refused.code == 2 and "not a NewsPrep export" in refused.err
    assert (tmp_path / "notes" / "todo.txt").read_text() == "keep me\n"
