"""The worked examples in schema/README.md are valid submissions records, offsets included."""
import json
import re

from jsonschema import Draft202012Validator

from newsprep.eval import records
from newsprep.eval.data import dataset as data
from newsprep.eval.types import span_problems


def examples():
    text = (data.schema_dir() / "README.md").read_text(encoding="utf-8")
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)\n```", text, re.S)]


def test_examples_cover_every_record_type():
    assert {e["task"] for e in examples()} == {"header", "boilerplate", "entities", "duplicates"}


def test_examples_validate_against_the_schema():
    validator = Draft202012Validator(data.load_schema("submission.schema.json"))
    for example in examples():
        assert list(validator.iter_errors(example)) == [], example


def test_example_offsets_point_at_their_text():
    texts = {d["id"]: d["text"] for d in records("documents")}
    segments = {s["id"]: s for s in records("segments")}
    for example in examples():
        for span in example.get("spans", []) + example.get("mentions", []):
            assert list(span_problems(texts[example["doc"]], span["start"], span["end"], span.get("text"))) == []
        if example["task"] == "duplicates":
            assert not segments[example["a"]]["boilerplate"] and not segments[example["b"]]["boilerplate"]
        if example["task"] == "header":
            assert example["dataset_version"] == data.data_version()


def test_every_schema_is_valid_draft_2020_12():
    for path in data.schema_dir().glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)
