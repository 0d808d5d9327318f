"""Where a command's text goes: standard output, or a file written whole."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from newsprep.eval.errors import NewsPrepError

T = TypeVar("T")


def write_output(text: str, path: str | None) -> None:
    """Print, or write to ``path`` through a temporary file so no half-written file is ever left."""
    from newsprep.eval.io.atomic import write_atomic

    if path:
        write_atomic(path, text + "\n")
    else:
        print(text)


def writing(target: str, write: Callable[[], T]) -> T:
    """Run ``write()``; an OSError (missing folder, no permission) becomes a message naming ``target``."""
    try:
        return write()
    except OSError as err:
        raise NewsPrepError(f"cannot write {target}: {err.strerror or err}") from None


def write_details(records: list[dict], path: str, *, command: str) -> None:
    """Write per-example records to ``path`` as JSON Lines, whole or not at all, and say so on standard error
    (standard output holds the command's own output)."""
    import sys

    from newsprep.eval.io.atomic import write_jsonl

    writing(path, lambda: write_jsonl(path, records))
    print(f"{command}: wrote {len(records)} records to {path}", file=sys.stderr)
