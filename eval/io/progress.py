"""Progress of long work, shown as a bar on standard error only when standard error is a terminal.

Library functions that take long (validating a folder, scoring, writing a synthetic corpus, exporting,
running the baselines) accept ``progress``: an object with ``update(n)``, told of each ``n`` units done, or
None. Only the command line makes one, with ``progress_bar``: a ``tqdm`` bar that shows units done, rate and time
left, or None when standard error is not a terminal (a pipe, a file, CI) or ``NEWSPREP_PROGRESS=0`` is set,
so that logs and tests stay quiet and byte-stable.

>>> with progress_bar("validating", total=10) as shown:   # standard error is not a terminal here
...     advance(shown, 10)
>>> shown is None
True
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol, runtime_checkable

from newsprep.eval.errors import require_type, wrong_argument

ENV = "NEWSPREP_PROGRESS"  # "0" turns every bar off; "1" shows them even when standard error is not a terminal


@runtime_checkable
class Progress(Protocol):
    """What a long function is told its progress through."""

    def update(self, n: int = 1) -> object: ...


def shown(stream=None) -> bool:
    """Whether bars are shown on ``stream`` (standard error): a terminal, unless ``NEWSPREP_PROGRESS`` says."""
    setting = os.environ.get(ENV, "")
    if setting in ("0", "1"):
        return setting == "1"
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or replaced by something that is no file
        return False


def progress_bar(desc: str, *, total: int | None, unit: str = "docs") -> AbstractContextManager[Progress | None]:
    """A progress bar of ``total`` ``unit`` (None: unknown) named ``desc``, closed on leaving the ``with``
    block; None inside it when bars are not ``shown``. For a long job of your own, as the baselines use it:

    >>> with progress_bar("running", total=3, unit="systems") as shown:
    ...     for system in ("a", "b", "c"):
    ...         advance(shown, 1)
    """
    require_type("progress_bar", "desc", desc, str, "a str")
    require_type("progress_bar", "total", total, (int, type(None)), "an int or None")
    require_type("progress_bar", "unit", unit, str, "a str")
    return _bar(desc, total, unit)


@contextmanager
def _bar(desc: str, total: int | None, unit: str) -> Iterator[Progress | None]:
    if not shown():
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=desc, unit=f" {unit}", file=sys.stderr, dynamic_ncols=True, leave=False,
              mininterval=0.5, smoothing=0.1) as made:
        yield made


def require_progress(function: str, progress: object) -> Progress | None:
    """``progress`` checked: None, or an object with an ``update`` method (a ``tqdm`` bar, a counter of yours)."""
    if progress is not None and not callable(getattr(progress, "update", None)):
        raise wrong_argument(function, "progress", "None or an object with update(n), e.g. a tqdm bar", progress)
    return progress  # type: ignore[return-value]


def total_known(progress: Progress | None, total: int) -> None:
    """Tell ``progress`` the ``total`` found once work began (a ``tqdm`` bar then shows the time left); an object
    without a ``total`` attribute is left as it is."""
    if progress is not None and hasattr(progress, "total"):
        progress.total = total
        refresh = getattr(progress, "refresh", None)
        if callable(refresh):
            refresh()


def advance(progress: Progress | None, n: int = 1) -> None:
    """Tell ``progress`` (if any) of ``n`` more units done."""
    if progress is not None and n:
        progress.update(n)
