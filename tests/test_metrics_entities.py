"""Entity metrics (``newsprep.eval.metrics.entities``, counted by ``entity_arrays``) checked four ways, each
on the implementation and on the readable definition (``tests.oracle.entities``, the ``Scheme`` classes).

1. Against seqeval (strict mode, IOB2): on token-aligned spans the Strict
   scheme's micro precision, recall and F1 must be seqeval's.
2. Against nervaluate: on arbitrary character spans, the four SemEval-2013
   schemes must give nervaluate's counts and scores, overall and per type.
3. On small examples worked out by hand in the comments.
4. Against the definition, on random documents with and without overlaps.
"""
import warnings
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator
from seqeval.metrics import f1_score, precision_score, recall_score
from seqeval.scheme import IOB2

from newsprep.eval.metrics import entities
from newsprep.eval.metrics import entity_arrays as ea
from newsprep.eval.metrics.entities import SemEvalCounts, document_counts
from newsprep.eval.metrics.prf import Counts, prf
from newsprep.eval.types import Mention
from tests.oracle import entities as oracle
from tests.oracle.entities import Exact, Partial, Scheme, Strict, Type, confusion, entity_id_counts

TYPES = ("PERSON", "ORG", "GPE")
# The definition's scheme objects under nervaluate's names.
SCHEMES = {"strict": Strict(), "exact": Exact(), "partial": Partial(), "ent_type": Type()}
OURS_NAME = {"strict": "strict", "exact": "exact", "partial": "partial", "ent_type": "type"}


def non_overlapping(raw):
    """Keep, in start order, the (start, end, type) triples that do not overlap one already kept."""
    kept = []
    for start, end, t in sorted(raw):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, t))
    return kept


def counts_tuple(c: SemEvalCounts):
    return (c.correct, c.incorrect, c.partial, c.missed, c.spurious)


# --------------------------------------------------------------------------- 1. seqeval

@st.composite
def tagged_sentence(draw):
    """A sentence of 1-40 tokens with non-overlapping, token-aligned gold and predicted entities.

    Entities are (first token, end token exclusive, type); token i covers chars [2i, 2i+1).
    """
    n = draw(st.integers(1, 40))

    def entities():
        raw = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 5), st.sampled_from(TYPES)), max_size=8))
        return non_overlapping([(s, min(n, s + length), t) for s, length, t in raw])

    return n, entities(), entities()


def iob2(n, entities):
    tags = ["O"] * n
    for s, e, t in entities:
        tags[s] = f"B-{t}"
        for i in range(s + 1, e):
            tags[i] = f"I-{t}"
    return tags


def token_mentions(entities):
    # Tokens s..e-1 cover chars [2s, 2(e-1)+1) = [2s, 2e-1).
    return [Mention(2 * s, 2 * e - 1, t) for s, e, t in entities]


@settings(max_examples=200, deadline=None)
@given(st.lists(tagged_sentence(), min_size=1, max_size=5))
def test_strict_micro_scores_equal_seqeval_strict_iob2(sentences):
    """Strict micro P/R/F1 summed over sentences equals seqeval's strict-mode IOB2 scores.

    seqeval warns and returns 0 when a denominator is empty; ``prf`` returns 0 there too.
    """
    y_true = [iob2(n, g) for n, g, _ in sentences]
    y_pred = [iob2(n, p) for n, _, p in sentences]
    total = defined = SemEvalCounts()
    for _, g, p in sentences:
        total = total + document_counts(token_mentions(g), token_mentions(p))["strict"]
        defined = defined + Strict().count(token_mentions(g), token_mentions(p))
    assert total == defined
    ours = prf(total.counts())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # UndefinedMetricWarning for empty denominators
        kw = dict(mode="strict", scheme=IOB2)
        assert ours.precision == pytest.approx(precision_score(y_true, y_pred, **kw))
        assert ours.recall == pytest.approx(recall_score(y_true, y_pred, **kw))
        assert ours.f1 == pytest.approx(f1_score(y_true, y_pred, **kw))


# --------------------------------------------------------------------------- 2. nervaluate

def char_mentions(max_len):
    """Non-overlapping mentions at arbitrary character offsets in [0, 60), up to ``max_len`` long.

    Built left to right from (gap 0-4, length, type) steps, so mentions are dense and
    often adjacent, and predictions overlap gold mentions in many ways.
    """
    def build(steps):
        out, pos = [], 0
        for gap, length, t in steps:
            start = pos + gap
            if start >= 60:
                break
            pos = min(60, start + length)
            out.append(Mention(start, pos, t))
        return out

    step = st.tuples(st.integers(0, 4), st.integers(1, max_len), st.sampled_from(TYPES))
    return st.lists(step, max_size=10).map(build)


