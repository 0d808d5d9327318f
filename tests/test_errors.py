"""Problems and the exceptions that carry them (``newsprep.eval.errors``)."""
import pytest

from newsprep.eval.errors import (
    IN_MEMORY,
    MAX_PROBLEMS,
    InvalidInput,
    NewsPrepError,
    Problem,
    UnknownConfig,
    UsageError,
    stop_problem,
)


@pytest.mark.parametrize("problem, text", [
    (Problem("data/documents.jsonl", 3, "sha256", "checksum", "expected 6cd7"),
     "data/documents.jsonl:3: sha256: checksum (expected 6cd7)"),
    (Problem("data/documents.jsonl", 3, "sha256", "checksum"), "data/documents.jsonl:3: sha256: checksum"),
    (Problem("sub.jsonl", None, "-", "file-size", "9 bytes > limit 1"), "sub.jsonl: -: file-size (9 bytes > limit 1)"),
    (Problem("sub.jsonl", 0, "-", "bom"), "sub.jsonl:0: -: bom"),  # line 0 is a line, not a missing one
    # Records held in memory: "record N", or "records" for a problem of them all.
    (Problem(IN_MEMORY, 2, "mentions[0].end", "offset-in-range"), "record 2: mentions[0].end: offset-in-range"),
    (Problem(IN_MEMORY, 7, "doc", "known-document", "'d009' is not a document id"),
     "record 7: doc: known-document ('d009' is not a document id)"),
    (Problem(IN_MEMORY, None, "doc", "every-document", "entities: no record for d004"),
     "records: doc: every-document (entities: no record for d004)"),
])
def test_problem_str(problem, text):
    assert str(problem) == text


def test_in_memory_marker_is_not_a_file_name():
    assert IN_MEMORY == "<records>"
    assert str(Problem("records", 2, "doc", "x")) == "records:2: doc: x"  # a file really called "records"


def test_problem_is_frozen_and_compares_by_value():
    a, b = Problem("f", 1, "x", "r", "d"), Problem("f", 1, "x", "r", "d")
    assert a == b and len({a, b}) == 1
    assert a != Problem("f", 1, "x", "r")
    with pytest.raises(AttributeError):
        a.rule = "other"  # type: ignore[misc]


def test_stop_problem_names_the_limit():
    problem = stop_problem("sub.jsonl", 1002)
    assert (problem.file, problem.line, problem.field, problem.rule) == ("sub.jsonl", 1002, "-", "too-many-problems")
    assert f"stopped reading after {MAX_PROBLEMS} problems" in str(problem)


def test_invalid_input_keeps_every_problem_and_shows_fifty():
    problems = [Problem("f", i, "-", "json") for i in range(1, 61)]
    err = InvalidInput(iter(problems))  # any iterable; kept as a list
    assert err.problems == problems
    text = str(err)
    assert text.startswith("60 problem(s)\n  f:1: -: json\n")
    assert "f:50: -: json" in text and "f:51: -: json" not in text


def test_exception_hierarchy():
    for kind in (InvalidInput, UnknownConfig, UsageError):
        assert issubclass(kind, NewsPrepError)
    assert issubclass(NewsPrepError, Exception)
    assert not issubclass(UsageError, InvalidInput)
