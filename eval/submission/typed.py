"""A typed decoder for submission lines: msgspec checks a plain line against its task's record schema in C, so
that the common line costs one parse and no Python walk.

The record types are made from the JSON Schema of each registered task (``submission.schema.json``'s ``$defs``,
or ``Task.schema``), not written a second time: ``struct_for`` reads the part of JSON Schema the record schemas
use (objects with ``required`` and ``additionalProperties: false``, integers with a minimum, strings with a
pattern, ``enum``, ``const``, arrays, ``$ref``, a type list such as ``["string", "null"]``). A schema outside
that part makes no type: its task's lines take the exact path.

``decode(raw)`` gives ``(task, doc)`` for a line that certainly meets every line rule and its schema, or None,
which sends the line to the exact reader (``io.jsonl.parse_line``, then the JSON Schema validator), which names
its problems. So None costs time, never a verdict: a line with a CR, a byte-order mark, an integer of 19 digits
or more, a lone surrogate or a key given twice (msgspec keeps the last; the exact reader refuses it) is
declined, as is a number msgspec reads otherwise than JSON Schema (``5.0`` is an integer to JSON Schema).
A property test (``tests/test_submission_typed.py``) holds that a line it accepts is accepted by the exact
reader and the schema, with the same record.

>>> decode(b'{"task": "entities", "doc": "d000", "mentions": [{"start": 0, "end": 5, "type": "PERSON"}]}\\n')
('entities', 'd000')
>>> decode(b'{"task": "entities", "doc": "d000", "doc": "d001", "mentions": []}\\n') is None  # a key twice
True
"""
from __future__ import annotations

import functools
import json
import operator
import typing
from typing import Annotated, Any, Literal

import msgspec

import newsprep.eval.tasks as registry
from newsprep.eval.data.dataset import load_schema
from newsprep.eval.io.jsonl import plain_line

UNSET = msgspec.UNSET


class Unsupported(Exception):
    """A schema construct ``struct_for`` does not translate: the task gets no typed decoder."""


def struct_for(name: str, schema: dict, defs: dict, *, tag: str | None = None) -> Any:
    """The msgspec type of an object ``schema`` (``$ref`` resolved in ``defs``); the field ``task`` becomes the
    tag of a tagged union when ``tag`` is given."""
    if schema.get("type") != "object" or schema.get("additionalProperties") is not False:
        raise Unsupported(f"{name}: only closed objects")
    required = set(schema.get("required", ()))
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for key, prop in schema.get("properties", {}).items():
        if tag is not None and key == "task":
            continue
        kind = type_for(f"{name}.{key}", prop, defs)
        fields.append((key, kind) if key in required else (key, kind | msgspec.UnsetType, UNSET))
    fields.sort(key=len)  # required fields first, as Python requires of fields with no default
    options: dict[str, Any] = {"forbid_unknown_fields": True}
    if tag is not None:
        options.update(tag_field="task", tag=tag)
    return msgspec.defstruct(name.replace(".", "_"), fields, **options)


def type_for(name: str, prop: dict, defs: dict) -> Any:
    if "$ref" in prop:
        ref = prop["$ref"]
        if not ref.startswith("#/$defs/"):
            raise Unsupported(f"{name}: $ref {ref}")
        target: Any = defs
        for part in ref[len("#/$defs/"):].split("/"):
            target = target[part]
        return type_for(name, target, defs)
    extra = set(prop) - {"type", "minimum", "pattern", "enum", "const", "items", "description", "minLength",
                         "maxLength", "additionalProperties", "required", "properties"}
    if extra:
        raise Unsupported(f"{name}: {sorted(extra)}")
    if "enum" in prop or "const" in prop:
        values = prop["enum"] if "enum" in prop else [prop["const"]]
        if not all(type(v) is str for v in values):
            raise Unsupported(f"{name}: an enum of other than strings")
        return Literal[tuple(values)]
    kind = prop.get("type")
    if isinstance(kind, list):
        return functools.reduce(operator.or_, (type_for(name, {**prop, "type": k}, defs) for k in kind))
    meta = {k: prop[k] for k in ("pattern", "minLength", "maxLength") if k in prop}
    if kind == "integer":  # at most 64 bits, as orjson reads them again; a longer one takes the exact path
        return Annotated[int, msgspec.Meta(ge=prop.get("minimum", -(2 ** 63)), le=2 ** 63 - 1)]
    if kind == "number":
        return float  # msgspec reads an integer as a float where a float is asked, as JSON Schema does
    if kind == "string":
        return Annotated[str, msgspec.Meta(**meta)] if meta else str
    if kind == "null":
        return type(None)
    if kind == "array" and "items" in prop:
        return list[type_for(f"{name}[]", prop["items"], defs)]  # type: ignore[misc]
    if kind == "object":
        return struct_for(name, prop, defs)
    raise Unsupported(f"{name}: type {kind!r}")


