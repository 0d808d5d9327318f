"""Exports: every format read back gives the gold spans exactly; hand cases; all-or-nothing writing."""
import hashlib
import sys
from pathlib import Path

import pytest

import newsprep.eval.export as ex
from newsprep.eval import records
from newsprep.eval.data import dataset as data
from newsprep.eval.data.tokens import MisalignedSpan, tokenize
from newsprep.eval.errors import InvalidInput, NewsPrepError
from newsprep.eval.export import GoldDoc, Sentence, export, read_brat, read_brat_ann, read_conll, read_docbin
from newsprep.eval.types import Mention, Span
from tests.conftest import edit_jsonl, fail_writes_after_the_first, run_cli

TEXTS = {d["id"]: d["text"] for d in records("documents")}
GOLD = {r["doc"]: sorted((m["start"], m["end"], m["type"]) for m in r["mentions"]) for r in records("entities")}
GOLD_IDS = {r["doc"]: sorted((m["start"], m["end"], m["type"], m.get("entity_id")) for m in r["mentions"])
            for r in records("entities")}
BOILER = {r["doc"]: sorted((s["start"], s["end"], s["category"]) for s in r["spans"]) for r in records("boilerplate")}


def spans(mentions):
    return sorted((m.start, m.end, m.type) for m in mentions)


def hand_doc(text: str, mentions, boilerplate=(), *, doc_id="h000", cut=()) -> GoldDoc:
    """A one-document gold built by hand: ``cut`` lists the offsets where a new sentence starts."""
    toks, sentences, start = tokenize(text), [], 0
    for i, bound in enumerate(list(cut) + [len(text)]):
        sentences.append(Sentence(f"{doc_id}-s{i + 1:03d}", False, tuple(t for t in toks if start <= t[1] < bound)))
        start = bound
    return GoldDoc(doc_id, text, tuple(sentences), tuple(Mention(*m) for m in mentions),
                   tuple(Span(*b) for b in boilerplate))


# --- CoNLL ----------------------------------------------------------------

def test_conll_round_trip_gives_the_gold_spans_of_every_document(tmp_path):
    (path,) = [p for p in export("conll", tmp_path / "out") if p.suffix == ".conll"]
    back = read_conll(path, TEXTS)
    assert {d: spans(m) for d, m in back.items()} == GOLD
    assert sum(len(m) for m in back.values()) == 604


def test_conll_content_only_round_trip_gives_the_content_view(tmp_path):
    path = tmp_path / "out" / "newsprep.conll"
    export("conll", tmp_path / "out", content_only=True)
    skip = {d: [(s, e) for s, e, _ in b] for d, b in BOILER.items()}
    back = read_conll(path, TEXTS, skip=skip)
    content = {d: [m for m in g if not any(m[0] < e and s < m[1] for s, e, _ in BOILER[d])] for d, g in GOLD.items()}
    assert {d: spans(m) for d, m in back.items()} == content
    assert sum(len(m) for m in content.values()) == 604 - 178
    with pytest.raises(InvalidInput, match="alignment"):  # without the skipped spans the tokens do not fit the text
        read_conll(path, TEXTS)


def test_conll_layout_sentences_docstart_and_tags_of_the_token_layer(tmp_path):
    export("conll", tmp_path / "out")
    text = (tmp_path / "out" / "newsprep.conll").read_text(encoding="utf-8")
    blocks = text.rstrip("\n").split("\n\n")
    assert text.count("-DOCSTART- -X- O O\n") == 5 and text.endswith("O\n")
    sentences = [b.split("\n") for b in blocks if not b.startswith("-DOCSTART-")]
    rows = records("tokens")
    assert len(sentences) == len(rows) == 217
    for lines, row in zip(sentences, rows):
        assert [line.split(" ") for line in lines] == [[t, g] for t, g in zip(row["tokens"], row["ner_tags"])]


