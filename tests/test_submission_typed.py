"""The typed reader of submission lines (``submission.typed``): a line it takes is one the exact reader and the
JSON Schema take, with the same record; a line it declines costs time, never a verdict."""
from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsprep.eval.tasks as registry
from newsprep.eval.io.jsonl import parse_line
from newsprep.eval.submission import typed
from newsprep.eval.submission.schema import record_schema_problems
from newsprep.eval.types import CATEGORIES, TYPES

REPO = Path(__file__).resolve().parents[1]

ints = st.one_of(st.integers(-3, 10_000), st.sampled_from([2 ** 63 - 1, 2 ** 63, 2 ** 64, 2 ** 70, 10 ** 30]))
numbers = st.one_of(ints, st.floats(allow_nan=False, allow_infinity=False), st.just(5.0))
texts = st.one_of(st.text(max_size=6), st.sampled_from(['a"b', "a\\b", '":', "\ud83d\ude00", "d000", "x\n"]))
anything = st.one_of(ints, numbers, texts, st.none(), st.booleans(), st.lists(ints, max_size=2))


def maybe(base: dict, extras: dict) -> st.SearchStrategy[dict]:
    """``base`` with each key sometimes dropped or given another value, and sometimes one more key."""
    return st.fixed_dictionaries(
        {k: st.one_of(st.just(v), anything) for k, v in base.items()},
        optional={"extra": anything, **extras},
    ).flatmap(lambda d: st.sets(st.sampled_from(sorted(d)), max_size=1).map(
        lambda drop: {k: v for k, v in d.items() if k not in drop}))


mention = maybe({"start": 0, "end": 5, "type": "PERSON"}, {"text": texts, "entity_id": st.one_of(texts, st.none())}).map(
    lambda m: {**m, "type": m["type"] if m.get("type") not in (None,) else "ORG"} if "type" in m else m)
span = maybe({"start": 3, "end": 9}, {"text": texts, "category": st.sampled_from([*CATEGORIES, "menu"])})
records = st.one_of(
    st.builds(lambda doc, ms: {"task": "entities", "doc": doc, "mentions": ms},
              st.one_of(st.just("d000"), texts), st.lists(mention, max_size=3)),
    st.builds(lambda doc, ss: {"task": "boilerplate", "doc": doc, "spans": ss},
              st.one_of(st.just("d001"), texts), st.lists(span, max_size=3)),
    maybe({"task": "duplicates", "a": "d000-s001", "b": "d001-s002", "label": "paraphrase"},
          {"score": numbers}),
    maybe({"task": "entities", "doc": "d000", "mentions": []}, {}),
    st.builds(lambda t: {"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 2, "type": t}]},
              st.sampled_from([*TYPES, "PER", "MISC", "person", "WEAPON"])),
)


offsets = st.one_of(st.integers(0, 10_000), st.sampled_from([2 ** 63 - 1, 2 ** 63, 2 ** 70]))
valid = st.one_of(  # records that meet the schema, most of the time in the spellings below
    st.builds(lambda doc, ms: {"task": "entities", "doc": doc, "mentions": ms}, texts, st.lists(
        st.fixed_dictionaries({"start": offsets, "end": offsets, "type": st.sampled_from([*TYPES, "PER", "MISC"])},
                              optional={"text": texts, "entity_id": st.one_of(texts, st.none())}), max_size=4)),
    st.builds(lambda doc, ss: {"task": "boilerplate", "doc": doc, "spans": ss}, texts, st.lists(
        st.fixed_dictionaries({"start": offsets, "end": offsets},
                              optional={"text": texts, "category": st.sampled_from(CATEGORIES)}), max_size=4)),
    st.fixed_dictionaries({"task": st.just("duplicates"), "a": st.sampled_from(["d000-s001", "synth-0000001-s002"]),
                           "b": st.sampled_from(["d001-s002", "d1-s2"]),
                           "label": st.sampled_from(["near_duplicate", "paraphrase", "different"])},
                          optional={"score": numbers}),
)


def written(record: dict, style: int) -> bytes:
    """The record as a line, in one of several spellings JSON allows (and some it does not)."""
    if style == 0:
        text = json.dumps(record, ensure_ascii=False)
    elif style == 1:
        text = json.dumps(record, separators=(",", ":"))
    elif style == 2:
        text = json.dumps(record, separators=(", ", " : "))
    elif style == 3:  # a key given twice
        text = json.dumps(record)
        text = text.replace('{"', '{"start": 1, "', 1) if '"start"' in text else text.replace('{"', '{"task": "x", "', 1)
    elif style == 4:
        text = json.dumps(record) + "\r"
    elif style == 5:
        text = "\ufeff" + json.dumps(record)
    else:
        text = json.dumps(record).replace("5", "5.0", 1)
    return (text + "\n").encode("utf-8", "surrogatepass")


@settings(max_examples=600)
@given(st.one_of(valid, records), st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 6]))
def test_a_line_the_typed_reader_takes_is_valid_with_the_same_record(record, style):
    raw = written(record, style)
    taken = typed.decode(raw)
    if taken is None:
        return
    exact, problem = parse_line(raw, "s.jsonl", 2)
    assert problem is None and exact is not None, raw
    assert record_schema_problems(exact, "s.jsonl", 2) == [], raw
    assert orjson.loads(raw) == exact  # what the ranges read again
    assert taken == (exact["task"], exact.get("doc"))


