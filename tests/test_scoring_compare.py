"""Comparing two systems (``newsprep.eval.scoring.compare`` and ``newsprep.eval.compare``): the paired permutation test."""
import pytest

import newsprep.eval as npe
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.scoring.compare import Comparison, compare_submissions
from newsprep.eval.submission.model import Submission
from newsprep.eval.submission.read import read_submission
from newsprep.eval.types import Mention
from tests.submissions import gold_boilerplate_records, header, write

GOLD_ENTITIES = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]


def halved(records: list[dict], key: str) -> list[dict]:
    """A weaker system: every other span of each record dropped."""
    return [{**r, key: r[key][::2]} for r in records]


def test_records_and_files_give_identical_comparisons(tmp_path):
    weak, gold = halved(GOLD_ENTITIES, "mentions"), GOLD_ENTITIES
    weak_file = write(tmp_path / "weak.jsonl", [header(system="weak")] + weak)
    gold_file = write(tmp_path / "gold.jsonl", [header(system="gold")] + gold)
    from_records = npe.compare(weak, gold, resamples=200, seed=3)
    from_files = npe.compare(weak_file, gold_file, resamples=200, seed=3)
    mixed = npe.compare(weak, gold_file, resamples=200, seed=3)
    assert from_records == from_files == mixed  # every field of every Comparison, signatures included
    assert [(c.metric, c.average) for c in from_records] == [("strict", "micro"), ("partial", "micro"),
                                                             ("strict", "macro-docs")]
    assert all(isinstance(c, Comparison) for c in from_records)


def test_the_better_system_on_every_document_gets_the_smallest_p_value_five_documents_allow():
    rows = npe.compare(halved(GOLD_ENTITIES, "mentions"), GOLD_ENTITIES, resamples=200, seed=1)
    strict = next(c for c in rows if c.metric == "strict")
    assert strict.b == 1.0 and 0 < strict.a < 1
    assert strict.delta == pytest.approx(strict.b - strict.a)
    assert 0 < strict.low <= strict.delta <= strict.high
    # every one of the 2^5 swaps enumerated: only no swap and all swaps are as extreme, p = 2/32, never below
    assert strict.p_value == strict.p_min == 2 / 32 and strict.units == 5
    assert strict.p_holm == pytest.approx(min(1.0, 3 * 2 / 32))  # three metrics compared, all at the floor
    assert strict.signature.endswith("|test:perm-exact|ci:jackknife-t|unit:docs|seed:1")
    assert "|task:entities|view:all|metric:strict|avg:micro|" in strict.signature


def test_a_system_against_itself_differs_by_nothing():
    rows = npe.compare(GOLD_ENTITIES, GOLD_ENTITIES, resamples=50, seed=2)
    assert all((c.delta, c.low, c.high, c.p_value) == (0.0, 0.0, 0.0, 1.0) for c in rows)


def test_the_seed_changes_nothing_when_every_swap_is_enumerated():
    weak = halved(GOLD_ENTITIES, "mentions")
    first = npe.compare(weak, GOLD_ENTITIES, resamples=100, seed=5)
    other = npe.compare(weak, GOLD_ENTITIES, resamples=100, seed=6)
    assert [(c.delta, c.low, c.high, c.p_value) for c in other] == [(c.delta, c.low, c.high, c.p_value) for c in first]


def test_headline_metrics_of_each_shared_task(tmp_path):
    pairs = [{"task": "duplicates", "a": r["a"], "b": r["b"], "label": "different" if r["label"] == "related" else r["label"]}
             for r in npe.records("duplicate_pairs")]
    a = gold_boilerplate_records() + GOLD_ENTITIES + pairs
    b = halved(gold_boilerplate_records(), "spans") + pairs  # no entities: only boilerplate and duplicates are shared
    rows = npe.compare(a, b, resamples=20)
    assert [(c.task, c.view, c.metric, c.average) for c in rows] == [
        ("boilerplate", "all", "chars", "macro-docs"), ("boilerplate", "all", "chars", "micro"),
        ("boilerplate", "all", "content_tokens", "micro"),
        ("duplicates", "near_duplicate", "pairs", "micro"), ("duplicates", "same_content", "pairs", "micro")]
    assert all(c.signature.count("|unit:doc-pairs|") == (c.task == "duplicates") for c in rows)
    assert [c.units for c in rows] == [5, 5, 5, 15, 15]  # duplicates: the 10 pairs of documents and the 5 within one
    chars = rows[1]
    assert chars.a == 1.0 and chars.delta < 0


def test_no_shared_task_is_an_error(tmp_path):
    boilerplate = write(tmp_path / "b.jsonl", [header()] + gold_boilerplate_records())
    with pytest.raises(NewsPrepError, match=r"b\.jsonl and <records> share no task to compare"):
        npe.compare(boilerplate, GOLD_ENTITIES)


def test_an_invalid_side_is_refused_before_any_resampling():
    bad = [{"task": "entities", "doc": "d009", "mentions": []}]
    with pytest.raises(npe.InvalidInput, match="known-document"):
        npe.compare(GOLD_ENTITIES, bad)


def test_compare_submissions_refuses_what_no_reader_validated():
    sealed = read_submission(GOLD_ENTITIES)
    by_hand = Submission("-", "by-hand", npe.data_version(), predictions={"entities": {"d000": (Mention(0, 5, "PERSON"),)}})
    for a, b in ((by_hand, sealed), (sealed, by_hand)):
        with pytest.raises(NewsPrepError, match="'by-hand'.* was not validated"):
            compare_submissions(a, b, resamples=10)