@functools.cache
def decoder_for(schemas: tuple[tuple[str, str | None], ...]) -> msgspec.json.Decoder | None:
    """One decoder of the tagged union of the tasks' record types (task name, schema as JSON text or None for
    the shipped schema's); None where no task's schema translates."""
    shipped = load_schema("submission.schema.json")["$defs"]
    kinds = []
    for name, text in schemas:
        schema = json.loads(text) if text is not None else shipped.get(name)
        if schema is None:
            continue
        try:
            kinds.append(struct_for(f"record.{name}", schema, shipped, tag=name))
        except Unsupported:
            continue
    if not kinds:
        return None
    return msgspec.json.Decoder(functools.reduce(operator.or_, kinds))


def decoder() -> msgspec.json.Decoder | None:
    return decoder_for(tuple((t.name, None if t.schema is None else json.dumps(t.schema, sort_keys=True))
                             for t in registry.registered()))


def decode(raw: bytes) -> tuple[str, str | None] | None:
    """``(task, doc)`` of a line that certainly meets the line rules and its task's schema (``doc`` None for a
    task not per document), or None: the exact reader decides."""
    typed = decoder()
    if typed is None or not plain_line(raw):
        return None
    try:
        value = typed.decode(raw)
    except msgspec.MsgspecError:
        return None
    shape = shape_of(type(value))  # type: ignore[arg-type]
    if keys(value, shape) != raw.count(b'":'):  # a key given twice, which msgspec reads as the last
        return None
    if shape.numbers and not plain_line(raw, numbers=True):  # a long integer where a float is asked
        return None
    return value.__struct_config__.tag, getattr(value, "doc", None)


class Shape(typing.NamedTuple):
    """What counting a record type's keys needs: its keys always given (the tag's included), its optional
    fields, its fields that are lists of records, and whether it holds a float anywhere."""

    given: int
    optional: tuple[str, ...]
    lists: tuple[tuple[str, Any], ...]
    numbers: bool


@functools.cache
def shape_of(kind: Any) -> Shape:
    given, optional, lists, numbers = 1 if kind.__struct_config__.tag_field else 0, [], [], False
    for field in msgspec.structs.fields(kind):
        if field.default is UNSET:
            optional.append(field.name)
        else:
            given += 1
        inner = typing.get_args(field.type)
        if typing.get_origin(field.type) is list and inner and isinstance(inner[0], type) and issubclass(inner[0], msgspec.Struct):
            lists.append((field.name, inner[0]))
            numbers = numbers or shape_of(inner[0]).numbers
        numbers = numbers or float in (field.type, *typing.get_args(field.type))
    return Shape(given, tuple(optional), tuple(lists), numbers)


def keys(value: Any, shape: Shape) -> int:
    """The keys of the objects of a decoded record (the tag ``task`` included)."""
    count = shape.given + sum(getattr(value, name) is not UNSET for name in shape.optional)
    for name, kind in shape.lists:
        items = getattr(value, name)
        if items is UNSET or not items:
            continue
        inner = shape_of(kind)
        count += len(items) * inner.given
        for field in inner.optional:
            count += len(items) - list(map(operator.attrgetter(field), items)).count(UNSET)
        if inner.lists:
            count += sum(keys(item, inner) - inner.given - sum(getattr(item, f) is not UNSET for f in inner.optional)
                         for item in items)
    return count
