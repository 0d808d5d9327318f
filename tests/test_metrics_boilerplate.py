"""Boilerplate metrics (``newsprep.eval.metrics.boilerplate``, counted by ``boilerplate_arrays``).

Character scores are checked against scikit-learn on per-character labels;
span, token and category counts on examples worked out by hand; the counts of
several documents must add up to the counts of their concatenation; and all
counts must equal the definition written out (``tests.oracle.boilerplate``),
with spans that overlap too.
"""
import warnings
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import precision_recall_fscore_support

from newsprep.eval.metrics import boilerplate
from newsprep.eval.metrics.boilerplate import content_tokens, document_counts
from newsprep.eval.metrics.prf import Counts, prf, total
from newsprep.eval.types import CATEGORIES, Span
from tests.oracle import boilerplate as oracle


@st.composite
def document(draw, max_len=80):
    """A text of letters, spaces and newlines with random non-overlapping gold and predicted spans."""
    text = draw(st.text(alphabet="ab \n", min_size=1, max_size=max_len))
    n = len(text)

    def spans():
        cuts = sorted(draw(st.lists(st.integers(0, n), max_size=10, unique=True)))
        # Consecutive cut pairs are non-overlapping [start, end) spans.
        pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
        return [Span(s, e, draw(st.sampled_from(CATEGORIES))) for s, e in pairs]

    return text, spans(), spans()


def char_labels(text, spans):
    """1 for each non-white-space character inside a span, 0 for the others; white space is left out."""
    inside = {i for s in spans for i in range(s.start, s.end)}
    return [int(i in inside) for i, c in enumerate(text) if not c.isspace()]


@settings(max_examples=200, deadline=None)
@given(document())
def test_char_scores_equal_sklearn_binary(doc):
    """Precision/recall/F1 of ``chars`` equal scikit-learn's on per-character labels (boilerplate = 1)."""
    text, gold, pred = doc
    y_true, y_pred = char_labels(text, gold), char_labels(text, pred)
    ours = prf(document_counts(text, gold, pred)["chars"])
    assert ours == prf(oracle.document_counts(text, gold, pred)["chars"])
    if not y_true:  # an all-white-space text: nothing to label, everything is 0
        assert ours == prf(Counts())
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
    assert (ours.precision, ours.recall, ours.f1) == pytest.approx((p, r, f))


def test_white_space_is_not_counted():
    """Spans differing only by surrounding white space get the same character counts."""
    text = "ab  \n cd"
    tight = document_counts(text, [Span(0, 2)], [Span(0, 2)])["chars"]
    loose = document_counts(text, [Span(0, 2)], [Span(0, 6)])["chars"]
    assert tight == loose == Counts(2, 2, 2, 2)


def test_spans_exact_by_hand():
    """Identical offsets match whatever the category; a span off by one does not.

    gold [0,5) [10,15) [20,25); pred [0,5) (other category) [10,14) [30,35)
    -> 1 exact match, 3 predicted, 3 gold: P = R = 1/3.
    """
    text = "x" * 40
    gold = [Span(0, 5, "navigation"), Span(10, 15, "sharing"), Span(20, 25, "byline")]
    pred = [Span(0, 5, "comments"), Span(10, 14, "sharing"), Span(30, 35, "media")]
    assert document_counts(text, gold, pred)["spans_exact"] == Counts(1, 1, 3, 3)


def test_spans_overlap_one_prediction_over_two_gold():
    """One prediction overlapping two gold spans matches itself once and finds both gold spans.

    gold [0,5) [10,15) [30,35); pred [3,12) (overlaps the first two) [20,25) (overlaps none)
    -> matched_pred 1 of 2, matched_gold 2 of 3.
    """
    text = "y" * 40
    gold = [Span(0, 5), Span(10, 15), Span(30, 35)]
    pred = [Span(3, 12), Span(20, 25)]
    c = document_counts(text, gold, pred)["spans_overlap"]
    assert c == Counts(matched_pred=1, matched_gold=2, predicted=2, gold=3)
    assert (prf(c).precision, prf(c).recall) == pytest.approx((1 / 2, 2 / 3))


