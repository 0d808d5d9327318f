"""The boundary examples of docs/boundaries.md are found in the gold, and the schemes judge them as the
SemEval-2013 definitions say; exact and strict macro F1 agree for any system, micro F1 does not."""
from __future__ import annotations

from dataclasses import replace

import pytest

from newsprep.course import boundaries as bd
from newsprep.eval.types import Mention


def test_every_kind_of_error_is_found_in_the_articles():
    found = bd.examples()
    assert [e.title for e in found] == ["a determiner kept", "a title swallowed", "one character more: a comma",
                                        "a possessive kept", "two mentions merged", "one mention split",
                                        "right boundaries, another type"]
    for e in found:
        assert e.gold and e.predicted and all(e.text[m.start:m.end].strip() for m in e.gold + e.predicted)
        assert e.gold != e.predicted


def test_a_boundary_error_is_incorrect_for_strict_and_exact_and_half_for_partial():
    for e in bd.examples()[:4]:
        credit = bd.credit(e)
        assert [bd.verdict(credit[s]) for s in ("strict", "exact", "partial", "type")] == \
               ["incorrect", "incorrect", "partial", "correct"]
        assert bd.f1(credit["partial"]) == 0.5


def typed_org(text, gold):
    return [replace(m, type="ORG") if k % 3 == 0 else m for k, m in enumerate(gold)]


def shifted(text, gold):
    return [Mention(m.start, m.end + 1, m.type) if k % 4 == 0 else m for k, m in enumerate(gold)]


@pytest.mark.parametrize("system", [bd.perturbed, typed_org, shifted])
def test_exact_and_strict_macro_f1_are_equal_whatever_the_system(system):
    found = bd.averages(system)
    assert found.macro["exact"] == found.macro["strict"]
    if system is not shifted:
        assert found.micro["exact"] > found.micro["strict"]
