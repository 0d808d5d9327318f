"""Scoring (``newsprep.eval.scoring.score``): the statistics of resampled sums computed for all resamples at once
equal them computed row by row, bit for bit; a file scored through the engine gives the report of its records held
in memory, in any order, and nothing is scored from an invalid file. Partitions and clusters:
test_submission_engine.py."""
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprep.eval.data import dataset as data
from newsprep.eval.errors import InvalidInput
from newsprep.eval.metrics.prf import prf_vector
from newsprep.eval.scoring.score import macro_f1_columns, prf_columns, prf_statistic, score_file, score_submission
from newsprep.eval.submission.read import read_submission
from tests.conftest import REPO, run_cli
from tests.submissions import imperfect_corpus, shuffled_copy

SUBMISSIONS = sorted((REPO / "results" / "submissions").glob("*.jsonl"))


@st.composite
def count_matrices(draw):
    """Resampled sums of ``types`` count columns (half-integers, as partial matches give), many zeros."""
    rows, types = draw(st.integers(1, 40)), draw(st.integers(1, 18))
    cells = draw(st.lists(st.integers(0, 12), min_size=rows * types * 4, max_size=rows * types * 4))
    m = np.array(cells, dtype=np.float64).reshape(rows, types * 4) / 2
    m[:, 2::4] = np.maximum(m[:, 2::4], m[:, 0::4])  # matched never exceeds predicted or gold
    m[:, 3::4] = np.maximum(m[:, 3::4], m[:, 1::4])
    zero = draw(st.lists(st.booleans(), min_size=rows * types, max_size=rows * types))
    m.reshape(rows, types, 4)[np.array(zero).reshape(rows, types)] = 0  # types absent from a resample
    return m, types


@settings(max_examples=300, deadline=None)
@given(count_matrices())
def test_columnwise_prf_equals_row_by_row(matrix):
    m, types = matrix
    for column in range(0, 4 * types, 4):
        for name in ("precision", "recall", "f1"):
            rowwise = [prf_statistic(v, column=column, name=name) for v in m if v[column + 3]]
            assert prf_columns(m, column=column, name=name).tolist() == rowwise


@settings(max_examples=300, deadline=None)
@given(count_matrices())
def test_columnwise_macro_f1_equals_row_by_row(matrix):
    m, types = matrix
    columns = list(range(0, 4 * types, 4))

    def macro(v):  # the row-by-row statistic of Scorer.add_macro
        sums = [v[c:c + 4] for c in columns if v[c + 2] or v[c + 3]]
        return float(np.mean([prf_vector(s).f1 for s in sums])) if sums else 0.0
    assert macro_f1_columns(m, columns=columns).tolist() == [macro(v) for v in m]


# --------------------------------------------------------------------------- score_file: the engine's counts, scored

