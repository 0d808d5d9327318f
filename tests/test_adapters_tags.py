"""Entities from token tags: the reading is seqeval's, checked against seqeval itself on generated tag
sequences (any sequence, against its default ``get_entities``; well-formed ones, against its strict mode
too), by hand on the ill-formed cases, and on the gold: tags made from the gold score exactly 1."""
from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import BILOU, IOB1, IOB2, IOBES, Entities

import newsprep.eval as npe
from newsprep.eval.adapters.tags import SCHEMES, tag_chunks
from tests.perfect import perfect_rows

TYPES = ("PER", "LOC", "WORK_OF_ART")
SEQEVAL_SCHEMES = {"IOB1": IOB1, "IOB2": IOB2, "BIOES": IOBES, "IOBES": IOBES, "BILOU": BILOU}


def seqeval_entities(tags: list[str], scheme: str) -> list[tuple[str, int, int]]:
    """seqeval's default reading; BILOU tags given to it as BIOES ones, the only form it reads."""
    if scheme == "BILOU":
        tags = [{"L": "E", "U": "S"}.get(t[0], t[0]) + t[1:] for t in tags]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return get_entities(list(tags))


def seqeval_strict(tags: list[str], scheme: str) -> list[tuple[str, int, int]]:
    entities = Entities([list(tags)], scheme=SEQEVAL_SCHEMES[scheme]).entities[0]
    return [(e.tag, e.start, e.end - 1) for e in entities]


def any_tags(scheme: str):
    labels = ["O"] + [f"{p}-{t}" for p in SCHEMES[scheme] for t in TYPES]
    return st.lists(st.sampled_from(labels), max_size=14)


READ = ("IOB1", "IOB2", "BIOES", "BILOU")  # IOBES is a second name of BIOES (test_iobes_is_bioes)


@pytest.mark.parametrize("scheme", READ)
@settings(max_examples=250, deadline=None)
@given(data=st.data())
def test_any_sequence_is_read_as_seqeval_get_entities_reads_it(scheme, data):
    tags = data.draw(any_tags(scheme))
    assert tag_chunks(tags, scheme=scheme) == seqeval_entities(tags, scheme)


# A layout: (O tokens before, entity length, type) per entity; entities may touch.
LAYOUTS = st.lists(st.tuples(st.integers(0, 2), st.integers(1, 4), st.sampled_from(TYPES)), max_size=6)


def encode(layout, scheme: str) -> tuple[list[str], list[tuple[str, int, int]]]:
    """Well-formed tags of ``layout`` in ``scheme``, and its entities as (type, first, last)."""
    tags: list[str] = []
    entities = []
    previous_type = None  # type of the entity ending right before, if it touches
    for gap, length, type_ in layout:
        tags += ["O"] * gap
        touching = gap == 0 and previous_type == type_
        first = len(tags)
        if scheme == "IOB1":
            part = [("B" if touching else "I")] + ["I"] * (length - 1)
        elif scheme == "IOB2":
            part = ["B"] + ["I"] * (length - 1)
        else:
            single, last = ("U", "L") if scheme == "BILOU" else ("S", "E")
            part = [single] if length == 1 else ["B"] + ["I"] * (length - 2) + [last]
        tags += [f"{p}-{type_}" for p in part]
        entities.append((type_, first, len(tags) - 1))
        previous_type = type_
    return tags, entities


@pytest.mark.parametrize("scheme", READ)
@settings(max_examples=200, deadline=None)
@given(layout=LAYOUTS)
def test_well_formed_tags_give_their_entities_as_seqeval_strict_mode_does(scheme, layout):
    tags, entities = encode(layout, scheme)
    assert tag_chunks(tags, scheme=scheme) == entities
    assert seqeval_strict(tags, scheme) == entities
    assert seqeval_entities(tags, scheme) == entities


