"""Each duplicate-pair and document-pair rule fires on a broken copy; the pair layers derive by rule from the passes."""
import json

import pytest

from newsprep.eval import validate_data
from newsprep.eval.data import dataset as data
from newsprep.eval.data.pairs import document_pairs
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.maintain.duplicates import candidates, derive
from tests.conftest import edit_jsonl, rules

DUP = "data/duplicate_pairs.jsonl"
DOC = "data/document_pairs.jsonl"


def set_fields(**changes):
    return lambda record: {**record, **changes}


@pytest.mark.parametrize("changes, field, rule", [
    ({"a": "d000-s999"}, "a", "known-segment"),
    ({"a": "d000-s002"}, "a", "content-segment"),          # d000-s002 lies inside boilerplate
    ({"b": "d000-s001"}, "b", "no-self-pair"),
    ({"a": "d000-s004", "b": "d000-s001"}, "b", "canonical-order"),
    ({"label": "paraphrase", "score": 2.0}, "score", "label-score"),  # a paraphrase scored like a related pair
    ({"label": "related", "score": 3.0}, "score", "label-score"),     # same content exactly when the score is >= 3
    ({"label": "different"}, "label", "schema:enum"),
    ({"score": 5.5}, "score", "schema:maximum"),
    ({"rationale": ""}, "rationale", "schema:minLength"),
])
def test_duplicate_pair_rules(data_copy, changes, field, rule):
    edit_jsonl(data_copy, DUP, 1, set_fields(**changes))
    assert (DUP, 1, field, rule) in rules(validate_data(data_copy))


def test_repeated_pair_names_both_lines(data_copy):
    first = (data_copy / DUP).read_text(encoding="utf-8").split("\n")[0]
    edit_jsonl(data_copy, DUP, 2, lambda record: first)
    found = [p for p in validate_data(data_copy) if p.rule == "unique-pair"]
    assert [(p.file, p.line, p.field) for p in found] == [(DUP, 2, "b")]
    assert "line 1" in found[0].detail


def test_document_pair_grade_must_follow_the_segment_pairs(data_copy):
    edit_jsonl(data_copy, DOC, 1, set_fields(grade=5.0))
    assert rules(validate_data(data_copy)) == {(DOC, 1, "grade", "derived-from-segment-pairs")}


def test_missing_document_pair(data_copy):
    edit_jsonl(data_copy, DOC, 10, lambda record: "")
    assert (DOC, None, "-", "all-document-pairs") in rules(validate_data(data_copy))


def test_unknown_document_pair(data_copy):
    edit_jsonl(data_copy, DOC, 1, set_fields(b="d000"))
    assert (DOC, 1, "b", "known-document-pair") in rules(validate_data(data_copy))


def test_bad_segment_pair_does_not_cascade_into_document_pairs(data_copy):
    edit_jsonl(data_copy, DUP, 1, set_fields(a="d000-s999"))
    assert {p.file for p in validate_data(data_copy)} == {DUP}


def annotation(name):
    path = data.dataset_dir() / "annotation" / f"duplicates.{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_candidate_search_is_reproduced_from_the_segments():
    assert candidates(data.records("segments")) == annotation("candidates")


def test_gold_pairs_derive_from_the_passes_and_adjudication():
    gold = derive(annotation("pass_a"), annotation("pass_b"), annotation("adjudication"),
                  annotation("blind_pass_a"), annotation("blind_pass_b"))
    assert gold == data.records("duplicate_pairs")
    assert document_pairs(data.records("segments"), gold) == data.records("document_pairs")


def test_every_candidate_was_judged_in_both_passes():
    cids = [c["cid"] for c in annotation("candidates")]
    for name in ("pass_a", "pass_b"):
        assert [r["cid"] for r in annotation(name) if r["cid"] is not None] == cids


def row(label, score, cid="c1", a="x", b="y", rationale="r"):
    return {"a": a, "b": b, "cid": cid, "label": label, "score": score, "rationale": rationale}


def test_derive_rules_by_hand():
    # 1. agreement: the label, the mean score, pass A's rationale; agreed unrelated pairs are dropped
    assert derive([row("paraphrase", 3.0, rationale="A")], [row("paraphrase", 4.0, rationale="B")], []) == [
        {"a": "x", "b": "y", "label": "paraphrase", "score": 3.5, "rationale": "A", "found_by": "candidate"}]
    assert derive([row("unrelated", 1.0)], [row("unrelated", 0.5)], []) == []
    # 2. related vs unrelated: related if the mean score reaches 2
    assert derive([row("related", 2.5)], [row("unrelated", 1.5)], [])[0]["score"] == 2.0
    assert derive([row("related", 2.0)], [row("unrelated", 1.0)], []) == []
    # 4. found by reading in both passes
    assert derive([row("paraphrase", 3.0, cid=None)], [row("paraphrase", 3.5, cid=None)], [])[0]["found_by"] == "reading"