# Predictions may be longer than gold mentions, so that one prediction often overlaps
# several gold mentions: the case where the greedy choices of the schemes matter.
gold_mentions, pred_mentions = char_mentions(8), char_mentions(16)


def to_nervaluate(mentions):
    """nervaluate's dict format: inclusive end, sorted by (start, end)."""
    return [{"label": m.type, "start": m.start, "end": m.end - 1} for m in sorted(mentions, key=lambda m: (m.start, m.end))]


def nervaluate_results(docs):
    true = [to_nervaluate(g) for g, _ in docs]
    pred = [to_nervaluate(p) for _, p in docs]
    # loader="dict" rather than "default": the default loader infers the format from
    # true[0][0] and raises IndexError when the first gold document is empty.
    return Evaluator(true, pred, tags=list(TYPES), loader="dict").evaluate()


def assert_same(ours: SemEvalCounts, theirs, where: str):
    assert counts_tuple(ours) == (theirs.correct, theirs.incorrect, theirs.partial, theirs.missed, theirs.spurious), where
    scores = prf(ours.counts())
    assert scores.precision == pytest.approx(theirs.precision), where
    assert scores.recall == pytest.approx(theirs.recall), where
    assert scores.f1 == pytest.approx(theirs.f1), where


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(gold_mentions, pred_mentions), min_size=1, max_size=4))
def test_four_schemes_equal_nervaluate_overall_and_per_type(docs):
    """All four schemes, summed over documents, give nervaluate's counts and P/R/F1, overall and per type."""
    results = nervaluate_results(docs)
    per_doc = [document_counts(g, p) for g, p in docs]
    assert per_doc == [oracle.document_counts(g, p) for g, p in docs]
    for scheme, name in OURS_NAME.items():
        overall = sum((c[name] for c in per_doc), SemEvalCounts())
        assert_same(overall, results["overall"][scheme], scheme)
        for t in TYPES:
            ours = sum((c.get(f"{name}:{t}", SemEvalCounts()) for c in per_doc), SemEvalCounts())
            if t in results["entities"]:
                assert_same(ours, results["entities"][t][scheme], f"{scheme}:{t}")
            else:  # nervaluate lists only the types that occur somewhere
                assert ours == SemEvalCounts()


def test_difference_nervaluate_ignores_overlap_below_one_percent_of_gold():
    """Pinned convention difference: nervaluate needs the overlap to cover >= 1 % of the gold span.

    nervaluate's ``min_overlap_percentage`` defaults to 1 (and cannot go lower), so a
    one-character overlap with a 200-character gold mention (0.5 %) is no overlap
    there: the prediction is spurious and the gold missed. Ours counts any shared
    character as overlap, so the Type scheme calls it correct. The random test
    above keeps spans short (<= 16 chars), where any overlap is >= 1 %.
    """
    gold, pred = [Mention(0, 200, "PERSON")], [Mention(199, 205, "PERSON")]
    theirs = nervaluate_results([(gold, pred)])["overall"]["ent_type"]
    assert (theirs.correct, theirs.missed, theirs.spurious) == (0, 1, 1)
    assert Type().count(gold, pred) == entities.SCHEMES["type"].count(gold, pred) == SemEvalCounts(correct=1)
    assert Partial().count(gold, pred) == entities.SCHEMES["partial"].count(gold, pred) == SemEvalCounts(partial=1)


# --------------------------------------------------------------------------- 3. by hand

def all_schemes(gold, pred):
    return {name: s.count(gold, pred) for name, s in SCHEMES.items()}


def C(cor=0, inc=0, par=0, mis=0, spu=0):
    return SemEvalCounts(cor, inc, par, mis, spu)


