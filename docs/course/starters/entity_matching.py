"""Exercise entity-matching (entities, medium): strict and partial matching, from the SemEval-2013 definitions.

A system's mentions rarely have the gold boundaries: "the Cold War" for the
gold "Cold War", "Vietnam's Communist Party" for "Vietnam" and "Communist
Party". SemEval-2013 (task 9.1) judges each predicted mention against the gold
mentions of its document, under several schemes. Implement two of them.

- strict: a prediction is correct (COR) when a gold mention has the same
  start, end and type, and incorrect (INC) when it overlaps a gold mention
  without being correct;
- partial: a prediction is correct (COR) when a gold mention has the same
  start and end, whatever the types, and partial (PAR) when it only overlaps one.

Under both, a prediction that overlaps no gold mention is spurious (SPU) and a
gold mention that no prediction takes is missed (MIS). Two mentions overlap
when they share a character (``[0, 5)`` and ``[5, 9)`` only touch).

Matching: go through the predictions in order of ``(start, end)``; each takes
one gold mention that no earlier prediction took: the first with which it is
correct if there is one, else the first it overlaps. A prediction that can
take none is spurious.

Scores: POSSIBLE = COR + INC + PAR + MIS, ACTUAL = COR + INC + PAR + SPU;
precision = (COR + PAR / 2) / ACTUAL, recall = (COR + PAR / 2) / POSSIBLE (a
partial match earns half), F1 their harmonic mean, and 0 where a denominator
is 0.

Write two functions; mentions are ``npe.Mention(start, end, type)``.

1. ``count(gold, pred, scheme)``, ``scheme`` being ``"strict"`` or
   ``"partial"``: a dict with the keys ``correct``, ``incorrect``,
   ``partial``, ``missed`` and ``spurious``.
2. ``f1(counts)``: the F1 of such a dict.

Run this file to try them; check them with

    newsprep exercise check entity-matching entity_matching.py
"""
import newsprep.eval as npe


def count(gold: list[npe.Mention], pred: list[npe.Mention], scheme: str) -> dict[str, int]:
    """COR, INC, PAR, MIS and SPU of the predictions against the gold, under "strict" or "partial"."""
    raise NotImplementedError("count: your code here")


def f1(counts: dict[str, int]) -> float:
    """F1 from the five counts; a partial match earns half."""
    raise NotImplementedError("f1: your code here")


if __name__ == "__main__":
    text = "ties dating back to the Cold War era"
    gold = [npe.Mention(text.index("Cold War"), text.index(" era"), "EVENT")]
    pred = [npe.Mention(text.index("the Cold War"), text.index(" era"), "EVENT")]
    for scheme in ("strict", "partial"):
        found = count(gold, pred, scheme)
        print(scheme, found, f1(found))
