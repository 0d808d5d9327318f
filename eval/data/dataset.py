"""Access to the embedded dataset: paths, configs, records and ``datasets`` loading.

Data is found through ``importlib.resources.files("newsprep.dataset")`` so the
same code works from a checkout, an editable install and an installed wheel.

>>> from newsprep.eval.data import dataset as data
>>> [doc["id"] for doc in data.records("documents")]
['d000', 'd001', 'd002', 'd003', 'd004']
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from newsprep.eval.errors import InvalidInput, NewsPrepError, UnknownConfig
from newsprep.eval.io.jsonl import iter_jsonl


@dataclass(frozen=True)
class Config:
    """One dataset config: its JSONL file (relative to the dataset folder) and its schema."""

    name: str
    path: str
    schema: str


# The configs of the dataset card, one per layer, by name: the file of its records and their schema.
CONFIGS: dict[str, Config] = {
    c.name: c
    for c in [
        Config("documents", "data/documents.jsonl", "document.schema.json"),
        Config("boilerplate", "data/boilerplate.jsonl", "boilerplate.schema.json"),
        Config("segments", "data/segments.jsonl", "segment.schema.json"),
        Config("entities", "data/entities.jsonl", "entities.schema.json"),
        Config("entity_table", "data/entity_table.jsonl", "entity_table.schema.json"),
        Config("tokens", "data/tokens.jsonl", "tokens.schema.json"),
        Config("duplicate_pairs", "data/duplicate_pairs.jsonl", "duplicate_pairs.schema.json"),
        Config("document_pairs", "data/document_pairs.jsonl", "document_pairs.schema.json"),
    ]
}


def dataset_dir() -> Path:
    """The folder holding the dataset card, ``data/`` and ``manifest.json``."""
    return Path(str(files("newsprep.dataset")))


def folder(root: str | os.PathLike | None) -> Path:
    """The dataset folder ``root`` names: the embedded one for None.

    >>> folder(None) == dataset_dir(), folder("some/dir")
    (True, PosixPath('some/dir'))
    """
    return dataset_dir() if root is None else Path(root)


def resolve_root(root: str | os.PathLike | None) -> Path | None:
    """A dataset folder given by a user (None: the embedded one), checked to hold a ``manifest.json``."""
    if root is None:
        return None
    path = Path(root)
    if str(root) == "" or not (path / "manifest.json").is_file():
        raise NewsPrepError(f"{str(root)!r} is not a dataset folder (no manifest.json)")
    return path


def schema_dir() -> Path:
    """The folder holding the JSON Schemas."""
    return Path(str(files("newsprep.schema")))


def load_schema(name: str) -> dict:
    """Parse one JSON Schema by file name, e.g. ``"document.schema.json"``."""
    return json.loads((schema_dir() / name).read_text(encoding="utf-8"))


def manifest(root: str | os.PathLike | None = None) -> dict:
    """The checksum manifest: ``{"version": ..., "files": {path: {"sha256", "records"}}}``."""
    return json.loads((folder(root) / "manifest.json").read_text(encoding="utf-8"))


def data_version(root: str | os.PathLike | None = None) -> str:
    """The semantic version of the data, as written in the manifest (the embedded data for ``root=None``).

    >>> data_version().count(".")
    2
    """
    return manifest(root)["version"]


def synthetic(root: str | os.PathLike | None = None) -> dict | None:
    """The ``synthetic`` block of the manifest of a dataset made by ``newsprep synth``; None for real data."""
    try:
        block = manifest(root).get("synthetic")
    except (OSError, ValueError, AttributeError, RecursionError):
        return None  # an unreadable manifest is reported by the validator
    return block if isinstance(block, dict) else None


def data_label(root: str | os.PathLike | None = None) -> str:
    """The data version as reports and signatures name it; a synthetic dataset says so.

    >>> data_label() == data_version()
    True
    """
    version, block = data_version(root), synthetic(root)
    if block is None:
        return version
    return f"{version}+synthetic-n{block.get('docs')}-s{block.get('seed')}"


def config(name: str) -> Config:
    try:
        return CONFIGS[name]
    except KeyError:
        raise UnknownConfig(f"unknown config {name!r}; known: {', '.join(CONFIGS)}") from None


def records(name: str, root: str | os.PathLike | None = None) -> list[dict]:
    """All records of a config as plain dicts, read with the standard library.

    Raises ``InvalidInput`` if a line cannot be read; run ``validate_data`` for
    the full set of rules.

    >>> first = records("entities")[0]
    >>> first["doc"], first["mentions"][0]["type"]
    ('d000', 'PERSON')
    """
    path = folder(root) / config(name).path
    rows, problems = [], []
    for _, record, problem in iter_jsonl(path, label=config(name).path):
        if problem:
            problems.append(problem)
        else:
            assert record is not None  # iter_jsonl gives exactly one of record and problem
            rows.append(record)
    if problems:
        raise InvalidInput(problems)
    return rows


def documents(root: str | os.PathLike | None = None) -> dict[str, dict]:
    """The documents keyed by id, in id order.

    >>> docs = documents()
    >>> list(docs)[:2], docs["d000"]["language"]
    (['d000', 'd001'], 'en')
    """
    return {doc["id"]: doc for doc in records("documents", root)}


def load(name: str, *, split: str = "test"):
    """Load one config as a ``datasets.Dataset`` with the features declared in the card.

    Works offline, from a checkout or an installed wheel.

    >>> ds = load("documents")          # doctest: +SKIP
    >>> ds.features["num_chars"].dtype  # doctest: +SKIP
    'int32'
    """
    import datasets  # imported here: the validator and CLI start faster without it

    config(name)  # raises UnknownConfig for a name the card does not declare
    return datasets.load_dataset(str(dataset_dir()), name, split=split)
