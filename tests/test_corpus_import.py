"""newsprep import: the segment rule, the label map, each refusal in the export's coordinates, all or
nothing, init, pairs, ids with more digits, and the validator's rules for an imported folder."""
from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator

import pytest

import newsprep.eval as npe
from newsprep.eval.corpus import build
from newsprep.eval.corpus.build import Corpus, document_layers
from newsprep.eval.corpus.segments import segment_spans, sentences
from newsprep.eval.corpus.source import LabelMap, SourceDoc, SourceSpan
from newsprep.eval.corpus.write import import_corpus, import_documents, init_corpus
from newsprep.eval.data import dataset as data
from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem
from newsprep.eval.io.jsonl import MAX_LINE_BYTES
from newsprep.eval.validate.dataset import validate_data
from newsprep.eval.validate.stream import Pass
from tests.conftest import run_cli

TEXT = "Putin visits Hanoi\nHome | World\nVladimir Putin arrived in Hanoi on Wednesday. He met To Lam."
SPANS = (SourceSpan(0, 5, "PERSON", "T1", "Putin"), SourceSpan(13, 18, "GPE", "T2"),
         SourceSpan(19, 31, "boilerplate:navigation", "T3"), SourceSpan(32, 46, "PERSON", "T4"),
         SourceSpan(58, 63, "GPE", "T5"), SourceSpan(67, 76, "DATE", "T6"), SourceSpan(85, 91, "PERSON", "T7"))


def doc(*spans, text=TEXT, name="a"):
    return SourceDoc(name, text, tuple(spans), f"src/{name}.ann")


def layers(*spans, text=TEXT, labels=None, ids=False):
    return document_layers(doc(*spans, text=text), "d000", Corpus(labels or LabelMap.parse(), ids))


def refusal(*spans, text=TEXT, ids=False):
    built, problems = layers(*spans, text=text, ids=ids)
    assert built is None and problems
    return problems


def refused_unopened(read, path) -> list[Problem]:
    """The problems ``read(path)`` raises for ``path``, a named pipe: it must be refused before it is opened. A reader
    that opens it waits for a writer; here a thread gives up after 10 seconds, and a writer frees it to fail the test."""
    found: list[Problem] = []

    def run():
        try:
            result = read(path)
            if isinstance(result, Iterator):
                list(result)  # a format's reader reads as its documents are asked for
        except InvalidInput as err:
            found.extend(err.problems)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        with open(path, "wb"):
            pass
        thread.join()
        pytest.fail(f"the reader opened the named pipe {path} and waited for a writer")
    return found


# --- the segment rule --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Mr. Putin came. He left.", ["Mr. Putin came.", "He left."]),
    ("It rose 3.5 percent. Then it fell!", ["It rose 3.5 percent.", "Then it fell!"]),
    ("At 10 a.m. Putin spoke. J. Smith wrote it.", ["At 10 a.m. Putin spoke.", "J. Smith wrote it."]),
    ("\"Why?\" he asked. \"Because.\" Nobody knew.", ["\"Why?\" he asked.", "\"Because.\"", "Nobody knew."]),
    ("the U.S. Army came. so did they", ["the U.S. Army came. so did they"]),
])
def test_sentences_split_at_sentence_ends_and_not_after_abbreviations(text, expected):
    assert [text[s:e] for s, e in sentences(text, [])] == expected


@pytest.mark.parametrize("text, expected", [
    ("Il partit. Émile resta.", ["Il partit.", "Émile resta."]),
    ("Er ging. Über Nacht blieb sie.", ["Er ging.", "Über Nacht blieb sie."]),
    ("Он ушёл. Путин остался.", ["Он ушёл.", "Путин остался."]),
    ("He said no. Then he left.", ["He said no.", "Then he left."]),  # abbreviations as written: "No", not "no"
    ('He said "I live in the U.S." Then he left.', ['He said "I live in the U.S."', "Then he left."]),
    ("He met Gen. Giap in the U.S. Army base.", ["He met Gen. Giap in the U.S. Army base."]),
])
def test_a_sentence_starts_with_any_capital_and_abbreviations_are_matched_as_written(text, expected):
    assert [text[s:e] for s, e in sentences(text, [])] == expected


