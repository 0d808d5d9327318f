"""The Label Studio reader of ``newsprep import`` and ``newsprep export --format labelstudio``: the export reads back
as the gold; hand-written tasks, code-point and older UTF-16 offsets; bad exports named by file, task and value."""
import json

import pytest

from newsprep.eval import records
from newsprep.eval.corpus.formats import labelstudio
from newsprep.eval.corpus.source import SourceDoc, SourceSpan
from newsprep.eval.errors import MAX_PROBLEMS, InvalidInput
from newsprep.eval.export import GoldDoc, export, labelstudio_task
from newsprep.eval.types import Mention, Span

TEXTS = {d["id"]: d["text"] for d in records("documents")}
GOLD = {r["doc"]: sorted((m["start"], m["end"], m["type"]) for m in r["mentions"]) for r in records("entities")}
BOILER = {r["doc"]: sorted((s["start"], s["end"], "boilerplate:" + s["category"]) for s in r["spans"])
          for r in records("boilerplate")}


def labels(start, end, label="PER", rid="r1", text=None, **value):
    value = {"start": start, "end": end, **({"text": text} if text is not None else {}), "labels": [label], **value}
    return {"id": rid, "type": "labels", "from_name": "label", "to_name": "text", "value": value}


def task(text, *results, tid=17, annotations=None, **extra):
    annotations = [{"id": 5, "was_cancelled": False, "result": list(results)}] if annotations is None else annotations
    return {"id": tid, "data": {"text": text}, "annotations": annotations, **extra}


def write(tmp_path, tasks, name="export.json"):
    path = tmp_path / name
    path.write_bytes(tasks if isinstance(tasks, bytes) else json.dumps(tasks, ensure_ascii=False).encode("utf-8"))
    return path


def read(path):
    return list(labelstudio.read(path))


def problems(path):
    with pytest.raises(InvalidInput) as err:
        read(path)
    return err.value.problems


def the_problem(tmp_path, bad_task, rule):
    """The one problem of an export whose second task (id 17) is ``bad_task``; it names the file and the task."""
    path = write(tmp_path, [task("ok", tid=1), bad_task])
    [p] = problems(path)
    message = str(p)
    assert p.rule == rule and message.startswith(f"{path}: [1]") and "task 17" in message, message
    return message


# --- (a) NewsPrep's own export reads back as the gold ----------------------------------

def test_the_export_reads_back_as_the_gold_text_mentions_and_boilerplate(tmp_path):
    (path, _) = export("labelstudio", tmp_path / "out")
    docs = read(path)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    assert [d.name for d in docs] == ["1", "2", "3", "4", "5"]
    assert [t["data"]["newsprep_id"] for t in tasks] == sorted(TEXTS)
    for doc, doc_id in zip(docs, sorted(TEXTS)):
        assert doc.text == TEXTS[doc_id] and doc.file == str(path) and doc.line is None
        spans = [(s.start, s.end, s.label) for s in doc.spans]
        assert sorted(s for s in spans if not s[2].startswith("boilerplate:")) == GOLD[doc_id]
        assert sorted(s for s in spans if s[2].startswith("boilerplate:")) == BOILER[doc_id]
        assert all(s.text == doc.text[s.start:s.end] and s.entity_id is None for s in doc.spans)
        assert doc.spans[0].where == f"task {doc.name}, result 'm1'"
        assert any(s.where == f"task {doc.name}, result 'b1'" for s in doc.spans)


def test_the_export_is_label_studios_task_format(tmp_path):
    export("labelstudio", tmp_path / "out")
    [first, *_] = json.loads((tmp_path / "out" / "newsprep.labelstudio.json").read_text(encoding="utf-8"))
    assert first["id"] == 1 and first["data"] == {"text": TEXTS["d000"], "newsprep_id": "d000"}
    [annotation] = first["annotations"]
    assert annotation["id"] == 1 and annotation["was_cancelled"] is False
    assert annotation["result"][0] == labels(0, 5, "PERSON", "m1", "Putin") | {"id": "m1"}


