"""The files that describe a dataset folder (card, changelog, croissant.json, the manifest's record counts
and synthetic block): each rule fires on a broken copy, with file, line, field and rule."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsprep.eval import validate_data
from newsprep.eval.data import dataset as data
from newsprep.eval.synth.write import write_corpus
from tests.conftest import rebuild_metadata, rules

CARD, CHANGELOG, CROISSANT, MANIFEST = "README.md", "CHANGELOG.md", "croissant.json", "manifest.json"
VERSION = data.data_version()


def card_line(root: Path, text: str, after: str | None = None) -> int:
    """The 1-based card line that reads ``text`` exactly, the first one after the line ``after`` if given."""
    lines = (root / CARD).read_text(encoding="utf-8").split("\n")
    start = lines.index(after) + 1 if after is not None else 0
    return lines.index(text, start) + 1


def edit_card(root: Path, old: str, new: str) -> None:
    path = root / CARD
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_json(root: Path, rel: str, change) -> None:
    path = root / rel
    found = json.loads(path.read_text(encoding="utf-8"))
    change(found)
    path.write_text(json.dumps(found, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def synthetic_source(tmp_path_factory) -> Path:
    """A synthetic dataset folder, made once; tests break copies of it (``synthetic_copy``)."""
    out = tmp_path_factory.mktemp("synthetic") / "corpus"
    write_corpus(out, docs=6, seed=1, pairs=False, validate=False)
    return out


@pytest.fixture
def synthetic_copy(synthetic_source, tmp_path) -> Path:
    return Path(shutil.copytree(synthetic_source, tmp_path / "synthetic"))


# --- what must pass -------------------------------------------------------------------------------------

def test_the_embedded_data_a_copy_and_synthetic_folders_are_valid(data_copy, synthetic_source, tmp_path):
    assert validate_data() == []
    assert validate_data(data_copy) == []
    assert validate_data(synthetic_source) == []  # no changelog, no croissant.json, no dataset_info: allowed
    with_pairs, scoring_only = tmp_path / "with-pairs", tmp_path / "scoring-only"
    write_corpus(with_pairs, docs=20, seed=2, validate=False)
    write_corpus(scoring_only, docs=4, seed=3, validate=False, scoring_only=True)
    assert validate_data(with_pairs) == []
    assert validate_data(scoring_only) == []  # its card lists the three configs it holds


def test_the_validator_reads_the_card_without_importing_datasets():
    code = ("import sys, newsprep.eval as npe; assert npe.validate_data() == []; "
            "print(sorted(m for m in ('datasets', 'huggingface_hub') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- manifest.json --------------------------------------------------------------------------------------

def test_wrong_record_count(data_copy):
    edit_json(data_copy, MANIFEST, lambda m: m["files"]["data/segments.jsonl"].update(records=218))
    problems = validate_data(data_copy)
    assert rules(problems) == {(MANIFEST, None, "files.data/segments.jsonl.records", "manifest-count")}
    assert problems[0].detail == "218 here, the file holds 217 records"


def test_record_count_of_a_changed_file_is_left_to_its_checksum(data_copy):
    """A file that is not the manifest's gives one message, manifest-checksum, not a count as well."""
    path = data_copy / "data/segments.jsonl"
    path.write_text("\n".join(path.read_text(encoding="utf-8").split("\n")[:-2]) + "\n", encoding="utf-8")
    found = {p.rule for p in validate_data(data_copy) if p.file in (MANIFEST, "data/segments.jsonl")}
    assert "manifest-checksum" in found and "manifest-count" not in found


@pytest.mark.parametrize("block", [True, "yes", [], 5])
def test_synthetic_block_that_is_not_an_object(data_copy, block):
    edit_json(data_copy, MANIFEST, lambda m: m.update(synthetic=block))
    problems = validate_data(data_copy)
    assert rules(problems) == {(MANIFEST, None, "synthetic", "manifest-field")}
    assert problems[0].detail.startswith('expected an object {"docs": N, "seed": N, "omitted": [config, …]}, got ')


