"""The card's ``dataset_info`` features against the JSON Schemas of the records: each feature's ``datasets``
type must hold the values its schema allows (``validate.card`` walks the card; this compares one feature).

>>> list(compare(("dtype", "int32"), {"type": "integer"}, Schema({}, "x.schema.json"), "f", 3))
[]
"""
from __future__ import annotations

from collections.abc import Iterator

from newsprep.eval.data.card import Located
from newsprep.eval.errors import Problem

CARD = "README.md"
# The feature dtypes of ``datasets`` that hold each JSON Schema type; CLASS_LABEL stands for a ClassLabel.
CLASS_LABEL = "ClassLabel"
FITS = {
    "integer": {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"},
    "number": {"float16", "float32", "float64"},
    "string": {"string", "large_string", CLASS_LABEL},
    "boolean": {"bool"},
}
EXPECTED = {"integer": "int32 or int64", "number": "float32 or float64", "string": "string or a ClassLabel",
            "boolean": "bool", "enum": "a ClassLabel of its values, or string", "array": "a list or sequence",
            "object": "a struct of named features"}
JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number"}


def shown(value: object) -> str:
    """A card value for a message: a scalar as Python writes it, else its type (YAML aliases can make a
    small card hold a structure far too large to print)."""
    return repr(value)[:60] if isinstance(value, (str, int, float, bool, type(None))) else type(value).__name__


def line_of(node: object, key: str | None = None, default: int | None = None) -> int | None:
    """The card line of a parsed mapping (or of its ``key``); ``default`` for anything else."""
    if not isinstance(node, Located):
        return default
    return node.key_line(key) if key is not None else node.line


class Schema:
    """One JSON Schema file, to resolve its local references (``$ref``) and to name it in messages."""

    def __init__(self, schema: dict, name: str) -> None:
        self.schema, self.name = schema, name

    def resolve(self, node: object) -> dict:
        """``node`` with local references (``#/$defs/...``) followed; ``{}`` for what is not a schema."""
        for _ in range(16):  # a chain of references, not a loop
            if not isinstance(node, dict):
                return {}
            ref = node.get("$ref")
            if not (isinstance(ref, str) and ref.startswith("#/")):
                return node
            node = self.schema
            for part in ref[2:].split("/"):
                node = node.get(part, {}) if isinstance(node, dict) else {}
        return {}


def schema_kind(node: dict) -> str | None:
    """What a schema node holds, as a card could type it: ``enum``, ``array``, ``object`` or a scalar
    JSON type; None where the card cannot say (no type, or several besides null)."""
    if "enum" in node:
        return "enum"
    if "const" in node:
        return JSON_TYPES.get(type(node["const"]))
    types = node.get("type")
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list):
        return None
    kinds = [t for t in types if t != "null"]
    return kinds[0] if len(kinds) == 1 and isinstance(kinds[0], str) else None


def feature_type(node: object) -> tuple[str, object] | None:
    """The type a card gives a feature (or a list's items): ``("dtype", "int32")``, ``("class_label", names)``,
    ``("list", item type)`` or ``("struct", [features])``; None if it gives none."""
    if isinstance(node, str):
        return "dtype", node
    if isinstance(node, list):
        return "struct", node
    if not isinstance(node, dict):
        return None
    if isinstance(node.get("class_label"), dict):
        names = node["class_label"].get("names")
        return "class_label", list(names.values()) if isinstance(names, dict) else names
    for key in ("list", "sequence"):
        if key in node:
            item = feature_type(node[key])
            return ("list", item) if item else None
    if isinstance(node.get("struct"), list):
        return "struct", node["struct"]
    return feature_type(node["dtype"]) if "dtype" in node else None


def describe(kind: tuple[str, object]) -> str:
    name, detail = kind
    if name == "list":
        assert isinstance(detail, tuple)
        return f"a list of {describe(detail)}"
    return {"class_label": CLASS_LABEL, "struct": "a struct"}.get(name, str(detail))


def compare_fields(features: list, node: dict, schema: Schema, prefix: str, line: int | None) -> Iterator[Problem]:
    """Named features against an object schema: the same fields, each of a type that fits."""
    properties = node.get("properties", {})
    names: list[str] = []
    for index, feature in enumerate(features):
        at = line_of(feature, default=line)
        name = feature.get("name") if isinstance(feature, dict) else None
        if not isinstance(name, str):
            yield Problem(CARD, at, f"{prefix}[{index}]", "card-feature", "a feature needs a name and a dtype, list, sequence or struct")
            continue
        field = f"{prefix}.{name}"
        if name in names:
            yield Problem(CARD, at, field, "card-feature", "declared twice")
            continue
        names.append(name)
        kind = feature_type(feature)
        if name not in properties:
            yield Problem(CARD, at, field, "card-feature", f"{schema.name} has no such field")
        elif kind is None:
            yield Problem(CARD, at, field, "card-feature", "no dtype, list, sequence or struct")
        else:
            yield from compare(kind, properties[name], schema, field, at)
    for name in node.get("required", []):
        if name not in names:
            yield Problem(CARD, line, f"{prefix}.{name}", "card-feature", f"required by {schema.name}, but no feature declares it")


def compare(kind: tuple[str, object], node: object, schema: Schema, field: str, line: int | None) -> Iterator[Problem]:
    """One feature's type against the schema of its values."""
    node = schema.resolve(node)
    expected = schema_kind(node)
    if expected is None:
        return  # a schema the card cannot express is not compared
    name, detail = kind
    if expected == "enum" and name == "class_label":
        values = [str(v) for v in node["enum"]] if isinstance(node["enum"], list) else []
        labels = [shown(n) if not isinstance(n, str) else n for n in detail] if isinstance(detail, list) else []
        if sorted(labels) != sorted(values):
            lost, extra = sorted(set(values) - set(labels)), sorted(set(labels) - set(values))
            yield Problem(CARD, line, field, "card-feature",
                          f"ClassLabel names differ from the enum of {schema.name}: missing {lost}, not in the enum {extra}")
        return
    if expected == "array" and name == "list":
        assert isinstance(detail, tuple)
        yield from compare(detail, node.get("items", {}), schema, field, line)
        return
    if expected == "object" and name == "struct":
        assert isinstance(detail, list)
        yield from compare_fields(detail, node, schema, field, line)
        return
    dtype = CLASS_LABEL if name == "class_label" else detail if name == "dtype" else None
    fits = dtype == "string" if expected == "enum" else dtype in FITS.get(expected, set())
    if not fits:
        yield Problem(CARD, line, field, "card-feature",
                      f"{describe(kind)} here, {schema.name} has {expected}: expected {EXPECTED[expected]}")