def test_spans_touching_do_not_overlap():
    """[0,5) and [5,9) share no character."""
    c = document_counts("z" * 10, [Span(0, 5)], [Span(5, 9)])["spans_overlap"]
    assert c == Counts(0, 0, 1, 1)


def test_content_tokens_by_hand():
    """Bag-of-words overlap of the text left after removing gold vs predicted boilerplate.

    text: "Home News\\nthe cat saw the dog\\nShare this"
    gold removes "Home News" and "Share this"   -> content: the cat saw the dog
    pred removes "Home" and "the dog\\nShare"    -> content: News the cat saw this
    overlap of the bags: the 1, cat 1, saw 1 = 3; gold content 5 tokens, pred content 5.
    """
    text = "Home News\nthe cat saw the dog\nShare this"
    gold = [Span(0, 9, "navigation"), Span(30, 40, "sharing")]
    pred = [Span(0, 4), Span(22, 35)]
    assert text[22:35] == "the dog\nShare"
    for tokens in (content_tokens, oracle.content_tokens):
        assert tokens(text, gold) == Counter({"the": 2, "cat": 1, "saw": 1, "dog": 1})
        assert tokens(text, pred) == Counter({"News": 1, "the": 1, "cat": 1, "saw": 1, "this": 1})
    assert document_counts(text, gold, pred)["content_tokens"] == Counts(3, 3, 5, 5)


def test_removing_a_span_does_not_join_words():
    """Removed text becomes spaces, so the words on either side stay two tokens."""
    assert content_tokens("abcXYZdef", [Span(3, 6)]) == Counter({"abc": 1, "def": 1})
    assert oracle.content_tokens("abcXYZdef", [Span(3, 6)]) == Counter({"abc": 1, "def": 1})


def test_category_recall_by_hand():
    """Recall of each category's gold characters; a category with no gold has 0 of 0.

    text "aaaa bbbb cccc": gold [0,4) navigation, [5,9) sharing, [10,14) navigation;
    pred [2,7): covers 2 navigation characters (of 8) and 2 sharing characters (of 4).
    """
    text = "aaaa bbbb cccc"
    gold = [Span(0, 4, "navigation"), Span(5, 9, "sharing"), Span(10, 14, "navigation")]
    counts = document_counts(text, gold, [Span(2, 7)])
    assert prf(counts["category:navigation"]).recall == pytest.approx(2 / 8)
    assert prf(counts["category:sharing"]).recall == pytest.approx(2 / 4)
    assert counts["category:comments"] == Counts(0, 0, 0, 0)
    assert set(k for k in counts if k.startswith("category:")) == {f"category:{c}" for c in CATEGORIES}


ADDITIVE = ["chars", "spans_exact", "spans_overlap"] + [f"category:{c}" for c in CATEGORIES]


def concatenate(docs):
    """One text made of the documents joined by newlines, with every span shifted."""
    text, gold, pred, offset = "", [], [], 0
    for t, g, p in docs:
        text += t + "\n"
        gold += [Span(s.start + offset, s.end + offset, s.label) for s in g]
        pred += [Span(s.start + offset, s.end + offset, s.label) for s in p]
        offset += len(t) + 1
    return text, gold, pred


@settings(max_examples=200, deadline=None)
@given(st.lists(document(max_len=30), min_size=1, max_size=4))
def test_counts_of_documents_add_up_to_counts_of_their_concatenation(docs):
    """Character, span and category counts summed over documents equal those of the concatenated text.

    Content-token totals add up too; their overlap can only grow when bags are merged
    (min(a1 + a2, b1 + b2) >= min(a1, b1) + min(a2, b2)), see the next test.
    """
    per_doc = [document_counts(*d) for d in docs]
    whole = document_counts(*concatenate(docs))
    for key in ADDITIVE:
        assert total(c[key] for c in per_doc) == whole[key], key
    summed = total(c["content_tokens"] for c in per_doc)
    assert (summed.predicted, summed.gold) == (whole["content_tokens"].predicted, whole["content_tokens"].gold)
    assert summed.matched_pred <= whole["content_tokens"].matched_pred


