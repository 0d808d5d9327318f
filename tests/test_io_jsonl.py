"""The defensive JSON Lines reader: bounded memory, one problem per bad line, precise rules."""
import io
import json
import os
import time
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprep.eval.errors import InvalidInput
from newsprep.eval.io.jsonl import (
    CHUNK_BYTES,
    MAX_DEPTH,
    MAX_LINE_BYTES,
    file_problem,
    iter_jsonl,
    lone_surrogate,
    parse_line,
    read_lines,
    too_deep,
)


def found(path):
    return [(n, record, problem and (problem.field, problem.rule)) for n, record, problem in iter_jsonl(path)]


def test_line_over_the_limit_is_skipped_in_chunks():
    handle = io.BytesIO(b"a\n" + b"x" * 50 + b"\n" + b"b\n")
    assert list(read_lines(handle, max_bytes=10)) == [(b"a\n", 2), (None, 51), (b"b\n", 2)]


def test_line_of_exactly_the_limit_is_kept():
    handle = io.BytesIO(b"x" * 9 + b"\n")
    assert list(read_lines(handle, max_bytes=10)) == [(b"x" * 9 + b"\n", 10)]


def found_with_peak(path):
    """``found(path)`` and the peak of Python memory allocated while reading it."""
    tracemalloc.start()
    try:
        return found(path), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.scale
def test_one_gib_line_is_refused_in_bounded_memory_and_time(tmp_path):
    """A 1 GiB line (a sparse file: no disk used) is skipped, never held: peak memory stays near the limit."""
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as handle:
        handle.write(b'{"a": 1}\n')
        handle.truncate(1 << 30)
    with open(path, "ab") as handle:
        handle.write(b'\n{"b": 2}\n')
    started = time.monotonic()
    result, peak = found_with_peak(path)
    assert result == [(1, {"a": 1}, None), (2, None, ("-", "line-size")), (3, {"b": 2}, None)]
    assert peak < 3 * MAX_LINE_BYTES + 4 * CHUNK_BYTES, f"peak {peak} bytes for a 1 GiB line"
    assert time.monotonic() - started < 30