def test_a_sentence_end_inside_a_mention_is_never_cut():
    text = "They flew to St. Petersburg. Then home."
    assert [text[s:e] for s, e in sentences(text, [(13, 27)])] == ["They flew to St. Petersburg.", "Then home."]
    other = "See Dr. No. Now."  # "No." is an abbreviation only before a digit ("No. 10")
    assert [other[s:e] for s, e in sentences(other, [])] == ["See Dr. No.", "Now."]
    assert sentences("He won No. 10 again.", []) == [(0, 20)]
    other = "See Ask. Now."
    assert [other[s:e] for s, e in sentences(other, [(4, 13)])] == ["See Ask. Now."]
    assert [other[s:e] for s, e in sentences(other, [])] == ["See Ask.", "Now."]


def test_boilerplate_spans_are_segments_of_their_own_and_cut_the_content_around_them():
    text = "Read more: Putin left. Share this\nNext line."
    got = segment_spans(text, [(0, 10), (23, 33)], [])
    assert [(text[s:e], b) for s, e, b in got] == [("Read more:", True), ("Putin left.", False), ("Share this", True),
                                                   ("Next line.", False)]


def test_given_sentences_are_kept_as_they_are():
    text = "Mr. A. Smith left. He came back.\nB"
    assert segment_spans(text, [], [], given=((0, 32), (33, 34))) == [(0, 32, False), (33, 34, False)]


def test_the_rule_gives_the_hand_made_gold_segments_of_every_released_document():
    gold = npe.records("segments")
    boiler = {r["doc"]: [(s["start"], s["end"]) for s in r["spans"]] for r in npe.records("boilerplate")}
    mentions = {r["doc"]: [(m["start"], m["end"]) for m in r["mentions"]] for r in npe.records("entities")}
    derived = [(d["id"], s, e, b) for d in npe.records("documents")
               for s, e, b in segment_spans(d["text"], boiler[d["id"]], mentions[d["id"]])]
    assert derived == [(g["doc"], g["start"], g["end"], g["boilerplate"]) for g in gold]
    assert len(derived) == 217


# --- the label map -----------------------------------------------------------------------------------