HAND_CASES = {
    # gold [0,5) PERSON, pred identical: correct everywhere; every F1 is 1.
    "exact match": (
        [Mention(0, 5, "PERSON")], [Mention(0, 5, "PERSON")],
        dict(strict=C(cor=1), exact=C(cor=1), partial=C(cor=1), ent_type=C(cor=1)), 1.0),
    # Same span, wrong type: strict and type are incorrect; exact and partial ignore the
    # type, so for them it is correct.
    # Partial: hits 1, possible 1, actual 1 -> F1 1.
    "wrong type": (
        [Mention(0, 5, "PERSON")], [Mention(0, 5, "ORG")],
        dict(strict=C(inc=1), exact=C(cor=1), partial=C(cor=1), ent_type=C(inc=1)), 1.0),
    # gold [0,10) ORG, pred [0,6) ORG: boundaries differ -> strict/exact incorrect,
    # partial ½ credit (P = R = 0.5/1, F1 0.5), type correct (overlap, same type).
    "boundary overlap, same type": (
        [Mention(0, 10, "ORG")], [Mention(0, 6, "ORG")],
        dict(strict=C(inc=1), exact=C(inc=1), partial=C(par=1), ent_type=C(cor=1)), 0.5),
    # gold [3,9) GPE, pred [5,12) PERSON: overlap with another type -> incorrect for
    # type too; partial ignores type: ½ credit, F1 0.5.
    "overlap, different type": (
        [Mention(3, 9, "GPE")], [Mention(5, 12, "PERSON")],
        dict(strict=C(inc=1), exact=C(inc=1), partial=C(par=1), ent_type=C(inc=1)), 0.5),
    # gold [0,5) PERSON and [10,15) GPE, only the first predicted: 1 correct, 1 missed.
    # Partial: P = 1/1, R = 1/2, F1 = 2/3.
    "missed": (
        [Mention(0, 5, "PERSON"), Mention(10, 15, "GPE")], [Mention(0, 5, "PERSON")],
        dict(strict=C(cor=1, mis=1), exact=C(cor=1, mis=1), partial=C(cor=1, mis=1), ent_type=C(cor=1, mis=1)),
        2 / 3),
    # One gold, a correct prediction and one at [20,25) touching nothing: spurious.
    # Partial: P = 1/2, R = 1/1, F1 = 2/3.
    "spurious": (
        [Mention(0, 5, "PERSON")], [Mention(0, 5, "PERSON"), Mention(20, 25, "ORG")],
        dict(strict=C(cor=1, spu=1), exact=C(cor=1, spu=1), partial=C(cor=1, spu=1), ent_type=C(cor=1, spu=1)),
        2 / 3),
    # One prediction [0,10) PERSON covering gold [0,5) and [6,10) PERSON. A prediction
    # takes one gold mention only. strict/exact/partial take the first overlapping
    # one, type the closest (distance 0+5 = 5 against 6+0 = 6, i.e. also [0,5)).
    # The other gold is missed. Partial: hits 0.5, P = 0.5/1, R = 0.5/2, F1 = 1/3.
    "one prediction covering two gold": (
        [Mention(0, 5, "PERSON"), Mention(6, 10, "PERSON")], [Mention(0, 10, "PERSON")],
        dict(strict=C(inc=1, mis=1), exact=C(inc=1, mis=1), partial=C(par=1, mis=1), ent_type=C(cor=1, mis=1)),
        1 / 3),
    # Type picks the closest boundaries, not the first: pred [2,12) PERSON overlaps
    # gold [0,4) (distance 2+8 = 10) and [5,12) (distance 3+0 = 3) -> takes [5,12);
    # [0,4) is missed. Partial takes the first, [0,4).
    "type prefers closest boundaries": (
        [Mention(0, 4, "PERSON"), Mention(5, 12, "PERSON")], [Mention(2, 12, "PERSON")],
        dict(strict=C(inc=1, mis=1), exact=C(inc=1, mis=1), partial=C(par=1, mis=1), ent_type=C(cor=1, mis=1)),
        1 / 3),
    # Matching is greedy and a taken gold mention is gone. pred [2,10) PERSON overlaps
    # gold [0,4) (distance 2+6 = 8) and [5,12) (3+2 = 5): Type takes [5,12), so the next
    # prediction [11,14) PERSON finds nothing free (spurious) and [0,4) is missed.
    # strict/exact/partial take the first gold, [0,4), leaving [5,12) to [11,14).
    # Partial: hits 1 (two halves), P = 1/2, R = 1/2, F1 = 0.5.
    "greedy: a taken gold mention is gone": (
        [Mention(0, 4, "PERSON"), Mention(5, 12, "PERSON")], [Mention(2, 10, "PERSON"), Mention(11, 14, "PERSON")],
        dict(strict=C(inc=2), exact=C(inc=2), partial=C(par=2), ent_type=C(cor=1, mis=1, spu=1)), 0.5),
}


@pytest.mark.parametrize("case", HAND_CASES)
def test_hand_computed_counts_and_partial_f1(case):
    """Counts of all four schemes and the partial-credit F1 of small examples worked out by hand."""
    gold, pred, expected, partial_f1 = HAND_CASES[case]
    assert all_schemes(gold, pred) == expected
    assert {name: document_counts(gold, pred)[OURS_NAME[name]] for name in SCHEMES} == expected
    assert prf(Partial().count(gold, pred).counts()).f1 == pytest.approx(partial_f1)
    assert prf(entities.SCHEMES["partial"].count(gold, pred).counts()).f1 == pytest.approx(partial_f1)


