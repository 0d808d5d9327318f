"""Writing an output file whole or not at all.

A report or submission is written to a temporary file in the target's folder
and renamed over the target in one step, so a reader never sees half a file
and a failure leaves the old file as it was.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "report.txt", "scores\\n").read_text()
'scores\\n'
>>> sorted(p.name for p in folder.iterdir())
['report.txt']
"""
from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from newsprep.eval.errors import NewsPrepError, UsageError
from newsprep.eval.io.jsonl import dumps_line

T = TypeVar("T")


def dataset_around(target: Path) -> Path | None:
    """The dataset folder (one holding ``manifest.json`` and ``data/``) that ``target`` is or lies inside, if any.

    >>> from newsprep.eval.data.dataset import dataset_dir
    >>> dataset_around(dataset_dir() / "data" / "x.txt") == dataset_dir()
    True
    """
    for folder in (target, *target.parents):
        if (folder / "manifest.json").is_file() and (folder / "data").is_dir():
            return folder
    return None


def check_output(path: str | os.PathLike, *, inputs: tuple[str | os.PathLike, ...] = (),
                 protected: tuple[str | os.PathLike, ...] = ()) -> Path:
    """The file that writing to ``path`` will replace (a symbolic link is followed), or ``UsageError``.

    Its folder must exist; it must not be a folder, pipe or device, nor one of ``inputs`` in any form
    (``input_at``: a URL, a glob's shards, a link, a hard link), nor lie inside
    one of the ``protected`` folders (a dataset folder). Called before any work, so a bad ``-o`` costs nothing.
    An output is written on this machine, whole or not at all: a URL is refused, with the path to give instead
    where it names a local file.
    """
    refuse_url(path, "output")
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        kind = "a folder" if target.is_dir() else "not a regular file"
        raise UsageError(f"output {path}: {kind}; name a file (or leave out -o to print)")
    if not target.parent.is_dir():
        raise UsageError(f"output {path}: its folder does not exist")
    for source in inputs:
        if (same := input_at(target, source)) is not None:
            raise UsageError(f"output {path}: is the input {same}; it would be overwritten")
    for folder in protected:
        if Path(os.path.realpath(folder)) in target.parents:
            raise UsageError(f"output {path}: lies inside the dataset folder {folder}; write somewhere else")
    if found := dataset_around(target.parent):
        raise UsageError(f"output {path}: lies inside the dataset folder {found}; write somewhere else")
    return target


def refuse_url(path: str | os.PathLike, what: str) -> None:
    """``UsageError`` for an output given as a URL: outputs are local files (or folders), written whole.

    >>> refuse_url("file:///tmp/report.txt", "output")
    Traceback (most recent call last):
    newsprep.eval.errors.UsageError: output file:///tmp/report.txt: a URL; outputs are written to a path on this machine (give /tmp/report.txt instead)
    """
    from newsprep.eval.io.sources import is_url, local_path

    text = os.fspath(path)
    if is_url(text):
        local = local_path(text)
        hint = f" (give {local} instead)" if local else ""
        raise UsageError(f"{what} {text}: a URL; outputs are written to a path on this machine{hint}")


def input_at(target: Path, source: str | os.PathLike) -> str | None:
    """How the input ``source`` names the file ``target`` (resolved), or None when it does not: ``source``
    itself, a local URL or a glob matching it (``io.sources.local_files``), through symbolic links, or as
    another name of the same file (a hard link: same device and inode).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "sub.jsonl").write_text("")
    >>> os.link(folder / "sub.jsonl", folder / "hard.jsonl")
    >>> input_at(folder / "hard.jsonl", f"file://{folder}/s*.jsonl") == f"{folder}/sub.jsonl (matched by file://{folder}/s*.jsonl; a hard link to it)"
    True
    """
    from newsprep.eval.io.sources import local_files, local_path  # here: io.sources reads lines with io.jsonl

    try:
        known = os.stat(target)
    except OSError:
        known = None
    text = os.fspath(source)
    for candidate in local_files(text):
        found = os.path.realpath(candidate) == str(target)
        if not found and known is not None:
            try:
                info = os.stat(candidate)
            except (OSError, ValueError):
                continue
            found = (info.st_dev, info.st_ino) == (known.st_dev, known.st_ino)
        if found:
            hard = os.path.realpath(candidate) != str(target)
            if candidate == text and not hard:
                return text
            how = [f"matched by {text}"] if candidate != text and candidate != local_path(text) else []
            how += [f"given as {text}"] if candidate == local_path(text) and candidate != text else []
            how += ["a hard link to it"] if hard else []
            return f"{candidate} ({'; '.join(how)})"
    return None


