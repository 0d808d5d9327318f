"""The brat reader of ``newsprep import``: NewsPrep's own export reads back as the gold; hand-written exports give
exactly their spans, as stated; a bad export is named by file, line and T-id; documents come one at a time."""
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsprep.eval.export as ex
from newsprep.eval import records
from newsprep.eval.corpus.formats import brat
from newsprep.eval.corpus.source import SourceDoc, SourceSpan
from newsprep.eval.errors import InvalidInput
from newsprep.eval.export import GoldDoc, export
from newsprep.eval.types import Mention

TEXTS = {d["id"]: d["text"] for d in records("documents")}
MENTIONS = {r["doc"]: sorted((m["start"], m["end"], m["type"], m.get("entity_id")) for m in r["mentions"])
            for r in records("entities")}
BOILER = {r["doc"]: sorted((s["start"], s["end"], "boilerplate:" + s["category"], None) for s in r["spans"])
          for r in records("boilerplate")}


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def problems(src: Path) -> list[str]:
    with pytest.raises(InvalidInput) as err:
        list(brat.read(src))
    return [str(p) for p in err.value.problems]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("brat") / "out"
    export("brat", out)
    return out


# --- NewsPrep's own export ----------------------------------------------------

def test_the_export_of_the_dataset_reads_back_as_its_gold(exported):
    docs = list(brat.read(exported))
    assert [d.name for d in docs] == sorted(TEXTS)
    for doc in docs:
        assert doc.text == TEXTS[doc.name]
        assert (doc.file, doc.line) == (str(exported / f"{doc.name}.ann"), None)
        spans = sorted((s.start, s.end, s.label, s.entity_id) for s in doc.spans)
        assert spans == sorted(MENTIONS[doc.name] + BOILER[doc.name])
        assert all(s.text == doc.text[s.start:s.end] for s in doc.spans)
        assert [s.where for s in doc.spans] == [f"T{i}" for i in range(1, len(doc.spans) + 1)]
    assert sum(len(d.spans) for d in docs) == sum(map(len, MENTIONS.values())) + sum(map(len, BOILER.values()))


def test_a_span_over_line_ends_comes_back_whole_with_its_line_ends():
    doc = GoldDoc("h000", "Ho Chi\n\nMinh City", (), (Mention(0, 17, "GPE", "Q1858"),), ())
    ann = ex.brat_ann(doc)
    assert ann.startswith("T1\tGPE 0 6;8 17\tHo Chi Minh City\n")
    assert brat.ann_spans(ann, doc.text) == (SourceSpan(0, 17, "GPE", "T1", "Ho Chi\n\nMinh City", "Q1858"),)


# --- hand-written exports -----------------------------------------------------

def test_a_hand_written_folder_gives_every_span_as_stated(tmp_path):
    src = write(tmp_path / "in", {
        "a.txt": "Putin met Kim.\nMenu",
        "a.ann": "T1\tPERSON 0 5\tPutin\r\n"          # a CR LF line end of the .ann is a line end
                 "T2\tPER 10 13\tKimm\n"             # the tool's label and a wrong surface, kept for the importer
                 "T3\tBoilerplate 15 19\tMenu\n"
                 "T4\tBoilerplate 0 14\n"            # no surface stated; no category
                 "T5\tGPE 10 99\tKim\n"              # past the text: kept for the importer
                 "R1\tLocated Arg1:T1 Arg2:T2\n"
                 "E1\tMeet:T1\n"
                 "N1\tReference T1 Wikidata:Q7747\tPutin\n"
                 "A1\tCategory T3 navigation\n"
                 "A2\tNegated T2\n"
                 "#1\tAnnotatorNotes T1\tQ7747\n"
                 "#2\tAnnotatorNotes R1\tnot a T\n"
                 "\n",
        "b.txt": "No annotations.\r\n",                # no .ann: no spans; the CR is kept
        "annotation.conf": "[entities]\nPERSON\n",
        "README.md": "ignored",
    })
    a = str(src / "a.ann")
    assert list(brat.read(src)) == [
        SourceDoc("a", "Putin met Kim.\nMenu", (
            SourceSpan(0, 5, "PERSON", "T1", "Putin", "Q7747"),
            SourceSpan(10, 13, "PER", "T2", "Kimm"),
            SourceSpan(15, 19, "boilerplate:navigation", "T3", "Menu"),
            SourceSpan(0, 14, "Boilerplate", "T4", None),
            SourceSpan(10, 99, "GPE", "T5", "Kim"),
        ), a),
        SourceDoc("b", "No annotations.\r\n", (), str(src / "b.txt")),
    ]


