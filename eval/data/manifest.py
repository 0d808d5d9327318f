"""The checksum manifest of every data file (``dataset/manifest.json``)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from newsprep.eval.io.jsonl import CHUNK_BYTES, read_lines


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks so that memory stays small whatever its size."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def count_records(path: Path) -> int:
    """Non-blank lines of a JSON Lines file, counted without holding the file in memory."""
    with open(path, "rb") as handle:
        return sum(1 for line, _ in read_lines(handle) if line is None or line.strip())


def build_manifest(root: Path, version: str) -> dict:
    """Checksums and record counts of every file under ``root/data``."""
    entries = {}
    for path in sorted((root / "data").glob("*.jsonl")):
        rel = path.relative_to(root).as_posix()
        entries[rel] = {"sha256": sha256_file(path), "records": count_records(path)}
    return {"version": version, "files": entries}


def write_manifest(root: Path, version: str) -> None:
    text = json.dumps(build_manifest(root, version), indent=2, ensure_ascii=False) + "\n"
    (root / "manifest.json").write_text(text, encoding="utf-8")
