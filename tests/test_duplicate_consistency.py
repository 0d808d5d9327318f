"""Same content is transitive in the gold duplicate pairs (guidelines, Part 4: one main claim per segment).

Two checks, both over chains of same-content pairs (``near_duplicate`` or ``paraphrase``) of any length:

(a) the ends of every chain are a listed pair: A ~ B ~ C with A / C unlisted is refused
    (``same-content-chain-labelled``);
(b) no segment is a paraphrase of one report of a claim and ``related`` to another report of it:
    X ~ Y ~ Z with X / Z ``related`` is refused (``same-content-consistent``).

Each is run on the shipped gold, on hand-made counterexamples, and through ``validate_data`` on a
broken copy of the dataset, which names file, line, field and rule.
"""
import json

import pytest

from newsprep.eval import validate_data
from newsprep.eval.data import dataset as data
from newsprep.eval.validate.pairs import consistency_problems, same_content_groups
from tests.conftest import edit_jsonl, rules

DUP = "data/duplicate_pairs.jsonl"
CHAIN, CONSISTENT = "same-content-chain-labelled", "same-content-consistent"


def numbered(pairs):
    return [(line, {"a": a, "b": b, "label": label}) for line, (a, b, label) in enumerate(pairs, 1)]


def found(pairs):
    return {(p.line, p.field, p.rule) for p in consistency_problems(numbered(pairs), DUP)}


def gold_rows():
    return list(enumerate(data.records("duplicate_pairs"), 1))


# --- the shipped gold ---------------------------------------------------------------------------

def test_gold_has_no_paraphrase_chain_without_a_label_between_its_ends():
    problems = [p for p in consistency_problems(gold_rows(), DUP) if p.rule == CHAIN]
    assert problems == []


def test_gold_has_no_segment_labelled_both_ways_against_one_claim():
    problems = [p for p in consistency_problems(gold_rows(), DUP) if p.rule == CONSISTENT]
    assert problems == []


def test_gold_same_content_groups_are_cliques():
    """The two checks together: every two segments of a same-content group are a same-content pair."""
    label = {(r["a"], r["b"]): r["label"] for r in data.records("duplicate_pairs")}
    groups = same_content_groups(gold_rows())
    assert len(groups) > 10 and max(map(len, groups)) >= 7   # the checks have something to check
    for group in groups:
        for i, x in enumerate(group):
            for z in group[i + 1:]:
                assert label.get((x, z)) in ("near_duplicate", "paraphrase"), (x, z)


def test_issue_examples_are_settled_by_the_main_claim_rule():
    """d000-s005's main claim is the route (its visit follows North Korea), its strategy clause a side clause."""
    label = {(r["a"], r["b"]): r["label"] for r in data.records("duplicate_pairs")}
    for other in ("d000-s016", "d001-s020"):
        assert label[("d000-s005", other)] == "related"
    for other in ("d001-s017", "d004-s003", "d004-s027"):
        assert label[("d000-s005", other)] == "paraphrase"


def test_every_recheck_record_says_what_it_changed():
    path = data.dataset_dir() / "annotation" / "duplicates.adjudication.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    recheck = [r for r in records if "recheck" in r]
    assert recheck
    for r in recheck:
        before = r["recheck"]
        assert set(before) == {"was_label", "was_score", "was_rationale", "was_adjudicated"}
        assert (before["was_label"], before["was_score"]) != (r["label"], r["score"])
        assert "main claim" in r["rationale"].lower() or "main-claim" in r["rationale"].lower() \
            or "side-clause" in r["rationale"].lower() or "hard call" in r["rationale"].lower()


# --- hand-made counterexamples --------------------------------------------------------------------

def test_chain_of_two_without_a_label_between_its_ends():
    assert found([("x", "y", "paraphrase"), ("y", "z", "paraphrase")]) == {(1, "b", CHAIN)}


def test_chain_is_checked_on_the_closure_not_one_step():
    # w ~ x ~ y ~ z: w / y and x / z are labelled, w / z (three steps apart) is not
    pairs = [("w", "x", "paraphrase"), ("x", "y", "paraphrase"), ("y", "z", "paraphrase"),
             ("w", "y", "paraphrase"), ("x", "z", "paraphrase")]
    assert found(pairs) == {(1, "b", CHAIN)}


def test_near_duplicates_count_as_same_content():
    assert found([("x", "y", "near_duplicate"), ("y", "z", "paraphrase")]) == {(1, "b", CHAIN)}


def test_related_pairs_make_no_chain():
    assert found([("x", "y", "related"), ("y", "z", "related")]) == set()
    assert found([("x", "y", "paraphrase"), ("y", "z", "related")]) == set()


def test_paraphrase_of_one_report_related_to_another():
    pairs = [("x", "y", "paraphrase"), ("y", "z", "paraphrase"), ("x", "z", "related")]
    assert found(pairs) == {(3, "label", CONSISTENT)}


def test_closed_consistent_group_passes():
    pairs = [("x", "y", "paraphrase"), ("x", "z", "paraphrase"), ("y", "z", "near_duplicate"), ("x", "u", "related")]
    assert found(pairs) == set()


def test_problem_names_the_chain():
    pairs = [("x", "y", "paraphrase"), ("y", "z", "paraphrase"), ("x", "z", "related")]
    (problem,) = consistency_problems(numbered(pairs), DUP)
    assert str(problem) == (f"{DUP}:3: label: {CONSISTENT} "
                            "(x / z is related, but the chain x ~ y ~ z makes them the same claim)")


# --- through the validator --------------------------------------------------------------------------

def line_of(root, a, b):
    lines = (root / DUP).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if json.loads(text)["a"] == a and json.loads(text)["b"] == b)


@pytest.mark.parametrize("a, b", [("d000-s005", "d004-s027"), ("d002-s022", "d004-s016")])
def test_validator_reports_a_paraphrase_turned_related(data_copy, a, b):
    line = line_of(data_copy, a, b)
    edit_jsonl(data_copy, DUP, line, lambda r: {**r, "label": "related", "score": 2.5})
    assert (DUP, line, "label", CONSISTENT) in rules(validate_data(data_copy))


def test_validator_reports_a_dropped_pair_inside_a_chain(data_copy):
    line = line_of(data_copy, "d000-s005", "d004-s027")
    edit_jsonl(data_copy, DUP, line, lambda r: "")
    problems = [p for p in validate_data(data_copy) if p.rule == CHAIN]
    assert problems and {(p.file, p.field) for p in problems} == {(DUP, "b")}
    assert all("d000-s005 / d004-s027 has no label" in p.detail for p in problems)
