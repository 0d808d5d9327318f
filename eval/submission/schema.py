"""The schema rules of one submission record: a quick sufficient check first (the header's here, each task's
``Task.conforms``), then, for a record it declines, the JSON Schema validator of ``schema/submission.schema.json``
extended by the record schema of every task registered beside the built-in ones, which names the problems.

A record the quick check accepts has no schema error; it may decline a valid record (an integer written as
``5.0``, say): that costs time, never a wrong verdict. A test checks it against ``jsonschema``.

>>> conforms({"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 5, "type": "PERSON"}]})
True
>>> [p.rule for p in record_schema_problems({"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 5, "type": "person"}]}, "s.jsonl", 2)]
['schema:enum']
"""
from __future__ import annotations

import copy
import functools
import json
import re

import newsprep.eval.tasks as registry
from newsprep.eval.data.dataset import load_schema
from newsprep.eval.errors import Problem
from newsprep.eval.tasks.fastcheck import is_one_of
from newsprep.eval.types import LABEL_SETS
from newsprep.eval.validate.schema import schema_problems, strict_validator_class, validator

VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")
HEADER_KEYS = frozenset(("task", "dataset_version", "system", "settings", "label_set"))


def header_conforms(record: dict) -> bool:
    system = record.get("system")
    return (record.keys() <= HEADER_KEYS and type(record.get("dataset_version")) is str
            and VERSION.search(record["dataset_version"]) is not None
            and type(system) is str and 1 <= len(system) <= 200
            and ("settings" not in record or type(record["settings"]) is dict)
            and ("label_set" not in record or is_one_of(record["label_set"], LABEL_SETS)))


def conforms(record: dict) -> bool:
    """True only if ``record`` certainly satisfies the submission schema (the header's, or its task's
    ``Task.conforms``)."""
    task = record.get("task")
    if task == "header":
        return header_conforms(record)
    return type(task) is str and task in registry.names() and registry.get(task).conforms(record)


def submission_validator():
    """The submission schema's validator, for the first record the quick check rejects: the shipped schema, with
    the record schema (``Task.schema``) of every task registered beside the built-in ones."""
    return validator_for(tuple((t.name, None if t.schema is None else json.dumps(t.schema, sort_keys=True))
                               for t in registry.registered()))


@functools.cache
def validator_for(schemas: tuple[tuple[str, str | None], ...]):
    """The validator of the shipped schema extended by the record schemas (task name, schema as JSON text) it does
    not define; built once for each set of schemas (a task registered again with another schema gets a new one)."""
    schema = load_schema("submission.schema.json")
    added = [(name, json.loads(text)) for name, text in schemas if text is not None and name not in schema["$defs"]]
    if not added:
        return validator("submission.schema.json")
    schema = copy.deepcopy(schema)
    for name, record in added:
        schema["properties"]["task"]["enum"].append(name)
        schema["$defs"][name] = record
        schema["allOf"].append({"if": {"properties": {"task": {"const": name}}}, "then": {"$ref": f"#/$defs/{name}"}})
    return strict_validator_class()(schema)


def record_schema_problems(record: dict, label: str, line: int) -> list[Problem]:
    """The schema's problems with one record: none for a record the quick check (``conforms``) passes,
    else the JSON Schema validator's."""
    return [] if conforms(record) else schema_problems(record, submission_validator(), label, line)
