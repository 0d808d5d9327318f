"""Writing submission files (``newsprep.eval.submission.write``): the format, sorted, whole or not at all."""
import json

import pytest

import newsprep.eval as npe
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.submission.read import read_submission
from newsprep.eval.submission.write import write_submission
from newsprep.eval.types import Mention, PairPrediction, Span

TEXTS = {d["id"]: d["text"] for d in npe.records("documents")}
GOLD_MENTIONS = {r["doc"]: [Mention(m["start"], m["end"], m["type"], m.get("entity_id")) for m in r["mentions"]]
                 for r in npe.records("entities")}
GOLD_SPANS = {r["doc"]: [Span(s["start"], s["end"], s["category"]) for s in r["spans"]] for r in npe.records("boilerplate")}


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_header_then_records_with_surfaces_filled_in(tmp_path):
    path = write_submission(tmp_path / "s.jsonl", system="demo", settings={"k": 1},
                            entities={"d000": [Mention(0, 5, "PERSON", "vladimir_putin")]})
    assert path == tmp_path / "s.jsonl"
    head, record = lines(path)
    assert head == {"task": "header", "dataset_version": npe.data_version(), "system": "demo", "settings": {"k": 1}}
    assert record == {"task": "entities", "doc": "d000", "mentions": [
        {"start": 0, "end": 5, "text": TEXTS["d000"][0:5], "type": "PERSON", "entity_id": "vladimir_putin"}]}


def test_documents_spans_and_pairs_are_sorted_and_optional_keys_left_out(tmp_path):
    path = write_submission(
        tmp_path / "s.jsonl", system="demo",
        boilerplate={"d001": [Span(10, 12), Span(0, 3, "byline")], "d000": []},
        entities={"d000": [Mention(6, 13, "GPE"), Mention(0, 5, "PERSON")]},
        duplicates=[PairPrediction("d001-s003", "d002-s004", "different"),
                    PairPrediction("d000-s004", "d001-s003", "paraphrase", 0.123456789)])
    rows = lines(path)
    assert rows[0]["settings"] == {}
    assert [(r["task"], r.get("doc") or r["a"]) for r in rows[1:]] == [
        ("boilerplate", "d000"), ("boilerplate", "d001"), ("entities", "d000"), ("duplicates", "d000-s004"),
        ("duplicates", "d001-s003")]
    assert rows[2]["spans"] == [{"start": 0, "end": 3, "text": TEXTS["d001"][0:3], "category": "byline"},
                                {"start": 10, "end": 12, "text": TEXTS["d001"][10:12]}]  # no category when unlabelled
    assert [m["start"] for m in rows[3]["mentions"]] == [0, 6] and "entity_id" not in rows[3]["mentions"][0]
    assert rows[4] == {"task": "duplicates", "a": "d000-s004", "b": "d001-s003", "label": "paraphrase", "score": 0.123457}
    assert "score" not in rows[5]


def test_gold_written_reads_back_as_the_gold(tmp_path):
    path = write_submission(tmp_path / "gold.jsonl", system="gold", boilerplate=GOLD_SPANS, entities=GOLD_MENTIONS)
    sub = read_submission(path)
    assert sub.system == "gold" and sub.tasks == ("boilerplate", "entities")
    assert {d: list(m) for d, m in sub.entities.items()} == {d: sorted(m) for d, m in GOLD_MENTIONS.items()}
    assert npe.score_file(path, resamples=0).get("entities", "strict").value == 1.0


def test_missing_folders_are_made(tmp_path):
    path = write_submission(tmp_path / "a" / "b" / "s.jsonl", system="demo", entities={})
    assert lines(path) == [{"task": "header", "dataset_version": npe.data_version(), "system": "demo", "settings": {}}]