def test_conll_is_read_by_spacy_convert(tmp_path):
    from spacy.training.converters import conll_ner_to_docs

    export("conll", tmp_path / "out")
    docs = list(conll_ner_to_docs((tmp_path / "out" / "newsprep.conll").read_text(encoding="utf-8"), no_print=True))
    assert len(docs) == 5
    for (doc_id, gold), doc in zip(sorted(GOLD.items()), docs):
        offsets = [(s, e) for r in records("tokens") if r["doc"] == doc_id for s, e in zip(r["starts"], r["ends"])]
        assert [t.text for t in doc] == [TEXTS[doc_id][s:e] for s, e in offsets]
        assert [(offsets[e.start][0], offsets[e.end - 1][1], e.label_) for e in doc.ents] == gold
        assert sum(t.is_sent_start for t in doc) == sum(r["doc"] == doc_id for r in records("tokens"))


def test_adjacent_entities_of_one_type_are_b_then_b_and_edges_of_the_text():
    doc = hand_doc("Hanoi Moscow talks with Putin", [(0, 5, "GPE"), (6, 12, "GPE"), (24, 29, "PERSON")])
    lines = ex.conll_text([doc]).split("\n")
    assert lines == ["-DOCSTART- -X- O O", "", "Hanoi B-GPE", "Moscow B-GPE", "talks O", "with O", "Putin B-PERSON", ""]


def test_adjacent_entities_round_trip_in_every_format(tmp_path):
    doc = hand_doc("Hanoi Moscow talks with Putin", [(0, 5, "GPE", "hanoi"), (6, 12, "GPE"), (24, 29, "PERSON")],
                   [(24, 29, "byline")])
    path = tmp_path / "h.conll"
    path.write_text(ex.conll_text([doc]), encoding="utf-8")
    assert spans(read_conll(path, {doc.id: doc.text})[doc.id]) == [(0, 5, "GPE"), (6, 12, "GPE"), (24, 29, "PERSON")]
    brat = read_brat_ann(ex.brat_ann(doc), doc.text)
    assert brat.mentions == list(doc.mentions) and brat.boilerplate == list(doc.boilerplate)
    (spacy_doc,) = ex.spacy_docs([doc])
    assert [(e.start_char, e.end_char, e.label_, e.kb_id_) for e in spacy_doc.ents] == [
        (0, 5, "GPE", "hanoi"), (6, 12, "GPE", ""), (24, 29, "PERSON", "")]
    assert [t.ent_iob_ for t in spacy_doc] == ["B", "B", "O", "O", "B"]


def test_misaligned_span_is_a_precise_error_in_every_format():
    doc = hand_doc("Kremlin-backed media", [(0, 5, "ORG")])
    message = "h000: span [0, 5) ORG 'Kreml' does not fall on token boundaries: end 5 is inside token 'Kremlin' [0, 7)"
    with pytest.raises(MisalignedSpan) as conll_error:
        ex.conll_text([doc])
    with pytest.raises(MisalignedSpan) as spacy_error:
        ex.spacy_docs([doc])
    assert str(conll_error.value) == str(spacy_error.value) == message


def test_mention_across_a_sentence_boundary_is_an_error():
    doc = hand_doc("He met Kim. Jong left.", [(7, 16, "PERSON")], cut=[12])
    with pytest.raises(MisalignedSpan, match=r"span \[7, 16\) PERSON 'Kim. Jong' crosses the start of sentence h000-s002 at 12"):
        ex.conll_text([doc])


