"""Streaming scoring (``newsprep.eval.scoring.stream``): the same report as reading the whole file, in one
process, and nothing scored from an invalid file. Several processes and clusters: test_scoring_partitioned.py."""
import json
import random

import pytest

from newsprep.eval.data import dataset as data
from newsprep.eval.errors import InvalidInput
from newsprep.eval.scoring.score import score_submission as score
from newsprep.eval.scoring.stream import score_file
from newsprep.eval.submission.read import index_submission, read_submission
from newsprep.eval.submission.write import write_submission
from newsprep.eval.synth.write import write_corpus
from tests.conftest import REPO, run_cli
from tests.submissions import imperfect_predictions

SUBMISSIONS = sorted((REPO / "results" / "submissions").glob("*.jsonl"))


def as_json(report) -> str:
    return json.dumps(report.to_dict(), sort_keys=True)  # NaN (an interval never defined) compares as text


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic corpus and an imperfect submission for it."""
    tmp = tmp_path_factory.mktemp("stream")
    root = tmp / "corpus"
    write_corpus(root, docs=30, seed=5, pairs=False, validate=False)
    path = write_submission(tmp / "sys.jsonl", system="imperfect", root=root, **imperfect_predictions(root))
    return root, path


@pytest.mark.parametrize("path", SUBMISSIONS, ids=[p.stem for p in SUBMISSIONS])
def test_streaming_equals_in_memory_on_the_committed_submissions(path):
    assert as_json(score_file(path, resamples=100)) == as_json(score(read_submission(path), resamples=100))


def test_streaming_equals_in_memory_on_a_synthetic_corpus(synthetic):
    root, path = synthetic
    streamed = score_file(path, root=root, resamples=100)
    loaded = score(read_submission(path, root=root), resamples=100, root=root)
    assert as_json(streamed) == as_json(loaded)
    rows = {(r.task, r.view, r.metric, r.average, r.statistic): r.value for r in streamed.rows}
    assert 0.5 < rows[("entities", "all", "strict", "micro", "f1")] < 1.0  # the spoiled system is imperfect
    assert streamed.data_version.endswith("+synthetic-n30-s5")
    assert all("+synthetic-n30-s5|" in r.signature for r in streamed.rows)


def test_record_order_does_not_matter(synthetic, tmp_path):
    """Shuffled records (tasks interleaved, documents in any order) give the same report."""
    root, path = synthetic
    lines = path.read_text(encoding="utf-8").splitlines()
    body = lines[1:]
    random.Random(1).shuffle(body)
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_text("\n".join([lines[0]] + body) + "\n", encoding="utf-8")
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
    import newsprep.eval.scoring.stream as stream

    monkeypatch.setattr(stream, "count_documents", lambda *a, **k: pytest.fail("counted an invalid file"))
    with pytest.raises(InvalidInput) as err:
        stream.score_file(bad, root=root)
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


def shuffled_copy(path, out, seed=1):
    lines = path.read_text(encoding="utf-8").splitlines()
    body = lines[1:]
    random.Random(seed).shuffle(body)
    out.write_text("\n".join([lines[0]] + body) + "\n", encoding="utf-8")
    return out


def test_a_shuffled_file_is_sorted_by_document_then_read_in_one_pass(synthetic, tmp_path, monkeypatch):
    """Bounded memory for any order: no offset per record is kept; runs of the sort spilled to disk and merged
    give the same report."""
    import newsprep.eval.io.sort as sort
    import newsprep.eval.scoring.stream as stream

    root, path = synthetic
    shuffled = shuffled_copy(path, tmp_path / "shuffled.jsonl")
    monkeypatch.setattr(sort, "RUN_BYTES", 2000)  # many runs
    monkeypatch.setattr(stream, "count_documents", lambda *a, **k: pytest.fail("read by offsets"))
    calls = []
    real = stream.sort_lines
    monkeypatch.setattr(stream, "sort_lines", lambda *a, **k: (calls.append(k), real(*a, **k, run_bytes=2000))[1])
    report = score_file(shuffled, root=root, resamples=30)
    assert len(calls) == 1 and report.path == str(shuffled)
    assert as_json(report).replace(str(shuffled), "P") == as_json(score_file(path, root=root, resamples=30)).replace(str(path), "P")


def test_a_shuffled_file_with_a_problem_is_named_by_its_own_lines(synthetic, tmp_path):
    """The sorted copy fails a rule: the file itself is read again, so the lines are the file's."""
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