def test_fragments_whose_surface_disagrees_keep_the_stated_surface(tmp_path):
    src = write(tmp_path / "in", {"a.txt": "North\nKorea", "a.ann": "T1\tGPE 0 5;6 11\tSouth Korea\n"})
    assert next(brat.read(src)).spans == (SourceSpan(0, 11, "GPE", "T1", "South Korea"),)


def test_documents_come_in_sorted_name_order(tmp_path):
    src = write(tmp_path / "in", {"b.txt": "B", "a.ann": "", "a.txt": "A", "a b.txt": "AB"})
    assert [(d.name, d.text) for d in brat.read(src)] == [("a", "A"), ("a b", "AB"), ("b", "B")]


# --- bad exports --------------------------------------------------------------

def test_bad_utf8_in_the_text_names_the_file_line_and_byte(tmp_path):
    src = write(tmp_path / "in", {"a.txt": b"Putin\nmet \xff Kim", "a.ann": "T1\tPERSON 0 5\tPutin\n"})
    assert problems(src) == [f"{src / 'a.txt'}:2: -: utf-8 (byte 10 b'\\xff' is not UTF-8)"]


def test_bad_utf8_in_the_annotations_names_the_file_line_and_byte(tmp_path):
    src = write(tmp_path / "in", {"a.txt": "Putin met Kim", "a.ann": b"T1\tPERSON 0 5\tPutin\nT2\tPERSON 10 13\tK\xe9m\n"})
    assert problems(src) == [f"{src / 'a.ann'}:2: -: utf-8 (byte 37 b'\\xe9' is not UTF-8)"]


def test_malformed_lines_are_each_named_by_line_and_id(tmp_path):
    src = write(tmp_path / "in", {"a.txt": "Putin met Kim", "a.ann": (
        "T1\tPERSON 0 5\tPutin\n"
        "T2 PERSON 10 13 Kim\n"          # spaces for tabs
        "T3\tPERSON\tKim\n"              # no offsets
        "T4\t 10 13\tKim\n"              # no type
        "A1\tCategory\n"                 # no target
        "#1\tAnnotatorNotes T1\n")})     # no note text
    ann = src / "a.ann"
    assert problems(src) == [
        f"{ann}:2: T2: brat-line ('T2 PERSON 10 13 Kim': expected ID<tab>TYPE START END<tab>TEXT)",
        f"{ann}:3: T3: brat-offsets ('T3\\tPERSON\\tKim': offsets '' are not START END[;START END]... in whole numbers)",
        f"{ann}:4: T4: brat-line ('T4\\t 10 13\\tKim': no type before the offsets '10 13')",
        f"{ann}:5: A1: brat-line ('A1\\tCategory': expected ID<tab>NAME TARGET [VALUE])",
        f"{ann}:6: #1: brat-line ('#1\\tAnnotatorNotes T1': expected #ID<tab>NOTE TARGET<tab>TEXT)",
    ]


@pytest.mark.parametrize("offsets", ["0 five", "0 5.0", "-1 5", "0 5;", "0 5 ;6 9", "0"])
def test_offsets_that_are_not_whole_numbers_are_a_problem(tmp_path, offsets):
    src = write(tmp_path / "in", {"a.txt": "Putin met Kim", "a.ann": f"T1\tPERSON 0 5\tPutin\nT7\tPERSON {offsets}\tPutin\n"})
    (problem,) = problems(src)
    assert problem.startswith(f"{src / 'a.ann'}:2: T7: brat-offsets (") and repr(offsets) in problem


def test_an_ann_without_its_txt_is_a_problem(tmp_path):
    src = write(tmp_path / "in", {"a.ann": "T1\tPERSON 0 5\tPutin\n"})
    assert problems(src) == [f"{src / 'a.ann'}: -: brat-pair (no a.txt beside it)"]


@pytest.mark.parametrize("text, offsets, between", [
    ("Kim Jong Un", "0 3;9 11", "between 3 and 9 lies ' Jong '"),
    ("Kim Jong Un", "0 8;8 11", "between 8 and 8 lies ''"),      # touching fragments: nothing between them
    ("Kim Jong Un", "9 11;0 3", "between 11 and 0 lies ''"),     # out of order
    ("Kim\n", "0 3;5 7", "between 3 and 5 lies '\\n', and the text ends at 4"),
])
def test_fragments_with_anything_but_line_ends_between_them_are_a_problem(tmp_path, text, offsets, between):
    src = write(tmp_path / "in", {"a.txt": text, "a.ann": f"T1\tPERSON 0 3\tKim\nT2\tPERSON {offsets}\tKim Un\n"})
    assert problems(src) == [f"{src / 'a.ann'}:2: T2: discontinuous ('T2\\tPERSON {offsets}\\tKim Un': fragments "
                             f"{offsets!r} must be in order with line ends only between them; {between})"]


