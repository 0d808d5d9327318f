"""Merging submissions of different tasks: the library function, then ``newsprep merge`` run in process."""
from __future__ import annotations

import json

import pytest

import newsprep.eval as npe
from newsprep.eval.cli.main import main
from newsprep.eval.submission.merge import merge_submissions
from tests.submissions import gold_boilerplate_records, header, write

VERSION = npe.data_version()


def gold_entities() -> list[dict]:
    return [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]


def gold_pairs() -> list[dict]:
    return [{"task": "duplicates", "a": p["a"], "b": p["b"], "score": p["score"] / 5,
             "label": "different" if p["label"] == "related" else p["label"]} for p in npe.records("duplicate_pairs")]


@pytest.fixture
def inputs(tmp_path):
    return {
        "bp": write(tmp_path / "bp.jsonl", [header(system="cleaner", settings={"min_words": 5}), *gold_boilerplate_records()]),
        "ents": write(tmp_path / "ents.jsonl", [header(system="tagger"), *gold_entities()]),
        "dups": write(tmp_path / "dups.jsonl", [header(system="sbert", settings={"threshold": 0.6}), *gold_pairs()]),
    }


def test_merged_records_hold_every_task_and_name_every_input(inputs):
    merged = merge_submissions([inputs["bp"], inputs["ents"], inputs["dups"]])
    head = merged[0]
    assert head == {"task": "header", "dataset_version": VERSION, "system": "cleaner+tagger+sbert", "settings": {"merged": [
        {"file": str(inputs["bp"]), "system": "cleaner", "task": ["boilerplate"], "settings": {"min_words": 5}},
        {"file": str(inputs["ents"]), "system": "tagger", "task": ["entities"], "settings": {}},
        {"file": str(inputs["dups"]), "system": "sbert", "task": ["duplicates"], "settings": {"threshold": 0.6}}]}}
    assert merged[1:] == [*gold_boilerplate_records(), *gold_entities(), *gold_pairs()]  # as the inputs hold them
    sub = npe.read_submission(merged)
    assert sub.tasks == ("boilerplate", "entities", "duplicates") and sub.system == "cleaner+tagger+sbert"
    report = npe.score(merged, resamples=0)
    assert report.get("entities", "strict").value == report.get("boilerplate", "chars").value == 1.0


def test_system_names_the_merged_system(inputs):
    assert merge_submissions([inputs["ents"], inputs["bp"]], system="pipeline-v2")[0]["system"] == "pipeline-v2"
    with pytest.raises(npe.NewsPrepError, match="1 to 200 characters"):
        merge_submissions([inputs["ents"]], system="")


def test_headers_must_agree_on_major_minor(inputs, tmp_path):
    major, minor, _ = VERSION.split(".")
    old = write(tmp_path / "old.jsonl", [header(dataset_version=f"{major}.{int(minor) - 1}.0"), *gold_entities()])
    patch = write(tmp_path / "patch.jsonl", [header(dataset_version=f"{major}.{minor}.0", system="p"), *gold_pairs()])
    with pytest.raises(npe.InvalidInput) as err:
        merge_submissions([inputs["bp"], old])
    (problem,) = err.value.problems
    assert (problem.file, problem.line, problem.field, problem.rule) == (str(old), 1, "dataset_version", "merge-version")
    assert str(old) in problem.detail and str(inputs["bp"]) in problem.detail
    assert f"{major}.{int(minor) - 1}.0" in problem.detail and VERSION in problem.detail
    assert merge_submissions([inputs["bp"], patch])[0]["dataset_version"] == VERSION  # patch versions may differ


def test_a_task_may_come_from_one_input_only(inputs, tmp_path):
    more = write(tmp_path / "more.jsonl", [header(system="other"), *gold_entities(), *gold_pairs()])
    with pytest.raises(npe.InvalidInput) as err:
        merge_submissions([inputs["ents"], inputs["dups"], more])
    assert [(p.file, p.rule) for p in err.value.problems] == [(str(more), "merge-task")] * 2
    assert f"entities is in both {inputs['ents']} and {more}" in str(err.value)
    assert f"duplicates is in both {inputs['dups']} and {more}" in str(err.value)


def test_every_input_is_validated_and_all_problems_reported(inputs, tmp_path):
    bad_a = write(tmp_path / "a.jsonl", [header(), {"task": "entities", "doc": "d009", "mentions": []}])
    bad_b = write(tmp_path / "b.jsonl", [header(), *gold_pairs()[:2], {"task": "duplicates", "a": "d000-s998", "b": "d000-s999", "label": "paraphrase", "score": 0.5}])
    with pytest.raises(npe.InvalidInput) as err:
        merge_submissions([bad_a, inputs["bp"], bad_b])
    assert {p.file for p in err.value.problems} == {str(bad_a), str(bad_b)}
    assert {"known-document", "known-segment"} <= {p.rule for p in err.value.problems}
    with pytest.raises(npe.NewsPrepError, match="nothing to merge"):
        merge_submissions([])


