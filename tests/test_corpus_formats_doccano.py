"""The doccano reader of ``newsprep import`` and ``newsprep export --format doccano``: the export reads back as the
gold; hand-written lines in both span forms, UTF-16 offsets; bad lines named by file, line and value; streaming.
Also the export command's all-or-nothing writing for the new formats and conll's ``tokens``."""
import json
import time
from pathlib import Path

import pytest

from newsprep.eval import records
from newsprep.eval.corpus.formats import doccano
from newsprep.eval.corpus.source import SourceDoc, SourceSpan
from newsprep.eval.corpus.write import import_corpus
from newsprep.eval.errors import InvalidInput, NewsPrepError
from newsprep.eval.export import FORMATS, GoldDoc, doccano_record, export
from newsprep.eval.types import Mention, Span
from tests.conftest import edit_jsonl, fail_writes_after_the_first, run_cli

TEXTS = {d["id"]: d["text"] for d in records("documents")}
GOLD = {r["doc"]: sorted((m["start"], m["end"], m["type"]) for m in r["mentions"]) for r in records("entities")}
BOILER = {r["doc"]: sorted((s["start"], s["end"], "boilerplate:" + s["category"]) for s in r["spans"])
          for r in records("boilerplate")}


def write(tmp_path, lines, name="x.jsonl"):
    path = tmp_path / name
    content = b"".join((line if isinstance(line, bytes) else (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)).encode("utf-8")) + b"\n"
                       for line in lines)
    path.write_bytes(content)
    return path


def problems(path):
    with pytest.raises(InvalidInput) as err:
        list(doccano.read(path))
    return err.value.problems


def the_problem(tmp_path, record, rule, name="x.jsonl"):
    """The one problem of a file whose line 2 is ``record`` (line 1 is good); it names the file and line 2."""
    path = write(tmp_path, [{"text": "ok", "label": []}, record], name)
    [p] = problems(path)
    assert p.rule == rule and p.line == 2 and str(p).startswith(f"{path}:2: "), str(p)
    return str(p)


# --- (a) NewsPrep's own export reads back as the gold ----------------------------------

def test_the_export_reads_back_as_the_gold_text_mentions_and_boilerplate(tmp_path):
    (path, _) = export("doccano", tmp_path / "out")
    docs = list(doccano.read(path))
    assert [d.name for d in docs] == sorted(TEXTS) and [d.line for d in docs] == [1, 2, 3, 4, 5]
    for doc in docs:
        assert doc.text == TEXTS[doc.name] and doc.file == str(path)
        spans = [(s.start, s.end, s.label) for s in doc.spans]
        assert sorted(s for s in spans if not s[2].startswith("boilerplate:")) == GOLD[doc.name]
        assert sorted(s for s in spans if s[2].startswith("boilerplate:")) == BOILER[doc.name]
        assert spans == sorted(spans) and [s.where for s in doc.spans] == [f"label {i}" for i in range(len(spans))]
        assert all(s.text is None and s.entity_id is None for s in doc.spans)
    assert sum(len(GOLD[d]) + len(BOILER[d]) for d in TEXTS) == sum(len(d.spans) for d in docs)