def test_content_token_overlap_is_per_document():
    """Bags are compared within a document: a word kept in one document does not match it in another.

    doc 1 "cat dog": gold removes "dog", pred removes "cat" -> gold {cat}, pred {dog}: overlap 0.
    doc 2 "cat dog": gold removes "cat", pred removes "dog" -> gold {dog}, pred {cat}: overlap 0.
    Concatenated, gold {cat, dog} and pred {dog, cat} share 2 words. So the overlap of
    content tokens is not additive, and per-document counts must be summed, not texts.
    """
    d1 = ("cat dog", [Span(4, 7)], [Span(0, 3)])   # gold {cat}, pred {dog}
    d2 = ("cat dog", [Span(0, 3)], [Span(4, 7)])   # gold {dog}, pred {cat}
    per_doc = total(document_counts(*d)["content_tokens"] for d in (d1, d2))
    merged = document_counts(*concatenate([d1, d2]))["content_tokens"]
    assert per_doc == Counts(0, 0, 2, 2)
    assert merged == Counts(2, 2, 2, 2)


@settings(max_examples=300, deadline=None)
@given(document(max_len=120))
def test_counts_equal_the_definition(doc):
    """The counts by interval arithmetic (the arrays) equal the definition's counts of covered characters, of
    spans and of words, for every metric."""
    text, gold, pred = doc
    assert document_counts(text, gold, pred) == oracle.document_counts(text, gold, pred)


@st.composite
def overlapping_document(draw, max_len=60):
    """A text with gold and predicted spans at random, overlapping, nested and repeated."""
    text = draw(st.text(alphabet="ab \n", min_size=1, max_size=max_len))
    n = len(text)

    def spans():
        raw = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, n), st.sampled_from(CATEGORIES)), max_size=8))
        return [Span(s, min(n, s + length), c) for s, length, c in raw]

    return text, spans(), spans()


@settings(max_examples=300, deadline=None)
@given(overlapping_document())
def test_counts_of_overlapping_spans_equal_the_definition(doc):
    """Overlapping spans of either side (never in validated data): a character or word covered twice counts once,
    identical offsets match once."""
    text, gold, pred = doc
    assert document_counts(text, gold, pred) == oracle.document_counts(text, gold, pred)
    assert boilerplate.covered(text, gold) == oracle.covered(text, gold)
    assert content_tokens(text, pred) == oracle.content_tokens(text, pred)


def test_overlapping_spans_are_counted_once():
    text = "aaaa bbbb"
    gold, pred = [Span(0, 6, "navigation"), Span(2, 9, "sharing")], [Span(0, 9), Span(0, 9), Span(5, 9)]
    counts = document_counts(text, gold, pred)
    assert counts["chars"] == Counts(8, 8, 8, 8)
    assert counts["category:navigation"] == Counts(5, 5, 5, 5)
    assert counts["spans_exact"] == Counts(0, 0, 3, 2)
    assert counts["spans_overlap"] == Counts(3, 2, 3, 2)
    assert document_counts(text, pred, pred)["spans_exact"] == Counts(2, 2, 3, 3)  # [0, 9) matches once
    assert counts == oracle.document_counts(text, gold, pred)


def test_counts_keep_the_types_of_the_definition():
    """Whole numbers, as the definition gives them, keys in ``ORDER``."""
    counts = document_counts("ab cd", [Span(0, 2, "byline")], [Span(0, 5)])
    assert list(counts) == list(boilerplate.ORDER)
    assert all(type(v) is int for c in counts.values() for v in (c.matched_pred, c.matched_gold, c.predicted, c.gold))
