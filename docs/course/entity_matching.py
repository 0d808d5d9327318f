"""The checker of the exercise entity-matching: ``count`` under strict and partial matching on hand-made cases
(the article's own boundary errors: "the Cold War", "Vietnam's Communist Party", "Thursday morning"), then on
the gold of every document against systematically wrong predictions, compared with the harness's
``metrics.entities`` schemes; ``f1`` against ``metrics.prf``.

>>> from newsprep.course.exercises import check, solution_path
>>> print(check("entity-matching", solution_path("entity-matching")))
PASS entity-matching: 31 checks passed
  on the gold with determiners kept, every 7th mention missed and every 5th retyped: strict F1 0.674, partial F1 0.872
"""
from __future__ import annotations

from dataclasses import asdict

from newsprep.course.boundaries import perturbed
from newsprep.course.student import Student
from newsprep.eval.data.dataset import documents, records
from newsprep.eval.metrics.entities import SCHEMES, SemEvalCounts
from newsprep.eval.metrics.prf import prf
from newsprep.eval.types import Mention

SCHEMES_ASKED = ("strict", "partial")
TEXT = "Vietnam's Communist Party hailed ties dating back to the Cold War era on Thursday morning."


def at(surface: str, type_: str, text: str = TEXT) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), type_)


# (what the case shows, gold, predictions, hint when the answer is wrong)
CASES = [
    ("same boundaries, same type", [at("Cold War", "EVENT")], [at("Cold War", "EVENT")], ""),
    ("'the Cold War' for the gold 'Cold War'", [at("Cold War", "EVENT")], [at("the Cold War", "EVENT")],
     "strict: overlapping is not enough (incorrect); partial: overlap without the same boundaries is partial"),
    ("same boundaries, another type", [at("Vietnam", "GPE")], [at("Vietnam", "NORP")],
     "strict needs the type; partial ignores it: the same boundaries are correct"),
    ("a boundary error and another type", [at("Cold War", "EVENT")], [at("the Cold War", "DATE")],
     "partial ignores the type: an overlap is partial whatever the types"),
    ("one prediction over two gold mentions", [at("Vietnam", "GPE"), at("Communist Party", "ORG")],
     [at("Vietnam's Communist Party", "ORG")], "a prediction takes one gold mention; the other is missed"),
    ("two predictions in one gold mention", [at("Thursday morning", "TIME")], [at("Thursday", "DATE"), at("morning", "TIME")],
     "the first prediction takes the gold mention; the second finds it taken and is spurious"),
    ("nothing in common", [at("Vietnam", "GPE")], [at("Thursday", "DATE")], "no overlap: one spurious, one missed"),
    ("two mentions, one right, one a boundary error", [at("Communist Party", "ORG"), at("Cold War", "EVENT")],
     [at("Communist Party", "ORG"), at("the Cold War", "EVENT")], ""),
    ("no gold, no predictions", [], [], ""),
]


def as_dict(value) -> dict:
    try:
        return {k: value[k] for k in ("correct", "incorrect", "partial", "missed", "spurious")}
    except (TypeError, KeyError, IndexError):
        return value


def check(student: Student) -> list[str]:
    """Run every case; raises ``CaseFailed`` at the first wrong one; returns the notes of the report."""
    for scheme in SCHEMES_ASKED:
        for what, gold, pred, hint in CASES:
            case = f"count(gold, pred, {scheme!r}): {what}: gold {gold}, pred {pred}"
            student.expect(case, as_dict(student.call("count", gold, pred, scheme, case=case)),
                           asdict(SCHEMES[scheme].count(gold, pred)), hint=hint)
    texts = {doc: d["text"] for doc, d in documents().items()}
    totals = {scheme: SemEvalCounts() for scheme in SCHEMES_ASKED}
    for record in records("entities"):
        gold = [Mention(m["start"], m["end"], m["type"]) for m in record["mentions"]]
        pred = perturbed(texts[record["doc"]], gold)
        for scheme in SCHEMES_ASKED:
            case = (f"count(gold of {record['doc']}, the gold with determiners kept, every 7th mention missed "
                    f"and every 5th retyped, {scheme!r})")
            expected = SCHEMES[scheme].count(gold, pred)
            student.expect(case, as_dict(student.call("count", gold, pred, scheme, case=case)), asdict(expected))
            totals[scheme] = totals[scheme] + expected
    scores = {}
    for scheme in SCHEMES_ASKED:
        counts = totals[scheme]
        case = f"f1({asdict(counts)}) (the {scheme} counts of all five documents)"
        scores[scheme] = prf(counts.counts()).f1
        student.expect(case, student.call("f1", asdict(counts), case=case), scores[scheme],
                       same=lambda got, want: isinstance(got, (int, float)) and abs(got - want) < 1e-9,
                       hint="a partial match earns half: (COR + PAR / 2) over ACTUAL and over POSSIBLE")
    case = "f1 of all-zero counts"
    student.expect(case, student.call("f1", asdict(SemEvalCounts()), case=case), 0.0,
                   hint="an empty denominator gives 0, not an error")
    return [f"on the gold with determiners kept, every 7th mention missed and every 5th retyped: "
            f"strict F1 {scores['strict']:.3f}, partial F1 {scores['partial']:.3f}"]
