"""An external sort of a file's lines by a key: memory for one run of lines, not for the file.

Lines are read in runs of at most ``RUN_BYTES``; each run is sorted and, when
there is more than one, written to a temporary file; the runs are then merged
(``heapq.merge``) into the output. Equal keys keep their order in the file, so
the sort is stable. ``key(line)`` returns a tuple, or None to give up: the
caller then reads the file another way (``Unsortable``).

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "in.txt").write_bytes(b"c 3\\na 1\\nb 2\\n")
>>> sort_lines(folder / "in.txt", folder / "out.txt", key=lambda line: (line[:1],), run_bytes=8)
3
>>> (folder / "out.txt").read_bytes()
b'a 1\\nb 2\\nc 3\\n'
"""
from __future__ import annotations

import heapq
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

RUN_BYTES = 32 * 1024 * 1024  # lines sorted in memory at a time


class Unsortable(Exception):
    """A line the key function cannot place."""


def sort_lines(path: str | os.PathLike, out: str | os.PathLike, *, key: Callable[[bytes], tuple | None],
               run_bytes: int = RUN_BYTES) -> int:
    """Write the lines of ``path`` to ``out`` sorted by ``key`` (stably); return how many there are.

    A line without a final newline gets one. Raises ``Unsortable`` where ``key`` returns None.
    """
    with tempfile.TemporaryDirectory(prefix="newsprep-sort-") as folder:
        runs: list[Path] = []
        run: list[tuple[tuple, int, bytes]] = []
        size = total = 0
        with open(path, "rb") as handle:
            for number, line in enumerate(handle):
                found = key(line)
                if found is None:
                    raise Unsortable(f"line {number + 1}")
                run.append((found, number, line if line.endswith(b"\n") else line + b"\n"))
                size += len(line)
                total += 1
                if size >= run_bytes:
                    runs.append(_spill(sorted(run), Path(folder) / f"run-{len(runs)}"))
                    run, size = [], 0
        with open(out, "wb") as target:
            if not runs:
                target.writelines(line for _, _, line in sorted(run))
            else:
                runs.append(_spill(sorted(run), Path(folder) / f"run-{len(runs)}"))
                target.writelines(line for _, _, line in heapq.merge(*(_read_run(r) for r in runs)))
    return total


def _spill(run: list[tuple[tuple, int, bytes]], path: Path) -> Path:
    with open(path, "wb") as handle:
        for item in run:
            pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _read_run(path: Path) -> Iterator[tuple[tuple, int, bytes]]:
    with open(path, "rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return