def test_read_conll_names_the_line_that_does_not_fit(tmp_path):
    path = tmp_path / "p.conll"
    path.write_text("-DOCSTART- -X- O O\n\nPutin B-PERSON\nleft O\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        read_conll(path, {"d": "Putin arrived"})
    assert [str(p) for p in err.value.problems] == [
        f"{path}:4: token: alignment (d: 'left' is not the text at 6 ('arrived'))"]
    with pytest.raises(InvalidInput, match="the text from 11 \\('arrived'\\) has no token"):
        read_conll(path, {"d": "Putin left arrived"})
    with pytest.raises(InvalidInput, match="1 documents, expected 2"):
        read_conll(path, {"d": "Putin left", "e": "x"})
    path.write_text("-DOCSTART- -X- O O\n\nPutin PERSON\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=":3: tag: bio-tag"):
        read_conll(path, {"d": "Putin"})


def test_read_conll_accepts_another_tokenisation_of_the_same_text(tmp_path):
    path = tmp_path / "p.conll"
    path.write_text("-DOCSTART- -X- O O\n\nUS-led B-GPE\nsanctions O\n", encoding="utf-8")
    assert read_conll(path, {"d": "US-led sanctions"}) == {"d": [Mention(0, 6, "GPE")]}


# --- brat -----------------------------------------------------------------

def test_brat_texts_are_the_dataset_text_byte_for_byte(tmp_path):
    export("brat", tmp_path / "out")
    raw = data.dataset_dir() / "raw"
    for doc in records("documents"):
        written = (tmp_path / "out" / f"{doc['id']}.txt").read_bytes()
        assert written == doc["text"].encode("utf-8") == (raw / doc["seed_file"]).read_bytes()
        assert hashlib.sha256(written).hexdigest() == doc["sha256"]


def test_brat_round_trip_gives_gold_mentions_ids_and_boilerplate(tmp_path):
    export("brat", tmp_path / "out")
    back = read_brat(tmp_path / "out")
    assert sorted(back) == sorted(TEXTS)
    for doc_id, doc in back.items():
        assert doc.text == TEXTS[doc_id]
        assert sorted((m.start, m.end, m.type, m.entity_id) for m in doc.mentions) == GOLD_IDS[doc_id]
        assert [(s.start, s.end, s.label) for s in doc.boilerplate] == BOILER[doc_id]


def test_brat_lines_by_hand(tmp_path):
    export("brat", tmp_path / "out")
    ann = (tmp_path / "out" / "d000.ann").read_text(encoding="utf-8").split("\n")
    assert ann[0] == "T1\tPERSON 0 5\tPutin"
    assert "#1\tAnnotatorNotes T1\tvladimir_putin" in ann
    boiler = next(line for line in ann if line.startswith("T") and "\tBoilerplate 87 88\t" in line)
    assert f"A1\tCategory {boiler.split(chr(9))[0]} source" in ann
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8").split("\n")
    assert {t for types in GOLD.values() for _, _, t in types} < set(conf) and "Boilerplate" in conf


def test_no_gold_span_holds_a_line_end_so_brat_needs_no_fragments(tmp_path):
    assert not any("\n" in TEXTS[d][s:e] for layer in (GOLD, BOILER) for d, items in layer.items() for s, e, _ in items)
    export("brat", tmp_path / "out")
    assert not any(";" in line.split("\t")[1] for p in (tmp_path / "out").glob("*.ann")
                   for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("T"))


def test_span_with_line_ends_becomes_brat_fragments_and_comes_back_whole():
    doc = hand_doc("Ho Chi\n\nMinh City", [(0, 17, "GPE")])
    ann = ex.brat_ann(doc)
    assert ann == "T1\tGPE 0 6;8 17\tHo Chi Minh City\n"
    assert read_brat_ann(ann, doc.text).mentions == [Mention(0, 17, "GPE")]


def test_read_brat_refuses_a_wrong_surface_and_a_real_gap():
    with pytest.raises(InvalidInput, match="surface 'Putn' is not the text at 0 5"):
        read_brat_ann("T1\tPERSON 0 5\tPutn\n", "Putin")
    with pytest.raises(InvalidInput, match="not separated by line ends only"):
        read_brat_ann("T1\tPERSON 0 3;4 9\tKim Putin\n", "Kim Putin")


# --- spaCy DocBin ---------------------------------------------------------

def test_docbin_round_trip_text_tokens_sentences_entities_and_boilerplate(tmp_path):
    export("docbin", tmp_path / "out")
    docs = read_docbin(tmp_path / "out" / "newsprep.spacy")
    assert sorted(docs) == sorted(TEXTS)
    for doc_id, doc in docs.items():
        rows = [r for r in records("tokens") if r["doc"] == doc_id]
        assert doc.text == TEXTS[doc_id]
        assert [t.text for t in doc if not t.is_space] == [t for r in rows for t in r["tokens"]]
        assert sorted((e.start_char, e.end_char, e.label_, e.kb_id_ or None) for e in doc.ents) == GOLD_IDS[doc_id]
        assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["boilerplate"]] == BOILER[doc_id]
        starts = [s.start_char + len(s.text) - len(s.text.lstrip()) for s in doc.sents]
        assert starts == [r["starts"][0] for r in rows]


def test_docbin_without_spacy_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(NewsPrepError, match=r"pip install 'newsprep\[spacy\]'"):
        export("docbin", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_white_space_runs_become_tokens_so_the_text_is_exact():
    doc = hand_doc(" Putin  left\n\nHanoi. ", [(1, 6, "PERSON"), (14, 19, "GPE")], cut=[14])
    (spacy_doc,) = ex.spacy_docs([doc])
    assert spacy_doc.text == doc.text
    assert [t.text for t in spacy_doc] == [" ", "Putin", " ", "left", "\n\n", "Hanoi", "."]
    assert [s.text_with_ws for s in spacy_doc.sents] == [" Putin  left\n\n", "Hanoi. "]


# --- writing --------------------------------------------------------------

def test_refuses_a_non_empty_folder_and_replaces_it_only_when_asked(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(NewsPrepError, match="exists and is not empty"):
        export("conll", out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    export("conll", out, overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == ["VERSION", "newsprep.conll"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left


def test_a_failure_while_writing_leaves_the_old_export_and_no_partial_one(tmp_path, monkeypatch):
    out = tmp_path / "out"
    export("conll", out)
    before = (out / "newsprep.conll").read_bytes()
    fail_writes_after_the_first(monkeypatch)
    with pytest.raises(NewsPrepError, match=r"cannot write .*: disk full; nothing was written"):
        export("brat", out, overwrite=True)
    with pytest.raises(NewsPrepError, match=r"cannot write .*new.*: disk full; nothing was written"):
        export("brat", tmp_path / "new")
    monkeypatch.undo()
    assert (out / "newsprep.conll").read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def misalign_first_mention(root: Path) -> None:
    def edit(record):
        record["mentions"][0].update(end=3, text="Put")
        return record
    edit_jsonl(root, "data/entities.jsonl", 1, edit)


def test_misaligned_gold_is_refused_and_nothing_is_written(data_copy, tmp_path):
    misalign_first_mention(data_copy)
    for fmt in ex.FORMATS:
        with pytest.raises(InvalidInput, match=r"data/entities.jsonl:1: mentions\[0\].start: token-boundary"):
            export(fmt, tmp_path / fmt, root=data_copy)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]
    docs = ex.load_gold(data_copy)  # the writers check alignment themselves too
    for write in (ex.conll_text, ex.spacy_docs):
        with pytest.raises(MisalignedSpan, match=r"d000: span \[0, 3\) PERSON 'Put' .* end 3 is inside token 'Putin' \[0, 5\)"):
            write(docs)


def test_cli_export_and_its_errors(data_copy, tmp_path):
    out = run_cli("export", "--format", "conll", "--out", str(tmp_path / "c"))
    assert out.code == 0 and "conll, 2 files" in out.out
    assert (tmp_path / "c" / "VERSION").read_text() == f"NewsPrep data {data.data_version()}, format conll\n"
    out = run_cli("export", "--format", "conll", "--out", str(tmp_path / "c"))
    assert out.code == 2 and "exists and is not empty" in out.err
    out = run_cli("export", "--format", "brat", "--content-only", "--out", str(tmp_path / "b"))
    assert out.code == 2 and "--content-only applies to --format conll only" in out.err
    assert not (tmp_path / "b").exists()
    misalign_first_mention(data_copy)
    out = run_cli("export", "--format", "conll", "--root", str(data_copy), "--out", str(tmp_path / "m"))
    assert out.code == 1 and "Traceback" not in out.err
    assert "data/entities.jsonl:1: mentions[0].start: token-boundary ('Put' [0, 3) splits a token)" in out.err
    assert "newsprep export: 3 problem(s); nothing was written" in out.err
    assert not (tmp_path / "m").exists()