def test_cli_writes_the_merged_file(inputs, tmp_path, capsys):
    out = tmp_path / "all.jsonl"
    assert main(["merge", str(inputs["bp"]), str(inputs["dups"]), "-o", str(out), "--system", "mine"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"newsprep merge: 2 submissions (boilerplate, duplicates) written to {out} as system 'mine'\n"
    assert captured.err == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["system"] == "mine" and len(lines) == 1 + 5 + len(gold_pairs())
    assert npe.read_submission(out).tasks == ("boilerplate", "duplicates")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.jsonl", "bp.jsonl", "dups.jsonl", "ents.jsonl"]


def test_cli_refuses_an_output_that_is_an_input(inputs, capsys):
    before = inputs["ents"].read_bytes()
    assert main(["merge", str(inputs["bp"]), str(inputs["ents"]), "-o", str(inputs["ents"])]) == 2
    assert f"output {inputs['ents']}: is the input {inputs['ents']}" in capsys.readouterr().err
    assert inputs["ents"].read_bytes() == before


def test_cli_reports_problems_and_writes_nothing(inputs, tmp_path, capsys):
    out = tmp_path / "all.jsonl"
    out.write_text("old\n")
    assert main(["merge", str(inputs["ents"]), str(inputs["ents"]), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{inputs['ents']}: task: merge-task (entities is in both {inputs['ents']} and {inputs['ents']}; "
                   "a task may come from one input only)", "newsprep merge: 1 problem(s); nothing was written"]
    assert out.read_text() == "old\n"


@pytest.mark.parametrize("args", [["merge", "a.jsonl"], ["merge", "-o", "x.jsonl"], ["merge", "a.jsonl", "-o", "x.jsonl", "--system", ""]])
def test_cli_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2


# --------------------------------------------------------------------------- records held in memory

def test_records_in_memory_merge_as_files_do(inputs):
    """Records as the adapters give them (no header), a list with a header, and a file, in one merge."""
    from_files = merge_submissions([inputs["bp"], inputs["ents"], inputs["dups"]])
    mixed = merge_submissions([gold_boilerplate_records(), [header(system="tagger"), *gold_entities()], inputs["dups"]])
    assert mixed[1:] == from_files[1:]
    assert mixed[0]["system"] == "unnamed+tagger+sbert"
    assert [(m["file"], m["system"]) for m in mixed[0]["settings"]["merged"]] == [
        (None, "unnamed"), (None, "tagger"), (str(inputs["dups"]), "sbert")]
    assert npe.merge_submissions((r for r in [gold_pairs()]), system="pairs")[1:] == gold_pairs()  # any iterable


def test_problems_of_records_name_the_input_by_its_place(inputs):
    bad = [{"task": "entities", "doc": "d009", "mentions": []}]
    with pytest.raises(npe.InvalidInput) as err:
        merge_submissions([inputs["bp"], bad])
    assert [(p.file, p.line, p.rule) for p in err.value.problems][:1] == [("paths[1]", 1, "known-document")]
    assert str(err.value.problems[0]).startswith("paths[1]:1: doc: known-document")
    with pytest.raises(npe.InvalidInput) as err:
        merge_submissions([gold_entities(), [header(system="other"), *gold_entities()]])
    assert [str(p) for p in err.value.problems] == [
        "paths[1]: task: merge-task (entities is in both paths[0] and paths[1]; a task may come from one input only)"]
    major, minor, _ = VERSION.split(".")
    old = [header(dataset_version=f"{major}.{int(minor) - 1}.0"), *gold_pairs()]
    with pytest.raises(npe.InvalidInput, match=r"paths\[1\]:1: dataset_version: merge-version \(paths\[1\] is for "):
        merge_submissions([[header(), *gold_entities()], old])


@pytest.mark.parametrize("paths, message", [
    ([{"task": "entities", "doc": "d000", "mentions": []}], r"paths\[0\] is a dict; .* \(one record: put the records "),
    ([5], r"paths\[0\] is a int; each input is a submission file \(a path\) or a list of records"),
    ([b"a.jsonl"], r"paths\[0\] is a bytes"),
    ({"a": "a.jsonl"}, r"a list of inputs \(paths, or lists of records\), not dict"),
    (7, r"a list of inputs \(paths, or lists of records\), not int"),
])
def test_what_is_neither_a_path_nor_records_is_a_usage_error_naming_it(paths, message):
    for function in (merge_submissions, npe.merge_submissions):
        if isinstance(paths, dict) and function is npe.merge_submissions:  # the annotation's check comes first
            with pytest.raises(npe.InvalidInput, match=r"merge_submissions\(paths\): type .*got dict"):
                function(paths)
            continue
        with pytest.raises(npe.UsageError, match=message):
            function(paths)


def test_an_empty_list_of_records_is_named():
    with pytest.raises(npe.InvalidInput, match=r"paths\[0\]: -: has-task \(no records\)"):
        merge_submissions([[]])
