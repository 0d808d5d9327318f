"""Same content is not transitive (guidelines, Part 4, "What is judged" and "Chains").

Pairs are judged one by one. A chain of two same-content pairs (``near_duplicate`` or ``paraphrase``),
x ~ y ~ z, whose ends x / z are ``related`` or not listed is not an error: ``chain_warnings`` lists it as a
warning for a person to look at (``chain-ends-related``, ``chain-ends-unlisted``), and ``validate_data``
passes. Checked on hand-made chains, on the shipped gold and through ``validate_data`` on a copy whose
chain ends are made different.
"""
import json

from newsprep.eval import validate_data
from newsprep.eval.data import dataset as data
from newsprep.eval.validate.dataset import data_warnings
from newsprep.eval.validate.pairs import chain_warnings, same_content_groups
from tests.conftest import edit_jsonl

DUP = "data/duplicate_pairs.jsonl"
RELATED, UNLISTED = "chain-ends-related", "chain-ends-unlisted"


def numbered(pairs):
    return [(line, {"a": a, "b": b, "label": label}) for line, (a, b, label) in enumerate(pairs, 1)]


def found(pairs):
    return {(p.line, p.field, p.rule) for p in chain_warnings(numbered(pairs), DUP)}


def gold_label():
    return {(r["a"], r["b"]): r["label"] for r in data.records("duplicate_pairs")}


# --- hand-made chains -------------------------------------------------------------------------------

def test_chain_with_unlisted_ends_is_a_warning():
    assert found([("x", "y", "paraphrase"), ("y", "z", "paraphrase")]) == {(1, "b", UNLISTED)}


def test_chain_with_related_ends_is_a_warning_on_the_related_pair():
    pairs = [("x", "y", "paraphrase"), ("y", "z", "paraphrase"), ("x", "z", "related")]
    assert found(pairs) == {(3, "label", RELATED)}


def test_near_duplicates_count_as_same_content():
    assert found([("x", "y", "near_duplicate"), ("y", "z", "paraphrase")]) == {(1, "b", UNLISTED)}


def test_related_pairs_make_no_chain():
    assert found([("x", "y", "related"), ("y", "z", "related")]) == set()
    assert found([("x", "y", "paraphrase"), ("y", "z", "related")]) == set()


def test_closed_group_gives_no_warning():
    pairs = [("x", "y", "paraphrase"), ("x", "z", "paraphrase"), ("y", "z", "near_duplicate"), ("x", "u", "related")]
    assert found(pairs) == set()


def test_each_pair_of_ends_is_reported_once():
    # x ~ y ~ z and x ~ w ~ z: one warning for x / z, with the first segment that joins them
    pairs = [("x", "y", "paraphrase"), ("y", "z", "paraphrase"), ("w", "x", "paraphrase"), ("w", "z", "paraphrase")]
    warnings = list(chain_warnings(numbered(pairs), DUP))
    assert [(w.rule, w.detail.split(",")[0]) for w in warnings] == [(UNLISTED, "w / y is not listed"),
                                                                   (UNLISTED, "x / z is not listed")]
    assert "chain x ~ w ~ z" in warnings[1].detail


def test_warning_names_the_chain():
    pairs = [("x", "y", "paraphrase"), ("y", "z", "paraphrase"), ("x", "z", "related")]
    (warning,) = chain_warnings(numbered(pairs), DUP)
    assert str(warning) == (f"{DUP}:3: label: {RELATED} (x / z is related, joined by the same-content chain "
                            "x ~ y ~ z; a person should check that the labels hold)")


# --- the shipped gold -----------------------------------------------------------------------------------

def test_gold_is_valid_and_its_chains_are_warnings():
    assert validate_data() == []
    warnings = data_warnings()
    assert {w.rule for w in warnings} == {RELATED, UNLISTED}
    assert all(w.file == DUP for w in warnings)