def test_export_offsets_are_code_points_as_label_studio_counts_them(tmp_path):
    text = "🐱 Putin met 👍🏽 Kim"
    gold = GoldDoc("h000", text, (), (Mention(2, 7, "PERSON"), Mention(15, 18, "PERSON")), (Span(12, 14, "media"),))
    record = labelstudio_task(gold, 1)
    assert [(r["id"], r["value"]["start"], r["value"]["end"], r["value"]["text"]) for r in record["annotations"][0]["result"]] \
        == [("m1", 2, 7, "Putin"), ("m2", 15, 18, "Kim"), ("b1", 12, 14, "👍🏽")]
    [doc] = read(write(tmp_path, [record]))
    assert [(s.start, s.end, s.label, s.text) for s in doc.spans] == [
        (2, 7, "PERSON", "Putin"), (15, 18, "PERSON", "Kim"), (12, 14, "boilerplate:media", "👍🏽")]


# --- (b) hand-written exports -----------------------------------------------------------

def test_name_and_description():
    assert labelstudio.NAME == "labelstudio" and labelstudio.DESCRIPTION and "\n" not in labelstudio.DESCRIPTION


def test_exact_document_other_results_cancelled_annotations_and_predictions_ignored(tmp_path):
    text = "Putin met Kim in Hanoi."
    path = write(tmp_path, [task(text, labels(0, 5, "PER", "a1b2", "Putin"),
                                 {"id": "c1", "type": "choices", "value": {"choices": ["news"]}},
                                 {"type": "relation", "from_id": "a1b2", "to_id": "x", "direction": "right"},
                                 labels(17, 22, "LOC", "x"),
                                 annotations=None,
                                 predictions=[{"result": [labels(10, 13, "PER", "p1")]}])])
    tasks = json.loads(path.read_text(encoding="utf-8"))
    tasks[0]["annotations"].insert(0, {"id": 4, "was_cancelled": True, "result": [labels(0, 3, "ORG", "z")]})
    path.write_text(json.dumps(tasks), encoding="utf-8")
    assert read(path) == [SourceDoc("17", text, (SourceSpan(0, 5, "PER", "task 17, result 'a1b2'", "Putin"),
                                                 SourceSpan(17, 22, "LOC", "task 17, result 'x'")), str(path))]


def test_offsets_are_code_points_as_label_studio_counts_them_since_2021(tmp_path):
    text = "🐱 Warning: This is a test text"  # Label Studio's own test (tests/integration/data/ner/emoji.ts): [21, 25)
    [doc] = read(write(tmp_path, [task(text, labels(21, 25, "region", "r", "test"))]))
    assert [(s.start, s.end, s.text) for s in doc.spans] == [(21, 25, "test")] and text[21:25] == "test"


def test_utf16_offsets_of_label_studio_until_2021_are_read_where_the_surface_says_so(tmp_path):
    text = "💩This is an annotation."  # Label Studio issue #1347: [13, 23) in UTF-16 code units, [12, 22) in code points
    current = labels(12, 22, "A", "new", "annotation")
    legacy = labels(13, 23, "A", "old", "annotation")
    unstated = labels(13, 23, "A", "bare")  # no surface to tell: code points, as stated
    [doc] = read(write(tmp_path, [task(text, current, legacy, unstated)]))
    assert [(s.start, s.end, s.text) for s in doc.spans] == [(12, 22, "annotation"), (12, 22, "annotation"), (13, 23, None)]


def test_a_surface_with_line_ends_is_stated_with_backslash_n(tmp_path):
    text = "Ho Chi\nMinh City\r\nHanoi"
    [doc] = read(write(tmp_path, [task(text, labels(0, 16, "GPE", "a", "Ho Chi\\nMinh City"),
                                       labels(3, 23, "X", "b", "Chi\\nMinh City\\n\\nHanoi"),
                                       labels(0, 16, "GPE", "c", "Ho Chi\nMinh City"),
                                       labels(0, 16, "GPE", "d", "Ho Chi Minh City"))]))
    assert [s.text for s in doc.spans] == ["Ho Chi\nMinh City", "Chi\nMinh City\r\nHanoi", "Ho Chi\nMinh City",
                                           "Ho Chi Minh City"]  # the last one disagrees: the importer says so


