"""The benchmark scripts run end to end at a tiny size (a check that they work, not a timing); each is a child
process of a few seconds, marked slow."""
import json
import subprocess
import sys

import pytest

from tests.conftest import REPO


def bench(name, tmp_path, *args, header="| documents |"):
    out = tmp_path / f"{name}.json"
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / f"{name}.py"), *args, "--out", str(out)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert header in run.stdout
    return json.loads(out.read_text())


@pytest.mark.slow
def test_bench_scoring(tmp_path):
    result = bench("bench_scoring", tmp_path, "--sizes", "20", "--num-proc", "1", "2", "--workdir", str(tmp_path / "work"))
    runs = result["sizes"][0]["runs"]
    assert [(r["order"], r["num_proc"], r["resamples"]) for r in runs] == [
        ("document", 1, 0), ("document", 2, 0), ("document", 2, 1000), ("shuffled", 1, 0)]
    assert len({r["strict_f1"] for r in runs}) == 1 and 0 < runs[0]["strict_f1"] < 1
    assert result["machine"]["cores"] >= 1 and "/" not in result["machine"]["cpu"]


@pytest.mark.slow
def test_bench_cost(tmp_path):
    result = bench("bench_cost", tmp_path, "--docs", "30", "--pair-docs", "12", "--runs", "1", header="| process |")
    assert {"newsprep score", "orjson parse", "seqeval f1_score", "seqeval classification_report", "nervaluate",
            "newsprep score (duplicates)", "newsprep score, gold read as JSON"} <= set(result["medians"])
    assert result["ratios"]["json_gold_over_columns"] > 0 and result["first_score_cpu_s"] > 0  # both gold readers ran
    assert 0 < result["strict_micro"]["f1"] < 1  # the peers agreed with this figure, or the script stopped
    assert {t["name"] for t in result["targets"]} == {
        "score_over_orjson_parse", "duplicates_score_over_orjson_parse", "seqeval_f1_over_newsprep_entities",
        "seqeval_report_over_newsprep_entities", "nervaluate_over_newsprep_entities", "bootstrap_added", "import_cpu_s"}
    assert all(isinstance(t["met"], bool) for t in result["targets"])


@pytest.mark.slow
def test_bench_phases(tmp_path):
    result = bench("bench_phases", tmp_path, "--docs", "30", "--runs", "1", header="| phase |")
    m = result["medians"]
    assert m["validation and counting"] >= m["validation alone"] > 0 and m["counting"] >= 0
    assert set(m) >= {"start-up and imports", "orjson parse of submission and gold", "report"}


@pytest.mark.slow
def test_bench_minhash(tmp_path):
    pytest.importorskip("datasketch")
    result = bench("bench_minhash", tmp_path, "--sizes", "20")
    size = result["sizes"][0]
    assert size["kept"] + size["flagged"] == size["segments"] and size["recall"] > 0.9


@pytest.mark.slow
def test_bench_cluster(tmp_path):
    pytest.importorskip("distributed")
    result = bench("bench_cluster", tmp_path, "--docs", "20", "--runs", "1", header="| setting |")
    assert [s["workers"] for s in result["settings"]] == [0, 1, 2]
    assert all(s["seconds"] > 0 and s["driver_peak_mb"] > 0 for s in result["settings"])
    assert result["settings"][0]["workers_cpu_s"] == 0 < result["settings"][2]["workers_cpu_s"]


@pytest.mark.slow
def test_bench_validate(tmp_path):
    result = bench("bench_validate", tmp_path, "--sizes", "20", "--runs", "1")
    size = result["sizes"][0]
    assert size["docs"] == 20 and size["cpu_s"] > 0 and size["peak_mb"] > 0 and size["orjson_parse_cpu_s"] > 0
    assert {t["name"] for t in result["targets"]} == {"cpu_over_parse", "peak_growth"}


@pytest.mark.slow
def test_bench_million(tmp_path):
    result = bench("bench_million", tmp_path, "--docs", "20", header="| step |")
    assert [s["step"] for s in result["steps"]] == [
        "synth", "validate-data", "score, document order, making the gold columns", "score, document order",
        "score, shuffled", "score, document order, --num-proc 2",
        "score, shuffled, --num-proc 2", "report --plots"]
    assert all(s["seconds"] > 0 and s["peak_mb"] > 0 and "WORK" in s["command"] for s in result["steps"])


@pytest.mark.slow
def test_bench_import(tmp_path):
    result = bench("bench_import", tmp_path, "--sizes", "20", "--runs", "1")
    size = result["sizes"][0]
    assert size["docs"] == 20 and size["wall_s"] > 0 and size["cpu_s"] > 0 and size["peak_mb"] > 0
    assert size["mentions"] > 0 and size["review"] >= 0 and "entity_table" in size["omitted"]
    assert result["complete"] and [t["name"] for t in result["targets"]] == ["peak_growth"]


def test_performance_doc_is_generated_from_the_committed_results():
    """docs/performance.md holds exactly what performance_doc.py makes of benchmarks/results/*.json."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import performance_doc
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    assert (REPO / "docs" / "performance.md").read_text(encoding="utf-8") == performance_doc.render(), \
        "docs/performance.md is stale: run python benchmarks/performance_doc.py"


def test_committed_results_cover_the_sizes_the_issue_asks_for():
    names = ("scoring", "scoring-0.4.2", "cost", "minhash", "cluster", "phases")
    results = {name: json.loads((REPO / "benchmarks" / "results" / f"{name}.json").read_text()) for name in names}
    assert [s["docs"] for s in results["scoring"]["sizes"]] == [10_000, 100_000]
    assert results["scoring"]["machine"]["newsprep"] != "0.4.2"  # measured again since the counting changed
    assert max(s["docs"] for s in results["scoring-0.4.2"]["sizes"]) == 1_000_000  # the earlier run the page quotes
    for size in results["scoring"]["sizes"]:
        values = {r["strict_f1"] for r in size["runs"]}
        assert len(values) == 1  # every --num-proc, --resamples and record order scored the same
        assert {r["order"] for r in size["runs"]} == {"document", "shuffled"}
    assert all("/" not in r["machine"]["cpu"] for r in results.values())  # no paths in the machine description
    assert results["cost"]["docs"] == 10_000 and results["cost"]["runs"] >= 5
    assert results["phases"]["docs"] == results["cost"]["docs"] and results["phases"]["runs"] >= 5
    assert [s["workers"] for s in results["cluster"]["settings"]] == [0, 1, 2] and results["cluster"]["docs"] >= 10_000
