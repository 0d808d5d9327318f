"""The scoring entry points (``newsprep.eval.scoring.api``): ``score``, ``score_file`` and ``compare``.

``tests/test_public_api.py`` scores a notebook's predictions end to end; here each option of each
entry point is checked on its own.
"""
import json

import pytest

import newsprep.eval as npe
from newsprep.eval.scoring import api
from newsprep.eval.synth.write import write_corpus
from tests.submissions import gold_boilerplate_records, header, imperfect_predictions, write

GOLD_ENTITIES = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]


def test_the_package_exports_these_functions():
    """The package's functions are these, with their arguments' types checked first (errors.checked_arguments)."""
    assert tuple(f.__wrapped__ for f in (npe.score, npe.score_file, npe.compare)) == (api.score, api.score_file, api.compare)


def test_score_the_gold_gives_one_and_a_jackknife_interval_of_one():
    report = npe.score(GOLD_ENTITIES, resamples=30, seed=4)
    assert report.system == "unnamed" and report.path == "<records>" and report.data_version == npe.data_version()
    strict = report.get("entities", "strict")
    assert (strict.value, strict.low, strict.high) == (1.0, 1.0, 1.0)
    assert strict.signature.endswith("|ci:jackknife-t|unit:docs|seed:4")


def test_score_takes_a_header_and_any_iterable():
    records = (r for r in [header(system="mine")] + GOLD_ENTITIES)  # a generator, read once
    report = npe.score(records, resamples=0)
    assert report.system == "mine"
    assert all(r.low is None and r.high is None for r in report.rows)  # resamples=0: values only


def test_score_tasks_limits_and_refuses_a_task_not_given():
    both = gold_boilerplate_records() + GOLD_ENTITIES
    assert {r.task for r in npe.score(both, tasks=["boilerplate"], resamples=0).rows} == {"boilerplate"}
    assert {r.task for r in npe.score(both, resamples=0).rows} == {"boilerplate", "entities"}
    with pytest.raises(npe.NewsPrepError, match="task duplicates requested but not in the submission"):
        npe.score(both, tasks=["duplicates"], resamples=0)


def test_score_refuses_invalid_records_naming_each():
    with pytest.raises(npe.InvalidInput) as err:
        npe.score(GOLD_ENTITIES[:4] + [{"task": "entities", "doc": "d009", "mentions": []}])
    shown = [str(p) for p in err.value.problems]
    assert "record 5: doc: known-document ('d009' is not a document id)" in shown
    assert any(s.startswith("records: doc: every-document") for s in shown)


def test_score_file_equals_score_and_takes_options(tmp_path):
    path = write(tmp_path / "s.jsonl", [header(system="file")] + gold_boilerplate_records() + GOLD_ENTITIES)
    from_file = npe.score_file(path, resamples=20, seed=9)
    in_memory = npe.score([header(system="file")] + gold_boilerplate_records() + GOLD_ENTITIES, resamples=20, seed=9)
    assert from_file.rows == in_memory.rows and from_file.confusion == in_memory.confusion
    assert from_file.system == "file" and from_file.path == str(path)
    only = npe.score_file(str(path), tasks=("entities",), resamples=0)  # a str path works too
    assert {r.task for r in only.rows} == {"entities"}


