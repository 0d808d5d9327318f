"""The released documents against the raw articles they were made from: one document per article, in seed order,
byte for byte (read by the exact validator and by the streaming pass, ``validate.stream``)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsprep.eval.data.dataset import CONFIGS
from newsprep.eval.data.manifest import count_records
from newsprep.eval.errors import Problem
from newsprep.eval.io.jsonl import file_problem


def check_against_raw(loaded: dict[str, list[tuple[int, dict]]], root: Path) -> Iterable[Problem]:
    """One document per raw article, in seed order, byte for byte."""
    file = CONFIGS["documents"].path
    raw = sorted((root / "raw").glob("*.txt"))
    count = 0 if file_problem(root / file, file) else count_records(root / file)
    if count != len(raw):
        yield Problem(file, None, "-", "document-count", f"{count} documents, {len(raw)} raw articles")
    for line, doc in loaded["documents"]:
        index = line - 1
        if index < len(raw):
            if doc["seed_file"] != raw[index].name:
                yield Problem(file, line, "seed_file", "provenance", f"{doc['seed_file']!r} != {raw[index].name!r}")
            elif not same_bytes(raw[index], doc["text"].encode("utf-8")):
                yield Problem(file, line, "text", "equals-raw", f"text differs from raw/{raw[index].name}")


def same_bytes(path: Path, expected: bytes) -> bool:
    """The file holds exactly ``expected``; an unreadable or other-sized file is read no further."""
    if file_problem(path, path.name, max_bytes=len(expected)) or path.stat().st_size != len(expected):
        return False
    return path.read_bytes() == expected
