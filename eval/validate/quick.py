"""A quick check of a record against a JSON Schema, made from the schema itself: True only where the record
certainly meets it, so the (much slower) ``jsonschema`` validator runs only on the records it declines.

The check understands the keywords the data schemas use (``type``, ``properties``, ``required``,
``additionalProperties: false``, ``items``, ``enum``, ``const``, ``pattern``, ``minLength``, ``maxLength``,
``minimum``, ``maximum``, ``multipleOf``, local ``$ref``) with the validator's strict integers; a schema node
with any other keyword declines every value, which costs time, never a wrong verdict. A test compares it
with ``jsonschema`` on valid and broken records.

>>> ok = quick_check("segment.schema.json")
>>> ok({"id": "d000-s001", "doc": "d000", "start": 0, "end": 5, "text": "Putin", "boilerplate": False})
True
>>> ok({"id": "d000-s001", "doc": "d000", "start": 0.0, "end": 5, "text": "Putin", "boilerplate": False})
False
"""
from __future__ import annotations

import operator
import re
from collections.abc import Callable
from functools import cache

from newsprep.eval.data.dataset import load_schema

Check = Callable[[object], bool]
ANNOTATIONS = {"description", "title", "$schema", "$id", "$defs", "$comment", "examples", "default"}
TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
                                      "null": (type(None),), "object": (dict,), "array": (list,)}
KNOWN = ANNOTATIONS | {"type", "properties", "required", "additionalProperties", "items", "enum", "const", "pattern",
                       "minLength", "maxLength", "minimum", "maximum", "multipleOf", "$ref"}
MAX_REMEMBERED = 4096  # strings a pattern check remembers as matching (the tags of the token view, say)


def never(value: object) -> bool:
    return False


@cache
def quick_check(schema: str) -> Check:
    """The quick check of one schema file (e.g. ``"tokens.schema.json"``)."""
    root = load_schema(schema)
    return compile_node(root, root)


def resolve(node: dict, root: dict) -> dict | None:
    """``node`` with a local ``$ref`` (``#/$defs/...``) followed; None for a reference it cannot follow."""
    for _ in range(16):
        ref = node.get("$ref")
        if ref is None:
            return node
        if len(node) > 1 or not isinstance(ref, str) or not ref.startswith("#/"):
            return None
        target: object = root
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            return None
        node = target
    return None


def compile_node(node: object, root: dict) -> Check:
    """The quick check of one schema node."""
    if not isinstance(node, dict):
        return never
    resolved = resolve(node, root)
    if resolved is None or not set(resolved) <= KNOWN:
        return never
    node = resolved
    checks: list[Check] = []
    types = node.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        if not isinstance(names, list) or not all(isinstance(n, str) and n in TYPES for n in names):
            return never
        allowed = frozenset(t for n in names for t in TYPES[n])
        checks.append(lambda v: type(v) in allowed)
    if "enum" in node or "const" in node:
        values = node["enum"] if "enum" in node else [node["const"]]
        if not isinstance(values, list):
            return never
        members = frozenset((type(v), v) for v in values if isinstance(v, (str, int, float, bool, type(None))))
        checks.append(lambda v: type(v) in (str, int, float, bool, type(None)) and (type(v), v) in members)
    checks += string_checks(node) + number_checks(node)
    if "properties" in node or "required" in node or "additionalProperties" in node:
        checks.append(object_check(node, root))
    if "items" in node:
        checks.append(array_check(node["items"], root))
    if any(c is never for c in checks):
        return never
    if len(checks) == 1:
        return checks[0]
    return lambda v: all(check(v) for check in checks)


def string_checks(node: dict) -> list[Check]:
    """``minLength``, ``maxLength`` and ``pattern``: they constrain strings only, as JSON Schema says."""
    checks: list[Check] = []
    low, high = node.get("minLength", 0), node.get("maxLength")
    if type(low) is not int or (high is not None and type(high) is not int):
        return [never]
    if low or high is not None:
        checks.append(lambda v: type(v) is not str or (low <= len(v) and (high is None or len(v) <= high)))
    if "pattern" in node:
        if not isinstance(node["pattern"], str):
            return [never]
        search = re.compile(node["pattern"]).search
        remembered: set[str] = set()

        def matches(v: object) -> bool:
            if type(v) is not str or v in remembered:
                return True
            if search(v) is None:
                return False
            if len(remembered) < MAX_REMEMBERED:
                remembered.add(v)
            return True
        checks.append(matches)
    return checks


def number_checks(node: dict) -> list[Check]:
    """``minimum``, ``maximum`` and ``multipleOf``: they constrain numbers only."""
    checks: list[Check] = []
    for key, holds in (("minimum", operator.ge), ("maximum", operator.le)):
        if key in node:
            bound = node[key]
            if type(bound) not in (int, float):
                return [never]

            def within(v: object, bound: float = bound, holds: Callable = holds) -> bool:
                return type(v) not in (int, float) or holds(v, bound)
            checks.append(within)
    if "multipleOf" in node:
        step = node["multipleOf"]
        if type(step) not in (int, float) or step <= 0:
            return [never]

        def multiple(v: object) -> bool:
            if type(v) not in (int, float):
                return True
            quotient = v / step
            return quotient == quotient and abs(quotient) < 2 ** 52 and quotient == int(quotient)
        checks.append(multiple)
    return checks


def object_check(node: dict, root: dict) -> Check:
    properties = node.get("properties", {})
    required = node.get("required", [])
    extra = node.get("additionalProperties", True)
    if not isinstance(properties, dict) or not isinstance(required, list) or extra not in (True, False):
        return never
    needed, known = frozenset(required), frozenset(properties)
    fields = [(name, compile_node(sub, root)) for name, sub in properties.items()]
    if any(check is never for _, check in fields):
        return never
    closed = extra is False

    def check(v: object) -> bool:
        if type(v) is not dict:
            return True  # another type: the "type" keyword decides
        keys = v.keys()
        if not needed <= keys or (closed and not keys <= known):
            return False
        return all(field(v[name]) for name, field in fields if name in v)
    return check


def array_check(items: object, root: dict) -> Check:
    """``items``: every element meets the item schema; a plain list of integers or strings is checked at C speed."""
    each = compile_node(items, root)
    if each is never:
        return never
    node = (resolve(items, root) if isinstance(items, dict) else None) or {}
    plain = bool(node) and set(node) - ANNOTATIONS <= {"type", "minimum", "minLength", "pattern"}
    kind = node.get("type")
    if plain and kind == "integer" and "minimum" in node and type(node["minimum"]) is int:
        low = node["minimum"]
        return lambda v: type(v) is not list or not v or (set(map(type, v)) == {int} and min(v) >= low)
    if plain and kind == "string" and node.get("minLength", 1) == 1:
        pattern = each if "pattern" in node else None

        def strings(v: object) -> bool:
            if type(v) is not list or not v:
                return True
            if set(map(type, v)) != {str} or not all(v):
                return False
            return pattern is None or all(map(pattern, set(v)))
        return strings
    return lambda v: type(v) is not list or all(map(each, v))
