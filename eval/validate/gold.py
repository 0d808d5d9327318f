"""Nothing is scored against a gold folder that fails validation: ``require_valid(root)``.

Every reader of gold data for scoring (the submission readers, the scorer,
``compare``, ``merge``, ``export``) calls ``require_valid`` first. It runs
``validate_data`` on the folder and raises ``InvalidInput`` listing every
problem, each named with the folder, so nothing is scored or written.

A folder that validated is remembered by its content, so the full check runs
once per content, not once per call:

- the **fingerprint** of a folder is the sha256 of a text that lists the
  validator's own fingerprint (the package version and the source of the rules:
  ``validate/``, ``data/``, ``io/``, ``types.py`` and the JSON Schemas) and, for
  every file under the folder (``__pycache__`` aside), its relative path, where
  it resolves to and its sha256. Links are followed: a linked file is hashed
  through the link, a linked folder is walked (a link back to a folder above is
  named as a loop, never walked twice), and where a link points is part of the
  text, so retargeting a link, or editing a file behind a linked folder, gives
  another fingerprint. A file that is not regular or is larger than the data
  limit is named with its kind or size instead, so hashing never blocks on a
  pipe or reads without bound;
- a folder whose fingerprint validated is recorded in ``<cache>/validated/``
  as a file named by the fingerprint that holds the text it was computed from,
  where ``<cache>`` is ``$NEWSPREP_CACHE``, else ``$XDG_CACHE_HOME/newsprep``,
  else ``~/.cache/newsprep``. A record vouches only for the content it
  describes: it counts only when the sha256 of what it holds is its name and
  the fingerprint of the folder now, so an empty or copied file proves nothing;
- the cache is never written, nor read, when it is or lies inside a dataset
  folder (the one validated, the embedded one, or any folder holding
  ``manifest.json`` and ``data/``) or is not a folder; a cache that cannot be
  written is not an error (the check then runs each time);
- within one process, a folder whose files all show the same resolved place,
  device, inode, size, modification and change time (``st_mtime_ns``,
  ``st_ctime_ns``) as when it last validated is not hashed again.

**Trust.** The cache is trusted as any cache is: whoever can write your cache
folder can make scoring skip validation (they could as well change the
package). Keep it private (``~/.cache`` is), or point ``NEWSPREP_CACHE`` at a
new empty folder to validate everything again. Any change to any byte of any
file the validator reads gives another fingerprint, hence a full validation; a
genuine record can only say "valid" for exactly the bytes that were validated,
by exactly these rules.

>>> len(require_valid(None))     # the embedded dataset: validated once, then remembered; its fingerprint
64
>>> require_valid("/no/such/folder")
Traceback (most recent call last):
newsprep.eval.errors.InvalidInput: 1 problem(s)
  /no/such/folder: -: dataset-folder (no such folder)
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
from pathlib import Path
from typing import NamedTuple

from newsprep.eval.data.dataset import dataset_dir, schema_dir
from newsprep.eval.data.manifest import sha256_file
from newsprep.eval.errors import InvalidInput, Problem
from newsprep.eval.io.atomic import dataset_around
from newsprep.eval.io.jsonl import MAX_FILE_BYTES
from newsprep.eval.io.progress import Progress
from newsprep.eval.settings import __version__

# Folders whose stat signature validated in this process: resolved path -> (signature, fingerprint).
_SEEN: dict[Path, tuple[tuple, str]] = {}
_RULES: list[str] = []  # the validator's fingerprint, computed once


def cache_dir() -> Path:
    """Where validated fingerprints are recorded (see the module docstring)."""
    if os.environ.get("NEWSPREP_CACHE"):
        return Path(os.environ["NEWSPREP_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsprep"


def usable_cache(checked: Path) -> Path | None:
    """The folder of validation records, or None where it must not be used: when it exists as anything but
    a folder, or is or lies inside the folder ``checked``, the embedded dataset or any dataset folder."""
    base = Path(os.path.realpath(cache_dir()))
    if base.exists() and not base.is_dir():
        return None
    for guarded in (checked, dataset_dir()):
        folder = Path(os.path.realpath(guarded))
        if base == folder or folder in base.parents:
            return None
    existing = next((p for p in (base, *base.parents) if p.exists()), None)
    if existing is not None and dataset_around(existing) is not None:
        return None
    return base / "validated"


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


class Entry(NamedTuple):
    """One file under a folder: its path there, where it resolves to, and its ``stat`` (links followed)."""

    rel: str
    real: str  # resolved, relative to the resolved folder when inside it; "loop" for a link back to a folder above
    info: os.stat_result


def files(root: Path) -> list[Entry]:
    """Every file under ``root`` (folders walked, links followed, ``__pycache__`` aside), sorted by path.

    A link to a folder above it is named as a loop and not walked; a dangling link or a link loop
    is named by its own entry (``lstat``)."""
    top = Path(os.path.realpath(root))
    out: list[Entry] = []

    def where(path: Path) -> str:
        real = Path(os.path.realpath(path))
        return real.relative_to(top).as_posix() if real == top or top in real.parents else str(real)

    def walk(folder: Path, rel: str, above: frozenset[str]) -> None:
        try:
            names = sorted(os.listdir(folder))
        except OSError as err:
            out.append(Entry(rel or ".", f"unlistable {err.errno}", os.lstat(folder)))
            return
        for name in names:
            if name == "__pycache__":
                continue
            path, inner = folder / name, f"{rel}/{name}" if rel else name
            try:
                info = path.stat()
            except OSError:
                out.append(Entry(inner, where(path), path.lstat()))  # a dangling link or loop
                continue
            if stat.S_ISDIR(info.st_mode):
                real = os.path.realpath(path)
                if real in above:
                    out.append(Entry(inner, "loop", info))
                else:
                    walk(path, inner, above | {real})
            else:
                out.append(Entry(inner, where(path), info))

    walk(root, "", frozenset({str(top)}))
    return sorted(out, key=lambda entry: entry.rel)


def signature(root: Path, entries: list[Entry]) -> tuple:
    """What ``stat`` shows of every resolved file: its place, device, inode, size, times and mode."""
    return (os.path.realpath(root), *((e.rel, e.real, e.info.st_dev, e.info.st_ino, e.info.st_size, e.info.st_mtime_ns,
                                       e.info.st_ctime_ns, e.info.st_mode) for e in entries))


def description(root: Path, entries: list[Entry] | None = None) -> str:
    """The text a fingerprint is the sha256 of: the rules, then each file's path, place and content."""
    lines = [f"newsprep validated\nrules {rules_fingerprint()}\n"]
    for rel, real, info in entries if entries is not None else files(root):
        if not stat.S_ISREG(info.st_mode):
            content = f"mode {stat.S_IFMT(info.st_mode)}"
        elif info.st_size > MAX_FILE_BYTES:
            content = f"size {info.st_size}"
        else:
            try:
                content = sha256_file(root / rel)
            except OSError as err:
                content = f"unreadable {err.errno}"
        lines.append(f"{rel}\t{real}\t{content}\n")
    return "".join(lines)


