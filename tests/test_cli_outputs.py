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