def test_derive_refuses_what_only_adjudication_can_settle():
    with pytest.raises(NewsPrepError, match="needs an adjudication record"):
        derive([row("paraphrase", 3.0)], [row("related", 2.5)], [])
    with pytest.raises(NewsPrepError, match="one pass only"):
        derive([row("paraphrase", 3.0, cid=None)], [], [])
    with pytest.raises(NewsPrepError, match="in neither pass"):
        derive([], [], [row("related", 2.5)])
    settled = derive([row("paraphrase", 3.0)], [row("related", 2.5)], [row("related", 2.5, rationale="adj")])
    assert [(r["label"], r["rationale"]) for r in settled] == [("related", "adj")]


def test_document_grade_by_hand():
    segs = [{"id": f"d00{d}-s00{i}", "doc": f"d00{d}", "boilerplate": False} for d in (0, 1) for i in (1, 2, 3)]
    segs.append({"id": "d001-s004", "doc": "d001", "boilerplate": False})
    pairs = [{"a": "d000-s001", "b": "d001-s001", "label": "paraphrase"},
             {"a": "d000-s002", "b": "d001-s004", "label": "related"}]
    # d000 is shorter (3 content segments); one of them has a same-content partner: 5 * 1/3 = 1.67 -> 1.5
    assert document_pairs(segs, pairs) == [{"a": "d000", "b": "d001", "same_event": True, "grade": 1.5,
                                            "shorter": "d000", "shared_segments": 1, "shorter_segments": 3}]


def blind(label, score, a="x", b="y", rationale="r", reversed_=False):
    return {"a": a, "b": b, "item": "i001", "label": label, "score": score, "rationale": rationale, "shown_reversed": reversed_}


def rejudge(label, score, rationale="adj"):
    return {"a": "x", "b": "y", "release": "0.6.0", "label": label, "score": score, "rationale": rationale,
            "rejudge": {"was_label": "related", "was_score": 2.5, "was_rationale": "r", "blind_a": None, "blind_b": None,
                        "decided_by": "adjudication", "reason": "why"}}


def test_derive_blind_pass_rules_by_hand():
    first = ([row("related", 2.5)], [row("related", 2.5)], [])
    # agreeing blind passes that change nothing need no record
    assert derive(*first, [blind("related", 2.0)], [blind("related", 3.0)]) == [
        {"a": "x", "b": "y", "label": "related", "score": 2.5, "rationale": "r", "found_by": "candidate"}]
    # every change needs a record, a score or a rationale as well as a label: the record holds the mean score and
    # blind A's rationale with its sides named by id
    with pytest.raises(NewsPrepError, match="change its score or rationale"):
        derive(*first, [blind("related", 2.0, rationale="a adds x")], [blind("related", 1.0)])
    kept = derive(*first[:2], [rejudge("related", 1.5, rationale="x adds x")],
                  [blind("related", 2.0, rationale="a adds x")], [blind("related", 1.0)])
    assert [(r["label"], r["score"], r["rationale"]) for r in kept] == [("related", 1.5, "x adds x")]
    # a label change needs a 0.6.0 record, which must agree with agreeing passes
    with pytest.raises(NewsPrepError, match="needs a 0.6.0 record"):
        derive(*first, [blind("paraphrase", 3.0)], [blind("paraphrase", 4.0)])
    with pytest.raises(NewsPrepError, match="the 0.6.0 record says"):
        derive(*first[:2], [rejudge("related", 2.5)], [blind("paraphrase", 3.0)], [blind("paraphrase", 4.0)])
    changed = derive(*first[:2], [rejudge("paraphrase", 3.5)], [blind("paraphrase", 3.0)], [blind("paraphrase", 4.0)])
    assert [(r["label"], r["score"], r["rationale"]) for r in changed] == [("paraphrase", 3.5, "adj")]
    # a disagreement needs a record; the record decides
    with pytest.raises(NewsPrepError, match="needs a 0.6.0 adjudication record"):
        derive(*first, [blind("paraphrase", 3.0)], [blind("related", 2.0)])
    settled = derive(*first[:2], [rejudge("related", 2.5)], [blind("paraphrase", 3.0)], [blind("related", 2.0)])
    assert [(r["label"], r["score"]) for r in settled] == [("related", 2.5)]
    # a record that breaks the threshold is refused
    with pytest.raises(NewsPrepError, match="breaks the score bands"):
        derive(*first[:2], [rejudge("related", 3.0)], [blind("paraphrase", 3.5)], [blind("related", 2.5)])


def test_gold_of_0_5_0_is_derived_from_the_same_files():
    """The records of 0.6.0 are added to the log: without them the files give the 0.5.0 gold (119 same-content pairs)."""
    gold = derive(annotation("pass_a"), annotation("pass_b"), annotation("adjudication"), release="0.5.0")
    assert len(gold) == 398 and sum(r["label"] in ("near_duplicate", "paraphrase") for r in gold) == 119
