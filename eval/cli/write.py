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