@pytest.mark.parametrize("tags, scheme, expected", [
    (["O", "I-PER", "I-PER", "O"], "IOB2", [("PER", 1, 2)]),              # I- after O opens an entity
    (["B-PER", "I-LOC"], "IOB2", [("PER", 0, 0), ("LOC", 1, 1)]),         # a change of type: two entities
    (["B-PER", "B-PER"], "IOB2", [("PER", 0, 0), ("PER", 1, 1)]),
    (["I-PER", "I-PER", "B-PER", "I-PER"], "IOB1", [("PER", 0, 1), ("PER", 2, 3)]),  # CoNLL-2003 IOB1
    (["I-PER", "I-LOC"], "IOB1", [("PER", 0, 0), ("LOC", 1, 1)]),
    (["B-PER", "I-PER", "O"], "BIOES", [("PER", 0, 1)]),                 # no E-: kept, as get_entities does
    (["E-PER", "E-PER"], "BIOES", [("PER", 0, 0), ("PER", 1, 1)]),
    (["S-PER", "I-PER", "E-PER"], "BIOES", [("PER", 0, 0), ("PER", 1, 2)]),
    (["U-GPE", "B-PER", "L-PER"], "BILOU", [("GPE", 0, 0), ("PER", 1, 2)]),
    (["B-WORK_OF_ART", "I-WORK_OF_ART"], "iob2", [("WORK_OF_ART", 0, 1)]),  # scheme names in any case
    ([], "IOB2", []),
])
def test_hand_cases(tags, scheme, expected):
    assert tag_chunks(tags, scheme=scheme) == expected == seqeval_entities(tags, scheme.upper())


def test_iobes_is_bioes():
    assert SCHEMES["IOBES"] == SCHEMES["BIOES"]
    assert tag_chunks(["S-PER", "B-LOC", "E-LOC"], scheme="IOBES") == [("PER", 0, 0), ("LOC", 1, 2)]


def test_strict_mode_would_drop_what_the_lenient_reading_keeps():
    tags = ["O", "I-PER", "O"]
    assert seqeval_strict(tags, "IOB2") == []
    assert tag_chunks(tags, scheme="IOB2") == [("PER", 1, 1)]


def test_mentions_take_offsets_from_the_tokens_and_map_labels():
    tokens = npe.tokenize("Vladimir Putin met Nguyen Phu Trong in Hanoi.")
    tags = ["B-PER", "I-PER", "O", "B-PER", "I-PER", "I-PER", "O", "B-LOC", "O"]
    assert npe.mentions_from_tags(tokens, tags, label_map={"PER": "PERSON", "LOC": None}) == [
        npe.Mention(0, 14, "PERSON"), npe.Mention(19, 35, "PERSON")]
    record = npe.entities_record("d000", tokens, tags, label_map={"PER": "PERSON", "LOC": "GPE"})
    assert record["mentions"][-1] == {"start": 39, "end": 44, "type": "GPE"}


@pytest.mark.parametrize("tags, scheme, field", [
    (["B-PER", "E-PER"], "IOB2", "tags[1]"),       # E- is not an IOB2 prefix
    (["S-PER"], "BILOU", "tags[0]"),
    (["U-PER"], "BIOES", "tags[0]"),
    (["B-"], "IOB2", "tags[0]"),                   # no type
    (["PER"], "IOB2", "tags[0]"),                  # no prefix
    (["o"], "IOB2", "tags[0]"),
])
def test_a_tag_the_scheme_does_not_allow_is_refused(tags, scheme, field):
    with pytest.raises(npe.InvalidInput) as err:
        tag_chunks(tags, scheme=scheme)
    assert [(p.field, p.rule) for p in err.value.problems] == [(field, "tag")]


def test_bad_scheme_and_count_are_refused():
    with pytest.raises(npe.NewsPrepError, match="unknown tag scheme 'IOE2'"):
        tag_chunks(["O"], scheme="IOE2")
    with pytest.raises(npe.InvalidInput, match="tag-count"):
        npe.mentions_from_tags(npe.tokenize("Putin"), ["B-PER", "O"])


def gold_rows():
    """The gold token view: (document, tokens, entities as (type, first, last)) per segment."""
    for row in npe.records("tokens"):
        tokens = list(zip(row["tokens"], row["starts"], row["ends"]))
        yield row["doc"], tokens, seqeval_entities(row["ner_tags"], "IOB2")


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_tags_made_from_the_gold_score_exactly_1_in_every_scheme(scheme):
    found: dict[str, list] = {d["id"]: [] for d in npe.records("documents")}
    for doc, tokens, entities in gold_rows():
        layout, end = [], 0
        for type_, first, last in entities:
            layout.append((first - end, last - first + 1, type_))
            end = last + 1
        tags, _ = encode(layout, scheme)
        tags += ["O"] * (len(tokens) - len(tags))
        found[doc] += npe.mentions_from_tags(tokens, tags, scheme=scheme)
    rows = perfect_rows([npe.mentions_record(doc, mentions) for doc, mentions in found.items()], "entities")
    assert {r.metric for r in rows} >= {"strict", "exact", "partial", "type"}
    assert {r.average for r in rows} >= {"micro", "macro-types"}


