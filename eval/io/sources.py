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

from newsprep.eval.errors import InvalidInput, Problem
from newsprep.eval.io.jsonl import CHUNK_BYTES, read_lines

GLOB_CHARS = "*?["


def is_url(spec: str) -> bool:
    return "://" in spec


def several(spec: str) -> bool:
    """True for a glob or a URL: inputs that only the partitioned scorer reads."""
    return is_url(spec) or any(c in spec for c in GLOB_CHARS)


def expand(spec: str | os.PathLike) -> list[str]:
    """The files ``spec`` names, sorted: itself, or the matches of a glob; ``InvalidInput`` if none."""
    text = os.fspath(spec)
    if not several(text):
        return [text]
    if not is_url(text):
        found = sorted(glob.glob(text))
    else:
        import fsspec

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