@pytest.mark.parametrize("case", HAND_CASES)
def test_hand_computed_counts_agree_with_nervaluate(case):
    """The hand-computed expectations above are also nervaluate's (a check on the hand work)."""
    gold, pred, expected, _ = HAND_CASES[case]
    overall = nervaluate_results([(gold, pred)])["overall"]
    for scheme, counts in expected.items():
        r = overall[scheme]
        assert counts_tuple(counts) == (r.correct, r.incorrect, r.partial, r.missed, r.spurious), scheme


@settings(max_examples=200, deadline=None)
@given(gold_mentions, pred_mentions, st.randoms(use_true_random=False))
def test_counts_do_not_depend_on_input_order(gold, pred, rnd):
    """Shuffling the gold and predicted lists gives identical counts for every key of document_counts."""
    g2, p2 = list(gold), list(pred)
    rnd.shuffle(g2)
    rnd.shuffle(p2)
    assert document_counts(g2, p2) == document_counts(gold, pred)


def test_perfect_prediction_scores_one_and_empty_prediction_zero():
    """Every scheme: predicting the gold itself gives F1 1; predicting nothing misses all 3 and gives 0."""
    gold = [Mention(0, 5, "PERSON"), Mention(7, 12, "ORG"), Mention(20, 31, "GPE")]
    for name, scheme in (*SCHEMES.items(), *entities.SCHEMES.items()):
        assert prf(scheme.count(gold, list(gold)).counts()).f1 == 1.0, name
        empty = scheme.count(gold, [])
        assert empty == C(mis=3), name
        assert prf(empty.counts()).f1 == 0.0


def test_per_type_counts_split_a_wrong_type_into_missed_and_spurious():
    """Per type, a right span with a wrong type is a miss for the gold type and spurious for the predicted one."""
    for counts in (document_counts([Mention(0, 5, "PERSON")], [Mention(0, 5, "ORG")]),
                   oracle.document_counts([Mention(0, 5, "PERSON")], [Mention(0, 5, "ORG")])):
        assert counts["strict"] == C(inc=1)
        assert counts["strict:PERSON"] == C(mis=1)
        assert counts["strict:ORG"] == C(spu=1)
        assert "strict:GPE" not in counts


def test_entity_id_counts_by_hand():
    """Named gold mentions whose same-span prediction carries the same id.

    gold: [0,5) id Q1, [6,10) id Q2, [12,15) no id, [20,25) id Q3
    pred: [0,5) Q1 (hit), [6,10) Q9 (wrong id), [12,15) Q4 (gold unnamed, ignored),
          [20,24) Q3 (other span: no hit), [30,35) no id
    -> hits 1, named gold 3, predictions with an id 4.
    """
    gold = [Mention(0, 5, "PERSON", "Q1"), Mention(6, 10, "ORG", "Q2"), Mention(12, 15, "GPE"),
            Mention(20, 25, "GPE", "Q3")]
    pred = [Mention(0, 5, "PERSON", "Q1"), Mention(6, 10, "ORG", "Q9"), Mention(12, 15, "GPE", "Q4"),
            Mention(20, 24, "GPE", "Q3"), Mention(30, 35, "ORG")]
    assert entity_id_counts(gold, pred) == Counts(1, 1, 4, 3)
    assert prf(entity_id_counts(gold, pred)).recall == pytest.approx(1 / 3)
    ids = {None: -1, "Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4, "Q9": 9}
    g_cols, p_cols = (columns(ms, entity=[ids[m.entity_id] for m in ms]) for ms in (gold, pred))
    assert ea.entity_id_counts(g_cols, p_cols, docs=1).tolist() == [[1, 1, 4, 3]]


def test_confusion_by_hand():
    """(gold type, predicted type) for identical boundaries, "-" for missed or spurious.

    gold: [0,5) PERSON, [6,10) ORG, [12,15) GPE, [20,25) PERSON
    pred: [0,5) PERSON, [6,10) GPE, [12,14) GPE, [20,25) PERSON, [30,33) ORG
    """
    gold = [Mention(0, 5, "PERSON"), Mention(6, 10, "ORG"), Mention(12, 15, "GPE"), Mention(20, 25, "PERSON")]
    pred = [Mention(0, 5, "PERSON"), Mention(6, 10, "GPE"), Mention(12, 14, "GPE"), Mention(20, 25, "PERSON"),
            Mention(30, 33, "ORG")]
    expected = Counter({
        ("PERSON", "PERSON"): 2,
        ("ORG", "GPE"): 1,
        ("GPE", "-"): 1,   # [12,15) has no prediction with the same boundaries
        ("-", "GPE"): 1,   # [12,14)
        ("-", "ORG"): 1,   # [30,33)
    })
    assert confusion(gold, pred) == expected
    assert ea.confusion(columns(gold), columns(pred), TYPES) == expected


def columns(mentions, entity=None):
    """One document's mentions as ``entity_arrays`` columns, types numbered in ``TYPES``."""
    return ea.MentionColumns.of([0] * len(mentions), [m.start for m in mentions], [m.end for m in mentions],
                                [TYPES.index(m.type) for m in mentions], entity)


# --------------------------------------------------------------------------- 4. against the definition

@settings(max_examples=400, deadline=None)
@given(gold_mentions, pred_mentions)
def test_counts_without_overlaps_equal_the_greedy_definition(gold, pred):
    """``document_counts`` runs the arrays (one-to-one), or the greedy routine of ``entity_arrays`` when a gold
    mention overlaps two predictions; both must give the definition's counts, scheme by scheme."""
    assert document_counts(gold, pred) == oracle.document_counts(gold, pred)
    by_name = {OURS_NAME[k]: v.count(gold, pred) for k, v in SCHEMES.items()}
    assert {name: scheme.count(gold, pred) for name, scheme in entities.SCHEMES.items()} == by_name


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from(TYPES)), max_size=8),
       st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from(TYPES)), max_size=8))