def test_the_text_is_data_text_else_the_one_string_value(tmp_path):
    tasks = [{"id": 1, "data": {"article": "Putin left.", "n": 3, "meta": {"a": "b"}},
              "annotations": [{"id": 1, "result": [labels(0, 5)]}]}]
    [doc] = read(write(tmp_path, tasks))
    assert doc.text == "Putin left." and doc.spans[0].start == 0


def test_of_several_annotations_the_one_ground_truth(tmp_path):
    annotations = [{"id": 5, "result": [labels(0, 3)]}, {"id": 6, "ground_truth": True, "result": [labels(0, 5)]}]
    [doc] = read(write(tmp_path, [task("Putin", annotations=annotations)]))
    assert [(s.start, s.end) for s in doc.spans] == [(0, 5)]


def test_completions_of_label_studio_before_1_0(tmp_path):
    tasks = [{"id": 3, "data": {"text": "Putin"}, "completions": [{"id": 3001, "result": [labels(0, 5)]}]}]
    [doc] = read(write(tmp_path, tasks))
    assert doc.name == "3" and [(s.start, s.end, s.where) for s in doc.spans] == [(0, 5, "task 3, result 'r1'")]


def test_nothing_is_dropped_or_fixed_the_importer_checks_ranges_overlaps_and_labels(tmp_path):
    [doc] = read(write(tmp_path, [task("Putin", labels(3, 1, "PER", "a"), labels(0, 9, "NOPE", "b", "Putin"),
                                       labels(0, 5, "PER", "c", "Putn"))]))
    assert [(s.start, s.end, s.label, s.text) for s in doc.spans] == [
        (3, 1, "PER", None), (0, 9, "NOPE", "Putin"), (0, 5, "PER", "Putn")]


# --- (c) bad exports: the rule, the file, the task id, the bad value ------------------------

def test_bad_utf8(tmp_path):
    path = write(tmp_path, b'[{"id": 1,\n "data": {"text": "Stra\xdfe"}}]')
    [p] = problems(path)
    assert p.rule == "utf-8" and str(p) == f"{path}:2: -: utf-8 (byte 34 b'\\xdf' is not UTF-8)"


def test_malformed_json(tmp_path):
    path = write(tmp_path, b'[{"id": 1,\n "data": {"text": "x"},\n "annotations": [}]')
    [p] = problems(path)
    assert p.rule == "json" and str(p).startswith(f"{path}:3: -: json (") and "line 3 column" in str(p)


@pytest.mark.parametrize("content, rule, shown", [
    (b'[{"id": 1, "id": 2}]', "duplicate-key", "[0].id"),
    (b'[{"id": NaN}]', "json", "NaN"),
    (b'{"id": 1}', "type", "dict {'id': 1}"),
    (b'[{"id": 17, "data": {"text": "\\ud83d"}, "annotations": []}]', "unicode", "[0].data.text")])
def test_what_the_project_refuses_in_any_json(tmp_path, content, rule, shown):
    [p] = problems(write(tmp_path, content))
    assert p.rule == rule and shown in str(p), str(p)


def test_a_missing_file(tmp_path):
    [p] = problems(tmp_path / "nope.json")
    assert p.rule == "readable" and str(p).startswith(str(tmp_path / "nope.json"))


def test_missing_text(tmp_path):
    bad = {"id": 17, "data": {"title": "A", "body": "B"}, "annotations": []}
    assert "no data.text, and 2 string values ['title', 'body']" in the_problem(tmp_path, bad, "text")
    message = the_problem(tmp_path, {"id": 17, "data": {"text": 5}, "annotations": []}, "type")
    assert "[1].data.text" in message and "int 5" in message


@pytest.mark.parametrize("value, shown", [("0", "str '0'"), (0.5, "float 0.5"), (None, "None"), (-1, "int -1")])
def test_offsets_that_are_not_whole_numbers(tmp_path, value, shown):
    message = the_problem(tmp_path, task("Putin", labels(value, 5, rid="a1b2")), "offset")
    assert shown in message and "[1].annotations[0].result[0].value.start" in message and "result 'a1b2'" in message