@pytest.mark.parametrize(("key", "value", "detail"), [
    ("docs", "6", 'expected an integer ≥ 1, got "6"'),
    ("docs", 0, "expected an integer ≥ 1, got 0"),
    ("seed", 1.5, "expected an integer, got 1.5"),
    ("seed", True, "expected an integer, got true"),
    ("omitted", "duplicate_pairs", 'expected a list of config names, got "duplicate_pairs"'),
    ("omitted", ["sentences"], 'expected a list of config names, got ["sentences"]'),
    ("omitted", 5, "expected a list of config names, got 5"),
    ("scoring_only", "yes", 'expected a boolean, got "yes"'),
])
def test_synthetic_block_field_of_the_wrong_type(synthetic_copy, key, value, detail):
    edit_json(synthetic_copy, MANIFEST, lambda m: m["synthetic"].update({key: value}))
    problems = [p for p in validate_data(synthetic_copy) if p.rule == "manifest-field"]
    assert [(p.file, p.line, p.field, p.detail) for p in problems] == [(MANIFEST, None, f"synthetic.{key}", detail)]


def test_synthetic_block_without_its_fields(synthetic_copy):
    edit_json(synthetic_copy, MANIFEST, lambda m: m.update(synthetic={"generator": "newsprep synth"}))
    found = rules(validate_data(synthetic_copy))
    assert {(MANIFEST, None, f"synthetic.{key}", "manifest-field") for key in ("docs", "seed", "omitted")} <= found
    assert (MANIFEST, None, "synthetic.scoring_only", "manifest-field") not in found  # optional


# --- the card -------------------------------------------------------------------------------------------

def test_deleted_card(data_copy):
    (data_copy / CARD).unlink()
    assert rules(validate_data(data_copy)) == {(CARD, None, "-", "card-present")}


def test_card_that_is_not_utf8(data_copy):
    (data_copy / CARD).write_bytes(b"---\npretty_name: \xff\n---\n")
    assert rules(validate_data(data_copy)) == {(CARD, None, "-", "card-readable")}


def test_card_yaml_that_does_not_parse(data_copy):
    edit_card(data_copy, "\nlicense: other\n", "\nlicense: other: cc\n")
    problems = validate_data(data_copy)
    assert rules(problems) == {(CARD, 5, "-", "card-front-matter")}
    assert "mapping values are not allowed here" in problems[0].detail


def test_card_with_unclosed_front_matter(data_copy):
    edit_card(data_copy, "  citation: *citation\n---\n", "  citation: *citation\n\n")
    problems = validate_data(data_copy)
    assert rules(problems) == {(CARD, 1, "-", "card-front-matter")}
    assert problems[0].detail == "the front matter opened on line 1 is never closed by a '---' line"


def test_card_without_front_matter(data_copy):
    (data_copy / CARD).write_text("# NewsPrep\n", encoding="utf-8")
    assert rules(validate_data(data_copy)) == {(CARD, 1, "-", "card-front-matter")}


def test_card_front_matter_that_is_not_a_mapping(data_copy):
    (data_copy / CARD).write_text("---\n- documents\n---\n# NewsPrep\n", encoding="utf-8")
    problems = validate_data(data_copy)
    assert rules(problems) == {(CARD, 2, "-", "card-front-matter")}
    assert problems[0].detail == "the front matter is list, not a mapping of keys"


def test_config_with_a_wrong_data_file(data_copy):
    edit_card(data_copy, "    path: data/tokens.jsonl\n", "    path: data/token.jsonl\n")
    problems = validate_data(data_copy)
    line = card_line(data_copy, "  data_files:", after="- config_name: tokens")
    assert rules(problems) == {(CARD, line, "configs.tokens.data_files", "card-config")}
    assert problems[0].detail == "path 'data/token.jsonl', expected 'data/tokens.jsonl'"


def test_config_with_a_wrong_split(data_copy):
    edit_card(data_copy, "  - split: test\n    path: data/segments.jsonl\n", "  - split: train\n    path: data/segments.jsonl\n")
    problems = validate_data(data_copy)
    assert rules(problems) == {(CARD, card_line(data_copy, "  data_files:", after="- config_name: segments"),
                                "configs.segments.data_files", "card-config")}
    assert problems[0].detail == "split 'train', expected 'test'"


