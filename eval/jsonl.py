"""Reading JSON Lines files defensively.

Every line is decoded and parsed on its own, so one bad line is reported with
its number instead of stopping the whole file with a traceback.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterator

from .errors import Problem

MAX_LINE_BYTES = 10_000_000  # a record larger than this is refused, not parsed


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"number {literal[:30]} overflows to {value}")
    return value


def iter_jsonl(path: Path, *, label: str | None = None) -> Iterator[tuple[int, dict | None, Problem | None]]:
    """Yield ``(line_number, record, problem)`` for each non-blank line of ``path``.

    Exactly one of ``record`` and ``problem`` is None. Rules checked here:
    ``utf-8`` (the bytes decode), ``line-size``, ``json`` (the line parses, with
    no NaN, Infinity or overflowing number), ``object`` (the value is a JSON object), ``bom`` and
    ``line-end`` (no byte-order mark, no CR).
    """
    for number, _, record, problem in iter_jsonl_at(path, label=label):
        yield number, record, problem


def iter_jsonl_at(path: Path, *, label: str | None = None) -> Iterator[tuple[int, int, dict | None, Problem | None]]:
    """``iter_jsonl`` with the byte offset of each line: ``(line_number, offset, record, problem)``."""
    name = label or str(path)
    offset = 0
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            at, offset = offset, offset + len(raw)
            if len(raw) > MAX_LINE_BYTES:
                yield number, at, None, Problem(name, number, "-", "line-size", f"{len(raw)} bytes > {MAX_LINE_BYTES}")
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                yield number, at, None, Problem(name, number, "-", "bom", "file starts with a UTF-8 byte-order mark")
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield number, at, None, Problem(name, number, "-", "utf-8", f"byte {err.start}: {raw[err.start:err.start + 1]!r} is not UTF-8")
                continue
            if line.endswith("\r\n"):
                yield number, at, None, Problem(name, number, "-", "line-end", "CRLF line end; use LF")
                continue
            if not line.strip():
                continue
            try:
                value = parse(line)
            except (ValueError, RecursionError) as err:
                yield number, at, None, Problem(name, number, "-", "json", str(err)[:200])
                continue
            if not isinstance(value, dict):
                yield number, at, None, Problem(name, number, "-", "object", f"expected a JSON object, got {type(value).__name__}")
                continue
            yield number, at, value, None


def parse(line: str | bytes):
    """One JSON value, refusing NaN, Infinity and numbers that overflow a float."""
    return json.loads(line, parse_constant=_reject_constant, parse_float=_finite_float)


def read_at(handle, offset: int) -> dict:
    """The record on the line starting at byte ``offset`` of an open file (one already read once)."""
    handle.seek(offset)
    return parse(handle.readline())


def is_finite_number(value: object) -> bool:
    """True for int/float values that are not NaN or infinite (bools excluded)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
