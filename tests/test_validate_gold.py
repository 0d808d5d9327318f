"""A gold folder is validated before anything is scored against it, once per content."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsprep.eval import InvalidInput, score
from newsprep.eval.data import dataset as data
from newsprep.eval.validate import gold
from tests.conftest import edit_jsonl
from tests.submissions import gold_boilerplate_records, header


def moved(field: str, by: int):
    """An edit of an entities record: its first mention's ``field`` moved by ``by`` characters."""
    def edit(record: dict) -> dict:
        record["mentions"][0][field] += by
        return record
    return edit


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A fresh cache and a fresh process memory, so that each test sees validation happen."""
    monkeypatch.setenv("NEWSPREP_CACHE", str(tmp_path / "cache"))
    gold.forget()
    yield tmp_path / "cache"
    gold.forget()


@pytest.fixture
def copy(tmp_path) -> Path:
    root = tmp_path / "gold"
    shutil.copytree(data.dataset_dir(), root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.fixture
def calls(monkeypatch) -> list[Path]:
    """Every full validation run, by folder."""
    from newsprep.eval.validate import dataset as validator

    seen: list[Path] = []
    real = validator.validate_data

    def counting(root=None, **options):
        seen.append(Path(root))
        return real(root, **options)
    monkeypatch.setattr(validator, "validate_data", counting)
    return seen


def test_a_folder_is_validated_once_per_content(cache, copy, calls):
    gold.require_valid(copy)
    gold.require_valid(copy)  # remembered in this process
    gold.forget()
    gold.require_valid(copy)  # remembered on disk, as by another process
    assert calls == [copy]
    assert len(list((cache / "validated").iterdir())) == 1
    (copy / "README.md").write_text((copy / "README.md").read_text() + "\n")  # any byte of any file counts
    gold.require_valid(copy)
    assert calls == [copy, copy]


def test_a_broken_gold_folder_scores_nothing_and_names_its_files(cache, copy):
    edit_jsonl(copy, "data/entities.jsonl", 1, moved("start", 1))
    records = [header()] + gold_boilerplate_records()
    with pytest.raises(InvalidInput) as err:
        score(records, gold=copy, resamples=0)
    assert f"{copy}/data/entities.jsonl:1: mentions[0].text: surface-text" in [str(p).split(" (")[0] for p in err.value.problems]
    assert not (cache / "validated").exists() or not any((cache / "validated").iterdir())


def test_a_folder_that_breaks_after_it_validated_is_refused(cache, copy):
    records = [header()] + gold_boilerplate_records()
    assert score(records, gold=copy, resamples=0).get("boilerplate", "chars").value == 1.0
    (copy / "raw" / "000_b2ba44ecd8d97109.txt").write_text("changed\n")
    with pytest.raises(InvalidInput) as err:
        score(records, gold=copy, resamples=0)
    assert "raw-checksum" in {p.rule for p in err.value.problems}


def test_an_unwritable_cache_only_costs_a_validation(tmp_path, monkeypatch, copy, calls):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("NEWSPREP_CACHE", str(tmp_path / "file"))
    gold.forget()
    gold.require_valid(copy)
    gold.forget()
    gold.require_valid(copy)
    assert calls == [copy, copy]
    gold.forget()


def test_fingerprint_names_a_pipe_without_opening_it(cache, copy):
    os.mkfifo(copy / "annotation" / "pipe")
    first = gold.fingerprint(copy)  # returns: a pipe is named by its kind, never read
    (copy / "annotation" / "pipe").unlink()
    assert gold.fingerprint(copy) != first


def test_the_rules_are_part_of_the_fingerprint(cache, copy, monkeypatch):
    before = gold.fingerprint(copy)
    monkeypatch.setattr(gold, "_RULES", ["other rules"])
    assert gold.fingerprint(copy) != before


def test_validate_fresh_always_runs_and_records(cache, copy, calls):
    assert gold.validate_fresh(copy) == []
    assert gold.validate_fresh(copy) == []
    assert calls == [copy, copy]
    gold.forget()
    gold.require_valid(copy)
    assert calls == [copy, copy]  # the record validate-data left is used


def test_a_scoring_only_synthetic_corpus_validates_and_a_broken_one_is_refused(cache, tmp_path):
    from newsprep.eval.synth.write import write_corpus
    from newsprep.eval.validate.dataset import validate_data

    root = tmp_path / "synth"
    write_corpus(root, docs=40, seed=5, scoring_only=True, validate=False)
    assert not (root / "data" / "segments.jsonl").exists()
    assert validate_data(root) == []
    edit_jsonl(root, "data/entities.jsonl", 2, moved("end", 1), remanifest=False)
    problems = validate_data(root)
    assert problems and {p.rule for p in problems} >= {"surface-text"}


def test_a_link_retargeted_to_identical_content_validates_again(cache, copy, calls):
    """Where a link points is part of the fingerprint: the same bytes elsewhere are validated again."""
    shutil.move(copy / "data", copy.parent / "v1")
    shutil.copytree(copy.parent / "v1", copy.parent / "v2")
    (copy / "data").symlink_to(copy.parent / "v1")
    gold.require_valid(copy)
    (copy / "data").unlink()
    (copy / "data").symlink_to(copy.parent / "v2")
    gold.require_valid(copy)
    assert calls == [copy, copy]


def test_a_record_counts_only_for_the_content_it_holds(cache, copy, calls):
    assert gold.validate_fresh(copy) == []
    record = next((cache / "validated").iterdir())
    assert gold.digest_of(record.read_text()) == record.name == gold.fingerprint(copy)
    record.write_text("")  # an empty file named by the fingerprint proves nothing
    gold.forget()
    gold.require_valid(copy)
    assert calls == [copy, copy]


def test_the_cache_is_never_inside_a_dataset_folder(tmp_path, monkeypatch, copy, calls):
    for inside in (copy, copy / "cache", data.dataset_dir() / "cache"):
        monkeypatch.setenv("NEWSPREP_CACHE", str(inside))
        assert gold.usable_cache(copy) is None
    monkeypatch.setenv("NEWSPREP_CACHE", str(copy / "cache"))
    gold.forget()
    gold.require_valid(copy)
    assert not (copy / "cache").exists()
    gold.forget()
