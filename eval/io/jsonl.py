"""Reading JSON Lines files defensively.

Every line is decoded and parsed on its own, so one bad line is reported with
its number instead of stopping the whole file with a traceback. Memory stays
bounded: a file is checked (regular, readable, at most ``MAX_FILE_BYTES``)
before it is opened, and a line longer than ``MAX_LINE_BYTES`` is skipped in
chunks, never held whole.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.jsonl"
>>> _ = path.write_bytes(b'{"a": 1}\\n[2]\\n')
>>> [(n, record, problem and problem.rule) for n, record, problem in iter_jsonl(path)]
[(1, {'a': 1}, None), (2, None, 'object')]
"""
from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from newsprep.eval.errors import InvalidInput, Problem

try:  # a core dependency: it parses a plain line four times faster than json with the rules' hooks
    import orjson
except ImportError:  # pragma: no cover - the exact parser alone gives the same records
    orjson = None  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024 * 1024  # a larger file is refused before it is opened, where it is held whole
STREAMED_BYTES = 1 << 62  # the limit of a file read a line at a time (hashed, counted, validated in one pass)
MAX_LINE_BYTES = 10_000_000  # a record larger than this is refused, not parsed
MAX_DEPTH = 64  # records nest a few levels; deeper values are refused before any schema sees them
MAX_INT_DIGITS = 100  # a longer integer literal is refused before Python converts it
CHUNK_BYTES = 1 << 20  # an over-long line is skipped this many bytes at a time

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
# What sends a line from the fast parser to the exact one (with an escaped quote before a colon or an
# escaped surrogate, tested as plain bytes): a colon after white space, which the key count below would
# miss; an integer of 19 digits or more, which orjson reads as a float (looked for only in a line that
# gave a float).
_SPACED_COLON = re.compile(rb'"[ \t\r\n]+:')
_LONG_INTEGER = re.compile(rb"[0-9]{19}")


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"number {literal[:30]} overflows to {value}")
    return value


class DuplicateKey(ValueError):
    """An object holds one key twice: JSON parsers disagree on which value wins, so the record is refused."""

    def __init__(self, key: str):
        super().__init__(f"key {key!r} appears twice in one object")
        self.key = key


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    record = dict(pairs)
    if len(record) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return record


def duplicate_key_path(line: str | bytes) -> str:
    """The JSON path of the first key that appears twice in one object of ``line`` (parsed once more, as pairs).

    >>> duplicate_key_path('{"task": "entities", "mentions": [{"start": 0, "end": 5, "end": 2}]}')
    'mentions[0].end'
    """
    stack: list[tuple[str, object]] = [("", json.loads(line, object_pairs_hook=lambda pairs: ("pairs", pairs)))]
    while stack:
        path, item = stack.pop(0)
        if isinstance(item, tuple) and item[0] == "pairs":
            seen: set[str] = set()
            for key, child in item[1]:
                child_path = f"{path}.{key}" if path else key
                if key in seen:
                    return child_path
                seen.add(key)
                stack.append((child_path, child))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", child) for i, child in enumerate(item))
    return "-"


def _bounded_int(literal: str) -> int:
    digits = len(literal.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise ValueError(f"integer of {digits} digits (more than {MAX_INT_DIGITS})")
    return int(literal)


def file_problem(path: Path, label: str, *, max_bytes: int = MAX_FILE_BYTES) -> Problem | None:
    """Why ``path`` cannot be read as an input file, or None.

    A symbolic link is followed. Rules: ``readable`` (it exists, is no dangling
    link or loop, and may be opened), ``regular-file`` (not a folder, pipe or
    device) and ``file-size`` (at most ``max_bytes``). Nothing is read.
    """
    try:
        info = path.stat()
    except OSError as err:
        detail = err.strerror or str(err)
        if path.is_symlink() and not path.exists() and err.errno == 2:
            detail = f"dangling symbolic link to {os.readlink(path)!r}"
        return Problem(label, None, "-", "readable", detail)
    if not stat.S_ISREG(info.st_mode):
        kind = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket",
                stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}.get(stat.S_IFMT(info.st_mode), "not a file")
        return Problem(label, None, "-", "regular-file", f"{kind}, not a regular file")
    if info.st_size > max_bytes:
        return Problem(label, None, "-", "file-size", f"{info.st_size} bytes > limit {max_bytes}")
    try:
        with open(path, "rb"):
            pass
    except OSError as err:
        return Problem(label, None, "-", "readable", err.strerror or str(err))
    return None