def test_gold_counts_of_chain_warnings_match_guidelines():
    import re

    guide = " ".join((data.dataset_dir() / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8").split())
    warnings = data_warnings()
    related = sum(w.rule == RELATED for w in warnings)
    unlisted = sum(w.rule == UNLISTED for w in warnings)
    stated = re.search(r"there are (\d+): (\d+) with `related` ends and (\d+) with unlisted ends", guide)
    assert stated and tuple(map(int, stated.groups())) == (len(warnings), related, unlisted)


def test_gold_keeps_a_segment_that_is_a_paraphrase_of_two_different_statements():
    """The headline d000-s001 reports the arrival and the welcome: a paraphrase of both, which are not a same-content pair."""
    label = gold_label()
    assert label[("d000-s001", "d000-s004")] == label[("d000-s001", "d000-s006")] == "paraphrase"
    assert label.get(("d000-s004", "d000-s006"), "unrelated") not in ("near_duplicate", "paraphrase")


def test_gold_same_content_groups_are_not_all_cliques():
    label = gold_label()
    groups = same_content_groups(list(enumerate(data.records("duplicate_pairs"), 1)))
    open_groups = [g for g in groups if any(label.get((x, z)) not in ("near_duplicate", "paraphrase")
                                            for i, x in enumerate(g) for z in g[i + 1:])]
    assert open_groups  # chains are not closed by rule


def test_every_rejudge_record_says_what_it_changed_and_why():
    path = data.dataset_dir() / "annotation" / "duplicates.adjudication.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {r["release"] for r in records} == {"0.4.0", "0.5.0", "0.6.0"}
    for r in records:
        if r["release"] == "0.5.0":
            assert set(r["recheck"]) == {"was_label", "was_score", "was_rationale", "was_adjudicated"}
        if r["release"] == "0.6.0":
            before = r["rejudge"]
            assert set(before) == {"was_label", "was_score", "was_rationale", "blind_a", "blind_b", "decided_by", "reason"}
            assert before["decided_by"] in ("blind passes agree", "adjudication", "score band")
            assert before["reason"]
            assert ((before["was_label"], before["was_score"], before["was_rationale"]) != (r["label"], r["score"], r["rationale"])
                    or before["decided_by"] == "adjudication")


def test_no_hard_call_settles_a_pair_by_transitivity():
    guide = (data.dataset_dir() / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8")
    part4 = guide[guide.index("### Hard calls", guide.index("## Part 4")):guide.index("### Chains")]
    for phrase in ("transitiv", "main claim per segment", "close the chain", "closes the chain", "one chain"):
        assert phrase not in part4.lower(), phrase


# --- through the validator --------------------------------------------------------------------------

def line_of(root, a, b):
    lines = (root / DUP).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if json.loads(text)["a"] == a and json.loads(text)["b"] == b)


def test_chain_with_different_ends_passes_validate_data_with_a_warning(data_copy):
    """Make d000-s005 / d000-s016 a paraphrase: new chains through it whose ends are related or unlisted appear
    as warnings, and the edited data (document pairs derived again) still passes ``validate_data``."""
    from newsprep.eval.data.pairs import document_pairs
    from tests.conftest import rebuild_metadata

    line = line_of(data_copy, "d000-s005", "d000-s016")
    edit_jsonl(data_copy, DUP, line, lambda r: {**r, "label": "related", "score": 2.5}, remanifest=False)
    rows = [json.loads(text) for text in (data_copy / DUP).read_text(encoding="utf-8").splitlines()]
    segments = data.records("segments", root=data_copy)
    (data_copy / "data/document_pairs.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in document_pairs(segments, rows)), encoding="utf-8")
    rebuild_metadata(data_copy)
    assert validate_data(data_copy) == []
    new = {str(w) for w in data_warnings(data_copy)} - {str(w) for w in data_warnings()}
    assert any(f"{DUP}:{line}: label: {RELATED} (d000-s005 / d000-s016 is related" in w for w in new)


def test_validate_data_counts_the_chain_warnings_and_lists_them_on_request():
    from tests.conftest import run_cli

    quiet = run_cli("validate-data")
    assert quiet.code == 0 and "OK" in quiet.out
    assert f"{len(data_warnings())} warning(s) for a person to look at, not errors" in quiet.err
    assert "chain-ends-" not in quiet.err
    listed = run_cli("validate-data", "--warnings")
    assert listed.code == 0
    assert sum(line.startswith("warning: ") for line in listed.err.splitlines()) == len(data_warnings())