def test_export_lines_are_doccanos_import_format(tmp_path):
    export("doccano", tmp_path / "out")
    lines = (tmp_path / "out" / "newsprep.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert list(first) == ["id", "text", "label"] and first["id"] == "d000"
    assert first["label"][0] == [0, 5, "PERSON"] and [87, 88, "boilerplate:source"] in first["label"]


def test_export_writes_utf16_offsets_and_they_read_back_as_code_points(tmp_path):
    text = "🐱 Putin met 👍🏽 Kim"
    gold = GoldDoc("h000", text, (), (Mention(2, 7, "PERSON"), Mention(15, 18, "PERSON")), (Span(12, 14, "media"),))
    record = doccano_record(gold)
    assert record["label"] == [[3, 8, "PERSON"], [13, 17, "boilerplate:media"], [18, 21, "PERSON"]]
    [doc] = doccano.read(write(tmp_path, [record]))
    assert [(s.start, s.end, s.label) for s in doc.spans] == [(2, 7, "PERSON"), (12, 14, "boilerplate:media"),
                                                              (15, 18, "PERSON")]
    assert [text[s.start:s.end] for s in doc.spans] == ["Putin", "👍🏽", "Kim"]


# --- (b) hand-written exports -----------------------------------------------------------

def test_name_and_description():
    assert doccano.NAME == "doccano" and doccano.DESCRIPTION and "\n" not in doccano.DESCRIPTION


def test_label_form_exact_documents_extra_keys_ignored_and_blank_lines_skipped(tmp_path):
    path = write(tmp_path, [
        {"id": 11, "text": "EU rejects German call.", "label": [[0, 2, "ORG"], [11, 17, "MISC"]], "Comments": ["ok"],
         "meta": {"source": "x"}},
        "",
        {"text": "Peter Blackburn", "label": []}])
    assert list(doccano.read(path)) == [
        SourceDoc("11", "EU rejects German call.", (SourceSpan(0, 2, "ORG", "label 0"), SourceSpan(11, 17, "MISC", "label 1")),
                  str(path), 1),
        SourceDoc("line 3", "Peter Blackburn", (), str(path), 3)]


def test_entities_form_of_a_project_with_relations(tmp_path):
    path = write(tmp_path, [{"id": 4, "text": "Google was founded by Larry Page.",
                             "entities": [{"id": 7, "start_offset": 0, "end_offset": 6, "label": "ORG"},
                                          {"id": 9, "label": "PERSON", "start_offset": 22, "end_offset": 32}],
                             "relations": [{"id": 0, "from_id": 7, "to_id": 9, "type": "foundedBy"}]}])
    [doc] = doccano.read(path)
    assert doc == SourceDoc("4", "Google was founded by Larry Page.",
                            (SourceSpan(0, 6, "ORG", "entity 7"), SourceSpan(22, 32, "PERSON", "entity 9")), str(path), 1)


def test_offsets_are_utf16_code_units_turned_into_code_points(tmp_path):
    text = "👨🏻‍🚒 firemen drive firetrucks"  # doccano issue #2290: doccano says [22, 32), Python [19, 29)
    path = write(tmp_path, [{"text": text, "label": [[22, 32, "VEHICLE"], [0, 7, "EMOJI"]]}])
    [doc] = doccano.read(path)
    assert [(s.start, s.end, text[s.start:s.end]) for s in doc.spans] == [(19, 29, "firetrucks"), (0, 4, "👨🏻‍🚒")]


def test_nothing_is_dropped_or_fixed_the_importer_checks_ranges_overlaps_and_labels(tmp_path):
    path = write(tmp_path, [{"text": "Putin", "label": [[3, 1, "PER"], [0, 9, "NOPE"], [0, 5, "PER"], [0, 5, "PER"]]}])
    [doc] = doccano.read(path)
    assert [(s.start, s.end, s.label) for s in doc.spans] == [(3, 1, "PER"), (0, 9, "NOPE"), (0, 5, "PER"), (0, 5, "PER")]


# --- (c) bad exports: the rule, the file and line, the bad value ---------------------------

def test_bad_utf8(tmp_path):
    message = the_problem(tmp_path, b'{"text": "Stra\xdfe", "label": []}', "utf-8")
    assert "b'\\xdf'" in message and "byte 14" in message


def test_malformed_json_line(tmp_path):
    message = the_problem(tmp_path, '{"text": "Putin", "label": [[0, 5, "PER"]}', "json")
    assert "column" in message


def test_missing_text_and_text_of_the_wrong_type(tmp_path):
    assert "no 'text'" in the_problem(tmp_path, {"data": "Putin", "label": []}, "required")
    assert "int 5" in the_problem(tmp_path, {"text": 5, "label": []}, "type", "y.jsonl")


@pytest.mark.parametrize("item, bad", [(["0", 5, "PER"], "str '0'"), ([0, 5.0, "PER"], "float 5.0"),
                                       ([True, 5, "PER"], "bool True"), ([-1, 5, "PER"], "int -1")])
def test_offsets_that_are_not_whole_numbers(tmp_path, item, bad):
    message = the_problem(tmp_path, {"text": "Putin", "label": [item]}, "offset")
    assert bad in message and "label 0" in message


@pytest.mark.parametrize("items, bad", [([[0, 5]], "list [0, 5]"), ([{"start": 0, "end": 5, "label": "PER"}], "dict {'start'"),
                                        ([[0, 5, 3]], "int 3")])
def test_a_label_item_that_is_not_start_end_label(tmp_path, items, bad):
    message = the_problem(tmp_path, {"text": "Putin", "label": items}, "label-item")
    assert bad in message


def test_a_flat_label_list_is_a_problem_for_each_item(tmp_path):
    path = write(tmp_path, [{"text": "Putin", "label": [0, 5, "PER"]}])
    assert [(p.field, p.rule, p.detail.rsplit(", got ", 1)[1]) for p in problems(path)] == [
        ("label[0]", "label-item", "int 0"), ("label[1]", "label-item", "int 5"), ("label[2]", "label-item", "str 'PER'")]


def test_span_lists_missing_both_and_of_the_wrong_type(tmp_path):
    assert "found neither" in the_problem(tmp_path, {"text": "Putin"}, "span-list")
    assert "found both" in the_problem(tmp_path, {"text": "Putin", "label": [], "entities": []}, "span-list", "y.jsonl")
    assert "str 'PER'" in the_problem(tmp_path, {"text": "Putin", "label": "PER"}, "type", "z.jsonl")


def test_an_entity_without_an_offset(tmp_path):
    message = the_problem(tmp_path, {"text": "Putin", "entities": [{"id": 1, "start_offset": 0, "label": "PER"}]},
                          "required")
    assert "'end_offset'" in message and "entities[0]" in message


def test_an_offset_inside_a_surrogate_pair(tmp_path):
    message = the_problem(tmp_path, {"text": "🐱 Putin", "label": [[1, 8, "PER"]]}, "utf-16")
    assert "offset 1 falls inside '🐱' (U+1F431)" in message and "label[0][0]" in message


def test_every_bad_line_of_the_file_is_reported(tmp_path):
    path = write(tmp_path, ["{", {"text": "ok", "label": [[0, "2", "X"]]}, "[1]", {"label": []}])
    assert [(p.line, p.rule) for p in problems(path)] == [(1, "json"), (2, "offset"), (3, "object"), (4, "required")]
    assert [p.field for p in problems(path)] == ["-", "label[0][1]", "-", "text"]


def test_a_missing_file_and_a_folder(tmp_path):
    [p] = problems(tmp_path / "nope.jsonl")
    assert p.rule == "readable" and str(p).startswith(str(tmp_path / "nope.jsonl"))
    [p] = problems(tmp_path)
    assert p.rule == "regular-file"


# --- (d) streaming -----------------------------------------------------------------------

def test_the_first_document_comes_before_a_later_bad_line_is_read(tmp_path):
    path = write(tmp_path, [{"id": 1, "text": "Putin", "label": [[0, 5, "PER"]]}, {"id": 2, "text": "Kim", "label": []},
                            "{not json", {"id": 4, "text": "Hanoi", "label": []}])
    docs = doccano.read(path)
    assert next(docs).name == "1" and next(docs).name == "2"
    with pytest.raises(InvalidInput) as err:
        next(docs)  # no document after a bad line: the rest is read for its problems only
    assert [(p.line, p.rule) for p in err.value.problems] == [(3, "json")]


@pytest.mark.parametrize("lines, field, rule", [(20_000, "document 'line 1'", "segments"), (120_000, "text", "text-size")])
def test_a_line_of_many_lines_of_spans_is_refused_at_once(tmp_path, lines, field, rule):
    """A doccano line of 20,000 lines of text, each a boilerplate span and a mention (1.2 MB), is refused for its
    segments within a second; one six times as long (7 MB), for its size, before its spans are read."""
    text = "\n".join(["Nav Putin"] * lines)
    label = [item for k in range(lines) for item in ([10 * k, 10 * k + 3, "Nav"], [10 * k + 4, 10 * k + 9, "PER"])]
    path = write(tmp_path, [{"text": text, "label": label}])
    began = time.perf_counter()
    with pytest.raises(InvalidInput) as err:
        import_corpus("doccano", path, tmp_path / "out", labels={"PER": "PERSON", "Nav": "boilerplate:navigation"})
    assert time.perf_counter() - began < 2
    assert [(p.file, p.line, p.field, p.rule) for p in err.value.problems] == [(str(path), 1, field, rule)]
    assert not (tmp_path / "out").exists()


# --- the export command: all or nothing, the new formats and conll's tokens --------------------

def misalign_first_mention(root: Path) -> None:
    def edit(record):
        record["mentions"][0].update(end=3, text="Put")
        return record
    edit_jsonl(root, "data/entities.jsonl", 1, edit)


def test_new_formats_refuse_bad_gold_and_write_nothing(data_copy, tmp_path):
    misalign_first_mention(data_copy)
    for fmt in ("doccano", "labelstudio"):
        assert fmt in FORMATS
        with pytest.raises(InvalidInput, match=r"data/entities.jsonl:1: mentions\[0\].start: token-boundary"):
            export(fmt, tmp_path / fmt, root=data_copy)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


@pytest.mark.parametrize("fmt", ["doccano", "labelstudio"])
def test_a_failure_while_writing_leaves_no_partial_export(tmp_path, monkeypatch, fmt):
    fail_writes_after_the_first(monkeypatch)
    with pytest.raises(NewsPrepError, match=r"cannot write .*: disk full; nothing was written"):
        export(fmt, tmp_path / "new")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_a_non_empty_folder_is_refused_and_replaced_only_when_asked(tmp_path):
    out = tmp_path / "out"
    export("conll", out)
    with pytest.raises(NewsPrepError, match="exists and is not empty"):
        export("doccano", out)
    assert sorted(p.name for p in out.iterdir()) == ["VERSION", "newsprep.conll"]
    export("labelstudio", out, overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == ["VERSION", "newsprep.labelstudio.json"]


def test_tokens_apply_to_conll_only_and_are_refused_before_anything_is_written(tmp_path):
    with pytest.raises(NewsPrepError, match="tokens applies to the conll format only"):
        export("doccano", tmp_path / "d", tokens="words")
    with pytest.raises(NewsPrepError, match=r"unknown tokens 'chars'; known: newsprep, words"):
        export("conll", tmp_path / "c", tokens="chars")
    assert list(tmp_path.iterdir()) == []
    export("conll", tmp_path / "w", tokens="words")
    assert (tmp_path / "w" / "VERSION").read_text().endswith(", format conll, tokens words\n")
    assert (tmp_path / "w" / "newsprep.conll").read_text(encoding="utf-8").startswith("-DOCSTART- -X- O O\n\nPutin B-PERSON\n")


def test_cli_exports_the_new_formats_and_refuses_options_of_conll(tmp_path):
    for fmt, name in (("doccano", "newsprep.jsonl"), ("labelstudio", "newsprep.labelstudio.json")):
        out = run_cli("export", "--format", fmt, "--out", str(tmp_path / fmt))
        assert out.code == 0 and f"newsprep export: {fmt}, 2 files" in out.out and (tmp_path / fmt / name).is_file()
    out = run_cli("export", "--format", "doccano", "--tokens", "words", "--out", str(tmp_path / "t"))
    assert out.code == 2 and "--tokens applies to --format conll only" in out.err
    out = run_cli("export", "--format", "labelstudio", "--content-only", "--out", str(tmp_path / "t"))
    assert out.code == 2 and "--content-only applies to --format conll only" in out.err
    out = run_cli("export", "--format", "conll", "--tokens", "chars", "--out", str(tmp_path / "t"))
    assert out.code == 2 and "invalid choice: 'chars'" in out.err
    assert not (tmp_path / "t").exists()
    out = run_cli("export", "--format", "conll", "--tokens", "words", "--out", str(tmp_path / "w"))
    assert out.code == 0 and (tmp_path / "w" / "VERSION").read_text().endswith("tokens words\n")