def test_score_file_refuses_an_invalid_file(tmp_path):
    path = write(tmp_path / "bad.jsonl", [header(dataset_version="0.0.9")] + gold_boilerplate_records())
    with pytest.raises(npe.InvalidInput, match=r"bad\.jsonl:1: dataset_version: dataset-version"):
        npe.score_file(path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A synthetic dataset folder and an imperfect submission for it."""
    tmp = tmp_path_factory.mktemp("api")
    root = tmp / "corpus"
    write_corpus(root, docs=12, seed=3, pairs=False, validate=False)
    path = npe.write_submission(tmp / "sys.jsonl", system="imperfect", root=root, **imperfect_predictions(root))
    return root, path


def test_gold_names_another_dataset_folder(corpus):
    root, path = corpus
    report = npe.score_file(path, gold=root, resamples=0)
    assert report.data_version == f"{npe.data_version()}+synthetic-n12-s3"
    assert 0 < report.get("entities", "strict").value < 1
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert npe.score(records, gold=str(root), resamples=0).rows == report.rows
    with pytest.raises(npe.InvalidInput, match="known-document"):
        npe.score_file(path)  # the embedded data has none of these documents


@pytest.mark.slow  # a local Dask cluster of three processes
def test_num_proc_gives_the_result_of_one_process(corpus):
    root, path = corpus
    one = npe.score_file(path, gold=root, resamples=20, seed=1)
    assert npe.score_file(path, gold=root, resamples=20, seed=1, num_proc=3).to_dict() == one.to_dict()


@pytest.mark.parametrize("gold", ["", "nowhere"])
def test_gold_that_is_no_dataset_folder_is_refused(gold, tmp_path):
    with pytest.raises(npe.NewsPrepError, match="is not a dataset folder"):
        npe.score_file(tmp_path / "x.jsonl", gold=gold)
    with pytest.raises(npe.NewsPrepError, match="is not a dataset folder"):
        npe.compare(GOLD_ENTITIES, GOLD_ENTITIES, gold=tmp_path)


def test_compare_against_another_dataset_folder(corpus):
    root, path = corpus
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = npe.compare(path, records, gold=root, resamples=20)
    assert [(c.task, c.metric, c.average) for c in rows] == [
        ("boilerplate", "chars", "macro-docs"), ("boilerplate", "chars", "micro"), ("boilerplate", "content_tokens", "micro"),
        ("entities", "strict", "micro"), ("entities", "partial", "micro"), ("entities", "strict", "macro-docs")]
    assert all(c.delta == 0 and "+synthetic-n12-s3|" in c.signature for c in rows)


@pytest.mark.parametrize("call", [
    lambda r: npe.score(r, resamples=-1), lambda r: npe.score(r, resamples=1.5), lambda r: npe.score(r, resamples=None),
    lambda r: npe.score(r, seed=-1), lambda r: npe.score(r, seed="x"), lambda r: npe.score(r, tasks="entities"),
    lambda r: npe.compare(r, r, resamples=0), lambda r: npe.score_file("x.jsonl", num_proc=0),
    lambda r: npe.score_file(r), lambda r: npe.merge_submissions("a.jsonl"),
], ids=["resamples-negative", "resamples-float", "resamples-none", "seed-negative", "seed-str", "tasks-str",
        "compare-resamples-0", "num-proc-0", "score-file-of-records", "merge-one-path"])
def test_bad_options_are_usage_errors_not_tracebacks(call):
    """Regression: the library took options the command line refuses and failed deep inside NumPy."""
    records = [{"task": "entities", "doc": d, "mentions": []} for d in sorted(npe.documents())]
    with pytest.raises(npe.UsageError):
        call(records)


@pytest.mark.parametrize("given", [None, 5, 2.0])
def test_a_non_iterable_is_not_records(given):
    with pytest.raises(npe.InvalidInput, match="records"):
        npe.score(given)


def test_a_submission_object_is_pointed_to_its_scorer():
    sub = npe.read_submission([{"task": "entities", "doc": d, "mentions": []} for d in sorted(npe.documents())])
    with pytest.raises(npe.InvalidInput, match="score_submission"):
        npe.score(sub)


def test_a_corpus_without_pair_layer_is_refused_before_the_pair_universe_is_built(tmp_path, monkeypatch):
    """Regression: every pair of a large corpus's segments was built (out of memory) before the missing layer
    was noticed."""
    from newsprep.eval.metrics import duplicates as dup

    root = tmp_path / "corpus"
    write_corpus(root, docs=3, seed=1, pairs=False)
    monkeypatch.setattr(dup, "universe", lambda segments: pytest.fail("the universe was built"))
    seg = next(s["id"] for s in npe.records("segments", root) if not s["boilerplate"])
    other = [s["id"] for s in npe.records("segments", root) if not s["boilerplate"]][1]
    with pytest.raises(npe.NewsPrepError, match="duplicate_pairs"):
        npe.score([{"task": "duplicates", "a": seg, "b": other, "label": "paraphrase"}], gold=root)
