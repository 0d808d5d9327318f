"""``newsprep report`` from the command line: HTML page, plots, usage and bad input."""
import sys

import pytest

from tests.conftest import REPO, run_cli
from tests.png import read_png
from tests.submissions import gold_boilerplate_records, header, write

SUBMISSIONS = REPO / "results" / "submissions"


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("newsprep ")]


def test_html_and_plots_written(tmp_path):
    pytest.importorskip("matplotlib")
    page, plots = tmp_path / "out" / "page.html", tmp_path / "plots"
    (tmp_path / "out").mkdir()
    out = run_cli("report", str(SUBMISSIONS / "entities-spacy-sm.jsonl"), "--html", str(page), "--plots", str(plots),
                  "--resamples", "20", "--seed", "7")
    assert out.code == 0, out.err
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "NewsPrep report: spacy-sm" in text
    assert "|ci:jackknife-t|" in text and "seed:7" in text  # --resamples and --seed reach the signatures
    assert read_png(plots / "entity_type_f1.png")["width"] > 0
    assert f"wrote {page}" in out.out
    assert [p.name for p in tmp_path.rglob("*.tmp")] == []


def test_neither_html_nor_plots_is_a_usage_error(tmp_path):
    out = run_cli("report", str(SUBMISSIONS / "entities-spacy-sm.jsonl"))
    assert out.code == 2 and "give --html FILE, --plots DIR or both" in out.err


def test_bad_submission_gives_the_errors_of_score_and_writes_nothing(tmp_path):
    path = write(tmp_path / "bad.jsonl", [header(dataset_version="0.0.9")] + gold_boilerplate_records()[:3])
    page, plots = tmp_path / "page.html", tmp_path / "plots"
    out = run_cli("report", str(path), "--html", str(page), "--plots", str(plots))
    scored = run_cli("score", str(path))
    assert out.code == 1 and scored.code == 1
    assert problem_lines(out.err) == problem_lines(scored.err) != []
    assert "every-document" in out.err and "Traceback" not in out.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]


def test_missing_matplotlib_exits_1_with_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    page, plots = tmp_path / "page.html", tmp_path / "plots"
    out = run_cli("report", str(SUBMISSIONS / "boilerplate-floor.jsonl"), "--html", str(page), "--plots", str(plots))
    assert out.code == 1
    assert "pip install 'newsprep[plots]'" in out.err and "Traceback" not in out.err
    assert not page.exists() and not plots.exists()


def test_unwritable_html_target_is_an_error_not_a_traceback(tmp_path):
    out = run_cli("report", str(SUBMISSIONS / "boilerplate-floor.jsonl"), "--html", str(tmp_path / "no" / "x.html"),
                  "--resamples", "10")
    assert out.code == 2 and "its folder does not exist" in out.err and "Traceback" not in out.err


def test_task_and_gold_reach_the_scores_and_the_page(tmp_path):
    """``report --task`` scores and draws only that task; ``--gold`` names the dataset folder, as for score."""
    from newsprep.eval.data.dataset import dataset_dir

    both = write(tmp_path / "both.jsonl", [header(system="both")] + gold_boilerplate_records()
                 + [{"task": "entities", "doc": f"d00{i}", "mentions": []} for i in range(5)])
    page = tmp_path / "page.html"
    out = run_cli("report", both, "--html", page, "--task", "entities", "--gold", dataset_dir(), "--resamples", "10")
    assert out.code == 0, out.err
    text = page.read_text(encoding="utf-8")
    assert "task:entities" in text and "task:boilerplate" not in text
    assert "Entities (hover a mark" in text and "Boilerplate, per character" not in text
    absent = run_cli("report", str(SUBMISSIONS / "entities-rules.jsonl"), "--html", page, "--task", "boilerplate")
    assert absent.code == 1 and "requested but not in the submission" in absent.err


def test_gold_other_than_the_embedded_dataset_is_refused_before_any_work(data_copy, tmp_path):
    """The page and the plots draw the embedded dataset's articles, so another gold folder would mix two datasets."""
    page = tmp_path / "page.html"
    out = run_cli("report", str(SUBMISSIONS / "entities-rules.jsonl"), "--html", page, "--gold", data_copy)
    assert out.code == 2 and "the page and the plots show the articles of the embedded dataset only" in out.err
    assert not page.exists()
