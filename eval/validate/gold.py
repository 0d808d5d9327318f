"""Nothing is scored against a gold folder that fails validation: ``require_valid(root)``.

Every reader of gold data for scoring (the submission readers, the scorer,
``compare``, ``merge``, ``export``) calls ``require_valid`` first. It runs
``validate_data`` on the folder and raises ``InvalidInput`` listing every
problem, each named with the folder, so nothing is scored or written.

A folder that validated is remembered by its content, so the full check runs
once per content, not once per call:

- the **fingerprint** of a folder is the sha256 of the validator's own
  fingerprint (the package version and the source of the rules: ``validate/``,
  ``data/``, ``io/``, ``types.py`` and the JSON Schemas) and, for every file
  under the folder (``__pycache__`` aside), its relative path and its sha256;
  a file that is not regular or is larger than the data limit is named with
  its kind or size instead, so hashing never blocks on a pipe or reads without bound;
- a folder whose fingerprint validated is recorded as an empty file named by
  the fingerprint in ``<cache>/validated/``, where ``<cache>`` is
  ``$NEWSPREP_CACHE``, else ``$XDG_CACHE_HOME/newsprep``, else
  ``~/.cache/newsprep``; a cache that cannot be written is not an error (the
  check then runs each time);
- within one process, a folder whose files show the same size, modification
  time and inode as when it last validated is not hashed again.

Any change to any byte of any file gives another fingerprint, hence a full
validation; a stale record can only say "valid" for exactly the bytes that
were validated, by exactly these rules.

>>> require_valid(None)          # the embedded dataset: validated once, then remembered
>>> require_valid("/no/such/folder")
Traceback (most recent call last):
newsprep.eval.errors.InvalidInput: 1 problem(s)
  /no/such/folder: -: dataset-folder (no such folder)
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from newsprep.eval.data.dataset import dataset_dir, schema_dir
from newsprep.eval.data.manifest import sha256_file
from newsprep.eval.errors import InvalidInput, Problem
from newsprep.eval.io.jsonl import MAX_FILE_BYTES
from newsprep.eval.settings import __version__

# Folders whose stat signature validated in this process: resolved path -> signature.
_SEEN: dict[Path, tuple] = {}
_RULES: list[str] = []  # the validator's fingerprint, computed once


def cache_dir() -> Path:
    """Where validated fingerprints are recorded (see the module docstring)."""
    if os.environ.get("NEWSPREP_CACHE"):
        return Path(os.environ["NEWSPREP_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsprep"


def rules_fingerprint() -> str:
    """sha256 of the package version and the source of every rule the validator applies."""
    if not _RULES:
        package = Path(__file__).resolve().parents[1]
        sources = sorted([*package.glob("validate/*.py"), *package.glob("data/*.py"), *package.glob("io/*.py"),
                          package / "types.py", *schema_dir().glob("*.json")])
        digest = hashlib.sha256(__version__.encode())
        for path in sources:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        _RULES.append(digest.hexdigest())
    return _RULES[0]


def files(root: Path) -> list[tuple[str, os.stat_result]]:
    """Every entry under ``root`` but folders and ``__pycache__``, sorted, with its ``stat`` (links followed)."""
    out = []
    for folder, subfolders, names in os.walk(root, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in names:
            path = Path(folder) / name
            try:
                info = path.stat()
            except OSError:
                info = path.lstat()  # a dangling link or loop: named by its own entry
            out.append((path.relative_to(root).as_posix(), info))
    return sorted(out, key=lambda item: item[0])


def signature(entries: list[tuple[str, os.stat_result]]) -> tuple:
    return tuple((rel, info.st_size, info.st_mtime_ns, info.st_ino, info.st_mode) for rel, info in entries)


def fingerprint(root: Path, entries: list[tuple[str, os.stat_result]] | None = None) -> str:
    """sha256 of the rules and of every file's relative path and content (see the module docstring)."""
    digest = hashlib.sha256(rules_fingerprint().encode())
    for rel, info in entries if entries is not None else files(root):
        if not stat.S_ISREG(info.st_mode):
            content = f"mode {stat.S_IFMT(info.st_mode)}"
        elif info.st_size > MAX_FILE_BYTES:
            content = f"size {info.st_size}"
        else:
            try:
                content = sha256_file(root / rel)
            except OSError as err:
                content = f"unreadable {err.errno}"
        digest.update(f"{rel}\0{content}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def located(problem: Problem, root: Path) -> Problem:
    """A validator problem with the folder in front of its file, so the user sees which gold failed."""
    if Path(problem.file).is_absolute():
        return problem
    return Problem(str(root / problem.file), problem.line, problem.field, problem.rule, problem.detail)


def require_valid(root: str | os.PathLike | None) -> None:
    """Validate the gold folder ``root`` (None: the embedded dataset) unless this content already validated.

    Raises ``InvalidInput`` with every problem of ``validate_data``, each file named inside ``root``.
    """
    folder = Path(root) if root is not None else dataset_dir()
    if not folder.is_dir():
        raise InvalidInput(validate_fresh(folder))  # names the folder itself
    entries = files(folder)
    if _SEEN.get(folder.resolve()) == signature(entries):
        return
    if not (cache_dir() / "validated" / fingerprint(folder, entries)).is_file():
        problems = validate_fresh(folder)
        if problems:
            raise InvalidInput([located(p, folder) for p in problems])
    _SEEN[folder.resolve()] = signature(entries)


def validate_fresh(root: str | os.PathLike | None) -> list[Problem]:
    """``validate_data(root)``, always run in full; a folder with no problem is recorded as validated.

    Its problems name files relative to ``root``, as ``newsprep validate-data`` prints them. A folder
    whose files changed while it was read is not recorded, and says so.
    """
    from newsprep.eval.validate.dataset import validate_data

    folder = Path(root) if root is not None else dataset_dir()
    if not folder.is_dir():
        return validate_data(folder)
    _SEEN.pop(folder.resolve(), None)
    before = fingerprint(folder)
    problems = validate_data(folder)
    if problems:
        return problems
    entries = files(folder)
    if fingerprint(folder, entries) != before:
        return [Problem(str(folder), None, "-", "unchanged-while-read",
                        "files changed while the folder was validated; run again once it is written")]
    remember(cache_dir() / "validated" / before)
    _SEEN[folder.resolve()] = signature(entries)
    return []


def remember(record: Path) -> None:
    """Record a validated fingerprint; a cache that cannot be written only costs a validation next time."""
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.touch()
    except OSError:
        pass


def forget() -> None:
    """Drop what this process remembers (the records on disk stay); for tests."""
    _SEEN.clear()