def test_a_folder_that_cannot_be_made_is_an_error_and_nothing_is_written(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(NewsPrepError, match=r"cannot write .*s\.jsonl: folder .*file"):
        write_submission(tmp_path / "file" / "s.jsonl", system="demo", entities={})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_an_existing_file_is_replaced_whole(tmp_path):
    target = tmp_path / "s.jsonl"
    target.write_text("old\n")
    write_submission(target, system="new", entities={"d000": [Mention(0, 5, "PERSON")]})
    assert lines(target)[0]["system"] == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.jsonl"]  # no temporary file left


def test_another_dataset_folder_gives_its_texts_and_version(tmp_path):
    from newsprep.eval.synth.write import write_corpus

    root = tmp_path / "corpus"
    write_corpus(root, docs=3, seed=1, pairs=False, validate=False)
    doc = npe.records("documents", root)[0]
    path = write_submission(tmp_path / "s.jsonl", system="demo", root=root,
                            entities={doc["id"]: [Mention(0, 3, "PERSON")]})
    head, record = lines(path)
    assert head["dataset_version"] == npe.data_version(root)
    assert record["mentions"][0]["text"] == doc["text"][0:3]


def test_a_conll_submission_declares_its_label_set(tmp_path):
    """Regression: write_submission could not write CoNLL-2003 types (no label_set in the header)."""
    path = write_submission(tmp_path / "c.jsonl", system="c", label_set="conll2003",
                            entities={d: [Mention(0, 5, "PER")] if d == "d000" else [] for d in sorted(npe.documents())})
    assert json.loads(path.read_text().splitlines()[0])["label_set"] == "conll2003"
    assert read_submission(path).label_set == "conll2003"
    plain = write_submission(tmp_path / "o.jsonl", system="o", entities={d: [] for d in sorted(npe.documents())})
    assert "label_set" not in json.loads(plain.read_text().splitlines()[0])


def test_pair_records_as_pair_records_gives_them_are_written(tmp_path):
    scores = {("d000-s004", "d001-s004"): 0.91, ("d000-s004", "d002-s007"): 0.35}
    records = npe.pair_records(scores, threshold=0.8)
    path = npe.write_submission(tmp_path / "p.jsonl", system="sim", duplicates=records)
    assert lines(path)[1:] == records
    same = npe.write_submission(tmp_path / "q.jsonl", system="sim", duplicates=[
        PairPrediction(r["a"], r["b"], r["label"], r["score"]) for r in records])
    assert same.read_text() == path.read_text()
    mixed = npe.write_submission(tmp_path / "r.jsonl", system="sim", duplicates=[
        records[0], PairPrediction(records[1]["a"], records[1]["b"], "different")])
    assert lines(mixed)[2] == {"task": "duplicates", "a": "d000-s004", "b": "d002-s007", "label": "different"}


@pytest.mark.parametrize("duplicates, field, shown", [
    ([{"a": "d000-s004", "b": 7, "label": "paraphrase"}], "write_submission(duplicates)[0].b", "7 is not a str"),
    ([{"a": "d000-s004", "b": "d001-s004"}], "write_submission(duplicates)[0].label", "None is not a str"),
    ([{"a": "d000-s004", "b": "d001-s004", "label": "paraphrase", "score": float("nan")}],
     "write_submission(duplicates)[0].score", "nan is not a finite number"),
    ([{"a": "d000-s004", "b": "d001-s004", "label": "paraphrase", "score": "0.9"}],
     "write_submission(duplicates)[0].score", "'0.9' is not a finite number"),
    ([{"task": "entities", "doc": "d000", "mentions": []}], "write_submission(duplicates)[0].task", "only duplicates pairs"),
    ([("d000-s004", "d001-s004")], "write_submission(duplicates)[0]", "got tuple"),
])
def test_a_pair_that_is_neither_is_named_with_its_place(tmp_path, duplicates, field, shown):
    for function in (write_submission, npe.write_submission):
        with pytest.raises(npe.InvalidInput) as err:
            function(tmp_path / "p.jsonl", system="sim", duplicates=duplicates)
        (problem,) = err.value.problems
        assert problem.field == field and shown in problem.detail
    assert not (tmp_path / "p.jsonl").exists()


def test_one_pair_record_for_the_list_is_named(tmp_path):
    record = npe.pair_records({("d000-s004", "d001-s004"): 0.91}, threshold=0.8)[0]
    with pytest.raises(npe.InvalidInput, match=r"write_submission\(duplicates\): type \(expected a list of pairs"):
        write_submission(tmp_path / "p.jsonl", system="sim", duplicates=record)
