"""A quick test that a submission record conforms to ``schema/submission.schema.json``.

``conforms`` is a sufficient condition written out by hand: a record it accepts
has no schema error, so the (much slower) JSON Schema validator runs only on
the records it rejects, to name their problems. It may reject a valid record
(an integer written as ``5.0``, say); that costs time, never a wrong verdict.
A test checks it against ``jsonschema`` on valid and broken records.

>>> conforms({"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 5, "type": "PERSON"}]})
True
>>> conforms({"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 5, "type": "person"}]})
False
"""
from __future__ import annotations

import re

import newsprep.eval.tasks as tasks
from newsprep.eval.tasks.fastcheck import is_one_of
from newsprep.eval.types import LABEL_SETS

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
    return type(task) is str and task in tasks.names() and tasks.get(task).conforms(record)