def read_lines(handle: BinaryIO, *, max_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[bytes | None, int]]:
    """Yield ``(line, size)`` for each line of a binary file, line end included.

    A line longer than ``max_bytes`` comes as ``(None, size)``: it is read and
    dropped in chunks of ``CHUNK_BYTES``, so at most ``max_bytes + 1`` bytes of
    it are ever in memory.
    """
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) <= max_bytes:
            yield raw, len(raw)
            continue
        size = len(raw)
        del raw
        while True:  # skip the rest of the line
            rest = handle.readline(CHUNK_BYTES)
            size += len(rest)
            if not rest or rest.endswith(b"\n"):
                break
        yield None, size


def too_deep(value: object, *, limit: int = MAX_DEPTH) -> bool:
    """True if objects and arrays nest more than ``limit`` levels (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def lone_surrogate(value: object) -> str | None:
    """The JSON path of the first string or key holding a lone surrogate (``"\\ud800"``), else None."""
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str) and not _encodes(item):
            return path or "-"
        if isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{path}.{key}" if path else key
                if not _encodes(key):
                    return child_path.encode("utf-8", "backslashreplace").decode("ascii")
                stack.append((child_path, child))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", child) for i, child in enumerate(item))
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def plain_line(raw: bytes, *, numbers: bool = False) -> bool:
    """A line none of whose bytes can make a fast parser's reading differ from ``parse_line``'s: no CR line
    end, byte-order mark, escaped quote before a colon, colon after white space (so ``":`` counts the keys) or
    escaped surrogate; with ``numbers``, also no integer of 19 digits or more (which orjson reads as a float,
    and a typed reader where it asks for a float). A fast reader may take such a line; any other goes to the
    exact one.

    >>> plain_line(b'{"a": 1}\\n'), plain_line(b'{"a" : 1}\\n'), plain_line(b'{"a": 12345678901234567890}\\n', numbers=True)
    (True, False, False)
    """
    return not (raw.endswith(b"\r\n") or raw.startswith(b"\xef\xbb\xbf") or b'\\":' in raw
                or _SPACED_COLON.search(raw) or (b"\\u" in raw and _SURROGATE_ESCAPE.search(raw))
                or (numbers and _LONG_INTEGER.search(raw)))


def fast_record(raw: bytes) -> dict | None:
    """The record on a line, parsed by ``orjson`` when the line plainly meets every rule of ``parse_line``;
    None sends the line to the exact parser, which gives the same record or names the problem.

    Plainly: orjson parses it (so it is UTF-8 with no BOM, NaN, Infinity, overflow or lone surrogate) to an
    object; none of the patterns above occurs; it nests at most ``MAX_DEPTH`` levels; and its objects hold as
    many keys as the line has ``":`` (a quote followed by a colon ends a key and nothing else once no quote
    is escaped before a colon), so no key was given twice.

    >>> fast_record(b'{"doc": "d000", "spans": [{"start": 0, "end": 5}]}')
    {'doc': 'd000', 'spans': [{'start': 0, 'end': 5}]}
    >>> fast_record(b'{"end": 5, "end": 6}') is None, fast_record(b'{"end": 123456789012345678901234567890}') is None
    (True, True)
    """
    if orjson is None or b'\\":' in raw or _SPACED_COLON.search(raw) or (b"\\u" in raw and _SURROGATE_ESCAPE.search(raw)):
        return None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:  # NaN, Infinity, an overflow, a lone surrogate, bad UTF-8 or JSON: say which
        return None
    if type(value) is not dict:
        return None
    keys, depth, floats, level = 0, 0, False, [value]
    while level:  # one level of nesting at a time: the objects' keys, the containers below, any float
        depth += 1
        if depth > MAX_DEPTH:
            return None
        below: list = []
        for item in level:
            children: Iterable = item
            if type(item) is dict:
                keys += len(item)
                children = item.values()
            for child in children:
                kind = type(child)
                if kind is dict or kind is list:
                    below.append(child)
                elif kind is float:
                    floats = True
        level = below
    if keys != raw.count(b'":') or (floats and _LONG_INTEGER.search(raw)):
        return None
    return value


def parse_line(raw: bytes, name: str, number: int) -> tuple[dict | None, Problem | None]:
    """One line's record, or the problem that stops it (rules as in ``iter_jsonl``); both None for a blank line."""
    def problem(rule: str, detail: str, field: str = "-") -> tuple[None, Problem]:
        return None, Problem(name, number, field, rule, detail)

    if not raw.endswith(b"\r\n") and not raw.startswith(b"\xef\xbb\xbf") and (record := fast_record(raw)) is not None:
        return record, None

    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        return problem("bom", "file starts with a UTF-8 byte-order mark")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return problem("utf-8", f"byte {err.start}: {raw[err.start:err.start + 1]!r} is not UTF-8")
    if line.endswith("\r\n"):
        return problem("line-end", "CRLF line end; use LF")
    if not line.strip():
        return None, None
    try:
        value = exact(line.rstrip("\n"))
    except RecursionError:
        return problem("depth", f"nested deeper than {MAX_DEPTH} levels")
    except DuplicateKey as err:
        return problem("duplicate-key", f"{err}; parsers disagree on which value wins", duplicate_key_path(line))
    except json.JSONDecodeError as err:
        return problem("json", f"{err.msg}: column {err.colno}")
    except ValueError as err:
        return problem("json", str(err)[:200])
    if not isinstance(value, dict):
        return problem("object", f"expected a JSON object, got {type(value).__name__}")
    if too_deep(value):
        return problem("depth", f"nested deeper than {MAX_DEPTH} levels")
    if _SURROGATE_ESCAPE.search(raw):
        where = lone_surrogate(value)
        if where:
            return problem("unicode", "a lone surrogate (\\ud800-\\udfff) is not a Unicode character", where)
    return value, None


