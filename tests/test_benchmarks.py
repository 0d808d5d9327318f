"""The benchmark scripts run end to end at a tiny size (a check that they work, not a timing)."""
import json
import subprocess
import sys

import pytest

from tests.conftest import REPO


def bench(name, tmp_path, *args):
    out = tmp_path / f"{name}.json"
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / f"{name}.py"), *args, "--out", str(out)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "| documents |" in run.stdout
    return json.loads(out.read_text())


def test_bench_scoring(tmp_path):
    result = bench("bench_scoring", tmp_path, "--sizes", "20", "--num-proc", "1", "2", "--workdir", str(tmp_path / "work"))
    runs = result["sizes"][0]["runs"]
    assert [(r["num_proc"], r["resamples"]) for r in runs] == [(1, 0), (2, 0), (2, 1000)]
    assert len({r["strict_f1"] for r in runs}) == 1 and 0 < runs[0]["strict_f1"] < 1
    assert result["machine"]["cores"] >= 1 and "/" not in result["machine"]["cpu"]


def test_bench_entities(tmp_path):
    result = bench("bench_entities", tmp_path, "--sizes", "20")
    assert set(result["sizes"][0]["seconds"]) == {"newsprep", "newsprep strict only", "seqeval micro", "seqeval report", "nervaluate"}


def test_bench_minhash(tmp_path):
    pytest.importorskip("datasketch")
    result = bench("bench_minhash", tmp_path, "--sizes", "20")
    size = result["sizes"][0]
    assert size["kept"] + size["flagged"] == size["segments"] and size["recall"] > 0.9
