"""The submission model (``newsprep.eval.submission.model``): tasks, the validation seal, version matching."""
import dataclasses

import pytest

import newsprep.eval as npe
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.submission import engine
from newsprep.eval.submission.model import Submission, SubmissionIndex, mark_validated, require_validated, same_minor
from newsprep.eval.submission.read import read_submission
from newsprep.eval.types import Mention, PairPrediction, Span
from tests.submissions import gold_boilerplate_records, header, write


def test_tasks_in_registry_order_whatever_the_order_given():
    sub = Submission("-", "x", "0.4.2", predictions={"duplicates": {}, "boilerplate": {"d000": (Span(0, 3),)}})
    assert sub.tasks == ("boilerplate", "duplicates")  # an empty task still counts: it was given
    assert Submission("-", "x", "0.4.2").tasks == ()
    assert sub.boilerplate == {"d000": (Span(0, 3),)} and sub.entities is None  # a task's predictions by its name
    with pytest.raises(AttributeError):
        sub.not_a_task  # noqa: B018
    assert Submission("-", "x", "0.4.2", predictions={"entities": {}, "boilerplate": {}, "duplicates": {}}).tasks == npe.TASKS


def test_only_a_reader_seals_a_submission(tmp_path):
    by_hand = Submission("-", "by-hand", "0.4.2", predictions={"entities": {"d000": (Mention(0, 5, "PERSON"),)}})
    assert not by_hand.validated
    assert not dataclasses.replace(by_hand, proof=object()).validated  # a look-alike proof is not the seal
    read = read_submission(write(tmp_path / "s.jsonl", [header()] + gold_boilerplate_records()))
    assert read.validated and read.path == str(tmp_path / "s.jsonl")


def test_the_seal_does_not_change_equality():
    sub = Submission("-", "x", "0.4.2", predictions={"entities": {"d000": ()}})
    sealed = mark_validated(sub)
    assert sealed.validated and not sub.validated
    assert sealed == sub


def test_require_validated_refuses_hand_built_and_passes_read_ones():
    by_hand = Submission("p.jsonl", "by-hand", "0.4.2", predictions={"duplicates": {("a", "b"): PairPrediction("a", "b", "paraphrase")}})
    with pytest.raises(NewsPrepError, match=r"submission 'p\.jsonl' \('by-hand'\) was not validated: build it with "
                                            r"read_submission"):
        require_validated(by_hand)
    require_validated(mark_validated(by_hand))  # no error
    index = SubmissionIndex("p.jsonl", "idx", "0.4.2", offsets={"entities": {}})
    with pytest.raises(NewsPrepError, match="was not validated"):
        require_validated(index)


def test_index_tasks_and_seal(tmp_path):
    assert SubmissionIndex("-", "x", "0.4.2", ordered=("entities",)).tasks == ("entities",)
    assert SubmissionIndex("-", "x", "0.4.2", offsets={"boilerplate": {}}, whole={"duplicates": {}}).tasks == ("boilerplate", "duplicates")
    assert SubmissionIndex("-", "x", "0.4.2").tasks == ()
    index = engine.read(write(tmp_path / "s.jsonl", [header()] + gold_boilerplate_records()), count=False).index
    assert index.validated and index.tasks == ("boilerplate",)


@pytest.mark.parametrize("a, b, same", [
    ("0.4.1", "0.4.2", True), ("0.4.2", "0.4.2", True), ("0.3.9", "0.4.2", False), ("1.4.2", "0.4.2", False),
    ("0.40.0", "0.4.0", False),
])
def test_same_minor(a, b, same):
    assert same_minor(a, b) is same
