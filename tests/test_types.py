"""Span types (``newsprep.eval.types``): Span, Mention, PairPrediction, the labels, and the one ``overlaps`` rule."""
import dataclasses

import pytest

from newsprep.eval.types import (
    CATEGORIES,
    NAMED_TYPES,
    TASKS,
    TYPES,
    Mention,
    PairPrediction,
    Span,
    non_space_positions,
    overlap_problems,
    overlaps,
    span_problems,
)


@pytest.mark.parametrize("a, b, expected", [
    ((0, 5), (4, 9), True),  # share character 4
    ((0, 5), (5, 9), False),  # touch at 5: [0, 5) and [5, 9) share nothing
    ((5, 9), (0, 5), False),  # touching, the other way round
    ((0, 10), (3, 4), True),  # one inside the other
    ((3, 4), (0, 10), True),
    ((2, 6), (2, 6), True),  # the same span
    ((0, 3), (7, 9), False),  # apart
    ((0, 1), (0, 1), True),  # one character, the same
])
def test_overlaps_is_symmetric_and_touching_is_not_overlapping(a, b, expected):
    assert overlaps(Span(*a), Span(*b)) is expected
    assert overlaps(Span(*b), Span(*a)) is expected
    assert Span(*a).overlaps(Span(*b)) is expected
    assert Mention(*a, "PERSON").overlaps(Mention(*b, "GPE")) is expected


def test_overlaps_mixes_span_kinds():
    """The rule needs only ``start`` and ``end``: a Span against a Mention, either way round."""
    assert Span(0, 5, "sharing").overlaps(Mention(4, 9, "ORG"))
    assert Mention(4, 9, "ORG").overlaps(Span(0, 5))
    assert not Mention(0, 5, "ORG").overlaps(Span(5, 6))


def test_span_defaults_order_and_freezing():
    span = Span(10, 24)
    assert span.label == ""
    assert sorted([Span(5, 9), Span(0, 7, "z"), Span(0, 3, "a")]) == [Span(0, 3, "a"), Span(0, 7, "z"), Span(5, 9)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 3  # type: ignore[misc]
    assert {Span(1, 2, "x"), Span(1, 2, "x")} == {Span(1, 2, "x")}  # hashable, equal by value


def test_mention_defaults_and_order():
    assert Mention(0, 14, "PERSON").entity_id is None
    assert Mention(0, 14, "PERSON", "vladimir_putin") != Mention(0, 14, "PERSON")
    assert sorted([Mention(3, 5, "GPE"), Mention(0, 5, "ORG"), Mention(0, 5, "DATE")]) == \
        [Mention(0, 5, "DATE"), Mention(0, 5, "ORG"), Mention(3, 5, "GPE")]


def test_pair_prediction_fields():
    pair = PairPrediction("d000-s001", "d001-s004", "paraphrase", 0.82)
    assert (pair.a, pair.b, pair.label, pair.score) == ("d000-s001", "d001-s004", "paraphrase", 0.82)
    assert PairPrediction("d000-s001", "d001-s004", "different").score is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.label = "different"  # type: ignore[misc]


def test_labels():
    assert TASKS == ("boilerplate", "entities", "duplicates")
    assert len(TYPES) == 18 and len(set(TYPES)) == 18 and TYPES[0] == "PERSON"
    assert TYPES[:11] == NAMED_TYPES and "DATE" not in NAMED_TYPES and "LANGUAGE" in NAMED_TYPES
    assert "sharing" in CATEGORIES and len(set(CATEGORIES)) == len(CATEGORIES) == 7


TEXT = "Putin arrived in Hanoi.\n Next line "


@pytest.mark.parametrize("start, end, surface, kwargs, expected", [
    (17, 22, "Hanoi", {}, []),
    (17, 22, None, {}, []),
    (5, 5, None, {}, [("end", "offset-order", "start 5 >= end 5")]),
    (9, 3, None, {}, [("end", "offset-order", "start 9 >= end 3")]),
    (-1, 3, None, {}, [("start", "offset-in-range", "start -1 < 0")]),
    (17, 99, "Hanoi", {}, [("end", "offset-in-range", f"end 99 > len(text) {len(TEXT)}")]),
    (17, 22, "Hanol", {}, [("text", "surface-text", "text[17:22] is 'Hanoi', record says 'Hanol'")]),
    (16, 22, None, {}, [("start", "trimmed", "' Hanoi' has surrounding white space")]),
    (16, 22, None, {"trimmed": False}, []),
    (17, 34, None, {"single_line": True}, [("end", "single-line", "span [17, 34) crosses a line end")]),
    (17, 34, None, {}, []),
])
def test_span_problems(start, end, surface, kwargs, expected):
    assert list(span_problems(TEXT, start, end, surface, **kwargs)) == expected


def test_overlap_problems_order_and_overlap():
    assert list(overlap_problems([(0, 5), (5, 8), (9, 12)])) == []  # touching spans are fine
    assert list(overlap_problems([(0, 5), (3, 8)])) == [(1, "no-overlap", "[3, 8) overlaps [0, 5)")]
    assert list(overlap_problems([(4, 6), (0, 2)])) == [(1, "sorted", "start 0 < previous start 4")]


def test_non_space_positions():
    assert non_space_positions("a b\n c", 0, 6) == {0, 2, 5}
    assert non_space_positions("a b\n c", 1, 2) == set()
