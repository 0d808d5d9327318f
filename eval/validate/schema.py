"""JSON Schema validation of one record, with strict integers and problems named by JSON path.

>>> check = validator("submission.schema.json")
>>> [p.rule for p in schema_problems({"task": "entities", "doc": "d000"}, check, "sys.jsonl", 2)]
['schema:required']
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from newsprep.eval.data.dataset import load_schema
from newsprep.eval.errors import Problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


def _is_integer(checker, value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@cache
def strict_validator_class():
    """Draft 2020-12 with strict integers. JSON Schema counts 5.0 and 1e30 as integers, but Python cannot slice
    a string with a float: offsets and counts must be JSON integers, written without a decimal point or exponent.
    Built on first use: importing jsonschema costs a tenth of a second that a valid submission never needs."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator,
                             type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer))


def validator(schema: str) -> Draft202012Validator:
    """A validator for one schema file (e.g. ``"submission.schema.json"``) with strict integers.

    >>> validator("document.schema.json").is_type(5.0, "integer")
    False
    """
    return strict_validator_class()(load_schema(schema))


def json_path(parts: Iterable) -> str:
    """``["spans", 2, "end"]`` -> ``"spans[2].end"``; the empty path -> ``"-"``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"


def schema_problems(record: dict, validator: Draft202012Validator, file: str, line: int) -> list[Problem]:
    problems = []
    for error in sorted(validator.iter_errors(record), key=lambda e: list(map(str, e.absolute_path))):
        field = json_path(error.absolute_path)
        if error.validator == "required":  # name the missing key, not its parent
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            field = json_path([*error.absolute_path, *missing[:1]])
        problems.append(Problem(file, line, field, f"schema:{error.validator}", error.message[:200]))
    return problems
