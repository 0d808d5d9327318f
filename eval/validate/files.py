"""The files of a dataset folder as the validator opens them: missing, unusable, outside the folder, or read.

>>> import pathlib, tempfile
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> print(input_problem(root / "manifest.json", "manifest.json"))
manifest.json: -: file-exists (file is missing)
>>> read_text(root, "CHANGELOG.md", "changelog")
(None, [Problem(file='CHANGELOG.md', line=None, field='-', rule='changelog-present', detail='file is missing')])
>>> inside("data/documents.jsonl"), inside("../etc/passwd")
(True, False)
"""
from __future__ import annotations

from pathlib import Path

from newsprep.eval.errors import Problem
from newsprep.eval.io.jsonl import MAX_LINE_BYTES, file_problem


def missing(path: Path) -> bool:
    """Nothing at ``path``, not even a dangling symbolic link."""
    return not path.exists() and not path.is_symlink()


def input_problem(path: Path, label: str, *, max_bytes: int | None = None) -> Problem | None:
    """``file-exists`` for a missing file (not a dangling link), else ``file_problem``'s rules."""
    if missing(path):
        return Problem(label, None, "-", "file-exists", "file is missing")
    return file_problem(path, label) if max_bytes is None else file_problem(path, label, max_bytes=max_bytes)


def inside(rel: str) -> bool:
    """``rel`` is a relative path that stays inside the folder it is relative to (no ``..``, not absolute)."""
    parts = Path(rel).parts
    return bool(parts) and not Path(rel).is_absolute() and ".." not in parts


def read_text(root: Path, rel: str, kind: str) -> tuple[str | None, list[Problem]]:
    """The UTF-8 text of a documentation file of the folder (at most ``MAX_LINE_BYTES``), or its one problem:
    ``KIND-present`` when it is missing, ``KIND-readable`` when it cannot be read as UTF-8 text."""
    path = root / rel
    if missing(path):
        return None, [Problem(rel, None, "-", f"{kind}-present", "file is missing")]
    problem = file_problem(path, rel, max_bytes=MAX_LINE_BYTES)
    if problem:
        return None, [Problem(rel, None, "-", f"{kind}-readable", f"{problem.rule}: {problem.detail}")]
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        return None, [Problem(rel, None, "-", f"{kind}-readable", f"byte {err.start}: {raw[err.start:err.start + 1]!r} is not UTF-8")]
