"""docs/statistics.md and docs/boundaries.md are current: made again from the data here, they equal the
committed pages (regenerate with ``python docs/make_pages.py``); both are linked where a reader needs them, and
``newsprep compare`` points to the statistics page in one line that says when its units allow no p-value below
0.05."""
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


@pytest.mark.parametrize("name", [pytest.param("statistics.md", marks=pytest.mark.slow), "boundaries.md"])  # simulations
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


NO_DIFFERENCE_BELOW_005 = "With this few units no difference can reach p < 0.05"


def test_compare_points_to_the_statistics_page_in_one_line_and_says_when_no_p_can_reach_005(tmp_path):
    """Five documents: every swap of the 2^5 enumerated, p min = 2/32 = 0.0625 > 0.05, and the note says so
    however large the difference; 15 pairs of documents allow p < 0.05, and the note does not say it."""
    gold = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]
    nothing = [{**r, "mentions": []} for r in gold]
    five = run_cli("compare", write(tmp_path / "a.jsonl", nothing), write(tmp_path / "b.jsonl", gold))
    assert five.code == 0
    notes = [line for line in five.out.splitlines() if "docs/statistics.md" in line]
    assert len(notes) == 1 and notes[0].endswith("See docs/statistics.md")
    assert NO_DIFFERENCE_BELOW_005 in notes[0] and "2 / 2^n" in notes[0]
    rows = [line.split() for line in five.out.splitlines() if line.startswith("entities ")]
    assert len(rows) == 3 and all(row[-3:] == ["0.0625", "0.0625", "0.1875"] for row in rows)  # p, p min, p Holm
    assert "test:perm-exact|ci:jackknife-t|unit:docs" in five.out

    pairs = [{"task": "duplicates", "a": r["a"], "b": r["b"], "label": r["label"], "score": r["score"] / 5}
             for r in npe.records("duplicate_pairs") if r["label"] != "related"]
    fifteen = run_cli("compare", write(tmp_path / "c.jsonl", pairs[::2]), write(tmp_path / "d.jsonl", pairs))
    assert fifteen.code == 0
    notes = [line for line in fifteen.out.splitlines() if "docs/statistics.md" in line]
    assert len(notes) == 1 and notes[0].endswith("See docs/statistics.md")
    assert NO_DIFFERENCE_BELOW_005 not in fifteen.out and "unit:doc-pairs" in fifteen.out
    same_content = next(line.split() for line in fifteen.out.splitlines() if line.startswith("duplicates  same_content"))
    assert float(same_content[-3]) < 0.05 and same_content[-2] == f"{2 / 2 ** 15:.4f}"


def test_the_bootstrap_false_alarm_rates_quoted_for_teaching_are_the_statistics_pages():
    """The tutorial, the paired-bootstrap exercise and docs/exercises.md quote the calibration table's
    percentile-bootstrap column (p < 0.05 for systems that do not differ, over the five documents): the range
    over the headline metrics of boilerplate and entities, and the exercise the row of strict micro F1."""
    from newsprep.course.exercises import task

    page = (REPO / "docs" / "statistics.md").read_text(encoding="utf-8")
    table = page[page.index("| percentile bootstrap, p < 0.05 |"):].split("\n\n")[0]
    rows = {tuple(cell.strip() for cell in line.split("|")[1:4]): line.split("|")[-2].strip()
            for line in table.splitlines() if line.startswith(("| boilerplate |", "| entities |"))}
    assert rows and all(unit == "docs (5)" for _, _, unit in rows)
    rates = [int(rate.rstrip("%")) for column in rows.values() for rate in column.split(" / ")]
    quoted = f"{min(rates)}% to {max(rates)}% of runs"
    strict = rows[("entities", "all strict micro", "docs (5)")]
    flat = lambda text: " ".join(text.split())  # noqa: E731
    exercise = flat(task("paired-bootstrap"))
    assert quoted in exercise and f"{strict} of runs for strict micro F1 of entities" in exercise
    assert quoted in flat((REPO / "docs" / "exercises.md").read_text(encoding="utf-8"))
    assert quoted.replace(" of runs", " of runs over the five documents") in flat(
        (REPO / "docs" / "tutorial.md").read_text(encoding="utf-8"))