def as_json(report) -> str:
    return json.dumps(report.to_dict(), sort_keys=True)  # NaN (an interval never defined) compares as text


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic corpus and an imperfect submission for it."""
    return imperfect_corpus(tmp_path_factory.mktemp("score-file"), docs=30, seed=5)


@pytest.mark.parametrize("path", SUBMISSIONS, ids=[p.stem for p in SUBMISSIONS])
def test_a_file_scores_as_its_records_in_memory_on_the_committed_submissions(path):
    assert as_json(score_file(path, resamples=100)) == as_json(score_submission(read_submission(path), resamples=100))


def test_a_file_scores_as_its_records_in_memory_on_a_synthetic_corpus(synthetic):
    root, path = synthetic
    streamed = score_file(path, root=root, resamples=100)
    loaded = score_submission(read_submission(path, root=root), resamples=100, root=root)
    assert as_json(streamed) == as_json(loaded)
    rows = {(r.task, r.view, r.metric, r.average, r.statistic): r.value for r in streamed.rows}
    assert 0.5 < rows[("entities", "all", "strict", "micro", "f1")] < 1.0  # the spoiled system is imperfect
    assert streamed.data_version.endswith("+synthetic-n30-s5")
    assert all("+synthetic-n30-s5|" in r.signature for r in streamed.rows)


def test_record_order_does_not_matter(synthetic, tmp_path):
    """Shuffled records (tasks interleaved, documents in any order) give the same report."""
    root, path = synthetic
    shuffled = shuffled_copy(path, tmp_path / "shuffled.jsonl")
    a, b = score_file(shuffled, root=root, resamples=30), score_file(path, root=root, resamples=30)
    a.path = b.path
    assert as_json(a) == as_json(b)


def test_without_resamples_the_values_are_the_same(synthetic):
    root, path = synthetic
    full = {(r.view, r.metric, r.average, r.statistic): r.value for r in score_file(path, root=root, resamples=40).rows}
    bare = score_file(path, root=root, resamples=0).rows
    assert all(r.low == r.value == r.high or r.low is None for r in bare)
    assert {(r.view, r.metric, r.average, r.statistic): r.value for r in bare} == full


def test_invalid_file_is_refused_before_any_counting(synthetic, tmp_path, monkeypatch):
    root, path = synthetic
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[-1])
    record["mentions"][0]["end"] = 10 ** 6  # past the end of the text
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines[:-1] + [json.dumps(record)]) + "\n", encoding="utf-8")
    import newsprep.eval.scoring.score as scoring

    monkeypatch.setattr(scoring, "report_from_counts", lambda *a, **k: pytest.fail("scored an invalid file"))
    with pytest.raises(InvalidInput) as err:
        scoring.score_file(bad, root=root)
    assert "offset-in-range" in [p.rule for p in err.value.problems]


def test_cli_scores_a_synthetic_corpus_in_two_processes(synthetic):
    root, path = synthetic
    out = run_cli("score", path, "--gold", root, "--num-proc", "2", "--resamples", "20", "--format", "json")
    assert out.code == 0, out.err
    report = json.loads(out.out)
    assert report["data_version"] == f"{data.data_version()}+synthetic-n30-s5"
    plain = run_cli("score", path, "--gold", root, "--resamples", "20", "--format", "json")
    assert plain.code == 0 and json.loads(plain.out)["rows"] == report["rows"]
    wrong = run_cli("score", path)  # against the released data, which lacks these documents
    assert wrong.code == 1 and "known-document" in wrong.err and wrong.out == ""


def test_a_shuffled_file_with_a_problem_is_named_by_its_own_lines(synthetic, tmp_path):
    """Problems are named by the file's own lines, in any order of records."""
    root, path = synthetic
    shuffled = shuffled_copy(path, tmp_path / "shuffled.jsonl")
    lines = shuffled.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if '"entities"' in line)
    lines.insert(len(lines) - 3, lines[at])  # the same document's record twice, far apart
    shuffled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        score_file(shuffled, root=root, resamples=0)
    (problem,) = err.value.problems
    assert (problem.file, problem.line, problem.rule) == (str(shuffled), len(lines) - 3, "duplicate-record")
    assert f"already given on line {at + 1}" in problem.detail


def test_nothing_is_scored_when_a_problem_comes_late(synthetic, tmp_path):
    root, path = synthetic
    lines = path.read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    last["mentions"] = [{"start": 0, "end": 10**6, "type": "PERSON"}]
    broken = tmp_path / "late.jsonl"
    broken.write_text("\n".join(lines[:-1] + [json.dumps(last)]) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        score_file(broken, root=root, resamples=0)
    assert {p.rule for p in err.value.problems} == {"offset-in-range"}


@pytest.mark.parametrize("gold", ["json", "columns"])
def test_each_gold_record_is_read_once(gold, synthetic, monkeypatch, tmp_path):
    """In one partition, the texts and each gold file are read once, however the tasks' records come; from the
    column cache (``validate.columns``), the gold JSON is not read at all."""
    from newsprep.eval.data.goldfile import Layer
    from newsprep.eval.validate.gold import forget

    root, path = synthetic
    if gold == "json":  # a cache that cannot be used: no columns
        (tmp_path / "file").write_text("")
        monkeypatch.setenv("NEWSPREP_CACHE", str(tmp_path / "file"))
        forget()
    lines = path.read_text(encoding="utf-8").splitlines()
    by_doc = sorted(lines[1:], key=lambda l: (json.loads(l)["doc"], json.loads(l)["task"]))
    interleaved = path.with_name("interleaved-once.jsonl")
    interleaved.write_text("\n".join([lines[0]] + by_doc) + "\n", encoding="utf-8")
    parsed: list[str] = []
    real = Layer.next_record
    monkeypatch.setattr(Layer, "next_record", lambda self: (parsed.append(self.path.name), real(self))[1])
    once = 30 if gold == "json" else 0
    for file in (interleaved, path):
        parsed.clear()
        score_file(file, root=root, resamples=0)
        assert parsed.count("boilerplate.jsonl") == parsed.count("entities.jsonl") == once
        assert parsed.count("documents.jsonl") == once
    forget()