def test_overlapping_input_falls_back_to_the_greedy_definition(raw_gold, raw_pred):
    gold = [Mention(s, s + n, t) for s, n, t in raw_gold]
    pred = [Mention(s, s + n, t) for s, n, t in raw_pred]
    assert document_counts(gold, pred) == oracle.document_counts(gold, pred)


def test_each_route_is_taken(monkeypatch):
    """The arrays for the usual case; the greedy routine when a gold mention overlaps two predictions."""
    routed = []
    greedy_document = ea.greedy_document
    monkeypatch.setattr(ea, "greedy_document", lambda *a: routed.append(a) or greedy_document(*a))
    gold, pred = [Mention(0, 4, "PERSON"), Mention(5, 12, "PERSON")], [Mention(2, 10, "PERSON"), Mention(11, 14, "PERSON")]
    assert document_counts(gold, [Mention(0, 4, "PERSON")]) == oracle.document_counts(gold, [Mention(0, 4, "PERSON")])
    assert routed == []
    assert document_counts(gold, pred) == oracle.document_counts(gold, pred)
    assert len(routed) == 1


def test_types_outside_the_label_sets_count_overall_only():
    """A type no label set has still decides the strict and type schemes; it gets no per-type key."""
    gold, pred = [Mention(0, 5, "ALIEN")], [Mention(0, 5, "PERSON"), Mention(7, 9, "ALIEN")]
    counts = document_counts(gold, pred)
    assert counts["strict"] == C(inc=1, spu=1)
    assert counts["exact"] == C(cor=1, spu=1)
    assert counts["strict:PERSON"] == C(spu=1)
    assert [k for k in counts if "ALIEN" in k] == []


def test_semeval_counts_convert_by_verdict_name():
    row = np.zeros(len(ea.VERDICTS), dtype=np.int64)
    row[ea.VERDICT["missed"]] = 2
    assert SemEvalCounts.of(row) == C(mis=2)
    assert C(cor=1, par=1).counts() == Counts(1.5, 1.5, 2, 2) == oracle.counts(C(cor=1, par=1))


def test_judge_of_each_scheme_by_hand():
    """The relation of one prediction to one gold mention; the base Scheme leaves judging to its subclasses."""
    gold = Mention(0, 5, "PERSON")
    cases = {  # prediction: (strict, exact, partial)
        Mention(0, 5, "PERSON"): ("correct", "correct", "correct"),
        Mention(0, 5, "ORG"): ("incorrect", "correct", "correct"),
        Mention(2, 8, "PERSON"): ("incorrect", "incorrect", "partial"),
        Mention(5, 9, "PERSON"): (None, None, None),  # touching is not overlapping
    }
    for pred, expected in cases.items():
        assert (Strict().judge(pred, gold), Exact().judge(pred, gold), Partial().judge(pred, gold)) == expected, pred
    with pytest.raises(NotImplementedError):
        Scheme().judge(gold, gold)
