"""The tokeniser, BIO conversion, and the round trip on the gold layer."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprep.eval import records
from newsprep.eval.data.tokens import MisalignedSpan, bio_labels, spans_to_tags, tags_to_spans, tokenize


def test_splits_at_hyphens_apostrophes_and_punctuation():
    assert [t for t, _, _ in tokenize("Soviet-style Russia’s “balanced” 10:42 a.m. $3.5")] == [
        "Soviet", "-", "style", "Russia", "’", "s", "“", "balanced", "”", "10", ":", "42", "a", ".", "m", ".", "$", "3", ".", "5"]


def test_misaligned_span_is_reported_not_moved():
    toks = tokenize("Kremlin-backed")
    with pytest.raises(MisalignedSpan):
        spans_to_tags(toks, [(0, 5, "ORG")])


def test_adjacent_same_type_spans_stay_apart():
    toks = tokenize("Ella Chen WeiBird")
    tags = spans_to_tags(toks, [(0, 9, "PERSON"), (10, 17, "PERSON")])
    assert tags == ["B-PERSON", "I-PERSON", "B-PERSON"]
    assert tags_to_spans(toks, tags) == [(0, 9, "PERSON"), (10, 17, "PERSON")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from(["PERSON", "GPE", "DATE"]), st.booleans()), max_size=12))
def test_round_trip_on_random_aligned_spans(plan):
    words, spans, pos = [], [], 0
    for length, label, is_entity in plan:
        chunk = [f"w{k}" for k in range(length)]
        text_chunk = " ".join(chunk)
        if is_entity:
            spans.append((pos, pos + len(text_chunk), label))
        words.append(text_chunk)
        pos += len(text_chunk) + 1
    text = " ".join(words)
    toks = tokenize(text)
    assert tags_to_spans(toks, spans_to_tags(toks, spans)) == spans


def test_gold_round_trip_spans_tags_spans():
    docs = {d["id"]: d["text"] for d in records("documents")}
    gold = {r["doc"]: [(m["start"], m["end"], m["type"]) for m in r["mentions"]] for r in records("entities")}
    back = {d: [] for d in docs}
    for row in records("tokens"):
        back[row["doc"]] += tags_to_spans(list(zip(row["tokens"], row["starts"], row["ends"])), row["ner_tags"])
    assert back == gold
    assert all(docs[r["doc"]][s:e] == t for r in records("tokens") for t, s, e in zip(r["tokens"], r["starts"], r["ends"]))


def test_label_names():
    names = bio_labels(["PERSON", "GPE"])
    assert names == ["O", "B-PERSON", "I-PERSON", "B-GPE", "I-GPE"]
