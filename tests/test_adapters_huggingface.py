"""Entities from a Hugging Face token-classification pipeline's output (plain dicts, as the pipeline gives them).

The perfect-system test builds the output a pipeline would give for the gold, with and without
aggregation, words split into sub-tokens, CoNLL-style labels mapped back; each scores exactly 1.
"""
from __future__ import annotations

import pytest

import newsprep.eval as npe
from newsprep.eval.adapters.huggingface import groups
from tests.perfect import perfect_rows

SHORT = {"PERSON": "PER", "GPE": "COUNTRY"}  # a model's own labels for two types, mapped back below
BACK = {v: k for k, v in SHORT.items()}


def pieces(word: str, start: int) -> list[tuple[str, int, int]]:
    """A word as a WordPiece tokenizer might split it: words longer than four characters in two."""
    if len(word) <= 4:
        return [(word, start, start + len(word))]
    return [(word[:3], start, start + 3), ("##" + word[3:], start + 3, start + len(word))]


def token_output(row: dict, index: int) -> tuple[list[dict], int]:
    """The pipeline's output without aggregation for one gold token row: O tokens left out, ``index`` counted."""
    out = []
    for word, start, tag in zip(row["tokens"], row["starts"], row["ner_tags"]):
        for k, (piece, s, e) in enumerate(pieces(word, start)):
            index += 1
            if tag == "O":
                continue
            prefix, type_ = tag.split("-", 1)
            label = f"{'I' if k else prefix}-{SHORT.get(type_, type_)}"
            out.append({"entity": label, "score": 0.99, "index": index, "word": piece, "start": s, "end": e})
    return out, index


def test_sub_token_output_of_the_gold_scores_exactly_1():
    found: dict[str, list] = {d["id"]: [] for d in npe.records("documents")}
    index = 0
    for row in npe.records("tokens"):
        out, index = token_output(row, index)
        found[row["doc"]] += npe.mentions_from_hf(out, label_map=BACK)
    perfect_rows([npe.mentions_record(doc, m) for doc, m in found.items()], "entities")


def test_aggregated_output_of_the_gold_scores_exactly_1():
    texts = {d["id"]: d["text"] for d in npe.records("documents")}
    records = []
    for row in npe.records("entities"):
        text = texts[row["doc"]]
        out = [{"entity_group": SHORT.get(m["type"], m["type"]), "score": 0.9, "word": m["text"],
                "start": m["start"] - (m["start"] > 0 and text[m["start"] - 1] == " "), "end": m["end"]}
               for m in row["mentions"]]  # offsets with the space before, as some tokenizers give them
        records.append(npe.mentions_record(row["doc"], npe.mentions_from_hf(out, label_map=BACK, text=text)))
    perfect_rows(records, "entities")


def item(entity: str, start: int, end: int, **more) -> dict:
    return {"entity": entity, "score": 0.5, "word": "x", "start": start, "end": end, **more}


@pytest.mark.parametrize("items, expected", [
    ([item("B-PER", 0, 2), item("I-PER", 2, 5)], [("PER", 0, 5)]),
    ([item("B-PER", 0, 2), item("B-PER", 2, 5)], [("PER", 0, 2), ("PER", 2, 5)]),     # B- starts anew
    ([item("B-PER", 0, 5), item("I-LOC", 6, 11)], [("PER", 0, 5), ("LOC", 6, 11)]),   # another type
    ([item("I-PER", 0, 5), item("I-PER", 6, 9)], [("PER", 0, 9)]),                    # I- continues I-
    ([item("PER", 0, 5), item("PER", 6, 9), item("LOC", 10, 15)], [("PER", 0, 9), ("LOC", 10, 15)]),  # bare labels
    ([item("B-PER", 0, 5, index=1), item("I-PER", 10, 13, index=3)], [("PER", 0, 5), ("PER", 10, 13)]),  # an O between
    ([item("B-PER", 0, 5, index=1), item("I-PER", 6, 9, index=2)], [("PER", 0, 9)]),
    ([item("B-PER", 0, 5), item("O", 6, 7), item("I-PER", 8, 9)], [("PER", 0, 5), ("PER", 8, 9)]),  # O given
])
def test_sub_tokens_merge_by_the_pipelines_rule(items, expected):
    assert groups(items) == expected


def test_label_map_drops_and_keeps_and_text_trims():
    out = [{"entity_group": "PER", "start": 0, "end": 6, "word": "Putin", "score": 1.0},
           {"entity_group": "MISC", "start": 7, "end": 14, "word": "Russian", "score": 1.0},
           {"entity_group": "GPE", "start": 15, "end": 23, "word": "Hanoi", "score": 1.0}]
    text = "Putin  Russian  Hanoi  "
    assert npe.mentions_from_hf(out, label_map={"PER": "PERSON", "MISC": None}, text=text) == [
        npe.Mention(0, 5, "PERSON"), npe.Mention(16, 21, "GPE")]


def test_output_without_offsets_or_labels_is_refused_with_every_problem():
    with pytest.raises(npe.InvalidInput) as err:
        npe.mentions_from_hf([{"entity": "B-PER", "start": None, "end": 5}, {"start": 0, "end": 3}, "PER"])
    assert [(p.field, p.rule) for p in err.value.problems] == [
        ("predictions[0].start", "offset"), ("predictions[1]", "label"), ("predictions[2]", "object")]
    assert "use a fast one" in str(err.value)


def test_offsets_outside_the_text_or_negative_are_refused():
    """Regression: an offset past the text raised IndexError, a negative one was kept."""
    with pytest.raises(npe.InvalidInput, match="offset-in-range"):
        npe.mentions_from_hf([{"entity_group": "PER", "start": 100, "end": 105}], text="Putin met To Lam")
    with pytest.raises(npe.InvalidInput, match="offset-in-range"):
        npe.mentions_from_hf([{"entity_group": "PER", "start": -3, "end": 5}])


@pytest.mark.parametrize("text", ["Putin met To Lam", None])
def test_without_index_separate_words_are_not_merged(text):
    """Regression: I- tags without ``index`` were merged across other words ("Putin met To Lam" as one person)."""
    items = [{"entity": "I-PER", "start": 0, "end": 5}, {"entity": "I-PER", "start": 10, "end": 12},
             {"entity": "I-PER", "start": 13, "end": 16}]
    assert [(m.start, m.end) for m in npe.mentions_from_hf(items, text=text)] == [(0, 5), (10, 16)]
