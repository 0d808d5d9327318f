"""Each boilerplate and segment rule fires on a broken copy, naming file, line, field and rule."""
import pytest

from newsprep.eval import validate_data
from tests.conftest import edit_jsonl, rules

BP = "data/boilerplate.jsonl"
SEG = "data/segments.jsonl"


def edit_span(i, **changes):
    def edit(record):
        record["spans"][i] = {**record["spans"][i], **changes}
        return record
    return edit


@pytest.mark.parametrize("changes, field, rule", [
    ({"text": "Spread the lov"}, "spans[1].text", "surface-text"),
    ({"end": 99_999}, "spans[1].end", "offset-in-range"),
    ({"end": 90}, "spans[1].end", "offset-order"),
    ({"start": 89}, "spans[1].start", "trimmed"),
    ({"category": "advert"}, "spans[1].category", "schema:enum"),
    ({"start": "90"}, "spans[1].start", "schema:type"),
])
def test_boilerplate_span_rules(data_copy, changes, field, rule):
    if "start" in changes and changes["start"] == 89:
        changes["text"] = "\n\nSpread the love"
    edit_jsonl(data_copy, BP, 1, edit_span(1, **changes))
    assert (BP, 1, field, rule) in rules(validate_data(data_copy))


def test_boilerplate_span_crossing_a_line_end(data_copy):
    edit_jsonl(data_copy, BP, 1, edit_span(1, end=107, text="Spread the love\n\nR"))
    assert (BP, 1, "spans[1].end", "single-line") in rules(validate_data(data_copy))


def test_boilerplate_overlap_and_order(data_copy):
    def overlap(record):
        record["spans"][2] = dict(record["spans"][1])
        return record
    edit_jsonl(data_copy, BP, 1, overlap)
    assert (BP, 1, "spans[2].start", "no-overlap") in rules(validate_data(data_copy))

    def reverse(record):
        record["spans"].reverse()
        return record
    edit_jsonl(data_copy, BP, 2, reverse)
    assert (BP, 2, "spans[1].start", "sorted") in rules(validate_data(data_copy))


def test_boilerplate_unknown_duplicate_and_missing_documents(data_copy):
    edit_jsonl(data_copy, BP, 5, lambda r: {**r, "doc": "d009"})
    found = rules(validate_data(data_copy))
    assert (BP, 5, "doc", "known-document") in found
    assert (BP, None, "doc", "every-document") in found
    edit_jsonl(data_copy, BP, 5, lambda r: {**r, "doc": "d003", "spans": []})
    assert (BP, 5, "doc", "one-record-per-document") in rules(validate_data(data_copy))


def test_segment_gap_breaks_tiling(data_copy):
    edit_jsonl(data_copy, SEG, 4, lambda s: "")
    found = rules(validate_data(data_copy))
    assert (SEG, None, "-", "tiling") in found
    assert (SEG, 5, "id", "id-order") in found


def test_segment_overlap_breaks_tiling(data_copy):
    path = data_copy / SEG
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(4, lines[3].replace('"d000-s004"', '"d000-s005"'))
    path.write_text("\n".join(lines), encoding="utf-8")
    from tests.conftest import data, write_manifest
    write_manifest(data_copy, data.data_version(data_copy))
    assert (SEG, 5, "start", "tiling") in rules(validate_data(data_copy))


def test_segment_surface_and_range(data_copy):
    edit_jsonl(data_copy, SEG, 1, lambda s: {**s, "text": s["text"].upper()})
    edit_jsonl(data_copy, SEG, 2, lambda s: {**s, "end": 10**6})
    found = rules(validate_data(data_copy))
    assert (SEG, 1, "text", "surface-text") in found
    assert (SEG, 2, "end", "offset-in-range") in found


def test_segment_boilerplate_flag(data_copy):
    edit_jsonl(data_copy, SEG, 3, lambda s: {**s, "boilerplate": False})  # "Spread the love"
    assert rules(validate_data(data_copy)) == {(SEG, 3, "boilerplate", "boilerplate-flag")}


def test_boilerplate_span_splitting_a_segment(data_copy):
    edit_jsonl(data_copy, BP, 1, edit_span(1, end=100, text="Spread the"))
    found = rules(validate_data(data_copy))
    assert (SEG, 3, "end", "boilerplate-boundary") in found


def test_card_class_names_match_schema():
    from newsprep.eval import load
    from newsprep.eval.data.dataset import load_schema

    enum = load_schema("boilerplate.schema.json")["$defs"]["span"]["properties"]["category"]["enum"]
    assert load("boilerplate").features["spans"].feature["category"].names == enum


def test_segments_layer_facts():
    from newsprep.eval import records

    segs = records("segments")
    assert len(segs) == 217 and sum(not s["boilerplate"] for s in segs) == 117
    texts = {d["id"]: d["text"] for d in records("documents")}
    # the rule-of-thumb cases named in the guidelines
    d002 = [s["text"] for s in segs if s["doc"] == "d002"]
    assert "Upon his arrival, Mr Putin was greeted by dignitaries, and soldiers in white dress uniforms stood at attention." in d002
    assert any(s["text"] == "Status: 20.06.2024 10:42 a.m." for s in segs)
    assert all(texts[s["doc"]][s["start"]:s["end"]] == s["text"] for s in segs)
