"""Entities from a Hugging Face token-classification pipeline's output (plain dicts, as the pipeline gives them).

The perfect-system test builds the output a pipeline would give for the gold, with and without
aggregation, words split into sub-tokens, CoNLL-style labels mapped back; each scores exactly 1.
"""
from __future__ import annotations

import random
import re
import warnings

import pytest

import newsprep.eval as npe
from newsprep.eval.adapters.huggingface import groups, mentions_from_hf, mentions_from_hf_windows, windows
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


# --------------------------------------------------------------------------- a long document a part at a time

TEXTS = {d["id"]: d["text"] for d in npe.records("documents")}
GOLD = {r["doc"]: r["mentions"] for r in npe.records("entities")}
MODEL_LENGTH = 512  # tokens a model reads; the pipeline drops the rest of a longer text without a word


class GoldPipeline:
    """Stands for ``pipeline("ner", aggregation_strategy="simple")``: for the text it is given (a document or a
    part of one) the gold mentions inside it, in the model's own labels, offsets counted from that text's start,
    and nothing past its first ``MODEL_LENGTH`` tokens, as a real pipeline truncates. Records the texts it got."""

    def __init__(self, length: int = MODEL_LENGTH):
        self.length, self.calls = length, []

    def __call__(self, part: str) -> list[dict]:
        self.calls.append(part)
        tokens = npe.tokenize(part)
        read = tokens[self.length - 1][2] if len(tokens) > self.length else len(part)
        doc = next(d for d, text in TEXTS.items() if part in text)
        at = TEXTS[doc].index(part)
        return [{"entity_group": SHORT.get(m["type"], m["type"]), "score": 0.9, "word": m["text"],
                 "start": m["start"] - at, "end": m["end"] - at}
                for m in GOLD[doc] if at <= m["start"] and m["end"] - at <= read]


def test_per_segment_output_shifted_by_offset_scores_exactly_1():
    pipe, records = GoldPipeline(), []
    for seg in npe.records("segments"):
        mentions = npe.mentions_from_hf(pipe(seg["text"]), label_map=BACK, offset=seg["start"], text=TEXTS[seg["doc"]])
        records.append(npe.mentions_record(seg["doc"], mentions))
    perfect_rows(npe.group_records(records), "entities")


def test_segment_offsets_without_offset_score_as_wrong_the_failure_offset_prevents():
    """What the issue saw: a per-segment output taken as the document's scores near 0, without a word."""
    pipe = GoldPipeline()
    records = npe.group_records(npe.mentions_record(seg["doc"], npe.mentions_from_hf(pipe(seg["text"]), label_map=BACK))
                                for seg in npe.records("segments"))
    for record in records:  # relative offsets of several segments overlap: keep what a file may hold
        kept: list[dict] = []
        for m in record["mentions"]:
            if not kept or m["start"] >= kept[-1]["end"]:
                kept.append(m)
        record["mentions"] = kept
    assert npe.score(records, resamples=0).get("entities", "strict", "precision").value < 0.1


def test_a_document_cut_at_the_models_length_warns_and_its_windows_do_not():
    text = TEXTS["d002"]
    with pytest.warns(UserWarning, match=r"mentions_from_hf: the predictions end at character \d+ of 8163: .*"
                                         r"mentions_from_hf_windows\(pipe, text\)") as caught:
        whole = npe.mentions_from_hf(GoldPipeline()(text), label_map=BACK, text=text)
    assert len(caught) == 1 and whole[-1].end < 3000
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        windowed = npe.mentions_from_hf_windows(GoldPipeline(), text, label_map=BACK)
    assert windowed == [npe.Mention(m["start"], m["end"], m["type"]) for m in GOLD["d002"]]
    assert len(whole) < len(windowed) / 3