def iter_jsonl(path: Path, *, label: str | None = None) -> Iterator[tuple[int, dict | None, Problem | None]]:
    """Yield ``(line_number, record, problem)`` for each non-blank line of ``path``.

    Exactly one of ``record`` and ``problem`` is None. Rules checked here:
    ``line-size`` (at most ``MAX_LINE_BYTES``), ``bom`` and ``line-end`` (no
    byte-order mark, no CR), ``utf-8`` (the bytes decode), ``json`` (the line
    parses, with no NaN, Infinity, overflowing number or integer longer than
    ``MAX_INT_DIGITS``), ``duplicate-key`` (no key twice in one object, which
    parsers read differently: the field is the second key's path), ``object`` (the value
    is a JSON object), ``depth`` (at most ``MAX_DEPTH`` levels) and ``unicode``
    (no lone surrogate). A file that cannot be opened or read raises
    ``InvalidInput`` with a ``readable`` problem.
    """
    for number, _, record, problem in iter_jsonl_at(path, label=label):
        yield number, record, problem


def iter_jsonl_at(path: Path, *, label: str | None = None) -> Iterator[tuple[int, int, dict | None, Problem | None]]:
    """``iter_jsonl`` with the byte offset of each line: ``(line_number, offset, record, problem)``."""
    name = label or str(path)
    offset = 0
    try:
        with open(path, "rb") as handle:
            for number, (raw, size) in enumerate(read_lines(handle), start=1):
                at, offset = offset, offset + size
                if raw is None:
                    yield number, at, None, Problem(name, number, "-", "line-size", f"{size} bytes > limit {MAX_LINE_BYTES}")
                else:
                    record, problem = parse_line(raw, name, number)
                    if record is not None or problem is not None:
                        yield number, at, record, problem
    except OSError as err:
        raise InvalidInput([Problem(name, None, "-", "readable", err.strerror or str(err))]) from None


def parse(line: str | bytes):
    """One JSON value with the rules of ``parse_line``: no NaN, Infinity, overflow, giant integer or key twice
    in one object (``DuplicateKey``). A plain line is parsed by ``orjson`` (``fast_record``).

    >>> parse('{"end": 2672000, "end": 5}')
    Traceback (most recent call last):
    newsprep.eval.io.jsonl.DuplicateKey: key 'end' appears twice in one object
    """
    if (record := fast_record(line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass"))) is not None:
        return record
    return exact(line)


def exact(line: str | bytes):
    """``parse`` by the standard library alone, with a hook for each rule; what a line ``fast_record`` declines gets."""
    return json.loads(line, parse_constant=_reject_constant, parse_float=_finite_float, parse_int=_bounded_int,
                      object_pairs_hook=_unique_keys)


def parse_validated(line: bytes) -> dict:
    """A line that met every rule when it was read before (a file of a validated dataset folder, a submission
    read again after it validated), parsed without checking them again.

    Only for a line known to be plain (``plain_line``): orjson reads an integer past 64 bits as a float.

    >>> parse_validated(b'{"doc": "d000"}')
    {'doc': 'd000'}
    """
    return orjson.loads(line) if orjson is not None else exact(line)


def read_at(handle, offset: int) -> dict:
    """The record on the line starting at byte ``offset`` of an open file (one read and validated before)."""
    handle.seek(offset)
    return parse_validated(handle.readline())


def dumps_line(record: dict) -> str:
    """One record as a JSON Lines line: UTF-8 text kept as it is, ``\\n`` at the end; the one format every writer uses.

    >>> dumps_line({"doc": "d000", "text": "Hà Nội"})
    '{"doc": "d000", "text": "Hà Nội"}\\n'
    """
    return json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"

