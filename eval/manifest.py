"""The checksum manifest of every data file (``dataset/manifest.json``)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count_records(path: Path) -> int:
    return sum(1 for line in path.read_bytes().splitlines() if line.strip())


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
