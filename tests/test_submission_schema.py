"""The quick submission-record check (``newsprep.eval.submission.schema``) never accepts what the schema rejects."""
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from newsprep.eval.data import dataset as data
from newsprep.eval.submission.schema import conforms
from tests.conftest import REPO

VALIDATOR = Draft202012Validator(data.load_schema("submission.schema.json"))
VALID = [
    {"task": "header", "dataset_version": "0.4.0", "system": "s", "settings": {"k": 1}},
    {"task": "boilerplate", "doc": "d000", "spans": [{"start": 0, "end": 4, "text": "Spre", "category": "sharing"}]},
    {"task": "entities", "doc": "d001", "mentions": [{"start": 3, "end": 8, "type": "GPE", "entity_id": None, "text": "Hanoi"}]},
    {"task": "duplicates", "a": "d000-s001", "b": "synth-0000001-s002", "label": "paraphrase", "score": 0.5},
]
JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-2, 2) | st.sampled_from(
    ["", "x", "d000", "GPE", "sharing", "paraphrase", "0.4.0", "d000-s001", "header", "entities"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["start", "end", "type", "x"]), inner, max_size=3),
    max_leaves=6)


def paths(value, prefix=()):
    """Every place in a record: key paths to dict values and list items."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, prefix + (i,))


@st.composite
def mutated(draw):
    record = json.loads(json.dumps(draw(st.sampled_from(VALID))))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(list(paths(record))[1:]))
        parent = record
        for step in where[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[where[-1]] = draw(JSON)
        elif action == "delete":
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "start", "text", "score", "settings"]))] = draw(JSON)
    return record


@settings(max_examples=1500, deadline=None)
@given(mutated())
def test_accepted_records_have_no_schema_error(record):
    if conforms(record):
        assert list(VALIDATOR.iter_errors(record)) == [], record


def test_valid_records_and_committed_submissions_take_the_quick_path():
    assert all(conforms(r) for r in VALID)
    for path in sorted((REPO / "results" / "submissions").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert conforms(json.loads(line)), (path.name, line[:80])


def test_what_it_leaves_to_the_schema():
    """5.0 is an integer to JSON Schema; the quick check declines it and the schema decides."""
    record = {"task": "entities", "doc": "d000", "mentions": [{"start": 5.0, "end": 8, "type": "GPE"}]}
    assert not conforms(record) and list(VALIDATOR.iter_errors(record)) == []
