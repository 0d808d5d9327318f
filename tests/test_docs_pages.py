"""docs/statistics.md and docs/boundaries.md are current: made again from the data here, they equal the
committed pages (regenerate with ``python docs/make_pages.py``); both are linked where a reader needs them, and
``newsprep compare`` points to the statistics page when a p-value is at the floor."""
from __future__ import annotations

import importlib.util
import json

import pytest

import newsprep.eval as npe
from tests.conftest import REPO, run_cli

PAGES = ("statistics.md", "boundaries.md")


def make_pages():
    spec = importlib.util.spec_from_file_location("make_pages", REPO / "docs" / "make_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_current(name):
    fresh = make_pages().PAGES[name]()
    assert fresh == (REPO / "docs" / name).read_text(encoding="utf-8"), f"docs/{name} is stale: run python docs/make_pages.py"


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_linked_from_the_tutorial_and_the_readme(name):
    assert f"]({name})" in (REPO / "docs" / "tutorial.md").read_text(encoding="utf-8")
    assert f"](docs/{name})" in (REPO / "README.md").read_text(encoding="utf-8")


def write(path, records):
    head = {"task": "header", "dataset_version": npe.data_version(), "system": path.stem}
    path.write_text("".join(json.dumps(r) + "\n" for r in [head, *records]), encoding="utf-8")
    return path


def test_compare_points_to_the_statistics_page_in_one_line_at_the_floor(tmp_path):
    gold = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]
    nothing = [{**r, "mentions": []} for r in gold]
    half = [{**r, "mentions": r["mentions"][::2]} for r in gold]
    at_floor = run_cli("compare", write(tmp_path / "a.jsonl", nothing), write(tmp_path / "b.jsonl", gold), "--resamples", "200")
    assert at_floor.code == 0
    notes = [line for line in at_floor.out.splitlines() if "docs/statistics.md" in line]
    assert len(notes) == 1 and notes[0].startswith("Note: p = 0.0100 is the floor 2 / (resamples + 1)")
    mixed_a, mixed_b = half[:3] + gold[3:], gold[:3] + half[3:]  # B gains in three documents, loses in two
    above = run_cli("compare", write(tmp_path / "c.jsonl", mixed_a), write(tmp_path / "d.jsonl", mixed_b))
    assert above.code == 0 and "docs/statistics.md" not in above.out