def check_output_folder(path: str | os.PathLike, *, protected: tuple[str | os.PathLike, ...] = (),
                        empty: bool = False, replace: bool = False, hint: str = "choose a new folder",
                        parents: bool = False) -> Path:
    """The folder an output will fill or replace (a symbolic link is followed), or ``UsageError`` when its
    folder does not exist (a mistyped path is not made), when it is,
    lies inside, or holds one of the ``protected`` folders, is or lies inside any dataset folder, exists as
    anything but a folder, or is a folder that holds files when it must be ``empty``, or when it would be
    replaced (``replace``, ``export --force``) and is not an earlier export. ``parents``: missing folders
    above it will be made (``exercise start``), so a missing parent is no mistake. Called before any work.

    >>> check_output_folder("/dev/null")
    Traceback (most recent call last):
    newsprep.eval.errors.UsageError: output folder /dev/null: exists and is not a folder
    """
    refuse_url(path, "output folder")
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_dir():
        raise UsageError(f"output folder {path}: exists and is not a folder")
    above = next(parent for parent in target.parents if parent.exists())
    if not target.exists() and not above.is_dir():
        raise UsageError(f"output folder {path}: {above} is not a folder")
    if not target.exists() and above != target.parent and not parents:
        raise UsageError(f"output folder {path}: its folder {os.path.dirname(os.path.abspath(path))} does not exist")
    for folder in protected:
        guarded = Path(os.path.realpath(folder))
        if target == guarded or guarded in target.parents or target in guarded.parents:
            raise UsageError(f"output folder {path}: would write into the dataset folder {folder}; choose another")
    if found := dataset_around(target):
        raise UsageError(f"output folder {path}: would write into the dataset folder {found}; choose another")
    if empty and target.is_dir() and any(target.iterdir()):
        raise UsageError(f"output folder {path}: exists and is not empty; {hint}")
    if replace and target.is_dir() and any(target.iterdir()) and not earlier_export(target):
        raise UsageError(f"output folder {path}: holds files that are not a NewsPrep export; --force replaces "
                         "only an earlier export (a folder of files with its VERSION file)")
    return target


def earlier_export(folder: Path) -> bool:
    """``folder`` holds files only, among them the ``VERSION`` file every export writes."""
    version = folder / "VERSION"
    if not version.is_file() or any(p.is_dir() for p in folder.iterdir()):
        return False
    with open(version, "rb") as handle:
        return handle.read(14) == b"NewsPrep data "


def write_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` through a temporary file and a rename.

    An existing file keeps its permission bits; a new one gets the usual ones
    (0666 less the umask). On failure the temporary file is removed, ``path`` is
    unchanged and ``NewsPrepError`` says why.

    >>> import pathlib, tempfile
    >>> write_atomic(pathlib.Path(tempfile.mkdtemp()) / "notes.md", "# Notes\\n").read_text()
    '# Notes\\n'
    """
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else None
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    created = False
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        created = True
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as err:
        if created:
            tmp.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise NewsPrepError(f"cannot write {path}: {err.strerror or err}; nothing was written") from None
        raise
    return target


def listing(folder: Path) -> tuple:
    """What a folder holds, to tell whether it changed: each file's path, size and modification time."""
    if not folder.is_dir():
        return ("absent",) if not folder.exists() else ("not a folder",)
    out = []
    for base, names, files in os.walk(folder):
        names.sort()
        for name in sorted(files) + names:
            path = Path(base) / name
            info = path.lstat()
            out.append((path.relative_to(folder).as_posix(), info.st_size, info.st_mtime_ns))
    return tuple(out)


def write_folder(out: str | os.PathLike, fill: Callable[[Path], T], *, overwrite: bool = False,
                 hint: str = "choose a new folder") -> T:
    """Make the folder ``out`` whole or not at all: ``fill(tmp)`` writes into a fresh folder beside it, which is
    then renamed to ``out``; returns what ``fill`` returns.

    An existing ``out`` must be an empty folder, unless ``overwrite``: then it is
    replaced, only once the new folder is complete. If ``fill`` raises, the
    temporary folder is removed and ``out`` is as it was. ``out`` is resolved first (a link to a folder is
    followed, never replaced), an existing folder's permission bits are kept, and if anything in ``out``
    changed while ``fill`` ran (a file written there meanwhile) nothing is replaced and ``NewsPrepError`` says
    so. The two renames that swap an existing folder run with SIGINT and SIGTERM held back, and a failure
    between them puts the old folder back.
    """
    given, out = Path(out), Path(os.path.realpath(out))
    if out.exists() and not out.is_dir():
        raise NewsPrepError(f"{given} exists and is not a folder")
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise NewsPrepError(f"{given} exists and is not empty; {hint}")
    before = listing(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE(out.stat().st_mode) if out.is_dir() else 0o777 & ~umask  # mkdtemp makes it private
    tmp: Path | None = None
    try:
        with held_signals():  # an interruption lands once the folder is made and known, inside this try
            tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
        tmp.chmod(mode)
        try:
            result = fill(tmp)
        except OSError as err:  # a full disk or an I/O error underway: the message names the file it met
            inner = Path(str(err.filename)) if err.filename else None
            where = given / inner.relative_to(tmp) if inner is not None and inner.is_relative_to(tmp) else given
            raise NewsPrepError(f"cannot write {where}: {err.strerror or err}; nothing was written") from None
        if listing(out) != before:
            raise NewsPrepError(f"{given} changed while the new folder was being made (a file written there meanwhile?); "
                                "nothing was replaced")
        swap(tmp, out)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """SIGINT and SIGTERM held back inside the block (where the system allows it), delivered when it ends."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM}) \
        if hasattr(signal, "pthread_sigmask") else None
    try:
        yield
    finally:
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def swap(tmp: Path, out: Path) -> None:
    """Rename ``tmp`` to ``out``, replacing it (an empty folder is removed; a full one renamed aside, then removed
    once ``tmp`` is in place), with SIGINT and SIGTERM held back so that no interruption falls between the two."""
    old = out.parent / f".{out.name}.{secrets.token_hex(4)}.old"
    with held_signals():
        if out.exists() and any(out.iterdir()):
            os.replace(out, old)
            try:
                os.replace(tmp, out)
            except BaseException:
                os.replace(old, out)
                raise
        else:
            if out.exists():
                out.rmdir()
            os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)  # the new folder is in place; a leftover old one is only untidy


def write_jsonl(path: str | os.PathLike, records: Iterable[dict]) -> Path:
    """Write ``records`` as JSON Lines (``io.jsonl.dumps_line``), whole or not at all (``write_atomic``)."""
    return write_atomic(path, "".join(dumps_line(r) for r in records))