@pytest.mark.scale
def test_one_gib_line_from_a_pipe_is_refused(tmp_path):
    """The same through a named pipe: the reader stops holding bytes at the limit while the writer streams on."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as handle:
            chunk = b"x" * CHUNK_BYTES
            for _ in range(1024):
                handle.write(chunk)
            handle.write(b"\n{}\n")
    writer = threading.Thread(target=feed)
    writer.start()
    try:
        result, peak = found_with_peak(fifo)
    finally:
        writer.join()
    assert result == [(1, None, ("-", "line-size")), (2, {}, None)]
    assert peak < 3 * MAX_LINE_BYTES + 4 * CHUNK_BYTES


def test_blank_lines_are_skipped_but_numbered(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n\n   \n{"b": 2}\n')
    assert [(n, r) for n, r, _ in iter_jsonl(path)] == [(1, {"a": 1}), (4, {"b": 2})]


@pytest.mark.parametrize("depth, deep", [(MAX_DEPTH, False), (MAX_DEPTH + 1, True)])
def test_depth_limit(depth, deep):
    value = 1
    for _ in range(depth):
        value = [value]
    assert too_deep(value) is deep


def test_nesting_past_the_recursion_limit_is_a_depth_problem(tmp_path):
    """Regression: json raised RecursionError; at ~980 levels it parsed and crashed jsonschema instead."""
    path = tmp_path / "x.jsonl"
    path.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + '{"a": ' + "[" * 980 + "]" * 980 + "}\n")
    assert found(path) == [(1, None, ("-", "depth")), (2, None, ("-", "depth"))]


def test_lone_surrogate_is_refused_with_its_field(tmp_path):
    """Regression: "\\ud800" parsed into a str that could not be printed or written as UTF-8."""
    path = tmp_path / "x.jsonl"
    path.write_text('{"spans": [{"text": "ok"}, {"text": "a\\udc00"}]}\n{"k\\ud800": 1}\n')
    assert found(path) == [(1, None, ("spans[1].text", "unicode")), (2, None, ("k\\ud800", "unicode"))]


def test_surrogate_pair_is_a_character(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "\\ud83d\\ude00"}\n')
    assert found(path) == [(1, {"text": "\U0001F600"}, None)]
    assert lone_surrogate({"text": "\U0001F600"}) is None


@pytest.mark.parametrize("literal, rule", [("1" * 100, None), ("1" * 101, "json"), ("-" + "1" * 101, "json")])
def test_integer_digits_limit(tmp_path, literal, rule):
    path = tmp_path / "x.jsonl"
    path.write_text('{"n": %s}\n' % literal)
    assert [p and p[1] for _, _, p in found(path)] == [rule]


def test_json_error_names_the_column_not_a_second_line(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"a": \n')
    problem = next(iter_jsonl(path))[2]
    assert problem.rule == "json" and problem.detail == "Expecting value: column 7"


def test_file_problem_kinds(tmp_path):
    (tmp_path / "ok.jsonl").write_text("{}\n")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    (tmp_path / "link").symlink_to(tmp_path / "ok.jsonl")

    def rule(name, **kw):
        problem = file_problem(tmp_path / name, name, **kw)
        return problem and (problem.rule, problem.detail)
    assert rule("ok.jsonl") is None and rule("link") is None
    assert rule("ok.jsonl", max_bytes=2) == ("file-size", "3 bytes > limit 2")
    assert rule("missing") == ("readable", "No such file or directory")
    assert rule("dangling") == ("readable", f"dangling symbolic link to {str(tmp_path / 'gone')!r}")
    assert rule("pipe") == ("regular-file", "a named pipe, not a regular file")
    assert rule(".") == ("regular-file", "a folder, not a regular file")


def test_unopenable_file_raises_invalid_input(tmp_path, monkeypatch):
    """A file that disappears or is locked between the check and the read gives a problem, not an OSError."""
    import newsprep.eval.io.jsonl as jsonl

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(jsonl, "open", refuse, raising=False)
    with pytest.raises(InvalidInput) as err:
        list(iter_jsonl(tmp_path / "x.jsonl", label="x.jsonl"))
    assert str(err.value.problems[0]) == "x.jsonl: -: readable (Permission denied)"


def test_reader_matches_json_on_ordinary_lines(tmp_path):
    records = [{"a": 1, "b": [1.5, None, True], "c": {"d": "é ü \U0001F600"}}, {}, {"x": -0.0}]
    path = tmp_path / "x.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=i % 2 == 0) + "\n" for i, r in enumerate(records)))
    assert [r for _, r, _ in iter_jsonl(path)] == records


# --- the fast parser gives exactly what the exact one gives -----------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**25), max_value=10**25)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)

# Pieces that make a line hard: duplicate keys, spaced colons, escaped quotes before colons, huge or
# overflowing numbers, surrogates, deep nesting, non-objects, broken JSON.
AWKWARD = [b'{"a": 1, "a": 2}', b'{"a" : 1}', b'{"a\\\\": 1}', b'{"x": "say \\":"}', b'{"a": 12345678901234567890123}',
           b'{"a": 1e999}', b'{"a": 1e308}', b'{"a": "\\ud800"}', b'{"a": "\\ud83d\\ude00"}', b'[1, 2]', b'{"a": NaN}',
           b'{"a": ' + b"[" * 70 + b"]" * 70 + b"}", b'{"a": {"b": 1, "b": {"c": 2}}}', b'{"a":1,"b":2}', b'{"a": 5.0}',
           b'{"a": "\xff"}', b'{"a": 1', b'{"\xc3\xa9": "\\u00e9"}', b'{"a": "\\"", "b": 1}', b'{"a": -0}', b'{"a": 1E-400}']


def exact(raw: bytes):
    """``parse_line`` without orjson: the reference the fast path must equal."""
    from newsprep.eval.io import jsonl

    saved, jsonl.orjson = jsonl.orjson, None
    try:
        return jsonl.parse_line(raw, "f.jsonl", 1)
    finally:
        jsonl.orjson = saved


@pytest.mark.parametrize("raw", AWKWARD)
def test_fast_parser_equals_the_exact_one_on_awkward_lines(raw):
    fast, slow = parse_line(raw + b"\n", "f.jsonl", 1), exact(raw + b"\n")
    assert fast == slow
    assert repr(fast) == repr(slow)  # same types too: 5.0 stays a float, a big integer an int


@settings(max_examples=400, deadline=None)
@given(value=st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=5), spaced=st.booleans(), dup=st.booleans())
def test_fast_parser_equals_the_exact_one(value, spaced, dup):
    raw = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    if dup and value:
        key = json.dumps(next(iter(value)), ensure_ascii=False).encode("utf-8", "surrogatepass")
        raw = raw[:-1] + b", " + key + b": 0}"
    if spaced:
        raw = raw.replace(b'": ', b'" : ', 1)
    fast, slow = parse_line(raw + b"\n", "f.jsonl", 1), exact(raw + b"\n")
    assert repr(fast) == repr(slow)