def fingerprint(root: Path, entries: list[Entry] | None = None) -> str:
    """sha256 of the rules and of every file's relative path, place and content (see the module docstring)."""
    return digest_of(description(root, entries))


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def recorded(records: Path | None, text: str) -> bool:
    """A genuine record of ``text`` is in ``records``: a regular file named by its sha256 that holds it."""
    if records is None:
        return False
    path = records / digest_of(text)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return False
        held = handle.read(len(text.encode("utf-8", "surrogateescape")) + 1)
    return digest_of(held.decode("utf-8", "surrogateescape")) == path.name


def located(problem: Problem, root: Path) -> Problem:
    """A validator problem with the folder in front of its file, so the user sees which gold failed."""
    if Path(problem.file).is_absolute():
        return problem
    return Problem(str(root / problem.file), problem.line, problem.field, problem.rule, problem.detail)


def require_valid(root: str | os.PathLike | None) -> str:
    """Validate the gold folder ``root`` (None: the embedded dataset) unless this content already validated;
    returns its fingerprint.

    Raises ``InvalidInput`` with every problem of ``validate_data``, each file named inside ``root``.
    """
    folder = Path(root) if root is not None else dataset_dir()
    if not folder.is_dir():
        raise InvalidInput(validate_fresh(folder))  # names the folder itself
    entries = files(folder)
    key = Path(os.path.realpath(folder))
    seen = _SEEN.get(key)
    if seen is not None and seen[0] == signature(folder, entries):
        return seen[1]
    text = description(folder, entries)
    if not recorded(usable_cache(folder), text):
        problems = validate_fresh(folder)
        if problems:
            raise InvalidInput([located(p, folder) for p in problems])
    _SEEN[key] = (signature(folder, entries), digest_of(text))
    return digest_of(text)


def gold_columns(root: str | os.PathLike | None) -> Path | None:
    """The column cache of the gold folder ``root`` (``columns.cached``), validated first and made if missing;
    None where no cache may be used or written (scoring then reads the JSON)."""
    from newsprep.eval.validate.columns import cached  # numpy, which importing the command does not load

    folder = Path(root) if root is not None else dataset_dir()
    content = require_valid(folder)
    records = usable_cache(folder)
    return cached(folder, None if records is None else records.parent, content,
                  unchanged=lambda: fingerprint(folder) == content)  # columns of exactly the content validated


def validate_fresh(root: str | os.PathLike | None, *, progress: Progress | None = None) -> list[Problem]:
    """``validate_data(root)``, always run in full; a folder with no problem is recorded as validated.
    ``progress`` is told of the documents validated (``validate_data``'s).

    Its problems name files relative to ``root``, as ``newsprep validate-data`` prints them. A folder
    whose files changed while it was read is not recorded, and says so.
    """
    from newsprep.eval.validate.dataset import validate_data

    folder = Path(root) if root is not None else dataset_dir()
    if not folder.is_dir():
        return validate_data(folder)
    key = Path(os.path.realpath(folder))
    _SEEN.pop(key, None)
    before = description(folder)
    problems = validate_data(folder, progress=progress)
    if problems:
        return problems
    entries = files(folder)
    if description(folder, entries) != before:
        return [Problem(str(folder), None, "-", "unchanged-while-read",
                        "files changed while the folder was validated; run again once it is written")]
    remember(usable_cache(folder), before)
    _SEEN[key] = (signature(folder, entries), digest_of(before))
    return []


def remember(records: Path | None, text: str) -> None:
    """Record that the content ``text`` describes validated, written whole (a temporary file renamed into
    place) and never through a link; a cache that cannot be written only costs a validation next time."""
    if records is None:
        return
    tmp = records / f".{secrets.token_hex(8)}.tmp"
    try:
        records.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8", "surrogateescape"))
        os.replace(tmp, records / digest_of(text))
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def forget() -> None:
    """Drop what this process remembers (the records on disk stay); for tests."""
    _SEEN.clear()
