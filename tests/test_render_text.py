"""Text renderings of a report: terminal table, strict JSON and Markdown."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsprep.eval as npe
from newsprep.eval.cli import main
from newsprep.eval.metrics.tally import Tally
from newsprep.eval.render.text import as_json, as_markdown, as_table
from newsprep.eval.scoring.score import Scorer

RESULTS = Path(__file__).resolve().parent.parent / "results" / "submissions"


def refuse(constant: str) -> float:
    raise ValueError(f"{constant} is not JSON")


def entities_report(resamples: int) -> npe.Report:
    records = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"][::2]} for r in npe.records("entities")]
    return npe.score(records, resamples=resamples)


@pytest.mark.parametrize("path", sorted(RESULTS.glob("*.jsonl")), ids=lambda p: p.stem)
def test_json_of_every_baseline_parses_strictly(path, capsys):
    assert main(["score", str(path), "--format", "json", "--resamples", "20"]) == 0
    parsed = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert parsed["rows"] and all(isinstance(r["value"], (int, float)) for r in parsed["rows"])


def test_no_interval_column_without_resamples():
    report = entities_report(0)
    table, markdown = as_table(report), as_markdown(report)
    assert "95% CI" not in table and "95% CI" not in markdown and "no intervals" in markdown
    assert all(row["low"] is None and row["high"] is None for row in json.loads(as_json(report))["rows"])
    with_intervals = entities_report(20)
    assert "95% CI" in as_table(with_intervals) and "95% CI" in as_markdown(with_intervals)


def test_support_counts_beside_precision_recall_f1():
    report = entities_report(0)
    gold = sum(len(r["mentions"]) for r in npe.records("entities"))
    assert report.get("entities", "strict", "support").value == gold
    assert report.get("entities", "strict", "predicted").value == sum((len(r["mentions"]) + 1) // 2
                                                                      for r in npe.records("entities"))
    line = next(x for x in as_table(report).splitlines() if "strict " in x and "support" in x)
    assert line.split()[-1] == str(gold)  # a count prints as an integer, not 598.000


def test_an_undefined_interval_is_null_not_nan():
    """Regression: an interval with no defined resample was NaN, which strict JSON parsers refuse."""
    tally = Tally(("chars",))
    tally.add("d000", {"chars": (1, 1, 2, 2)})
    tally.add("d001", {"chars": (0, 0, 1, 0)})
    scorer = Scorer(resamples=50, seed=1, data="0.4.2")
    scorer.add_sum(tally, lambda v: float(v[0]), task="boilerplate", view="all", metric="chars", average="micro",
                   name="f1", defined=lambda v: False)
    (row,) = scorer.finish()
    assert row.low is None and row.high is None
    report = npe.Report("x", "-", "0.4.2", [row])
    assert json.loads(as_json(report), parse_constant=refuse)["rows"][0]["low"] is None


def test_the_table_prints_the_measured_coverage_of_a_short_interval():
    from newsprep.eval.scoring import coverage
    from newsprep.eval.scoring.report import Report, Row

    short = next(key for key, value in coverage.COVERAGE.items() if value < coverage.SHORT)
    fine = next(key for key, value in coverage.COVERAGE.items() if value >= coverage.SHORT)
    rows = [Row(*short, "f1", 0.5, 0.4, 0.6, "a"), Row(*fine, "f1", 0.5, 0.4, 0.6, "b")]
    for render in (as_table, as_markdown):
        text = render(Report("s", "-", coverage.MEASURED_ON, rows))
        assert text.count("(coverage ") == 1 and f"(coverage {coverage.COVERAGE[short]:.2f})" in text
        assert "(coverage " not in render(Report("s", "-", "0.0.1+synthetic", rows))