def test_an_unordered_file_is_indexed_by_offsets(synthetic, tmp_path):
    root, path = synthetic
    lines = path.read_text(encoding="utf-8").splitlines()
    swapped = tmp_path / "swapped.jsonl"
    swapped.write_text("\n".join([lines[0], lines[2], lines[1]] + lines[3:]) + "\n", encoding="utf-8")
    index = index_submission(swapped, root=root)
    assert index.ordered == () and len(index.offsets["entities"]) == 30


def test_one_pass_counts_equal_the_second_pass(synthetic, monkeypatch):
    """An ordered file is counted while it is validated; the counts equal those of the separate counting pass,
    with tasks in blocks or interleaved, all tasks or one."""
    from newsprep.eval.scoring import stream

    root, path = synthetic
    lines = path.read_text(encoding="utf-8").splitlines()
    by_doc = sorted(lines[1:], key=lambda l: (json.loads(l)["doc"], json.loads(l)["task"]))
    interleaved = path.with_name("interleaved.jsonl")
    interleaved.write_text("\n".join([lines[0]] + by_doc) + "\n", encoding="utf-8")
    seen = []
    real = stream.OnePass.add
    monkeypatch.setattr(stream.OnePass, "add", lambda self, *a: (seen.append(a[0]), real(self, *a))[1])
    for file in (path, interleaved):
        for tasks in (None, ("entities",)):
            seen.clear()
            one = score_file(file, root=root, resamples=40, tasks=tasks)
            assert seen, "the one-pass path was taken"
            index = index_submission(file, root=root)
            wanted = list(tasks or ("boilerplate", "entities"))
            two = stream.report_from_counts(stream.count_documents(index, wanted, root=root, keep_rows=True), system=index.system,
                                            path=index.path, root=root, resamples=40, seed=stream.SEED, label_set=index.label_set)
            assert as_json(one) == as_json(two)


def test_one_pass_scores_nothing_when_a_problem_comes_late(synthetic, tmp_path):
    root, path = synthetic
    lines = path.read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    last["mentions"] = [{"start": 0, "end": 10**6, "type": "PERSON"}]
    broken = tmp_path / "late.jsonl"
    broken.write_text("\n".join(lines[:-1] + [json.dumps(last)]) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        score_file(broken, root=root, resamples=0)
    assert {p.rule for p in err.value.problems} == {"offset-in-range"}


def test_each_gold_record_is_read_once_when_the_tasks_come_interleaved(synthetic, monkeypatch):
    """One cursor per gold file while the tasks move together; one per task when they come one after the other."""
    from newsprep.eval.data.goldfile import Layer

    root, path = synthetic
    lines = path.read_text(encoding="utf-8").splitlines()
    by_doc = sorted(lines[1:], key=lambda l: (json.loads(l)["doc"], json.loads(l)["task"]))
    interleaved = path.with_name("interleaved-once.jsonl")
    interleaved.write_text("\n".join([lines[0]] + by_doc) + "\n", encoding="utf-8")
    parsed: list[str] = []
    real = Layer.next_record
    monkeypatch.setattr(Layer, "next_record", lambda self: (parsed.append(self.path.name), real(self))[1])
    # the texts the reader checks the records against: once, or once per task block (a pass from the start after
    # one call finds the end of the file)
    for file, times, texts in ((interleaved, 1, 30), (path, 2, 61)):
        parsed.clear()
        score_file(file, root=root, resamples=0)
        assert parsed.count("boilerplate.jsonl") == 30 * times and parsed.count("entities.jsonl") == 30
        assert parsed.count("documents.jsonl") == texts
