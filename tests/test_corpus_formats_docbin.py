"""The spaCy DocBin reader of ``newsprep import``: NewsPrep's own export reads back as the gold; hand-made Docs
give exactly their entities and span groups; a file that is no DocBin is a problem; documents come one at a time."""
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprep.eval import records
from newsprep.eval.corpus.formats import docbin
from newsprep.eval.corpus.source import SourceDoc, SourceSpan
from newsprep.eval.errors import InvalidInput, NewsPrepError
from newsprep.eval.export import export
from tests.test_corpus_import import refused_unopened

TEXTS = {d["id"]: d["text"] for d in records("documents")}
MENTIONS = {r["doc"]: sorted((m["start"], m["end"], m["type"], m.get("entity_id")) for m in r["mentions"])
            for r in records("entities")}
BOILER = {r["doc"]: sorted((s["start"], s["end"], "boilerplate:" + s["category"]) for s in r["spans"])
          for r in records("boilerplate")}


def problems(src: Path) -> list[str]:
    with pytest.raises(InvalidInput) as err:
        list(docbin.read(src))
    return [str(p) for p in err.value.problems]


@pytest.fixture
def spacy():
    return pytest.importorskip("spacy")


@pytest.fixture
def hand_made(tmp_path, spacy) -> Path:
    """Three Docs: one with entities and span groups, one whose id is no str, one with no id at all."""
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    first = Doc(vocab, words=["Putin", "met", "Kim", ".", "\r\n", "Menu", "Share"], spaces=[True, True, False, False, False, True, False])
    assert first.text == "Putin met Kim.\r\nMenu Share"
    first.ents = [first.char_span(0, 5, "PERSON", kb_id="Q7747"), first.char_span(10, 13, "PER")]
    first.spans["sc"] = [first.char_span(6, 9, "VERB")]
    first.spans["boilerplate"] = [first.char_span(16, 20, "navigation"), first.char_span(21, 26, "Share")]
    first.spans["a-first"] = [first.char_span(0, 13, "SENT", kb_id="s1")]
    first.user_data["id"] = "art-1"
    second = Doc(vocab, words=["Hanoi"], spaces=[False])
    second.user_data["id"] = 7
    third = Doc(vocab, words=[])
    path = tmp_path / "hand.spacy"
    path.write_bytes(DocBin(docs=[first, second, third], store_user_data=True).to_bytes())
    return path


# --- NewsPrep's own export ----------------------------------------------------

def test_the_export_of_the_dataset_reads_back_as_its_gold(tmp_path, spacy):
    export("docbin", tmp_path / "out")
    path = tmp_path / "out" / "newsprep.spacy"
    docs = list(docbin.read(path))
    assert [d.name for d in docs] == sorted(TEXTS)
    for k, doc in enumerate(docs):
        assert doc.text == TEXTS[doc.name] and (doc.file, doc.line) == (str(path), None)
        ents = [s for s in doc.spans if s.where.startswith(f"doc {k} ents[")]
        boiler = [s for s in doc.spans if s.where.startswith(f"doc {k} spans[boilerplate][")]
        assert len(ents) + len(boiler) == len(doc.spans)
        assert sorted((s.start, s.end, s.label, s.entity_id) for s in ents) == MENTIONS[doc.name]
        assert sorted((s.start, s.end, s.label) for s in boiler) == BOILER[doc.name]
        assert all(s.text is None for s in doc.spans)


# --- hand-made DocBins --------------------------------------------------------

def test_hand_made_docs_give_their_entities_and_their_boilerplate_group_only(hand_made):
    """Other span groups are not read: a spancat project's ``spans["sc"]`` often copies the entities."""
    file = str(hand_made)
    assert list(docbin.read(hand_made)) == [
        SourceDoc("art-1", "Putin met Kim.\r\nMenu Share", (
            SourceSpan(0, 5, "PERSON", "doc 0 ents[0]", entity_id="Q7747"),
            SourceSpan(10, 13, "PER", "doc 0 ents[1]"),
            SourceSpan(16, 20, "boilerplate:navigation", "doc 0 spans[boilerplate][0]"),
            SourceSpan(21, 26, "Share", "doc 0 spans[boilerplate][1]"),  # no NewsPrep category: as it stands
        ), file),
        SourceDoc("doc 1", "Hanoi", (), file, sentences=((0, 5),)),  # one token: spaCy marks its sentence start
        SourceDoc("doc 2", "", (), file),
    ]


def test_read_is_lazy_and_gives_one_doc_at_a_time(hand_made, tmp_path):
    docs = docbin.read(hand_made)
    assert isinstance(docs, Iterator)
    assert next(docs).name == "art-1"
    assert [d.name for d in docs] == ["doc 1", "doc 2"]
    missing = docbin.read(tmp_path / "none.spacy")  # nothing is read before the first document is asked for
    with pytest.raises(InvalidInput, match="none.spacy: -: readable"):
        next(missing)


# --- bad files ----------------------------------------------------------------

@pytest.mark.parametrize("content", [b"T1\tPERSON 0 5\tPutin\n", b"", b"\x78\x9c\x03\x00\x00\x00\x00\x01"])
def test_a_file_that_is_not_a_docbin_is_a_problem_naming_it(tmp_path, spacy, content):
    path = tmp_path / "notes.spacy"
    path.write_bytes(content)
    (problem,) = problems(path)
    assert problem.startswith(f"{path}: -: docbin (not a spaCy DocBin: ") and f"(the file starts {content[:16]!r})" in problem


def test_a_truncated_docbin_is_a_problem(hand_made):
    hand_made.write_bytes(hand_made.read_bytes()[:-20])
    (problem,) = problems(hand_made)
    assert problem.startswith(f"{hand_made}: -: docbin (not a spaCy DocBin: ")


def test_a_missing_file_is_a_problem(tmp_path, spacy):
    assert problems(tmp_path / "none.spacy") == [f"{tmp_path / 'none.spacy'}: -: readable (No such file or directory)"]


def test_without_spacy_the_reader_says_how_to_install_it(tmp_path, monkeypatch):
    for name in ("spacy", "spacy.tokens", "spacy.vocab"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(NewsPrepError, match=r"the docbin format needs spaCy: pip install 'newsprep\[spacy\]'"):
        next(docbin.read(tmp_path / "any.spacy"))


def test_a_docbin_that_decompresses_past_the_limit_is_refused_before_spacy_reads_it(tmp_path, spacy, monkeypatch):
    monkeypatch.setattr(docbin, "MAX_INFLATED_BYTES", 1 << 20)
    path = tmp_path / "bomb.spacy"
    path.write_bytes(zlib.compress(b"\0" * (3 << 20), 9))  # 3 KB that would be 3 MB (at scale: 3 MB, 3 GB)
    assert problems(path) == [f"{path}: -: docbin-size (decompresses to more than {1 << 20} bytes; split the corpus "
                              "into several DocBins and import each)"]
    assert docbin.inflated_size(path.read_bytes(), 4 << 20) == 3 << 20


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_unopened(tmp_path, spacy):
    os.mkfifo(tmp_path / "x.spacy")
    assert [p.rule for p in refused_unopened(docbin.read, tmp_path / "x.spacy")] == ["regular-file"]