def test_the_reader_takes_the_lines_of_every_committed_submission():
    """The fast path is the common path: every record line of the committed submissions takes it."""
    lines = [raw for path in sorted((REPO / "results" / "submissions").glob("*.jsonl"))
             for raw in path.read_bytes().splitlines(keepends=True)]
    declined = [raw[:80] for raw in lines if b'"header"' not in raw[:30] and typed.decode(raw) is None]
    assert len(lines) > 100 and declined == []


@pytest.mark.parametrize("raw", [
    b'{"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 5, "end": 6, "type": "ORG"}]}\n',
    b'{"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 18446744073709551616, "type": "ORG"}]}\n',
    b'{"task": "duplicates", "a": "d000-s001", "b": "d001-s002", "label": "paraphrase", "score": 12345678901234567890}\n',
    b'{"task": "entities", "doc": "\\ud800", "mentions": []}\n',
    b'{"task": "entities", "doc": "d000", "mentions": []}\r\n',
    b'{"task": "entities", "doc" : "d000", "mentions": []}\n',
    b'{"task": "header", "dataset_version": "0.6.0", "system": "x"}\n',
])
def test_lines_that_need_the_exact_reader_are_declined(raw):
    assert typed.decode(raw) is None


def test_a_schema_it_cannot_read_leaves_its_task_to_the_exact_reader():
    class Odd(registry.Task):
        name = "odd"
        items = "things"
        schema = {"type": "object", "additionalProperties": False, "required": ["task", "doc", "things"],
                  "properties": {"task": {"const": "odd"}, "doc": {"type": "string"},
                                 "things": {"type": "array", "items": {"oneOf": [{"type": "integer"}]}}}}

    registry.register(Odd())
    try:
        assert typed.decode(b'{"task": "odd", "doc": "d000", "things": [1]}\n') is None
        assert typed.decode(b'{"task": "entities", "doc": "d000", "mentions": []}\n') == ("entities", "d000")
    finally:
        registry.unregister("odd")


def test_struct_for_reads_the_shipped_schemas():
    shapes = {name: typed.shape_of(typed.struct_for(f"r.{name}", schema, defs, tag=name))
              for defs in [typed.load_schema("submission.schema.json")["$defs"]]
              for name, schema in defs.items() if name in ("entities", "boilerplate", "duplicates")}
    assert shapes["entities"].given == 3 and shapes["entities"].lists[0][0] == "mentions"
    assert shapes["duplicates"].numbers and not shapes["entities"].numbers
    assert shapes["duplicates"].optional == ("score",)