def test_config_without_data_files(data_copy):
    edit_card(data_copy, f"- config_name: entity_table\n  version: {VERSION}\n  data_files:\n  - split: test\n"
              "    path: data/entity_table.jsonl\n", f"- config_name: entity_table\n  version: {VERSION}\n")
    problems = validate_data(data_copy)
    line = card_line(data_copy, "- config_name: entity_table")
    assert rules(problems) == {(CARD, line, "configs.entity_table.data_files", "card-config")}
    assert problems[0].detail.startswith("missing; expected one entry, split test at data/entity_table.jsonl")


def test_config_missing_from_the_card(data_copy):
    edit_card(data_copy, f"- config_name: tokens\n  version: {VERSION}\n  data_files:\n  - split: test\n    path: data/tokens.jsonl\n", "")
    problems = validate_data(data_copy)
    assert rules(problems) == {(CARD, card_line(data_copy, "configs:"), "configs.tokens", "card-config")}
    assert problems[0].detail == "the config is missing from the card"


def test_unknown_config_in_the_card(data_copy):
    edit_card(data_copy, "dataset_info:\n",
              "- config_name: sentences\n  data_files:\n  - split: test\n    path: data/sentences.jsonl\ndataset_info:\n")
    problems = validate_data(data_copy)
    assert rules(problems) == {(CARD, card_line(data_copy, "- config_name: sentences"), "configs.sentences", "card-config")}


def test_feature_of_the_wrong_type(data_copy):
    """The case a user found: num_chars declared a string while the schema says integer."""
    edit_card(data_copy, "  - name: num_chars\n    dtype: int32\n", "  - name: num_chars\n    dtype: string\n")
    problems = validate_data(data_copy)
    assert rules(problems) == {(CARD, card_line(data_copy, "  - name: num_chars"), "dataset_info.documents.num_chars",
                                "card-feature")}
    assert problems[0].detail == "string here, document.schema.json has integer: expected int32 or int64"


@pytest.mark.parametrize(("old", "new", "field", "detail"), [
    ("  - name: boilerplate\n    dtype: bool\n", "  - name: boilerplate\n    dtype: int32\n",
     "dataset_info.segments.boilerplate", "int32 here, segment.schema.json has boolean: expected bool"),
    ("  - name: grade\n    dtype: float32\n", "  - name: grade\n    dtype: int32\n",
     "dataset_info.document_pairs.grade", "int32 here, document_pairs.schema.json has number: expected float32 or float64"),
    ("  - name: starts\n    sequence: int32\n", "  - name: starts\n    dtype: int32\n",
     "dataset_info.tokens.starts", "int32 here, tokens.schema.json has array: expected a list or sequence"),
    ("  - name: ends\n    sequence: int32\n", "  - name: ends\n    sequence: string\n",
     "dataset_info.tokens.ends", "string here, tokens.schema.json has integer: expected int32 or int64"),
    ("  - name: found_by\n    dtype: string\n", "  - name: found_by\n    dtype: bool\n",
     "dataset_info.duplicate_pairs.found_by", "bool here, duplicate_pairs.schema.json has enum: expected a ClassLabel of its values, or string"),
    ("            '6': source\n", "            '6': sources\n",
     "dataset_info.boilerplate.spans.category",
     "ClassLabel names differ from the enum of boilerplate.schema.json: missing ['source'], not in the enum ['sources']"),
])
def test_feature_types_against_the_schema(data_copy, old, new, field, detail):
    edit_card(data_copy, old, new)
    problems = validate_data(data_copy)
    assert [(p.file, p.field, p.rule, p.detail) for p in problems] == [(CARD, field, "card-feature", detail)]


def test_nested_feature_of_the_wrong_type(data_copy):
    edit_card(data_copy, "  - name: spans\n    list:\n    - name: start\n      dtype: int32\n",
              "  - name: spans\n    list:\n    - name: start\n      dtype: string\n")
    problems = validate_data(data_copy)
    line = card_line(data_copy, "    - name: start", after="- config_name: boilerplate")
    assert rules(problems) == {(CARD, line, "dataset_info.boilerplate.spans.start", "card-feature")}


def test_feature_the_schema_does_not_have(data_copy):
    edit_card(data_copy, "  - name: num_chars\n", "  - name: num_words\n    dtype: int32\n  - name: num_chars\n")
    problems = validate_data(data_copy)
    assert rules(problems) == {(CARD, card_line(data_copy, "  - name: num_words"), "dataset_info.documents.num_words",
                                "card-feature")}
    assert problems[0].detail == "document.schema.json has no such field"


