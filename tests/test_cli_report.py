"""``newsprep report`` from the command line: HTML page, plots, usage and bad input."""
import json
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


def test_gold_other_than_the_embedded_dataset_draws_that_dataset(tmp_path):
    """``report --gold`` scores against another dataset folder and draws its articles, not the embedded ones."""
    from newsprep.eval.submission.write import write_submission
    from newsprep.eval.synth.write import write_corpus
    from tests.submissions import imperfect_predictions

    root = tmp_path / "corpus"
    write_corpus(root, docs=3, seed=2, pairs=False, validate=True)
    sub = write_submission(tmp_path / "sys.jsonl", system="synthetic", root=root, **imperfect_predictions(root))
    page = tmp_path / "page.html"
    out = run_cli("report", sub, "--html", page, "--gold", root, "--resamples", "10")
    assert out.code == 0, out.err
    text = page.read_text(encoding="utf-8")
    ids = sorted(json.loads(line)["id"] for line in (root / "data" / "documents.jsonl").read_text(encoding="utf-8").splitlines())
    assert all(f'id="doc-{d}"' in text for d in ids) and 'id="doc-d000"' not in text
    assert "+synthetic-n3-s2" in text  # the scores' signatures name the data the page shows


@pytest.mark.parametrize("name", ["entities-spacy-sm.jsonl", "duplicates-tfidf-lodo.jsonl", "boilerplate-trafilatura.jsonl"])
def test_plots_alone_stream_a_submission_past_the_size_a_page_holds(tmp_path, monkeypatch, name):
    """--plots alone needs counts, not the records: the engine streams a file of any size (a million documents'
    submission is over a gigabyte) and the figures are those of the page's path; --html holds every record, so it
    keeps the size limit."""
    pytest.importorskip("matplotlib")
    held, streamed = tmp_path / "held", tmp_path / "streamed"
    out = run_cli("report", str(SUBMISSIONS / name), "--html", str(tmp_path / "page.html"), "--plots", str(held),
                  "--resamples", "20")
    assert out.code == 0, out.err
    from newsprep.eval.submission.read import read_submission

    monkeypatch.setitem(read_submission.__kwdefaults__, "max_bytes", 1000)  # every committed submission is larger
    out = run_cli("report", str(SUBMISSIONS / name), "--plots", str(streamed), "--resamples", "20")
    assert out.code == 0, out.err
    assert sorted(p.name for p in streamed.iterdir()) == sorted(p.name for p in held.iterdir()) != []
    for png in held.iterdir():
        assert read_png(streamed / png.name) == read_png(png)
    refused = run_cli("report", str(SUBMISSIONS / name), "--html", str(tmp_path / "big.html"))
    assert refused.code == 1 and "file-size" in refused.err and not (tmp_path / "big.html").exists()