def test_label_map_from_json_and_csv_and_its_refusals(tmp_path):
    (tmp_path / "m.json").write_text('{"PER": "PERSON", "Nav": "boilerplate:navigation"}', encoding="utf-8")
    (tmp_path / "m.csv").write_text("# mine\nPER,PERSON\nMisc,ignore\n", encoding="utf-8")
    assert LabelMap.read(tmp_path / "m.json").target("Nav") == "boilerplate:navigation"
    assert LabelMap.read(tmp_path / "m.csv").target("Misc") == "ignore"
    (tmp_path / "bad.csv").write_text("PER,PERSON\nLOC\nX,Person\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        LabelMap.read(tmp_path / "bad.csv")
    assert [(p.line, p.rule) for p in err.value.problems] == [(2, "label-map")]
    (tmp_path / "bad2.csv").write_text("X,Person\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="X: label-target .*'Person' is not an OntoNotes type"):
        LabelMap.read(tmp_path / "bad2.csv")
    (tmp_path / "bin.csv").write_bytes(b"A,PERSON\n\xff\n")
    with pytest.raises(InvalidInput, match="utf-8"):
        LabelMap.read(tmp_path / "bin.csv")


def test_label_map_csv_is_read_by_the_csv_module_with_a_byte_order_mark_and_quotes(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(b'\xef\xbb\xbfPER, PERSON\n"Place, city", GPE\n')
    labels = LabelMap.read(path)
    assert labels.table == {"PER": "PERSON", "Place, city": "GPE"}


def test_label_map_refuses_a_label_twice_and_names_the_lines(tmp_path):
    (tmp_path / "m.csv").write_text("PER,PERSON\nLOC,GPE\nPER,NORP\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        LabelMap.read(tmp_path / "m.csv")
    assert [(p.line, p.field, p.rule) for p in err.value.problems] == [(3, "PER", "label-map-duplicate")]
    assert "line 1 and line 3" in err.value.problems[0].detail
    (tmp_path / "m.json").write_text('{"PER": "PERSON", "PER": "NORP"}', encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        LabelMap.read(tmp_path / "m.json")
    assert [(p.field, p.rule) for p in err.value.problems] == [("PER", "label-map-duplicate")]


def test_label_map_target_problems_carry_the_csv_line(tmp_path):
    (tmp_path / "m.csv").write_text("PER,PERSON\n\nX,Person\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        LabelMap.read(tmp_path / "m.csv")
    assert [(p.line, p.field, p.rule) for p in err.value.problems] == [(3, "X", "label-target")]


def test_label_map_with_a_label_that_is_no_string_says_so():
    with pytest.raises(InvalidInput) as err:
        LabelMap.parse({1: "PERSON"})
    [problem] = err.value.problems
    assert problem.rule == "label-map" and "the label 1 is not a string" in problem.detail


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_label_map_that_is_a_named_pipe_is_refused_unopened(tmp_path):
    os.mkfifo(tmp_path / "m.csv")
    assert [p.rule for p in refused_unopened(LabelMap.read, tmp_path / "m.csv")] == ["regular-file"]


# --- one document's layers, and each refusal --------------------------------------------------------

def test_a_document_gives_its_layers_with_trimmed_spans_and_boilerplate_cut_per_line():
    text = "Title\nShare  \nFollow us\nBody text here."
    built, problems = layers(SourceSpan(5, 24, "boilerplate:sharing", "T1"), SourceSpan(0, 5, "PERSON", "T2"),
                             text=text)
    assert not problems
    assert [(b["text"], b["category"]) for b in built.boilerplate] == [("Share", "sharing"), ("Follow us", "sharing")]
    assert [(s["text"], s["boilerplate"]) for s in built.segments] == [
        ("Title", False), ("Share", True), ("Follow us", True), ("Body text here.", False)]
    assert built.mentions == [{"start": 0, "end": 5, "text": "Title", "type": "PERSON", "entity_id": None}]


@pytest.mark.parametrize("span, rule, detail", [
    (SourceSpan(0, 5, "Person", "T9"), "unknown-label", "'Person' is not in the label map"),
    (SourceSpan(80, 99, "GPE", "T9"), "offset-in-range", "[80, 99) lies outside the text of 92 characters"),
    (SourceSpan(5, 5, "GPE", "T9"), "offset-order", "start 5 >= end 5"),
    (SourceSpan(13, 18, "GPE", "T9", "Hue"), "surface-text", "the export says 'Hue', the text at [13, 18) is 'Hanoi'"),
    (SourceSpan(13, 22, "GPE", "T9"), "single-line", "crosses a line end"),
    (SourceSpan(14, 18, "GPE", "T9"), "token-boundary", "start 14 is inside token 'Hanoi' [13, 18)"),
    (SourceSpan(0, 12, "PERSON", "T9"), "no-overlap", "[0, 12) overlaps [0, 5) (T1)"),
    (SourceSpan(17, 23, "GPE", "T9"), "single-line", ""),
    (SourceSpan("3", 5, "GPE", "T9"), "offset-type", "are not integers"),
])
def test_each_refusal_names_the_file_and_the_span_in_the_export(span, rule, detail):
    problems = refusal(SourceSpan(0, 5, "PERSON", "T1"), span)
    assert [(p.file, p.field, p.rule) for p in problems] == [("src/a.ann", "T9", rule)]
    assert detail in problems[0].detail


def test_a_mention_across_the_edge_of_a_boilerplate_span_is_refused():
    built, problems = layers(SourceSpan(19, 31, "boilerplate:navigation", "T1"), SourceSpan(26, 31, "ORG", "T2"),
                             SourceSpan(19, 23, "ORG", "T3"))
    assert not problems and len(built.mentions) == 2  # inside the boilerplate span: fine
    problems = refusal(SourceSpan(19, 25, "boilerplate:navigation", "T1"), SourceSpan(19, 31, "ORG", "T2"))
    assert [(p.field, p.rule) for p in problems] == [("T2", "boilerplate-boundary")]


def test_a_text_over_the_size_limit_or_holding_nul_or_an_empty_title_is_refused():
    problems = refusal(text="Putin left. " * (build.MAX_TEXT_CHARS // 12 + 1))
    assert [(p.file, p.field, p.rule) for p in problems] == [("src/a.ann", "document 'a'", "text-size")]
    assert f"at most {build.MAX_TEXT_CHARS}" in problems[0].detail
    problems = refusal(SourceSpan(0, 5, "PERSON", "T1"), text="Putin\x00 left.")
    assert [(p.rule, p.field) for p in problems] == [("nul", "document 'a'")] and "at 5" in problems[0].detail
    assert [p.rule for p in refusal(text="\nPutin left.")] == ["title"]


def test_the_largest_text_gives_lines_the_validator_takes(tmp_path):
    """The worst text of the size limit: one line of control characters (each escaped in 6 bytes, each a token),
    all of it one WORK_OF_ART mention (each token's tag I-WORK_OF_ART): its tokens row and its documents record
    (title and text) stay under the validator's line limit."""
    assert build.MAX_TEXT_CHARS * build.WORST_TOKEN_BYTES + 1_000 < MAX_LINE_BYTES
    size = build.MAX_TEXT_CHARS
    worst = doc(SourceSpan(0, size, "WORK_OF_ART", "T1"), text="\x01" * size)
    import_documents(lambda: iter([worst]), tmp_path / "out", fmt="brat", name="worst", source="src")
    longest = {p.name: max(map(len, p.read_bytes().splitlines(keepends=True))) for p in (tmp_path / "out/data").iterdir()}
    assert 0.8 * MAX_LINE_BYTES < longest["tokens.jsonl"] < MAX_LINE_BYTES
    assert longest["documents.jsonl"] < MAX_LINE_BYTES


def test_a_document_whose_entities_record_would_not_fit_a_line_is_refused():
    size = build.MAX_TEXT_CHARS
    spans = [SourceSpan(k, k + 1, "WORK_OF_ART", f"T{k}") for k in range(size)]  # ~90 bytes a one-character mention
    problems = refusal(*spans, text="\x01" * size)
    assert [(p.field, p.rule) for p in problems] == [("document 'a'", "record-size")]


def test_texts_with_carriage_returns_or_nothing_are_refused():
    assert refusal(text="a\r\nb")[0].rule == "line-end"
    assert refusal(text=" \n")[0].rule == "not-empty"


def test_a_span_of_white_space_alone_is_refused_mention_or_boilerplate():
    problems = refusal(SourceSpan(0, 5, "PERSON", "T1"), SourceSpan(5, 6, "boilerplate:navigation", "T2"))
    assert [(p.field, p.rule) for p in problems] == [("T2", "not-empty")]
    assert "boilerplate span [5, 6) is white space only" in problems[0].detail


def test_a_span_that_ends_or_starts_before_a_combining_mark_is_refused():
    text = "Cafe\u0301 Noir opened.\nHome"
    problems = refusal(SourceSpan(0, 4, "ORG", "T1"), text=text)
    assert [(p.field, p.rule) for p in problems] == [("T1", "grapheme-boundary")]
    assert "end 4 falls before the combining mark U+0301" in problems[0].detail
    built, found = layers(SourceSpan(0, 10, "ORG", "T1"), text=text)  # with its mark: fine
    assert not found and built.mentions[0]["text"] == "Cafe\u0301 Noir"


def test_a_mention_overlapping_an_earlier_longer_one_is_refused_too():
    problems = refusal(SourceSpan(32, 63, "EVENT", "T1"), SourceSpan(41, 46, "PERSON", "T2"),
                       SourceSpan(58, 63, "GPE", "T3"))
    assert [(p.field, p.rule) for p in problems] == [("T2", "no-overlap"), ("T3", "no-overlap")]
    assert "overlaps [32, 63) (T1)" in problems[1].detail


def test_many_lines_of_spans_are_refused_in_linear_time():
    """20,000 lines, each a boilerplate span and a mention (199,999 characters): every check is a bisection, so the
    document is refused for its segments at once (each line against each span was quadratic: minutes)."""
    text = "\n".join(["Nav Putin"] * 20_000)
    spans = [s for k in range(20_000) for s in (SourceSpan(10 * k, 10 * k + 3, "boilerplate:navigation", f"T{2 * k}"),
                                                SourceSpan(10 * k + 4, 10 * k + 9, "PERSON", f"T{2 * k + 1}"))]
    began = time.perf_counter()
    problems = refusal(*spans, text=text)
    assert time.perf_counter() - began < 2
    assert [(p.field, p.rule) for p in problems] == [("document 'a'", "segments")]


def test_entity_ids_keep_letters_of_every_script_and_refuse_what_is_not_ascii():
    assert build.entity_key("Путин") == "путин" and build.entity_key("C++") == "c"
    problems = refusal(SourceSpan(0, 5, "PERSON", "T1", entity_id="Путин"), ids=True)
    assert [(p.field, p.rule) for p in problems] == [("T1", "entity-id")]
    assert "'Путин'" in problems[0].detail and "ids must be ASCII letters and digits; map or rename them" in problems[0].detail


def test_two_export_ids_that_give_one_key_are_refused_naming_both():
    corpus = Corpus(LabelMap.parse(), True)
    assert document_layers(doc(SourceSpan(0, 5, "PRODUCT", "T1", entity_id="C++")), "d000", corpus)[1] == []
    _, problems = document_layers(doc(SourceSpan(13, 18, "PRODUCT", "T4", entity_id="C"), name="b"), "d001", corpus)
    assert [(p.file, p.field, p.rule) for p in problems] == [("src/b.ann", "T4", "entity-id-collision")]
    assert "'C' and 'C++' (src/a.ann: T1) both give the id 'c'" in problems[0].detail


def test_a_mention_without_an_id_is_told_which_span_made_ids_required():
    corpus = Corpus(LabelMap.parse(), True, first_id="src/z.ann: T7")
    _, problems = document_layers(doc(SourceSpan(0, 5, "PERSON", "T1")), "d000", corpus)
    assert [p.rule for p in problems] == ["entity-id-required"] and "src/z.ann: T7 has one" in problems[0].detail
    named = doc(SourceSpan(0, 5, "PERSON", "T1", entity_id="Q7747"), SourceSpan(32, 46, "PERSON", "T4"), name="b")
    assert build.first_id_span(named) == "src/b.ann: T1"
    _, problems = document_layers(named, "d000", Corpus(LabelMap.parse(), True))
    assert [p.field for p in problems] == ["T4"] and "src/b.ann: T1 has one" in problems[0].detail


def test_entity_ids_where_the_export_has_them():
    named = SourceSpan(0, 5, "PERSON", "T1", entity_id="vladimir_putin")
    assert layers(named, ids=True)[0].mentions[0]["entity_id"] == "vladimir_putin"
    assert refusal(SourceSpan(0, 5, "PERSON", "T1"), ids=True)[0].rule == "entity-id-required"
    assert refusal(SourceSpan(67, 76, "DATE", "T1", entity_id="x"), ids=True)[0].rule == "entity-id-null"
    assert layers(SourceSpan(0, 5, "PERSON", "T1", entity_id="Q7747"), ids=True)[0].mentions[0]["entity_id"] == "q7747"
    note = SourceSpan(0, 5, "PERSON", "T1", entity_id="is this the president?")  # a note, not an id
    assert refusal(note, ids=True)[0].rule == "entity-id-required"
    assert layers(note, ids=False)[0].mentions[0]["entity_id"] is None
    corpus = Corpus(LabelMap.parse(), True)
    document_layers(doc(named), "d000", corpus)
    _, problems = document_layers(doc(SourceSpan(13, 18, "GPE", "T2", entity_id="vladimir_putin"), name="b"), "d001", corpus)
    assert [(p.file, p.field, p.rule) for p in problems] == [("src/b.ann", "T2", "entity-type-consistent")]
    assert "PERSON at T1" in problems[0].detail


def test_ignored_labels_are_dropped():
    built, _ = layers(SourceSpan(0, 5, "Misc", "T1"), labels=LabelMap.parse({"Misc": "ignore"}))
    assert built.mentions == []


# --- the folder ------------------------------------------------------------------------------------

def two_docs():
    yield doc(*SPANS)
    yield doc(SourceSpan(6, 13, "GPE", "T1"), text="Trade\nVietnam and Russia signed 11 deals.", name="b")


def test_an_import_is_a_valid_folder_the_streaming_proof_accepts(tmp_path):
    manifest = import_documents(two_docs, tmp_path / "out", fmt="brat", name="mine", source="src")
    root = tmp_path / "out"
    assert validate_data(root) == []
    assert Pass(root, omitted=set(manifest["imported"]["omitted"]), kind="imported").certain
    assert data.kind(root) == "imported" and npe.data_version(root) == "0.1.0"
    assert manifest["imported"]["omitted"] == ["document_pairs", "duplicate_pairs", "entity_table"]
    assert [d["id"] for d in npe.records("documents", root=root)] == ["d000", "d001"]
    sources = [json.loads(line) for line in (root / "annotation/sources.jsonl").read_text().splitlines()]
    assert [(s["doc"], s["name"], s["file"]) for s in sources] == [("d000", "a", "a.ann"), ("d001", "b", "b.ann")]
    assert sorted(p.name for p in root.iterdir()) == ["ANNOTATION_GUIDELINES.md", "CHANGELOG.md", "README.md",
                                                      "annotation", "croissant.json", "data", "manifest.json"]


def test_the_validator_names_what_breaks_an_imported_folders_rules(tmp_path):
    import_documents(two_docs, tmp_path / "out", fmt="brat", name="mine", source="src")
    root = tmp_path / "out"

    def edited(change):
        copy = tmp_path / f"copy{len(list(tmp_path.iterdir()))}"
        shutil.copytree(root, copy)
        change(copy)
        return {(p.file, p.rule) for p in validate_data(copy)}

    def manifest_block(**fields):
        def change(copy):
            found = json.loads((copy / "manifest.json").read_text())
            found["imported"].update(fields)
            (copy / "manifest.json").write_text(json.dumps(found))
        return change

    assert ("manifest.json", "manifest-field") in edited(manifest_block(name="Not A Name"))
    assert ("manifest.json", "manifest-field") in edited(manifest_block(entity_ids="no"))

    def with_id(copy):
        path = copy / "data/entities.jsonl"
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        rows[0]["mentions"][0]["entity_id"] = "vladimir_putin"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert ("data/entities.jsonl", "entity-id-null") in edited(with_id)

    def seed_file(copy):
        path = copy / "data/documents.jsonl"
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        rows[0]["seed_file"] = "000_0123456789abcdef.txt"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert ("data/documents.jsonl", "synthetic-marker") in edited(seed_file)
    assert ("raw", "release-contents") in edited(lambda copy: (copy / "raw").mkdir())


def test_a_failed_import_writes_nothing_and_leaves_an_init_folder_as_it_was(tmp_path):
    def bad():
        yield doc(*SPANS)
        yield doc(SourceSpan(0, 99, "GPE", "T4"), text="Short.", name="b")
    with pytest.raises(InvalidInput) as err:
        import_documents(bad, tmp_path / "out", fmt="brat", name="mine", source="src")
    assert [(p.file, p.field, p.rule) for p in err.value.problems] == [("src/b.ann", "T4", "offset-in-range")]
    assert not (tmp_path / "out").exists() and list(tmp_path.iterdir()) == []
    init_corpus(tmp_path / "mine", name="mine")
    (tmp_path / "mine" / "ANNOTATION_GUIDELINES.md").write_text("# Our rules\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (tmp_path / "mine").iterdir()}
    with pytest.raises(InvalidInput):
        import_documents(bad, tmp_path / "mine", fmt="brat", name="mine", source="src")
    assert {p.name: p.read_bytes() for p in (tmp_path / "mine").iterdir()} == before


def test_an_init_folder_is_filled_and_keeps_its_edited_files(tmp_path):
    out = tmp_path / "mine"
    assert run_cli("init", out, "--name", "mine", "--version", "1.0.0").code == 0
    (out / "ANNOTATION_GUIDELINES.md").write_text("# Our rules\n", encoding="utf-8")
    card = (out / "README.md").read_text(encoding="utf-8")
    (out / "README.md").write_text(card.replace("Say here where", "Our news pages. Say here where"), encoding="utf-8")
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "a.txt").write_text(TEXT, encoding="utf-8")
    (brat / "a.ann").write_text("T1\tPERSON 0 5\tPutin\n", encoding="utf-8")
    ran = run_cli("import", "--format", "brat", brat, "--out", out)
    assert ran.code == 0, ran.err
    assert "as mine 1.0.0" in ran.out
    assert (out / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8") == "# Our rules\n"
    assert "Our news pages." in (out / "README.md").read_text(encoding="utf-8")
    assert validate_data(out) == []
    assert run_cli("init", out, "--name", "mine").code != 0  # not empty any more


def test_names_versions_and_an_output_inside_the_export_are_refused_before_any_work(tmp_path):
    with pytest.raises(NewsPrepError, match="--name 'My Corpus'"):
        import_documents(two_docs, tmp_path / "out", fmt="brat", name="My Corpus", source="src")
    with pytest.raises(NewsPrepError, match="--version '1.0'"):
        import_documents(two_docs, tmp_path / "out", fmt="brat", name="mine", source="src", version="1.0")
    brat = tmp_path / "brat"
    brat.mkdir()
    with pytest.raises(NewsPrepError, match="is, holds or lies inside it"):
        import_corpus("brat", brat, brat / "out")
    with pytest.raises(NewsPrepError, match="is, holds or lies inside it"):
        import_corpus("brat", brat, brat)


def test_more_than_a_thousand_documents_get_ids_of_four_digits(tmp_path):
    def many():
        for k in range(1001):
            yield doc(SourceSpan(0, 5, "PERSON", "T1"), text=f"Putin {k}.", name=str(k))
    import_documents(many, tmp_path / "out", fmt="brat", name="many", source="src")
    ids = [d["id"] for d in npe.records("documents", root=tmp_path / "out")]
    assert ids[0] == "d0000" and ids[-1] == "d1000" and ids == sorted(ids)
    assert validate_data(tmp_path / "out") == []


def test_pairs_from_jsonl_or_csv_give_the_pair_layers_and_bad_rows_are_named(tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("a,b,label,score\nd000-s004,d000-s003,paraphrase,3.5\n", encoding="utf-8")
    import_documents(two_docs, tmp_path / "out", fmt="brat", name="mine", source="src", pairs=pairs)
    rows = npe.records("duplicate_pairs", root=tmp_path / "out")
    assert [(r["a"], r["b"], r["label"], r["score"], r["found_by"]) for r in rows] == [
        ("d000-s003", "d000-s004", "paraphrase", 3.5, "imported")]
    assert len(npe.records("document_pairs", root=tmp_path / "out")) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"a": "d000-s002", "b": "d000-s003", "label": "paraphrase", "score": 3.5}\n'
                   '{"a": "d000-s003", "b": "d009-s001", "label": "near_duplicate", "score": 5}\n'
                   '{"a": "d000-s003", "b": "d000-s004", "label": "related", "score": 4}\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        import_documents(two_docs, tmp_path / "out2", fmt="brat", name="mine", source="src", pairs=bad)
    assert [(p.line, p.field, p.rule) for p in err.value.problems] == [(1, "a", "pair"), (2, "a", "pair"), (3, "score", "pair")]
    assert not (tmp_path / "out2").exists()
