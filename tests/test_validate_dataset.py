"""Each validator rule fires on a broken copy of the data, with file, line, field and rule."""
import json

from newsprep.eval import validate_data
from newsprep.eval.data import dataset as data
from newsprep.eval.data.manifest import write_manifest
from tests.conftest import edit_jsonl, rules

DOCS = "data/documents.jsonl"


def test_embedded_data_is_valid():
    assert validate_data() == []


def test_changed_byte_in_text(data_copy):
    edit_jsonl(data_copy, DOCS, 2, lambda d: {**d, "text": d["text"].replace("Putin", "Putln", 1)})
    found = rules(validate_data(data_copy))
    assert (DOCS, 2, "sha256", "text-checksum") in found
    assert (DOCS, 2, "text", "equals-raw") in found


def test_changed_byte_without_manifest_update(data_copy):
    edit_jsonl(data_copy, DOCS, 1, lambda d: {**d, "title": d["title"] + "!"}, remanifest=False)
    found = rules(validate_data(data_copy))
    assert (DOCS, None, "-", "manifest-checksum") in found
    assert (DOCS, 1, "title", "first-line") in found


def test_changed_raw_article(data_copy):
    raw = sorted((data_copy / "raw").glob("*.txt"))[3]
    raw.write_bytes(raw.read_bytes() + b" ")
    assert ("raw/SHA256SUMS", 4, raw.name, "raw-checksum") in rules(validate_data(data_copy))


def test_wrong_character_count(data_copy):
    edit_jsonl(data_copy, DOCS, 3, lambda d: {**d, "num_chars": d["num_chars"] + 1})
    assert rules(validate_data(data_copy)) == {(DOCS, 3, "num_chars", "length")}


def test_missing_field(data_copy):
    edit_jsonl(data_copy, DOCS, 4, lambda d: {k: v for k, v in d.items() if k != "sha256"})
    problems = validate_data(data_copy)
    assert rules(problems) == {(DOCS, 4, "sha256", "schema:required")}
    assert "'sha256' is a required property" in str(problems[0])


def test_malformed_line(data_copy):
    edit_jsonl(data_copy, DOCS, 5, lambda d: json.dumps(d)[:-5])
    found = rules(validate_data(data_copy))
    assert found == {(DOCS, 5, "-", "json")}


def test_non_utf8_line(data_copy):
    path = data_copy / DOCS
    path.write_bytes(path.read_bytes().replace(b"Putin", b"Put\xffn", 1))
    write_manifest(data_copy, data.data_version(data_copy))
    assert (DOCS, 1, "-", "utf-8") in rules(validate_data(data_copy))


def test_ids_out_of_order(data_copy):
    edit_jsonl(data_copy, DOCS, 2, lambda d: {**d, "id": "d009"})
    assert (DOCS, 2, "id", "id-order") in rules(validate_data(data_copy))


def test_unlisted_and_missing_files(data_copy):
    (data_copy / "data" / "extra.jsonl").write_text("{}\n")
    manifest = json.loads((data_copy / "manifest.json").read_text())
    manifest["files"]["data/gone.jsonl"] = {"sha256": "0" * 64, "records": 0}
    (data_copy / "manifest.json").write_text(json.dumps(manifest))
    found = rules(validate_data(data_copy))
    assert ("data/extra.jsonl", None, "-", "manifest-listed") in found
    assert ("manifest.json", None, "files.data/gone.jsonl", "file-exists") in found


def test_bad_version_string(data_copy):
    write_manifest(data_copy, "1.0")
    assert ("manifest.json", None, "version", "semver") in rules(validate_data(data_copy))


def test_integral_float_offset_is_a_schema_problem(data_copy):
    """Regression: JSON Schema accepts 87.0 as an integer, and slicing the text with it raised TypeError."""
    def to_float(record):
        record["spans"][0]["start"] = float(record["spans"][0]["start"])
        return record
    edit_jsonl(data_copy, "data/boilerplate.jsonl", 1, to_float)
    assert rules(validate_data(data_copy)) == {("data/boilerplate.jsonl", 1, "spans[0].start", "schema:type")}


def test_one_broken_record_gives_one_message(data_copy):
    """Regression: a boilerplate record that failed its schema also gave every-document and ~100 segment messages."""
    edit_jsonl(data_copy, "data/boilerplate.jsonl", 1, lambda r: {k: v for k, v in r.items() if k != "spans"})
    assert rules(validate_data(data_copy)) == {("data/boilerplate.jsonl", 1, "spans", "schema:required")}


def test_cross_layer_rules_still_run_on_clean_files(data_copy):
    """A schema-valid but wrong boilerplate layer still reaches the segment rules that read it."""
    def drop_first_span(record):
        record["spans"] = record["spans"][1:]
        return record
    edit_jsonl(data_copy, "data/boilerplate.jsonl", 1, drop_first_span)
    assert any(p.file == "data/segments.jsonl" for p in validate_data(data_copy))