def test_two_annotations_on_one_task(tmp_path):
    annotations = [{"id": 5, "result": []}, {"id": 6, "result": []}, {"id": 7, "was_cancelled": True, "result": []}]
    message = the_problem(tmp_path, task("Putin", annotations=annotations), "one-annotation")
    assert "task 17 has 2 annotations (5, 6)" in message and "ground truth" in message


def test_two_ground_truths_on_one_task(tmp_path):
    annotations = [{"id": 5, "ground_truth": True, "result": []}, {"id": 6, "ground_truth": True, "result": []}]
    assert "(5, 6)" in the_problem(tmp_path, task("Putin", annotations=annotations), "one-annotation")


@pytest.mark.parametrize("annotations, shown", [([], "task 17 has no annotation;"),
                                                ([{"id": 5, "was_cancelled": True, "result": []}], "(1 cancelled)")])
def test_a_task_without_annotation(tmp_path, annotations, shown):
    assert shown in the_problem(tmp_path, task("Putin", annotations=annotations), "annotated")


def test_a_result_with_two_labels_or_none(tmp_path):
    two = labels(0, 5, "PER", "a1")
    two["value"]["labels"] = ["PER", "ORG"]
    assert "list ['PER', 'ORG']" in the_problem(tmp_path, task("Putin", two), "one-label")
    two["value"]["labels"] = []
    assert "list []" in the_problem(tmp_path, task("Putin", two), "one-label")


def test_hypertextlabels_are_refused(tmp_path):
    result = {"id": "h1", "type": "hypertextlabels", "value": {"start": "/p[1]/text()[1]", "end": "/p[1]/text()[1]",
                                                               "startOffset": 0, "endOffset": 5, "hypertextlabels": ["PER"]}}
    message = the_problem(tmp_path, task("<p>Putin</p>", result), "result-type")
    assert "'hypertextlabels'" in message and "result 'h1'" in message


def test_an_offset_inside_a_surrogate_pair_is_given_as_stated_for_the_importer_to_refuse(tmp_path):
    # read in UTF-16 code units, offset 1 falls inside the cat: no reading gives the stated surface
    [doc] = read(write(tmp_path, [task("🐱 Putin", labels(1, 7, "PER", "a", "Putin"))]))
    assert [(s.start, s.end, s.text) for s in doc.spans] == [(1, 7, "Putin")]  # code points: " Putin" disagrees


def test_every_bad_task_is_reported_and_no_document_after_the_first(tmp_path):
    path = write(tmp_path, [task("ok", tid=1), {"id": 2, "data": {"text": "x"}}, "oops", task("ok", tid=4),
                            task("Putin", labels(0, True), tid=5)])
    docs = labelstudio.read(path)
    assert next(docs).name == "1"
    with pytest.raises(InvalidInput) as err:
        next(docs)
    assert [(p.field, p.rule) for p in err.value.problems] == [
        ("[1].annotations", "required"), ("[2]", "type"), ("[4].annotations[0].result[0].value.end", "offset")]
    assert [p.detail.split(":")[0] for p in err.value.problems] == ["task 2", "task [2]", "task 5, result 'r1'"]


def test_problems_stop_at_the_limit(tmp_path):
    path = write(tmp_path, [{"id": i} for i in range(MAX_PROBLEMS + 5)])
    found = problems(path)
    assert len(found) == MAX_PROBLEMS + 1 and found[-1].rule == "too-many-problems"


def test_a_text_longer_than_a_document_may_be_is_refused_before_its_results_are_read(tmp_path):
    from newsprep.eval.corpus.build import MAX_TEXT_CHARS

    results = [labels(0, MAX_TEXT_CHARS, rid=f"r{k}", text="x") for k in range(3)]
    message = the_problem(tmp_path, task("Putin " * (MAX_TEXT_CHARS // 6 + 1), *results), "text-size")
    assert "[1].data: text-size (task 17: " in message and f"at most {MAX_TEXT_CHARS} a document" in message