def test_required_field_without_a_feature(data_copy):
    edit_card(data_copy, "  - name: sha256\n    dtype: string\n", "")
    problems = validate_data(data_copy)
    line = card_line(data_copy, "  features:", after="- config_name: documents")  # the first config_name is in configs
    assert rules(problems) == {(CARD, line, "dataset_info.documents.sha256", "card-feature")}
    assert problems[0].detail == "required by document.schema.json, but no feature declares it"


def test_config_without_features(data_copy):
    text = (data_copy / CARD).read_text(encoding="utf-8")
    start = text.index("- config_name: document_pairs\n  features:")
    (data_copy / CARD).write_text(text[:start] + text[text.index("---\n", start):], encoding="utf-8")
    problems = validate_data(data_copy)
    assert rules(problems) == {(CARD, card_line(data_copy, "dataset_info:"), "dataset_info.document_pairs", "card-feature")}


def test_real_card_without_dataset_info(data_copy):
    text = (data_copy / CARD).read_text(encoding="utf-8")
    (data_copy / CARD).write_text(text[:text.index("dataset_info:\n")] + text[text.index("---\n", 4):], encoding="utf-8")
    assert rules(validate_data(data_copy)) == {(CARD, None, "dataset_info", "card-feature")}


def test_synthetic_card_must_list_the_configs_it_holds(synthetic_copy):
    path = synthetic_copy / CARD
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- config_name: entities\n  data_files:\n  - split: test\n    path: data/entities.jsonl\n", ""),
                    encoding="utf-8")
    assert rules(validate_data(synthetic_copy)) == {(CARD, 5, "configs.entities", "card-config")}


def test_synthetic_card_must_not_list_an_omitted_config(synthetic_copy):
    path = synthetic_copy / CARD
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("configs:\n", "configs:\n- config_name: document_pairs\n  data_files:\n"
                                 "  - split: test\n    path: data/document_pairs.jsonl\n"), encoding="utf-8")
    problems = validate_data(synthetic_copy)
    assert rules(problems) == {(CARD, 6, "configs.document_pairs", "card-config")}
    assert "omits the config" in problems[0].detail


def test_synthetic_card_features_are_checked_where_given(synthetic_copy):
    card = (synthetic_copy / CARD).read_text(encoding="utf-8")
    info = "dataset_info:\n- config_name: segments\n  features:\n  - name: id\n    dtype: int32\n"
    (synthetic_copy / CARD).write_text(card.replace("configs:\n", info + "configs:\n", 1), encoding="utf-8")
    found = rules(validate_data(synthetic_copy))
    assert (CARD, 8, "dataset_info.segments.id", "card-feature") in found
    assert (CARD, 5, "dataset_info.documents", "card-feature") in found  # given at all: then for every config it holds


# --- CHANGELOG.md ---------------------------------------------------------------------------------------

def test_deleted_changelog(data_copy):
    (data_copy / CHANGELOG).unlink()
    assert rules(validate_data(data_copy)) == {(CHANGELOG, None, "-", "changelog-present")}


def test_changelog_without_a_version_heading(data_copy):
    (data_copy / CHANGELOG).write_text("# Changelog\n\nNothing released yet.\n", encoding="utf-8")
    assert rules(validate_data(data_copy)) == {(CHANGELOG, None, "version", "changelog-version")}


def test_changelog_naming_another_version(data_copy):
    path = data_copy / CHANGELOG
    path.write_text(path.read_text(encoding="utf-8").replace(f"## {VERSION} ", "## 9.9.9 ", 1), encoding="utf-8")
    assert rules(validate_data(data_copy)) == {(CHANGELOG, 16, "version", "version-agrees")}


def test_changelog_that_is_a_folder(data_copy):
    (data_copy / CHANGELOG).unlink()
    (data_copy / CHANGELOG).mkdir()
    problems = validate_data(data_copy)
    assert rules(problems) == {(CHANGELOG, None, "-", "changelog-readable")}
    assert problems[0].detail == "regular-file: a folder, not a regular file"


# --- croissant.json -------------------------------------------------------------------------------------

