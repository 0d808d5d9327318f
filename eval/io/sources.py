"""Input files named by a path, a glob or an ``fsspec`` URL, and their lines read by byte ranges.

A submission given to the partitioned scorer may be one file, several shards
matched by a glob (``parts/*.jsonl``) or files on any filesystem ``fsspec``
opens (``s3://bucket/run/*.jsonl``), since workers on other machines must read
them. Shards are read in sorted order, as if they were one file, and each keeps
its own line numbers. A file is cut into byte ranges; a line belongs to the
range in which it starts, so every line is read by exactly one range.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.jsonl"
>>> _ = path.write_bytes(b'{"a": 1}\\n{"b": 2}\\n{"c": 3}\\n')
>>> [(at, raw) for at, raw, _ in lines_in(str(path), 3, 20)]
[(9, b'{"b": 2}\\n'), (18, b'{"c": 3}\\n')]
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from typing import BinaryIO

from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem
from newsprep.eval.io.jsonl import CHUNK_BYTES, read_lines

GLOB_CHARS = "*?["


def is_url(spec: str) -> bool:
    return "://" in spec


def several(spec: str) -> bool:
    """True for a glob or a URL: inputs that only the partitioned scorer reads."""
    return is_url(spec) or any(c in spec for c in GLOB_CHARS)


def local_path(spec: str | os.PathLike) -> str | None:
    """The path on this machine that ``spec`` names: a path itself, or the path of a URL whose filesystem
    is the local one (``file://``, ``local://``, the last link of a chain such as
    ``simplecache::file://...``), as ``fsspec`` would open it; None for a remote URL.

    >>> local_path("run/sub.jsonl"), local_path("file:///tmp/sub.jsonl"), local_path("s3://bucket/sub.jsonl")
    ('run/sub.jsonl', '/tmp/sub.jsonl', None)
    """
    text = os.fspath(spec)
    if not is_url(text):
        return text
    last = text.split("::")[-1]
    try:
        import fsspec.core
        from fsspec.implementations.local import LocalFileSystem

        fs, inner = fsspec.core.url_to_fs(last)
    except (ImportError, ValueError, OSError, TypeError):  # no fsspec or no backend for the protocol: not local
        protocol, _, rest = last.partition("://")
        return rest if protocol.lower() in ("file", "local") else None
    return inner if isinstance(fs, LocalFileSystem) else None


def local_files(spec: str | os.PathLike) -> list[str]:
    """The files on this machine that the input ``spec`` names, to keep an output off them: the path, the
    local path of a URL, and for a glob its pattern and every file it matches; [] for a remote URL.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "part-1.jsonl").write_text("")
    >>> [pathlib.Path(p).name for p in local_files(f"file://{folder}/part-*.jsonl")]
    ['part-*.jsonl', 'part-1.jsonl']
    """
    path = local_path(spec)
    if path is None:
        return []
    return [path, *sorted(glob.glob(path))] if any(c in path for c in GLOB_CHARS) else [path]


def missing_backend(spec: str) -> str | None:
    """For a URL whose ``fsspec`` filesystem cannot be loaded, what to install (a sentence); else None.

    >>> missing_backend("run/sub.jsonl") is None
    True
    """
    if not is_url(spec):
        return None
    try:
        import fsspec
    except ImportError:
        return "reading URLs needs fsspec: pip install fsspec"
    for link in spec.split("::"):
        protocol = link.partition("://")[0].lower() if "://" in link else link.lower()
        try:
            fsspec.get_filesystem_class(protocol)
        except ImportError as err:
            packages = BACKENDS.get(protocol)
            if packages:
                return f"reading {protocol}:// URLs needs the package {' and '.join(packages)}: pip install {' '.join(packages)}"
            return f"reading {protocol}:// URLs needs a package fsspec names: {str(err)[:200]}"
        except ValueError:
            return f"{protocol}:// is not a protocol fsspec knows (file://, s3://, gs://, http://, ...)"
    return None


# The packages each fsspec protocol needs, where fsspec itself does not ship the filesystem.
BACKENDS = {"http": ("aiohttp", "requests"), "https": ("aiohttp", "requests"), "s3": ("s3fs",), "s3a": ("s3fs",),
            "gs": ("gcsfs",), "gcs": ("gcsfs",), "az": ("adlfs",), "abfs": ("adlfs",), "abfss": ("adlfs",),
            "adl": ("adlfs",), "hf": ("huggingface_hub",), "sftp": ("paramiko",), "ssh": ("paramiko",),
            "github": ("requests",), "webdav": ("webdav4",), "oci": ("ocifs",), "hdfs": ("pyarrow",)}


def expand(spec: str | os.PathLike) -> list[str]:
    """The files ``spec`` names, sorted: itself, or the matches of a glob; ``InvalidInput`` if none."""
    text = os.fspath(spec)
    if not several(text):
        return [text]
    if not is_url(text):
        found = sorted(glob.glob(text))
    else:
        if (needed := missing_backend(text)) is not None:
            raise NewsPrepError(f"{text}: {needed}")
        import fsspec

        if not any(c in text.split("://", 1)[1] for c in GLOB_CHARS):
            return [text]  # one file, named as the user wrote it; size_of says if it is missing
        try:
            found = sorted(f.full_name for f in fsspec.open_files(text, "rb"))
        except (OSError, ValueError) as err:
            raise InvalidInput([Problem(text, None, "-", "readable", str(err)[:200])]) from None
    if not found:
        raise InvalidInput([Problem(text, None, "-", "readable", "no file matches")])
    return found


def open_input(path: str) -> BinaryIO:
    """Open a local path or an ``fsspec`` URL for reading bytes."""
    if not is_url(path):
        return open(path, "rb")
    import fsspec

    return fsspec.open(path, "rb").open()


def size_of(path: str) -> int:
    if not is_url(path):
        return os.stat(path).st_size
    import fsspec

    fs, inner = fsspec.core.url_to_fs(path)
    return int(fs.size(inner))


def byte_ranges(size: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` consecutive ranges covering ``size`` bytes (at least one, possibly empty).

    >>> byte_ranges(10, 3)
    [(0, 3), (3, 6), (6, 10)]
    """
    parts = max(1, min(parts, size))
    return [(size * k // parts, size * (k + 1) // parts) for k in range(parts)]


def lines_in(path: str, start: int, end: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(offset, line, size)`` for each line starting in ``[start, end)``; an over-long line comes as None
    (``io.jsonl.read_lines``)."""
    with open_input(path) as handle:
        at = start
        if start > 0:  # the line running over the range's start belongs to the range before
            handle.seek(start - 1)
            at = start - 1
            while piece := handle.readline(CHUNK_BYTES):  # skipped in chunks: the line may be over-long
                at += len(piece)
                if piece.endswith(b"\n"):
                    break
        else:
            handle.seek(0)
        for raw, size in read_lines(handle):
            if at >= end:
                return
            yield at, raw, size
            at += size