def test_an_id_used_twice_and_notes_on_no_span_are_problems(tmp_path):
    src = write(tmp_path / "in", {"a.txt": "Putin met Kim", "a.ann": (
        "T1\tPERSON 0 5\tPutin\nT1\tPERSON 10 13\tKim\n"
        "#1\tAnnotatorNotes T9\tQ1\nA1\tCategory T8 navigation\n#2\tAnnotatorNotes T1\tQ2\n#3\tAnnotatorNotes T1\tQ3\n")})
    ann = src / "a.ann"
    assert problems(src) == [
        f"{ann}:2: T1: brat-id ('T1\\tPERSON 10 13\\tKim': T1 is used twice)",
        f"{ann}:6: #3: brat-ref ('#3\\tAnnotatorNotes T1\\tQ3': a second AnnotatorNotes on T1)",
        f"{ann}:3: #1: brat-ref (AnnotatorNotes on T9, which no T line defines)",
        f"{ann}:4: A1: brat-ref (Category on T8, which no T line defines)",
    ]


def test_a_missing_folder_is_a_problem(tmp_path):
    assert problems(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: -: readable (not a folder of NAME.txt and NAME.ann files)"]


# --- streaming ----------------------------------------------------------------

def test_read_is_lazy_and_reads_a_documents_files_only_when_it_is_reached(tmp_path, monkeypatch):
    src = write(tmp_path / "in", {"a.txt": "Putin", "a.ann": "T1\tPERSON 0 5\tPutin\n", "b.txt": b"\xff", "b.ann": ""})
    docs = brat.read(src)
    assert isinstance(docs, Iterator)
    opened: list[str] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self.name) or read_bytes(self))
    assert next(docs).name == "a"  # the first document comes out before the bad second one is read
    assert opened == ["a.txt", "a.ann"]
    with pytest.raises(InvalidInput, match="b.txt:1: -: utf-8"):
        next(docs)


# --- what a hand-edited folder holds: byte order marks, indented lines, upper-case suffixes, inverted fragments --

def test_a_byte_order_mark_at_the_start_of_an_ann_is_dropped_and_its_first_line_read(tmp_path):
    src = write(tmp_path / "in", {"a.txt": "Putin met Kim", "a.ann": b"\xef\xbb\xbfT1\tPERSON 0 5\tPutin\nT2\tPERSON 10 13\tKim\n"})
    [doc] = brat.read(src)
    assert [(s.where, s.start, s.end) for s in doc.spans] == [("T1", 0, 5), ("T2", 10, 13)]


@pytest.mark.parametrize("line", [" T2\tPERSON 10 13\tKim", "\tA1\tCategory T1 navigation", "  #1\tAnnotatorNotes T1\tQ1"])
def test_an_id_line_after_white_space_is_refused_not_passed_over(tmp_path, line):
    src = write(tmp_path / "in", {"a.txt": "Putin met Kim", "a.ann": f"T1\tPERSON 0 5\tPutin\n{line}\n"})
    (problem,) = problems(src)
    assert problem.startswith(f"{src / 'a.ann'}:2: ") and ": brat-line (" in problem and "white space before the id" in problem


def test_upper_case_suffixes_are_read_and_paired_by_name(tmp_path):
    src = write(tmp_path / "in", {"A.TXT": "Putin met Kim", "A.ANN": "T1\tPERSON 0 5\tPutin\n", "b.txt": "Kim", "b.Ann": ""})
    docs = list(brat.read(src))
    assert [(d.name, d.file, [s.where for s in d.spans]) for d in docs] == [
        ("A", str(src / "A.ANN"), ["T1"]), ("b", str(src / "b.Ann"), [])]


def test_two_texts_of_one_name_in_two_cases_are_a_problem(tmp_path):
    src = write(tmp_path / "in", {"a.txt": "Putin", "a.TXT": "Putin", "a.ann": ""})
    if len(list(src.iterdir())) < 3:
        pytest.skip("a file system that ignores case holds one of the two")
    (problem,) = problems(src)
    assert ": -: brat-pair (" in problem and "one text and one .ann a name" in problem


@pytest.mark.parametrize("offsets", ["0 5;7 6", "5 5", "13 10"])
def test_a_fragment_whose_start_is_not_before_its_end_is_refused(tmp_path, offsets):
    src = write(tmp_path / "in", {"a.txt": "Putin met\nKim", "a.ann": f"T1\tPERSON {offsets}\tPutin\n"})
    (problem,) = problems(src)
    assert problem.startswith(f"{src / 'a.ann'}:1: T1: brat-offsets (") and "its start must be before its end" in problem