def test_deleted_croissant(data_copy):
    (data_copy / CROISSANT).unlink()
    assert rules(validate_data(data_copy)) == {(CROISSANT, None, "-", "croissant-present")}


@pytest.mark.parametrize(("content", "detail"), [
    ('{"conformsTo": ', "Expecting value: line 1 column 16 (char 15)"),
    ("[]", "expected a JSON object, not list"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_croissant_that_is_not_a_json_object(data_copy, content, detail):
    (data_copy / CROISSANT).write_text(content, encoding="utf-8")
    problems = validate_data(data_copy)
    assert [(p.file, p.field, p.rule, p.detail) for p in problems] == [(CROISSANT, "-", "croissant-readable", detail)]


def test_croissant_with_another_conformance(data_copy):
    edit_json(data_copy, CROISSANT, lambda c: c.update(conformsTo="http://mlcommons.org/croissant/0.8"))
    problems = validate_data(data_copy)
    assert rules(problems) == {(CROISSANT, None, "conformsTo", "croissant-conforms")}
    assert problems[0].detail == "'http://mlcommons.org/croissant/0.8', expected 'http://mlcommons.org/croissant/1.0'"


def test_croissant_checksum_that_no_longer_matches_its_file(data_copy):
    def change(c):
        c["distribution"][-1]["sha256"] = "0" * 64
    edit_json(data_copy, CROISSANT, change)
    last = sorted(data.manifest(data_copy)["files"])[-1]
    assert rules(validate_data(data_copy)) == {(CROISSANT, None, f"distribution.{last}.sha256", "croissant-checksum")}


def test_edited_data_with_a_new_manifest_but_an_old_croissant(data_copy):
    """The edit a maintainer makes by hand: the manifest is rewritten, croissant.json is forgotten."""
    from newsprep.eval.data.manifest import write_manifest

    path = data_copy / "data/entity_table.jsonl"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace('"name": "', '"name": "The ', 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    write_manifest(data_copy, VERSION)
    problems = validate_data(data_copy)
    assert rules(problems) == {(CROISSANT, None, "distribution.data/entity_table.jsonl.sha256", "croissant-checksum")}
    rebuild_metadata(data_copy)
    assert validate_data(data_copy) == []


def test_data_file_missing_from_the_distribution(data_copy):
    edit_json(data_copy, CROISSANT, lambda c: c.update(distribution=[f for f in c["distribution"]
                                                                     if f["contentUrl"] != "data/tokens.jsonl"]))
    problems = validate_data(data_copy)
    assert rules(problems) == {(CROISSANT, None, "distribution.data/tokens.jsonl", "croissant-file")}
    assert problems[0].detail == "no FileObject for this data file of the manifest"


def test_distribution_naming_a_file_the_manifest_lacks(data_copy):
    def change(c):
        c["distribution"].append({**c["distribution"][0], "@id": "data/extra.jsonl", "contentUrl": "data/extra.jsonl"})
    edit_json(data_copy, CROISSANT, change)
    assert rules(validate_data(data_copy)) == {(CROISSANT, None, "distribution.data/extra.jsonl", "croissant-file")}


def test_croissant_naming_another_version(data_copy):
    edit_json(data_copy, CROISSANT, lambda c: c.update(version="0.3.0", citeAs=c["citeAs"].replace(VERSION, "0.3.0")))
    assert rules(validate_data(data_copy)) == {(CROISSANT, None, "version", "version-agrees"),
                                               (CROISSANT, None, "citeAs", "version-agrees")}


def test_synthetic_folder_has_no_changelog_or_croissant_but_checks_one_it_has(synthetic_copy):
    assert not (synthetic_copy / CHANGELOG).exists() and not (synthetic_copy / CROISSANT).exists()
    (synthetic_copy / CROISSANT).write_text("{}", encoding="utf-8")
    found = rules(validate_data(synthetic_copy))
    assert (CROISSANT, None, "conformsTo", "croissant-conforms") in found


def test_a_key_twice_in_the_card_is_refused(data_copy):
    """YAML readers disagree on which of two equal keys wins (PyYAML keeps the last), so the card is refused."""
    card = data_copy / "README.md"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("\npretty_name:", "\npretty_name: first\npretty_name:", 1), encoding="utf-8")
    assert ("README.md", 3, "pretty_name", "duplicate-key") in rules(validate_data(data_copy))