@pytest.mark.parametrize("case", ["short text", "a segment at offset 0", "a segment further on", "no text", "whole"])
def test_no_warning_where_nothing_was_cut(case):
    text = TEXTS["d002"]
    first = next(s for s in npe.records("segments") if s["doc"] == "d002")
    later = [s for s in npe.records("segments") if s["doc"] == "d002"][-1]
    pipe = GoldPipeline(length=10**6)
    calls = {"short text": lambda: npe.mentions_from_hf(pipe(TEXTS["d000"][:900]), text=TEXTS["d000"]),
             "a segment at offset 0": lambda: npe.mentions_from_hf(pipe(first["text"]), offset=0, text=text),
             "a segment further on": lambda: npe.mentions_from_hf(GoldPipeline()(later["text"]), offset=later["start"], text=text),
             "no text": lambda: npe.mentions_from_hf(GoldPipeline()(text)),
             "whole": lambda: npe.mentions_from_hf(pipe(text), text=text)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        calls[case]()


def test_windows_of_every_document_give_back_the_gold_with_sub_token_output_too():
    def sub_tokens(part: str) -> list[dict]:  # pipeline("ner") without aggregation, WordPiece-like pieces
        out, index = [], 0
        for m in GoldPipeline()(part):
            words = [(w.group(), w.start()) for w in re.finditer(r"\S+", part[m["start"]:m["end"]])]
            for k, (word, start) in enumerate(words):
                for j, (piece, s, e) in enumerate(pieces(word, m["start"] + start)):
                    index += 1
                    out.append({"entity": f"{'I' if k or j else 'B'}-{m['entity_group']}", "index": index,
                                "word": piece, "start": s, "end": e})
            index += 1  # an O token between two mentions
        return out

    records = [npe.mentions_record(doc, npe.mentions_from_hf_windows(sub_tokens, text, window_chars=700, stride=150,
                                                                      label_map=BACK)) for doc, text in TEXTS.items()]
    perfect_rows(records, "entities")


def test_a_name_cut_by_a_window_comes_from_the_window_that_holds_it_whole():
    def capitalised(part: str) -> list[dict]:  # every run of capitalised words is one name
        return [{"entity_group": "PER", "start": m.start(), "end": m.end()}
                for m in re.finditer(r"[A-Z]\w*(?: [A-Z]\w*)*", part)]

    text = "and then Vladimir Putin met To Lam in the city"
    # the first window ends after "Vladimir" (a cut), the second holds "Vladimir Putin" whole
    assert windows(text, 18, 4)[:2] == [(0, 17), (9, 27)]
    found = npe.mentions_from_hf_windows(capitalised, text, window_chars=18, stride=4)
    assert [text[m.start:m.end] for m in found] == ["Vladimir Putin", "To Lam"]


def test_windows_cover_the_text_overlap_by_stride_and_stay_within_their_length():
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice("ab \n") if rng.random() < 0.4 else rng.choice("cdefgh") for _ in range(rng.randint(0, 90)))
        window_chars = rng.randint(1, 25)
        stride = rng.randint(0, window_chars - 1)
        found = windows(text, window_chars, stride)
        assert found[0][0] == 0 and found[-1][1] == len(text)
        assert all(end - start <= window_chars for start, end in found)
        assert all(a < c <= b - stride for (a, b), (c, _) in zip(found, found[1:])), (text, window_chars, stride, found)


def test_a_window_cut_prefers_a_line_end():
    text = "one two three\nfour five six seven"
    assert windows(text, 20, 3)[0] == (0, 13)


@pytest.mark.parametrize("kwargs, field, rule, shown", [
    ({"window_chars": 0}, "window_chars", "window", "int 0"),
    ({"window_chars": "512"}, "window_chars", "type", "str '512'"),
    ({"window_chars": True}, "window_chars", "type", "bool True"),
    ({"stride": -1}, "stride", "stride", "int -1"),
    ({"window_chars": 100, "stride": 100}, "stride", "stride", "int 100"),
    ({"stride": 2.5}, "stride", "type", "float 2.5"),
    ({"pipe": "dslim/bert-base-NER"}, "pipe", "type", "str 'dslim/bert-base-NER'"),
    ({"text": None}, "text", "type", "None"),
])
def test_bad_window_options_name_the_argument_and_the_value(kwargs, field, rule, shown):
    args = {"pipe": GoldPipeline(), "text": TEXTS["d000"], **kwargs}
    for function in (npe.mentions_from_hf_windows, mentions_from_hf_windows):
        with pytest.raises(npe.InvalidInput) as err:
            function(**args)
        (problem,) = err.value.problems
        assert (problem.field, problem.rule) == (f"mentions_from_hf_windows({field})", rule)
        assert shown in problem.detail


def test_a_pipe_that_gives_no_pipeline_output_is_named_with_its_window():
    with pytest.raises(npe.InvalidInput, match=r"mentions_from_hf_windows\(pipe\)\(predictions\)"):
        npe.mentions_from_hf_windows(lambda part: "PER", "Putin met To Lam")
    with pytest.raises(npe.InvalidInput, match=r"window 1 \[20, 29\): predictions\[0\]\.end: offset-in-range \(\[0, 25\) is not inside the window's text of 9 characters"):
        npe.mentions_from_hf_windows(lambda part: [{"entity_group": "PER", "start": 0, "end": 25}],
                                     "Putin met To Lam in Hanoi now", window_chars=25, stride=5)


@pytest.mark.parametrize("offset, rule, shown", [(-1, "offset", "int -1"), ("9", "type", "str '9'"),
                                                 (True, "type", "bool True"), (1.5, "type", "float 1.5"),
                                                 (None, "type", "None")])
def test_a_bad_offset_is_named_with_its_value(offset, rule, shown):
    for function in (npe.mentions_from_hf, mentions_from_hf):
        with pytest.raises(npe.InvalidInput) as err:
            function([{"entity_group": "PER", "start": 0, "end": 5}], offset=offset)
        (problem,) = err.value.problems
        assert (problem.field, problem.rule) == ("mentions_from_hf(offset)", rule) and shown in problem.detail


def test_a_shifted_mention_outside_the_document_is_refused_with_both_offsets():
    text = TEXTS["d000"]
    with pytest.raises(npe.InvalidInput) as err:
        npe.mentions_from_hf([{"entity_group": "PER", "start": 0, "end": 5},
                              {"entity_group": "PER", "start": 10, "end": 20}], offset=len(text) - 12, text=text)
    (problem,) = err.value.problems
    assert (problem.field, problem.rule) == ("predictions[1].end", "offset-in-range")
    assert problem.detail == f"[10, 20) + offset 2660 = [2670, 2680) is not inside the document text (0 to {len(text)})"
