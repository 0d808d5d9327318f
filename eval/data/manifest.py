"""The checksum manifest of a dataset folder (``dataset/manifest.json``): every data file with its sha256 and
record count (``files``) and, for a release, the other files the data was made from with their sha256 (``release``:
every file of ``annotation/`` and ``raw/``); ``newsprep.eval.validate.release`` says what a release holds."""
from __future__ import annotations

import hashlib
import json
import os
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


# The folders of a release whose every file the manifest's ``release`` map covers.
RELEASE_COVERED = ("annotation", "raw")


def release_files(root: Path) -> list[str]:
    """The paths of the files under the folders ``RELEASE_COVERED`` names (``__pycache__`` aside), sorted."""
    found = []
    for name in RELEASE_COVERED:
        top = root / name
        if not top.is_dir():
            found += [name] if top.exists() or top.is_symlink() else []
            continue
        for folder, subfolders, names in os.walk(top):
            subfolders[:] = [d for d in subfolders if d != "__pycache__"]
            found += [(Path(folder) / n).relative_to(root).as_posix() for n in names]
    return sorted(found)


def build_manifest(root: Path, version: str, *, release: bool = False) -> dict:
    """Checksums and record counts of every file under ``root/data``; with ``release``, the sha256 of every
    file of ``annotation/`` and ``raw/`` (``release_files``)."""
    entries = {}
    for path in sorted((root / "data").glob("*.jsonl")):
        rel = path.relative_to(root).as_posix()
        entries[rel] = {"sha256": sha256_file(path), "records": count_records(path)}
    found: dict = {"version": version, "files": entries}
    if release:
        found["release"] = {rel: sha256_file(root / rel) for rel in release_files(root)}
    return found


def write_manifest(root: Path, version: str) -> None:
    """The manifest of the release at ``root`` (``newsprep build-data``)."""
    text = json.dumps(build_manifest(root, version, release=True), indent=2, ensure_ascii=False) + "\n"
    (root / "manifest.json").write_text(text, encoding="utf-8")
