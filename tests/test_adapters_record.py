"""Records of one document made a part at a time (per segment, per token-view row, per window) joined by
``group_records``; a record named by a segment id refused with how to make one record per document."""
from __future__ import annotations

import pytest

import newsprep.eval as npe
from tests.perfect import perfect_rows


def test_gold_split_per_segment_and_grouped_scores_exactly_1_and_keeps_other_records():
    gold = {r["doc"]: r["mentions"] for r in npe.records("entities")}
    parts = [{"task": "entities", "doc": seg["doc"], "mentions": [
        {"start": m["start"], "end": m["end"], "type": m["type"]} for m in gold[seg["doc"]]
        if seg["start"] <= m["start"] and m["end"] <= seg["end"]]} for seg in reversed(npe.records("segments"))]
    pair = {"task": "duplicates", "a": "d000-s004", "b": "d001-s004", "label": "paraphrase", "score": 0.9}
    header = {"task": "header", "dataset_version": npe.data_version(), "system": "per-segment"}
    grouped = npe.group_records([header, *parts, pair])
    assert grouped[0] == header and grouped[-1] == pair and len(grouped) == 7
    assert [r["doc"] for r in grouped[1:-1]] == ["d004", "d003", "d002", "d001", "d000"]  # in order of first record
    assert all(r["mentions"] == sorted(r["mentions"], key=lambda m: m["start"]) for r in grouped[1:-1])
    perfect_rows([r for r in grouped if r["task"] == "entities"], "entities")
    assert parts[-1]["mentions"] != grouped[-2]["mentions"]  # the inputs are not changed


def test_boilerplate_records_are_grouped_too():
    grouped = npe.group_records([npe.spans_record("d000", [npe.Span(90, 105)]), npe.spans_record("d000", [npe.Span(87, 88)])])
    assert grouped == [{"task": "boilerplate", "doc": "d000", "spans": [{"start": 87, "end": 88}, {"start": 90, "end": 105}]}]


def test_a_record_named_by_a_segment_id_is_refused_where_it_is_made_and_where_it_is_grouped():
    for make in (lambda: npe.mentions_record("d000-s004", []), lambda: npe.spans_record("d002-s120", [])):
        with pytest.raises(npe.InvalidInput) as err:
            make()
        (problem,) = err.value.problems
        assert problem.rule == "one-record-per-document" and "one record per document" in problem.detail
        assert "group_records(records)" in problem.detail and "offset=row['start']" in problem.detail
    with pytest.raises(npe.InvalidInput) as err:
        npe.group_records([{"task": "entities", "doc": "d000", "mentions": []},
                           {"task": "entities", "doc": "d000-s004", "mentions": []}])
    (problem,) = err.value.problems
    assert (problem.field, problem.rule) == ("group_records(records)[1].doc", "one-record-per-document")
    assert "'d000-s004' is a segment of 'd000'" in problem.detail and "one record per document" in problem.detail


@pytest.mark.parametrize("records, shown", [
    ({"task": "entities", "doc": "d000", "mentions": []}, "dict"), ("records.jsonl", "str"), (None, "None"),
    ([["d000", []]], "list"),
])
def test_what_is_no_list_of_records_is_named(records, shown):
    with pytest.raises(npe.InvalidInput) as err:
        npe.group_records(records)
    assert err.value.problems[0].field.startswith("group_records(records)") and shown in str(err.value)


def test_broken_records_pass_through_for_the_scorer_to_name():
    broken = [{"task": "entities", "doc": "d000"}, {"task": "nothing"}, {"task": "entities", "doc": 3, "mentions": []}]
    assert npe.group_records(broken) == broken