def test_entities_record_of_whole_documents_scores_exactly_1():
    tokens: dict[str, list] = {d["id"]: [] for d in npe.records("documents")}
    tags: dict[str, list] = {d: [] for d in tokens}
    for row in npe.records("tokens"):
        tokens[row["doc"]] += zip(row["tokens"], row["starts"], row["ends"])
        tags[row["doc"]] += row["ner_tags"]
    perfect_rows([npe.entities_record(doc, tokens[doc], tags[doc]) for doc in tokens], "entities")


# --------------------------------------------------------------------------- per segment and per token-view row

TEXTS = {d["id"]: d["text"] for d in npe.records("documents")}


def test_token_view_rows_given_whole_and_grouped_score_exactly_1():
    """A tagger's output per token-view row: the row itself is the tokens, group_records makes one record per document."""
    rows = npe.records("tokens")
    records = npe.group_records(npe.entities_record(row["doc"], row, row["ner_tags"], text=TEXTS[row["doc"]])
                                for row in rows)
    assert len(records) == 5
    perfect_rows(records, "entities")


def test_segment_tokens_shifted_by_offset_score_exactly_1():
    gold = {r["doc"]: [(m["start"], m["end"], m["type"]) for m in r["mentions"]] for r in npe.records("entities")}
    records = []
    for seg in npe.records("segments"):
        tokens = npe.tokenize(seg["text"])  # offsets from the segment's start
        inside = [(s - seg["start"], e - seg["start"], t) for s, e, t in gold[seg["doc"]]
                  if seg["start"] <= s and e <= seg["end"]]
        tags = npe.spans_to_tags(tokens, inside)
        records.append(npe.entities_record(seg["doc"], tokens, tags, offset=seg["start"], text=TEXTS[seg["doc"]]))
    perfect_rows(npe.group_records(records), "entities")


def test_one_record_per_token_row_is_refused_with_the_helper_that_groups_them():
    row = npe.records("tokens")[3]
    with pytest.raises(npe.InvalidInput) as err:
        npe.entities_record(row["id"], row, ["O"] * len(row["tokens"]))
    (problem,) = err.value.problems
    assert (problem.field, problem.rule) == ("entities_record(doc)", "one-record-per-document")
    assert "'d000-s004' is a segment of 'd000'" in problem.detail
    assert "one record per document" in problem.detail and "group_records(records)" in problem.detail


def test_segment_tokens_without_their_offset_are_refused_with_the_text():
    seg = next(s for s in npe.records("segments") if s["id"] == "d000-s004")
    tokens = npe.tokenize(seg["text"])
    with pytest.raises(npe.InvalidInput) as err:
        npe.mentions_from_tags(tokens, ["O"] * len(tokens), text=TEXTS["d000"])
    first = err.value.problems[0]
    assert (first.field, first.rule) == ("mentions_from_tags(tokens)[0]", "surface-text")
    assert first.detail.startswith(f"'Russian' at [0, 7) is {TEXTS['d000'][0:7]!r} at [0, 7) of the document text")
    with pytest.raises(npe.InvalidInput, match=r"tokens\)\[\d+\]: offset-in-range \(\[\d+, \d+\) \+ offset 2600 = "):
        npe.mentions_from_tags(tokens, ["O"] * len(tokens), offset=2600, text=TEXTS["d000"])


@pytest.mark.parametrize("kwargs, field, rule, shown", [
    ({"offset": -1}, "offset", "offset", "int -1"), ({"offset": "3"}, "offset", "type", "str '3'"),
    ({"offset": None}, "offset", "type", "None"), ({"text": 12}, "text", "type", "int 12"),
    ({"tokens": {"tokens": ["Putin"], "starts": [0]}}, "tokens", "token-row", "dict"),
    ({"tokens": {"tokens": ["Putin", "met"], "starts": [0, 6], "ends": [5]}}, "tokens", "token-row", "differ in number"),
])
def test_bad_offset_text_or_row_is_named_with_its_value(kwargs, field, rule, shown):
    args = {"tokens": [("Putin", 0, 5)], "tags": ["B-PER"], **kwargs}
    for function in (npe.mentions_from_tags, npe.entities_record):
        call = {"doc": "d000", **args} if function is npe.entities_record else args
        with pytest.raises(npe.InvalidInput) as err:
            function(**call)
        (problem,) = err.value.problems
        assert (problem.field, problem.rule) == (f"{function.__name__}({field})", rule) and shown in problem.detail
