"""Bad input for every command that reads or writes a user's file: score, compare, validate-data --root
and baselines run --out.

Each case runs the command and checks: the exit status (1 invalid input, 2 usage), the message (file,
line where there is one, field, rule), no traceback, nothing on standard output, and no file in the
case's folder created or changed, so no half-written output and no leftover temporary file. score and
compare cases run with ``-o DIR/out/report.txt`` over an existing report, which must survive untouched.

Most cases run in this process (``tests.conftest.run_cli``): their point is the message and the exit
status. A case whose point is a limit of the process runs in a child process instead (``Case.process``
says why): under a memory cap (RLIMIT_AS), where a regression would allocate without bound; under a
file-size limit (RLIMIT_FSIZE), to make writing fail; under a time limit, where a regression would wait
for ever on a named pipe; or with a real standard error, whose encoder a lone surrogate once crashed.

The table in docs/bad-input.md is generated from these cases and their real output; a test keeps it
current. Regenerate it with ``python -m tests.test_bad_input``.
"""
from __future__ import annotations

import builtins
import contextlib
import errno
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import types
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from newsprep.eval.data import dataset as data
from newsprep.eval.data.manifest import write_manifest
from newsprep.eval.io.jsonl import MAX_FILE_BYTES, MAX_LINE_BYTES
from tests.conftest import child_processes, rebuild_metadata, run_cli
from tests.submissions import gold_boilerplate_records, header, write

VERSION = data.data_version()

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "bad-input.md"
MEMORY_CAP = 1 << 30  # 1 GiB of address space; the normal path fits (see test_normal_path_fits_the_cap)
TIME_LIMIT_S = 60
EARLIER_REPORT = "an earlier report, which a failed command must leave as it is\n"
GIB = 1 << 30

# Why a case needs a child process of its own (Case.process); every other case runs in this process.
MEMORY = "memory cap: a regression would allocate without bound"
PIPE = "time limit: a regression would wait for ever on the pipe"
STDERR = "a real standard error: printing a lone surrogate once crashed its encoder"
FILE_SIZE = "file-size limit: makes writing the report fail"
STREAMS = "a real process: its standard output closed or its reader gone, a signal, or its working folder deleted"
SCRIPT = Path(sys.executable).parent / "newsprep"  # the console script: python -m cannot start in a deleted folder


@dataclass(frozen=True)
class Case:
    """One bad input: what it is, how to make it in a folder, and what the command must answer."""

    name: str  # test id; a case that used to fail is named after what broke
    what: str  # the bad input in words (first column of the table)
    command: tuple[str, ...]  # e.g. ("score",)
    build: Callable[[Path], list[str]]  # writes the input under the folder, returns the remaining arguments
    code: int  # expected exit status
    expect: tuple[str, ...]  # each must appear in the message, with the folder written as DIR
    report: bool = True  # score/compare: also pass -o DIR/out/report.txt over an earlier report
    deny_open: str = ""  # a path (relative to the folder) that cannot be opened
    fail_writes: int = 0  # an errno (ENOSPC, EIO): every file opened for writing in the folder fails with it, simulated
    setup: str = ""  # the child's standard streams or signal: "stdout-closed", "reader-gone", "interrupt", "cwd-deleted"
    file_size_cap: int | None = None  # RLIMIT_FSIZE for the child, to make writing fail
    process: str = ""  # why the case runs in a child process (MEMORY, PIPE, STDERR, FILE_SIZE); "" runs it in process
    env: tuple[tuple[str, str], ...] = ()  # environment variables of the command ("DIR" stands for the case's folder)
    section: str = ""  # the class of bad input (a heading of the table in docs/bad-input.md); "" for the first table
    verdict: bool = False  # exercise check: the answer is a verdict on standard output (FAIL ...), checked there
    call: Callable[[], object] | None = None  # a call of the Python API instead of a command (command: its text)
    varies: str = ""  # a regular expression of what varies with the folder's path (a byte count), shown as N

    def __post_init__(self) -> None:
        assert not self.file_size_cap or self.process == FILE_SIZE, "a file-size limit needs a child process"
        assert not (self.process and (self.deny_open or self.fail_writes)), "open is refused in this process only"
        assert bool(self.setup) == (self.process == STREAMS), "streams and signals need a child process of their own"


    @property
    def writes_report(self) -> bool:
        return self.report and self.command[0] in ("score", "compare")


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str  # with the folder written as DIR
    seconds: float
    changed: list[str] = field(default_factory=list)  # files of the folder created, removed or changed


# --- inputs -----------------------------------------------------------------------------------------

def sub(folder: Path, rows: list, name: str = "sub.jsonl") -> str:
    return str(write(folder / name, rows))


def raw_file(folder: Path, content: bytes, name: str = "sub.jsonl") -> str:
    (folder / name).write_bytes(content)
    return str(folder / name)


def line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def entity(start=0, end=5, doc="d000") -> dict:
    return {"task": "entities", "doc": doc, "mentions": [{"start": start, "end": end, "type": "PERSON"}]}


def entity_raw(start: str, end: str) -> str:
    return '{"task": "entities", "doc": "d000", "mentions": [{"start": %s, "end": %s, "type": "PERSON"}]}' % (start, end)


def conll_entities() -> list[dict]:
    """The gold entities in the CoNLL-2003 types, one record per document."""
    from newsprep.eval import records
    from newsprep.eval.types import Mention, in_label_set

    out = []
    for r in records("entities"):
        mentions = in_label_set([Mention(m["start"], m["end"], m["type"]) for m in r["mentions"]], "conll2003")
        out.append({"task": "entities", "doc": r["doc"], "mentions": [{"start": m.start, "end": m.end, "type": m.type}
                                                                      for m in mentions]})
    return out


def pair(a="d000-s004", b="d001-s003", **extra) -> dict:
    return {"task": "duplicates", "a": a, "b": b, "label": "paraphrase", **extra}


def gold_file(folder: Path, name: str = "sub.jsonl") -> str:
    return sub(folder, [header()] + gold_boilerplate_records(), name)


def sparse(path: Path, size: int) -> str:
    """A file of ``size`` zero bytes that takes no disk space."""
    with open(path, "wb") as handle:
        handle.truncate(size)
    return str(path)


def long_line_file(folder: Path, size: int) -> str:
    """A header, then one valid record padded with spaces to ``size`` bytes, written in chunks."""
    head, tail = b'{"task": "boilerplate", "doc": "d000", "spans": []', b"}\n"
    with open(folder / "sub.jsonl", "wb") as handle:
        handle.write(line(header()).encode() + b"\n" + head)
        left = size - len(head) - len(tail)
        while left > 0:
            handle.write(b" " * min(left, 1 << 20))
            left -= 1 << 20
        handle.write(tail)
    return str(folder / "sub.jsonl")


def score(build: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    return lambda folder: [build(folder)]


def dataset(edit: Callable[[Path], None]) -> Callable[[Path], list[str]]:
    """A private copy of the dataset folder, broken by ``edit``."""
    def build(folder: Path) -> list[str]:
        root = folder / "dataset"
        shutil.copytree(data.dataset_dir(), root, ignore=shutil.ignore_patterns("__pycache__"))
        edit(root)
        return ["--root", str(root)]
    return build


def remanifest(root: Path) -> None:
    """Rewrite manifest.json and croissant.json after an edit, so that only the rule under test fires."""
    rebuild_metadata(root)


def edit_bytes(rel: str, change: Callable[[bytes], bytes], *, manifest: bool = True) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / rel).write_bytes(change((root / rel).read_bytes()))
        if manifest:
            remanifest(root)
    return edit


def edit_first_span(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / "data/boilerplate.jsonl"
        lines = path.read_text(encoding="utf-8").split("\n")
        record = json.loads(lines[0])
        change(record["spans"][0])
        lines[0] = json.dumps(record, ensure_ascii=False)
        path.write_text("\n".join(lines), encoding="utf-8")
        remanifest(root)
    return edit


def edit_record(rel: str, change: Callable[[dict], None], *, index: int = 0, manifest: bool = True) -> Callable[[Path], None]:
    """``change`` the record on line ``index + 1`` of a data file, and rewrite the manifest to match (``manifest``)."""
    def edit(root: Path) -> None:
        path = root / rel
        lines = path.read_text(encoding="utf-8").split("\n")
        record = json.loads(lines[index])
        change(record)
        lines[index] = json.dumps(record, ensure_ascii=False)
        path.write_text("\n".join(lines), encoding="utf-8")
        if manifest:
            remanifest(root)
    return edit


def gold(edit: Callable[[Path], None], command: str = "score") -> Callable[[Path], list[str]]:
    """A submission (the gold boilerplate) and a private copy of the dataset broken by ``edit``, given as ``--gold``."""
    def build(folder: Path) -> list[str]:
        root = dataset(edit)(folder)[1]
        subs = [gold_file(folder, "a.jsonl"), gold_file(folder, "b.jsonl")] if command == "compare" else [gold_file(folder)]
        return [*subs, "--gold", root, *(["-o", str(folder / "merged.jsonl")] if command == "merge" else [])]
    return build


def replace_file(rel: str, make: Callable[[Path, Path], None]) -> Callable[[Path], None]:
    """Remove ``rel`` and let ``make(path, root)`` put something else there."""
    def edit(root: Path) -> None:
        (root / rel).unlink()
        make(root / rel, root)
    return edit


def moved_and_linked(path: Path, root: Path) -> None:
    target = root.parent / "elsewhere.jsonl"
    shutil.copyfile(data.dataset_dir() / "data/boilerplate.jsonl", target)
    path.symlink_to(target)


def write_text(rel: str, text: str | bytes) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        content = text if isinstance(text, bytes) else text.encode("utf-8")
        (root / rel).write_bytes(content)
    return edit


def manifest_entry(rel: str, entry) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        found = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        found["files"][rel] = entry
        (root / "manifest.json").write_text(json.dumps(found), encoding="utf-8")
    return edit


def edit_json(rel: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    """``change`` the JSON object of a file of the dataset folder in place."""
    def edit(root: Path) -> None:
        found = json.loads((root / rel).read_text(encoding="utf-8"))
        change(found)
        (root / rel).write_text(json.dumps(found), encoding="utf-8")
    return edit


def drop_records(rel: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        found = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        del found["files"][rel]["records"]
        (root / "manifest.json").write_text(json.dumps(found), encoding="utf-8")
    return edit


def prepend_line(rel: str, text: str) -> Callable[[Path], None]:
    return edit_bytes(rel, lambda b: text.encode("utf-8") + b)


def output_case(folder: Path, target: str) -> list[str]:
    return [gold_file(folder), "--resamples", "20", "-o", target.replace("DIR", str(folder))]


def make_fifo(path: Path) -> str:
    os.mkfifo(path)
    return str(path)


def loop(path: Path) -> str:
    path.symlink_to(path)
    return str(path)


# --- the cases --------------------------------------------------------------------------------------

H = line(header())
GOLD = [line(r) for r in gold_boilerplate_records()]
TRUNCATED = (H + "\n" + "\n".join(GOLD))[:-30]

SCORE = ("score",)
VALIDATE = ("validate-data",)
CASES = [
    # Submissions: the file as a whole.
    Case("truncated_file", "file cut in the middle of a record", SCORE,
         score(lambda d: raw_file(d, TRUNCATED.encode())), 1,
         ("DIR/sub.jsonl:6: -: json (Unterminated string starting at: column 178)", "nothing was scored")),
    Case("truncated_file_in_partitions", "file cut in the middle of a record, scored in 3 partitions "
         "(validated in byte blocks: the same message)", SCORE,
         lambda d: [raw_file(d, TRUNCATED.encode()), "--partitions", "3"], 1,
         ("DIR/sub.jsonl:6: -: json (Unterminated string starting at: column 178)", "nothing was scored")),
    Case("glob_matching_no_file", "a glob of shards that matches no file", SCORE,
         lambda d: [str(d / "part-*.jsonl")], 1, ("DIR/part-*.jsonl: -: readable (no file matches)",)),
    Case("unreachable_scheduler", "--scheduler naming an address where no Dask scheduler listens", SCORE,
         lambda d: [gold_file(d, "sub.jsonl"), "--scheduler", "tcp://127.0.0.1:9"], 2,
         ("scheduler tcp://127.0.0.1:9: cannot connect",)),
    Case("empty_file", "empty file", SCORE, score(lambda d: raw_file(d, b"")), 1,
         ("DIR/sub.jsonl: task: header-first (no header record)",)),
    Case("header_only_scored_as_empty", "header only, no task record", SCORE,
         score(lambda d: sub(d, [header()])), 1, ("DIR/sub.jsonl: task: has-task",)),
    Case("gigantic_file", "1 GiB file (sparse, one 1 GiB line); score streams, so only the line limit applies", SCORE,
         score(lambda d: sparse(d / "sub.jsonl", GIB)), 1,
         (f"DIR/sub.jsonl:1: -: line-size ({GIB} bytes > limit {MAX_LINE_BYTES})",
          "DIR/sub.jsonl: task: header-first (no header record)"), process=MEMORY),
    Case("compare_gigantic_file", "1 GiB file for compare, which holds both files in memory", ("compare",),
         lambda d: [str(sparse(d / "a.jsonl", GIB)), gold_file(d, "b.jsonl")], 1,
         (f"DIR/a.jsonl: -: file-size ({GIB} bytes > limit {MAX_FILE_BYTES})",), process=MEMORY),
    Case("line_over_limit", f"one line of {MAX_LINE_BYTES + 1} bytes (limit {MAX_LINE_BYTES})", SCORE,
         score(lambda d: long_line_file(d, MAX_LINE_BYTES + 1)), 1,
         (f"DIR/sub.jsonl:2: -: line-size ({MAX_LINE_BYTES + 1} bytes > limit {MAX_LINE_BYTES})",), process=MEMORY),
    Case("many_bad_lines_unbounded_memory", "5000 lines that are not objects", SCORE,
         score(lambda d: sub(d, [header()] + ["1"] * 5000)), 1,
         ("DIR/sub.jsonl:1001: -: too-many-problems (stopped reading after 1000 problems", "1001 problem(s)"),
         process=MEMORY),
    Case("utf8_bom", "UTF-8 byte-order mark", SCORE, score(lambda d: raw_file(d, b"\xef\xbb\xbf" + H.encode() + b"\n")), 1,
         ("DIR/sub.jsonl:1: -: bom",)),
    Case("crlf_line_ends", "CRLF line ends", SCORE, score(lambda d: raw_file(d, (H + "\r\n" + GOLD[0] + "\r\n").encode())), 1,
         ("DIR/sub.jsonl:1: -: line-end (CRLF line end; use LF)", "DIR/sub.jsonl:2: -: line-end")),
    Case("not_utf8", "bytes that are not UTF-8", SCORE, score(lambda d: raw_file(d, H.encode() + b"\n\xff\xfe\n")), 1,
         ("DIR/sub.jsonl:2: -: utf-8 (byte 0: b'\\xff' is not UTF-8)",)),
    Case("lone_surrogate_crashed_printing", 'lone surrogate `"\\ud800"` in a string', SCORE,
         score(lambda d: sub(d, [H.replace('"test"', '"t\\ud800"')] + GOLD)), 1,
         ("DIR/sub.jsonl:1: system: unicode",), process=STDERR),
    Case("deep_nesting_100000", "100000 nested `[`", SCORE,
         score(lambda d: sub(d, [header(), "[" * 100_000 + "]" * 100_000])), 1,
         ("DIR/sub.jsonl:2: -: depth (nested deeper than 64 levels)",)),
    Case("deep_nesting_984_crashed_jsonschema", "an `entity_id` nested 984 levels deep", SCORE,
         score(lambda d: sub(d, [header(), entity_raw("0", '5, "entity_id": ' + '{"a": ' * 984 + "1" + "}" * 984)])), 1,
         ("DIR/sub.jsonl:2: -: depth (nested deeper than 64 levels)",)),
    Case("nan", "`NaN` as a score", SCORE, score(lambda d: sub(d, [header(), line(pair())[:-1] + ', "score": NaN}'])), 1,
         ("DIR/sub.jsonl:2: -: json (NaN is not valid JSON)",)),
    Case("infinity", "`1e999` (overflows to infinity) as a score", SCORE,
         score(lambda d: sub(d, [header(), line(pair())[:-1] + ', "score": 1e999}'])), 1,
         ("DIR/sub.jsonl:2: -: json (number 1e999 overflows to inf)",)),
    Case("huge_integer_literal", "an integer of 5000 digits", SCORE,
         score(lambda d: sub(d, [header(), entity_raw("0", "9" * 5000)])), 1,
         ("DIR/sub.jsonl:2: -: json (integer of 5000 digits (more than 100))",)),
    # Submissions: records.
    Case("string_offset", 'offset as a string `"0"`', SCORE, score(lambda d: sub(d, [header(), entity_raw('"0"', "5")])), 1,
         ("DIR/sub.jsonl:2: mentions[0].start: schema:type ('0' is not of type 'integer')",)),
    Case("float_offset", "offset `5.5`", SCORE, score(lambda d: sub(d, [header(), entity_raw("0", "5.5")])), 1,
         ("DIR/sub.jsonl:2: mentions[0].end: schema:type (5.5 is not of type 'integer')",)),
    Case("integral_float_offset_crashed_slicing", "offset `5.0` (JSON Schema calls it an integer)", SCORE,
         score(lambda d: sub(d, [header(), entity_raw("0", "5.0")])), 1,
         ("DIR/sub.jsonl:2: mentions[0].end: schema:type (5.0 is not of type 'integer')",)),
    Case("bool_offset", "offset `true` (a bool is an int in Python)", SCORE,
         score(lambda d: sub(d, [header(), entity_raw("true", "5")])), 1,
         ("DIR/sub.jsonl:2: mentions[0].start: schema:type (True is not of type 'integer')",)),
    Case("bool_score", "score `true`", SCORE, score(lambda d: sub(d, [header(), line(pair(score=True))])), 1,
         ("DIR/sub.jsonl:2: score: schema:type (True is not of type 'number')",)),
    Case("negative_offset", "offset `-1`", SCORE, score(lambda d: sub(d, [header(), entity_raw("-1", "5")])), 1,
         ("DIR/sub.jsonl:2: mentions[0].start: schema:minimum (-1 is less than the minimum of 0)",)),
    Case("offset_1e30", "offset `1e30`", SCORE, score(lambda d: sub(d, [header(), entity_raw("0", "1e30")])), 1,
         ("DIR/sub.jsonl:2: mentions[0].end: schema:type (1e+30 is not of type 'integer')",)),
    Case("offset_2_pow_70", "offset `2**70`", SCORE, score(lambda d: sub(d, [header(), entity(0, 2**70)])), 1,
         (f"DIR/sub.jsonl:2: mentions[0].end: offset-in-range (end {2**70} > len(text)",), process=MEMORY),
    Case("offset_beyond_text", "offset past the end of the text", SCORE,
         score(lambda d: sub(d, [header(), entity(100_000, 100_005)])), 1,
         ("DIR/sub.jsonl:2: mentions[0].end: offset-in-range (end 100005 > len(text)",)),
    Case("duplicate_document", "the same document twice", SCORE, score(lambda d: sub(d, [H, GOLD[0], GOLD[0]])), 1,
         ("DIR/sub.jsonl:3: doc: duplicate-record (boilerplate for 'd000' already given on line 2; a submission holds "
          "one record per document: join the records of one document (one per segment or token-view row, offsets "
          "shifted into the document) with group_records(records))",)),
    Case("duplicate_pair", "the same pair twice, in either order", SCORE,
         score(lambda d: sub(d, [header(), pair(), pair(a="d001-s003", b="d000-s004")])), 1,
         ("DIR/sub.jsonl:3: b: duplicate-record (pair ('d000-s004', 'd001-s003') already given on line 2)",)),
    Case("unknown_document", "unknown document id", SCORE, score(lambda d: sub(d, [header(), entity(doc="d999")])), 1,
         ("DIR/sub.jsonl:2: doc: known-document ('d999' is not a document id)",)),
    Case("conll_types_printed_274_lines", "CoNLL-2003 types (`PER`, `MISC`) with no `label_set` in the header", SCORE,
         score(lambda d: sub(d, [header()] + conll_entities())), 1,
         ("DIR/sub.jsonl:2: label_set: label-set (5 entities records, 189 mentions, use labels outside the header's "
          "label set ontonotes5 (the default): PER x116, MISC x73. They are all conll2003 types: name it in the header, "
          '"label_set": "conll2003". This is the first such record)',)),
    Case("unknown_segment", "unknown segment id", SCORE, score(lambda d: sub(d, [header(), pair(b="d009-s999")])), 1,
         ("DIR/sub.jsonl:2: b: known-segment ('d009-s999' is not a segment id)",)),
    Case("wrong_dataset_version", "header for another data version", SCORE,
         score(lambda d: sub(d, [header(dataset_version="9.0.0")] + gold_boilerplate_records())), 1,
         ("DIR/sub.jsonl:1: dataset_version: dataset-version (submission made for 9.0.0",)),
    Case("mixed_dataset_versions", "two headers naming different versions", SCORE,
         score(lambda d: sub(d, [header(), header(dataset_version="0.3.0")] + gold_boilerplate_records())), 1,
         ("DIR/sub.jsonl:2: task: header-first (the header must be the first record, once)",)),
    Case("header_not_first", "header after a record", SCORE, score(lambda d: sub(d, [GOLD[0], H])), 1,
         ("DIR/sub.jsonl:2: task: header-first",)),
    # Submissions: the path.
    Case("missing_file", "path that does not exist", SCORE, lambda d: [str(d / "nope.jsonl")], 1,
         ("DIR/nope.jsonl: -: readable (No such file or directory)",)),
    Case("path_is_folder", "path that is a folder", SCORE, lambda d: [str(d)], 1,
         ("DIR: -: regular-file (a folder, not a regular file)",)),
    Case("named_pipe", "a named pipe (never opened, so never waits)", SCORE, lambda d: [make_fifo(d / "pipe")], 1,
         ("DIR/pipe: -: regular-file (a named pipe, not a regular file)",), process=PIPE),
    Case("symlink_to_valid_file", "symbolic link to a valid file (accepted)", SCORE,
         lambda d: [gold_file(d, "real.jsonl") and str(_link(d / "link.jsonl", d / "real.jsonl")), "--resamples", "20"], 0, ()),
    Case("dangling_symlink", "dangling symbolic link", SCORE, lambda d: [str(_link(d / "link.jsonl", d / "gone.jsonl"))], 1,
         ("DIR/link.jsonl: -: readable (dangling symbolic link to 'DIR/gone.jsonl')",)),
    Case("symlink_loop", "symbolic link to itself", SCORE, lambda d: [loop(d / "loop.jsonl")], 1,
         ("DIR/loop.jsonl: -: readable (Too many levels of symbolic links)",)),
    Case("unreadable_file", "file that cannot be opened (permission denied, simulated)", SCORE,
         lambda d: [gold_file(d)], 1, ("DIR/sub.jsonl: -: readable (Permission denied)",), deny_open="sub.jsonl"),
    # Output.
    Case("output_folder_missing_traceback", "`-o` in a folder that does not exist", SCORE,
         lambda d: output_case(d, "DIR/missing/report.txt"), 2,
         ("newsprep score: output DIR/missing/report.txt: its folder does not exist",), report=False),
    Case("output_is_folder_traceback", "`-o` naming a folder", SCORE, lambda d: output_case(d, "DIR"), 2,
         ("newsprep score: output DIR: a folder; name a file",), report=False),
    Case("output_is_device", "`-o /dev/null` (not replaced: not a regular file)", SCORE,
         lambda d: output_case(d, "/dev/null"), 2, ("newsprep score: output /dev/null: not a regular file",), report=False),
    Case("output_is_input", "`-o` naming the submission itself", SCORE, lambda d: output_case(d, "DIR/sub.jsonl"), 2,
         ("newsprep score: output DIR/sub.jsonl: is the input DIR/sub.jsonl; it would be overwritten",), report=False),
    Case("write_failure_traceback", "writing the report fails (file size limit)", SCORE,
         lambda d: [gold_file(d), "--resamples", "20", "--full"], 1,
         ("newsprep score: cannot write DIR/out/report.txt: File too large; nothing was written",), file_size_cap=1000,
         process=FILE_SIZE),
    # Options.
    Case("resamples_zero", "`--resamples 0` for compare (score takes 0: values only)", ("compare",),
         lambda d: [gold_file(d, "a.jsonl"), gold_file(d, "b.jsonl"), "--resamples", "0"], 2,
         ("argument --resamples: 0 is less than 1",)),
    Case("resamples_huge_memory_error", "`--resamples 1000000000`", SCORE,
         lambda d: [gold_file(d), "--resamples", "1000000000"], 2, ("argument --resamples: 1000000000 is more than 10000",),
         process=MEMORY),
    Case("seed_negative_traceback", "`--seed -1`", SCORE, lambda d: [gold_file(d), "--seed", "-1"], 2,
         ("argument --seed: -1 is less than 0",)),
    Case("resamples_not_integer", "`--resamples many`", SCORE, lambda d: [gold_file(d), "--resamples", "many"], 2,
         ("argument --resamples: 'many' is not an integer",)),
    Case("task_not_in_file", "`--task entities` for a boilerplate-only file", SCORE,
         lambda d: [gold_file(d), "--task", "entities"], 1, ("task entities requested but not in the submission",)),
    # compare.
    Case("compare_second_file_truncated", "B cut in the middle of a record", ("compare",),
         lambda d: [gold_file(d, "a.jsonl"), raw_file(d, TRUNCATED.encode(), "b.jsonl")], 1,
         ("DIR/b.jsonl:6: -: json (Unterminated string starting at: column 178)",)),
    Case("compare_first_file_missing", "A does not exist", ("compare",),
         lambda d: [str(d / "a.jsonl"), gold_file(d, "b.jsonl")], 1, ("DIR/a.jsonl: -: readable (No such file or directory)",)),
    Case("compare_no_shared_task", "A and B share no task", ("compare",),
         lambda d: [gold_file(d, "a.jsonl"), sub(d, [header(), pair()], "b.jsonl")], 1,
         ("newsprep compare: DIR/a.jsonl and DIR/b.jsonl share no task to compare",)),
    Case("compare_output_is_input", "`-o` naming B", ("compare",),
         lambda d: [gold_file(d, "a.jsonl"), gold_file(d, "b.jsonl"), "-o", str(d / "b.jsonl")], 2,
         ("output DIR/b.jsonl: is the input DIR/b.jsonl",), report=False),
    # validate-data --root.
    Case("root_missing", "`--root` that does not exist", VALIDATE, lambda d: ["--root", str(d / "nope")], 1,
         ("DIR/nope: -: dataset-folder (no such folder)",)),
    Case("root_is_file", "`--root` naming a file", VALIDATE, lambda d: ["--root", raw_file(d, b"x", "file")], 1,
         ("DIR/file: -: dataset-folder (not a folder)",)),
    Case("truncated_data_file_cascade", "data file cut in the middle of a record", VALIDATE,
         dataset(edit_bytes("data/boilerplate.jsonl", lambda b: b[:len(b) // 2])), 1,
         ("data/boilerplate.jsonl:3: -: json (", "validate-data: 1 problem(s)")),
    Case("empty_data_file_cascade", "empty data file", VALIDATE, dataset(edit_bytes("data/boilerplate.jsonl", lambda b: b"")), 1,
         ("data/boilerplate.jsonl: -: not-empty (the file holds no records)", "validate-data: 1 problem(s)")),
    Case("data_bom", "data file with a byte-order mark", VALIDATE,
         dataset(edit_bytes("data/boilerplate.jsonl", lambda b: b"\xef\xbb\xbf" + b)), 1, ("data/boilerplate.jsonl:1: -: bom",)),
    Case("data_crlf", "data file with CRLF line ends", VALIDATE,
         dataset(edit_bytes("data/boilerplate.jsonl", lambda b: b.replace(b"\n", b"\r\n"))), 1,
         ("data/boilerplate.jsonl:1: -: line-end (CRLF line end; use LF)",)),
    Case("gold_float_offset_crashed_slicing", "gold offset `87.0`", VALIDATE,
         dataset(edit_first_span(lambda s: s.update(start=float(s["start"])))), 1,
         ("data/boilerplate.jsonl:1: spans[0].start: schema:type (87.0 is not of type 'integer')",)),
    Case("gold_bool_offset", "gold offset `true`", VALIDATE, dataset(edit_first_span(lambda s: s.update(start=True))), 1,
         ("data/boilerplate.jsonl:1: spans[0].start: schema:type (True is not of type 'integer')",)),
    Case("gold_deep_nesting", "100000 nested `[` in a data file", VALIDATE,
         dataset(prepend_line("data/boilerplate.jsonl", "[" * 100_000 + "]" * 100_000 + "\n")), 1,
         ("data/boilerplate.jsonl:1: -: depth (nested deeper than 64 levels)",)),
    Case("gold_lone_surrogate", 'lone surrogate `"\\ud800"` in a data file', VALIDATE,
         dataset(edit_bytes("data/boilerplate.jsonl", lambda b: b.replace(b'"doc": "d000"', b'"doc": "d000\\ud800"', 1))), 1,
         ("data/boilerplate.jsonl:1: doc: unicode",)),
    Case("gold_duplicate_record", "the same document twice in a layer", VALIDATE,
         dataset(edit_bytes("data/boilerplate.jsonl", lambda b: b.split(b"\n")[0] + b"\n" + b)), 1,
         ("data/boilerplate.jsonl:2: doc: one-record-per-document ('d000' appears twice)",)),
    Case("data_file_is_folder", "a folder in place of a data file", VALIDATE,
         dataset(replace_file("data/boilerplate.jsonl", lambda p, r: p.mkdir())), 1,
         ("data/boilerplate.jsonl: -: regular-file (a folder, not a regular file)", "validate-data: 1 problem(s)")),
    Case("data_file_is_named_pipe", "a named pipe in place of a data file", VALIDATE,
         dataset(replace_file("data/documents.jsonl", lambda p, r: make_fifo(p))), 1,
         ("data/documents.jsonl: -: regular-file (a named pipe, not a regular file)",), process=PIPE),
    Case("data_file_symlink_to_valid_file", "a data file that is a symbolic link to a valid file (accepted)", VALIDATE,
         dataset(replace_file("data/boilerplate.jsonl", moved_and_linked)), 0, ()),
    Case("data_file_dangling_symlink", "a data file that is a dangling symbolic link", VALIDATE,
         dataset(replace_file("data/boilerplate.jsonl", lambda p, r: p.symlink_to(r / "gone.jsonl"))), 1,
         ("data/boilerplate.jsonl: -: readable (dangling symbolic link to 'DIR/dataset/gone.jsonl')",)),
    Case("data_file_symlink_loop", "a data file that is a symbolic link to itself", VALIDATE,
         dataset(replace_file("data/boilerplate.jsonl", lambda p, r: p.symlink_to(p))), 1,
         ("data/boilerplate.jsonl: -: readable (Too many levels of symbolic links)",)),
    Case("gigantic_data_file_read_whole", "a 1 GiB data file (sparse, one line)", VALIDATE,
         dataset(lambda r: sparse(r / "data/boilerplate.jsonl", GIB)), 1,
         (f"data/boilerplate.jsonl: -: file-size ({GIB} bytes > limit {MAX_FILE_BYTES})",), process=MEMORY),
    Case("unreadable_data_file", "a data file that cannot be opened (permission denied, simulated)", VALIDATE,
         dataset(lambda r: None), 1, ("data/boilerplate.jsonl: -: readable (Permission denied)",),
         deny_open="dataset/data/boilerplate.jsonl"),
    Case("manifest_missing", "no manifest.json", VALIDATE, dataset(lambda r: (r / "manifest.json").unlink()), 1,
         ("manifest.json: -: manifest-readable (file-exists: file is missing)",)),
    Case("manifest_nested_traceback", "manifest.json of 100000 nested `[`", VALIDATE,
         dataset(write_text("manifest.json", "[" * 100_000 + "]" * 100_000)), 1,
         ("manifest.json: -: manifest-readable (nested too deeply)",)),
    Case("manifest_not_utf8", "manifest.json that is not UTF-8", VALIDATE, dataset(write_text("manifest.json", b"\xff")), 1,
         ("manifest.json: -: manifest-readable ('utf-8' codec can't decode byte 0xff",)),
    Case("manifest_files_list_traceback", "manifest.json whose files are a list", VALIDATE,
         dataset(write_text("manifest.json", '{"version": "0.4.0", "files": []}')), 1, ("manifest.json: files: manifest-shape",)),
    Case("manifest_entry_not_object_traceback", "a manifest entry that is a number", VALIDATE,
         dataset(manifest_entry("data/boilerplate.jsonl", 5)), 1,
         ("manifest.json: files.data/boilerplate.jsonl: manifest-shape",)),
    Case("manifest_entry_without_records_traceback", "a manifest entry without its record count", VALIDATE,
         dataset(drop_records("data/boilerplate.jsonl")), 1, ("manifest.json: files.data/boilerplate.jsonl: manifest-shape",)),
    Case("manifest_path_outside", "a manifest entry `../../etc/passwd`", VALIDATE,
         dataset(manifest_entry("../../etc/passwd", {"sha256": "0" * 64, "records": 1})), 1,
         ("manifest.json: files.../../etc/passwd: manifest-path",)),
    Case("manifest_version_not_semver", "manifest version `1.0`", VALIDATE, dataset(lambda r: write_manifest(r, "1.0")), 1,
         ("manifest.json: version: semver ('1.0')",)),
    Case("mixed_versions_card", "dataset card naming another version than the manifest", VALIDATE,
         dataset(edit_bytes("README.md", lambda b: b.replace(f"\nversion: {VERSION}\n".encode(), b"\nversion: 0.3.0\n"),
                            manifest=False)), 1,
         (f"README.md:35: version: version-agrees ('0.3.0' here, manifest.json says '{VERSION}')",)),
    Case("mixed_versions_changelog", "changelog whose newest entry is another version", VALIDATE,
         dataset(edit_bytes("CHANGELOG.md", lambda b: b.replace(f"## {VERSION}".encode(), f"## 9.9.9\n\n- next\n\n## {VERSION}".encode(), 1),
                            manifest=False)), 1,
         ("CHANGELOG.md:16: version: version-agrees ('9.9.9' here, manifest.json says " + repr(VERSION) + ")",)),
    Case("raw_sums_not_utf8_traceback", "raw/SHA256SUMS that is not UTF-8", VALIDATE,
         dataset(write_text("raw/SHA256SUMS", b"\xff\xfe garbage")), 1, ("raw/SHA256SUMS: -: utf-8 (byte 0: b'\\xff' is not UTF-8)",)),
    Case("raw_article_folder_traceback", "a folder in place of a raw article", VALIDATE,
         dataset(replace_file("raw/000_b2ba44ecd8d97109.txt", lambda p, r: p.mkdir())), 1,
         ("raw/SHA256SUMS:1: 000_b2ba44ecd8d97109.txt: raw-checksum", "data/documents.jsonl:1: text: equals-raw")),
    Case("consistency_exceptions_malformed_traceback", "annotation/consistency_exceptions.jsonl with bad records", VALIDATE,
         dataset(write_text("annotation/consistency_exceptions.jsonl", '{"doc": "d000"}\n{"doc": \n')), 1,
         ("annotation/consistency_exceptions.jsonl:1: -: exception-record", "annotation/consistency_exceptions.jsonl:2: -: json (Expecting value: column 9)")),
    # Dataset files beyond the data: card, changelog, croissant, manifest counts and types.
    Case("card_duplicate_yaml_key", "a dataset card whose front matter gives `pretty_name` twice", VALIDATE,
         dataset(edit_bytes("README.md", lambda b: b.replace(b"\npretty_name:", b"\npretty_name: first\npretty_name:", 1),
                            manifest=False)), 1,
         ("README.md:3: pretty_name: duplicate-key (key 'pretty_name' appears twice in one mapping",)),
    Case("manifest_record_count_wrong_reported_ok", "a manifest record count one more than the file holds", VALIDATE,
         dataset(lambda r: manifest_entry("data/segments.jsonl", {**data.manifest(r)["files"]["data/segments.jsonl"], "records": 218})(r)), 1,
         ("manifest.json: files.data/segments.jsonl.records: manifest-count (218 here, the file holds 217 records)",)),
    Case("manifest_synthetic_true_passed_as_real", 'a manifest with `"synthetic": true`', VALIDATE,
         dataset(edit_json("manifest.json", lambda m: m.update(synthetic=True))), 1,
         ('manifest.json: synthetic: manifest-field (expected an object {"docs": N, "seed": N, "omitted": [config, …]}, got true)',)),
    Case("card_deleted", "no dataset card (README.md)", VALIDATE, dataset(lambda r: (r / "README.md").unlink()), 1,
         ("README.md: -: card-present (file is missing)",)),
    Case("card_yaml_broken", "dataset card whose YAML front matter does not parse", VALIDATE,
         dataset(write_text("README.md", "---\npretty_name: NewsPrep\nlicense: other: cc\n---\n")), 1,
         ("README.md:3: -: card-front-matter (the YAML does not parse: mapping values are not allowed here)",)),
    Case("card_front_matter_unclosed", "dataset card whose front matter is never closed", VALIDATE,
         dataset(write_text("README.md", "---\npretty_name: NewsPrep\n\n# NewsPrep\n")), 1,
         ("README.md:1: -: card-front-matter (the front matter opened on line 1 is never closed by a '---' line)",)),
    Case("card_data_files_wrong", "dataset card whose tokens config points at another file", VALIDATE,
         dataset(edit_bytes("README.md", lambda b: b.replace(b"path: data/tokens.jsonl", b"path: data/token.jsonl"), manifest=False)), 1,
         ("README.md:65: configs.tokens.data_files: card-config (path 'data/token.jsonl', expected 'data/tokens.jsonl')",)),
    Case("card_config_missing", "dataset card without the tokens config", VALIDATE,
         dataset(edit_bytes("README.md", lambda b: b.replace(f"- config_name: tokens\n  version: {VERSION}\n  data_files:\n  - split: test\n    path: data/tokens.jsonl\n".encode(), b""),
                            manifest=False)), 1,
         ("README.md:36: configs.tokens: card-config (the config is missing from the card)",)),
    Case("card_feature_type_wrong", "dataset card declaring `num_chars` a string", VALIDATE,
         dataset(edit_bytes("README.md", lambda b: b.replace(b"- name: num_chars\n    dtype: int32", b"- name: num_chars\n    dtype: string"),
                            manifest=False)), 1,
         ("README.md:95: dataset_info.documents.num_chars: card-feature (string here, document.schema.json has integer: expected int32 or int64)",)),
    Case("changelog_deleted", "no CHANGELOG.md", VALIDATE, dataset(lambda r: (r / "CHANGELOG.md").unlink()), 1,
         ("CHANGELOG.md: -: changelog-present (file is missing)",)),
    Case("croissant_deleted", "no croissant.json", VALIDATE, dataset(lambda r: (r / "croissant.json").unlink()), 1,
         ("croissant.json: -: croissant-present (file is missing)",)),
    Case("croissant_not_json", "croissant.json that is not JSON", VALIDATE, dataset(write_text("croissant.json", "{")), 1,
         ("croissant.json: -: croissant-readable (Expecting property name enclosed in double quotes",)),
    Case("croissant_not_object", "croissant.json that is a JSON list", VALIDATE, dataset(write_text("croissant.json", "[]")), 1,
         ("croissant.json: -: croissant-readable (expected a JSON object, not list)",)),
    Case("croissant_conforms_wrong", "croissant.json conforming to Croissant 0.8", VALIDATE,
         dataset(edit_json("croissant.json", lambda c: c.update(conformsTo="http://mlcommons.org/croissant/0.8"))), 1,
         ("croissant.json: conformsTo: croissant-conforms ('http://mlcommons.org/croissant/0.8', expected 'http://mlcommons.org/croissant/1.0')",)),
    Case("croissant_checksum_stale", "croissant.json with a data file's old sha256", VALIDATE,
         dataset(edit_json("croissant.json", lambda c: c["distribution"][-1].update(sha256="0" * 64))), 1,
         ("croissant.json: distribution.data/tokens.jsonl.sha256: croissant-checksum (000000000000… here, the file's sha256 is ",)),
    Case("croissant_file_missing", "croissant.json without the tokens file", VALIDATE,
         dataset(edit_json("croissant.json", lambda c: c.update(distribution=c["distribution"][:-1]))), 1,
         ("croissant.json: distribution.data/tokens.jsonl: croissant-file (no FileObject for this data file of the manifest)",)),
    # Dataset files beyond the data are checked by the block above; a gold folder given to score, compare or
    # merge is validated in full first (the same rules), and nothing is scored against one that fails.
    Case("gold_shifted_offset_scored", "`--gold` copy with an entity offset moved by one", SCORE,
         gold(edit_record("data/entities.jsonl", lambda r: r["mentions"][0].update(start=r["mentions"][0]["start"] + 1))), 1,
         ("DIR/dataset/data/entities.jsonl:1: mentions[0].text: surface-text", "newsprep score: ", "nothing was scored")),
    Case("gold_changed_type_scored", "`--gold` copy with an entity's type changed", SCORE,
         gold(edit_record("data/entities.jsonl", lambda r: r["mentions"][0].update(type="ORG"))), 1,
         ("DIR/dataset/data/entities.jsonl:1: mentions[0].type: entity-type-consistent", "nothing was scored")),
    Case("gold_boilerplate_off_by_one_scored", "`--gold` copy with a boilerplate span one character longer", SCORE,
         gold(edit_first_span(lambda s: s.update(end=s["end"] + 1))), 1,
         ("DIR/dataset/data/boilerplate.jsonl:1: spans[0].text: surface-text", "nothing was scored")),
    Case("gold_segment_line_deleted_scored", "`--gold` copy with a segment line deleted", SCORE,
         gold(edit_bytes("data/segments.jsonl", lambda b: b"\n".join(b.split(b"\n")[1:]))), 1,
         ("DIR/dataset/data/segments.jsonl:1: id: id-order", "nothing was scored")),
    Case("gold_pair_label_flipped_scored", "`--gold` copy with a duplicate pair's label changed", ("compare",),
         gold(edit_record("data/duplicate_pairs.jsonl", lambda r: r.update(label="related" if r["label"] != "related" else "paraphrase"),
                          manifest=False), "compare"), 1,
         ("DIR/dataset/data/duplicate_pairs.jsonl: -: manifest-checksum", "nothing was scored")),
    Case("gold_stale_manifest_checksum_scored", "`--gold` copy with a data file changed, manifest not updated", SCORE,
         gold(edit_bytes("data/boilerplate.jsonl", lambda b: b.replace(b'"navigation"', b'"sharing"', 1), manifest=False)), 1,
         ("DIR/dataset/data/boilerplate.jsonl: -: manifest-checksum", "nothing was scored")),
    Case("gold_raw_files_deleted_scored", "`--gold` copy without its raw articles", SCORE,
         gold(lambda r: [p.unlink() for p in (r / "raw").glob("*.txt")]), 1,
         ("DIR/dataset/raw/SHA256SUMS:1: 000_b2ba44ecd8d97109.txt: raw-checksum", "nothing was scored")),
    Case("gold_empty_manifest_traceback", "`--gold` copy whose manifest.json is `{}`", SCORE,
         gold(write_text("manifest.json", "{}")), 1, ("DIR/dataset/manifest.json: files: manifest-shape", "nothing was scored")),
    Case("gold_list_manifest_traceback", "`--gold` copy whose manifest.json is a list", SCORE,
         gold(write_text("manifest.json", "[]")), 1, ("DIR/dataset/manifest.json: files: manifest-shape", "nothing was scored")),
    Case("gold_data_folder_missing_traceback", "`--gold` copy without its `data/` folder", SCORE,
         gold(lambda r: shutil.rmtree(r / "data")), 1,
         ("DIR/dataset/data/documents.jsonl: -: file-exists (file is missing)", "nothing was scored")),
    Case("gold_data_file_links_to_system_file_traceback", "`--gold` copy whose documents file links to /etc/passwd", SCORE,
         gold(replace_file("data/documents.jsonl", lambda p, r: p.symlink_to("/etc/passwd"))), 1,
         ("DIR/dataset/data/documents.jsonl: -: manifest-checksum", "nothing was scored")),
    Case("merge_gold_broken_written", "`merge --gold` with a broken gold copy", ("merge",),
         gold(edit_first_span(lambda s: s.update(start=s["start"] - 1)), "merge"), 1,
         ("DIR/dataset/data/boilerplate.jsonl:1: spans[0].text: surface-text", "nothing was written")),
    Case("gold_empty_path_checked_current_folder", "`--gold ''` (an empty path)", SCORE, lambda d: [gold_file(d), "--gold", ""], 2,
         ("argument --gold/--root: an empty path names nothing",), report=False),
    Case("root_empty_path_checked_embedded", "`validate-data --root ''` (an empty path)", VALIDATE, lambda d: ["--root", ""], 2,
         ("argument --root: an empty path names nothing",)),
    # Duplicate keys: another parser may keep the other value, so the record is refused.
    Case("duplicate_key_header_task", "a header with two `task` keys", SCORE,
         score(lambda d: sub(d, ['{"task": "header", "task": "entities", "dataset_version": "%s", "system": "x"}' % VERSION])), 1,
         ("DIR/sub.jsonl:1: task: duplicate-key (key 'task' appears twice in one object; parsers disagree on which value wins)",)),
    Case("duplicate_key_offset", 'a mention with `"end": 2672000, "end": 5`', SCORE,
         score(lambda d: sub(d, [header(), entity_raw("0", '2672000, "end": 5')])), 1,
         ("DIR/sub.jsonl:2: mentions[0].end: duplicate-key",)),
    Case("duplicate_key_in_data_file", "a data record with a key twice", VALIDATE,
         dataset(edit_bytes("data/entities.jsonl", lambda b: b.replace(b'"doc": "d000"', b'"doc": "d000", "doc": "d001"', 1))), 1,
         ("data/entities.jsonl:1: doc: duplicate-key",)),
    Case("duplicate_key_in_manifest", "manifest.json with `version` twice", VALIDATE,
         dataset(edit_bytes("manifest.json", lambda b: b.replace(b'"version":', b'"version": "9.9.9", "version":', 1), manifest=False)), 1,
         ("manifest.json: version: duplicate-key",)),
    # Writing fails underway: the message names the path; nothing is left behind.
    Case("disk_full_report", "disk full while the report is written (ENOSPC, simulated)", SCORE,
         lambda d: [gold_file(d), "--resamples", "0"], 1,
         ("newsprep score: cannot write DIR/out/report.txt: No space left on device; nothing was written",), fail_writes=errno.ENOSPC),
    Case("disk_full_export_traceback", "disk full while export writes (ENOSPC, simulated)", ("export",),
         lambda d: ["--format", "conll", "--out", str(d / "export")], 1,
         ("newsprep export: cannot write DIR/export/newsprep.conll: No space left on device; nothing was written",),
         fail_writes=errno.ENOSPC),
    Case("io_error_synth_traceback", "an I/O error while synth writes (EIO, simulated)", ("synth",),
         lambda d: ["--docs", "5", "--out", str(d / "corpus")], 1,
         ("newsprep synth: cannot write DIR/corpus/data/documents.jsonl: Input/output error; nothing was written",),
         fail_writes=errno.EIO),
    Case("io_error_html", "an I/O error while the HTML report is written (EIO, simulated)", ("report",),
         lambda d: [gold_file(d), "--resamples", "20", "--html", str(d / "page.html")], 1,
         ("newsprep report: cannot write DIR/page.html: Input/output error; nothing was written",), fail_writes=errno.EIO),
    # Standard streams, signals and the working folder, in a real process.
    Case("reader_gone_traceback", "standard output's reader goes away (piped into `head -0`): a quiet stop, as Unix tools", ("summary",),
         lambda d: [], 141, (), process=STREAMS, setup="reader-gone"),
    Case("stdout_closed_traceback", "standard output closed (`>&-`)", ("summary",), lambda d: [], 1,
         ("newsprep summary: cannot write standard output: it is closed; nothing was written",), process=STREAMS,
         setup="stdout-closed"),
    Case("interrupted_synth_traceback", "Ctrl-C (SIGINT) while synth writes", ("synth",),
         lambda d: ["--docs", "2000000", "--out", str(d / "corpus")], 130, ("newsprep synth: interrupted",),
         process=STREAMS, setup="interrupt"),
    Case("working_folder_deleted_traceback", "the working folder deleted under the command", SCORE, lambda d: ["sub.jsonl"], 2,
         ("newsprep: the working folder no longer exists; change to one that does",), report=False, process=STREAMS,
         setup="cwd-deleted"),
    # Exit 2: a bad option or an output refused before any work.
    Case("synth_paragraphs_reversed_exit_1", "`synth --paragraphs 3 1`", ("synth",),
         lambda d: ["--docs", "2", "--out", str(d / "corpus"), "--paragraphs", "3", "1"], 2,
         ("newsprep synth: --paragraphs 3 1: needs 1 <= MIN <= MAX",)),
    Case("synth_out_not_empty_exit_1", "`synth --out` naming a folder that holds a file", ("synth",),
         lambda d: ["--docs", "2", "--out", raw_file(d, b"keep", "notes.txt") and str(d)], 2,
         ("newsprep synth: output folder DIR: exists and is not empty; choose a new folder",)),
    Case("export_out_not_empty_exit_1", "`export --out` naming a folder that holds a file", ("export",),
         lambda d: ["--format", "brat", "--out", raw_file(d, b"keep", "notes.txt") and str(d)], 2,
         ("newsprep export: output folder DIR: exists and is not empty; choose a new folder, or replace it with --force",)),
    Case("export_force_over_other_files", "`export --force --out` naming a folder that is not an earlier export", ("export",),
         lambda d: ["--format", "brat", "--force", "--out", raw_file(d, b"keep", "notes.txt") and str(d)], 2,
         ("newsprep export: output folder DIR: holds files that are not a NewsPrep export",)),
    Case("export_out_below_a_file", "`export --out` below a file (`/dev/full/x`)", ("export",),
         lambda d: ["--format", "brat", "--out", "/dev/full/x"], 2,
         ("newsprep export: output folder /dev/full/x: /dev/full is not a folder",)),
    Case("html_is_device_replaced", "`report --html /dev/null`", ("report",), lambda d: [gold_file(d), "--html", "/dev/null"], 2,
         ("newsprep report: output /dev/null: not a regular file",)),
    Case("html_is_input_overwritten", "`report --html` naming the submission (through a link)", ("report",),
         lambda d: [gold_file(d), "--html", str(_link(d / "page.html", d / "sub.jsonl"))], 2,
         ("newsprep report: output DIR/page.html: is the input DIR/sub.jsonl",)),
    # baselines run --out.
    Case("baselines_out_is_file_traceback", "`baselines run --out` naming a file", ("baselines", "run"),
         lambda d: ["--out", raw_file(d, b"x", "file")], 2, ("newsprep baselines: output folder DIR/file: exists and is not a folder",)),
]


def section(title: str, *cases: Case) -> list[Case]:
    return [replace(case, section=title) for case in cases]


# --- the classes of round 2: each a section of the table ---------------------------------------------

def shards(folder: Path) -> str:
    gold_file(folder, "part-1.jsonl")
    raw_file(folder, b"", "part-2.jsonl")
    return str(folder / "part-*.jsonl")


def hard_link(folder: Path, name: str, to: str) -> str:
    os.link(folder / to, folder / name)
    return str(folder / name)


def validated_then(edit: Callable[[Path], None], *, linked: bool = True) -> Callable[[Path], list[str]]:
    """A gold copy whose ``data/`` is a symbolic link to a folder beside it, validated (in this process and in
    the cache), then changed by ``edit(root)``: scoring must see the change."""
    def build(folder: Path) -> list[str]:
        from newsprep.eval.validate.gold import require_valid

        root = Path(dataset(lambda r: None)(folder)[1])
        if linked:
            shutil.move(root / "data", folder / "store")
            (root / "data").symlink_to(folder / "store")
        require_valid(root)
        edit(root)
        return [gold_file(folder), "--gold", str(root)]
    return build


def same_size_and_time(rel: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    """Replace ``old`` by ``new`` (as long) in a file, in place, and put its modification time back."""
    def edit(root: Path) -> None:
        path = root / rel
        info = path.stat()
        with open(path, "r+b") as handle:
            content = handle.read()
            handle.seek(0)
            handle.write(content.replace(old, new, 1))
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    return edit


def retarget(root: Path) -> None:
    """Point ``data`` at a copy whose entities file is corrupted."""
    other = root.parent / "other"
    shutil.copytree(os.path.realpath(root / "data"), other)
    (other / "entities.jsonl").write_bytes((other / "entities.jsonl").read_bytes().replace(b'"start": ', b'"start": 1', 1))
    (root / "data").unlink()
    (root / "data").symlink_to(other)


def forged_record(content: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    """A corrupted gold copy and, in the cache (``DIR/cache``), a file named by its fingerprint holding ``content``."""
    def build(folder: Path) -> list[str]:
        from newsprep.eval.validate import gold

        root = Path(gold_copy_broken(folder))
        record = folder / "cache" / "validated" / gold.fingerprint(root)
        record.parent.mkdir(parents=True)
        record.write_text(content(root))
        return [gold_file(folder), "--gold", str(root)]
    return build


def gold_copy_broken(folder: Path) -> str:
    root = dataset(lambda r: None)(folder)[1]
    edit_bytes("data/entities.jsonl", lambda b: b.replace(b'"type": "GPE"', b'"type": "ORG"', 1), manifest=False)(Path(root))
    return root


def valid_description(root: Path) -> str:
    """What a genuine record of the valid data holds (the description of the embedded dataset)."""
    from newsprep.eval.validate import gold

    return gold.description(data.dataset_dir())


def cache_in(where: str) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        root = dataset(lambda r: None)(folder)[1]
        return [gold_file(folder), "--gold", root, "--resamples", "20"]
    return build


def nested_settings(depth: int) -> dict:
    value: object = 1
    for _ in range(depth):
        value = {"a": value}
    return value  # type: ignore[return-value]


def merge_inputs(folder: Path, settings: dict, parts: int = 1) -> list[str]:
    names = []
    for k in range(parts):
        rows = [header(settings=settings, system=f"s{k}")] + (gold_boilerplate_records() if k == 0 else [])
        if k == 1:
            rows += [{"task": "entities", "doc": d, "mentions": []} for d in ("d000", "d001", "d002", "d003", "d004")]
        if k >= 2:
            rows += [pair()]
        names.append(sub(folder, rows, f"in{k}.jsonl"))
    return names


def with_file(name: str, content: bytes = b"x\n") -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return edit


OUTPUTS = "1. Outputs that name an input in another form"
GOLD_LINKS = "2. The gold fingerprint covers what scoring reads"
CACHE = "3. The validation cache"
CLUSTER = "4. Cluster addresses and remote inputs"
MESSAGES = "7. Messages that blame the right thing"
EARLIER = "9. From the earlier suite: what a release holds, and bounded options"
SCHEDULER = "scheduler junk: not a scheduler address; expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"

CASES += section(
    OUTPUTS,
    Case("output_is_input_as_file_url", "`score file://DIR/sub.jsonl -o DIR/sub.jsonl`: the input as a URL", SCORE,
         lambda d: ["file://" + gold_file(d), "-o", str(d / "sub.jsonl")], 2,
         ("newsprep score: output DIR/sub.jsonl: is the input DIR/sub.jsonl (given as file://DIR/sub.jsonl)",), report=False),
    Case("output_is_input_as_local_url", "the input as a `local://` URL", SCORE,
         lambda d: ["local://" + gold_file(d), "-o", str(d / "sub.jsonl")], 2,
         ("output DIR/sub.jsonl: is the input DIR/sub.jsonl (given as local://DIR/sub.jsonl)",), report=False),
    Case("output_given_as_a_file_url", "`-o file://DIR/out.txt`: an output as a URL, in a folder that exists",
         SCORE, lambda d: [gold_file(d), "-o", f"file://{d}/out.txt"], 2,
         ("newsprep score: output file://DIR/out.txt: a URL; outputs are written to a path on this machine "
          "(give DIR/out.txt instead)",), report=False),
    Case("output_given_as_a_remote_url", "`-o s3://bucket/report.txt`: an output on another machine", SCORE,
         lambda d: [gold_file(d), "-o", "s3://bucket/report.txt"], 2,
         ("newsprep score: output s3://bucket/report.txt: a URL; outputs are written to a path on this machine",),
         report=False),
    Case("output_is_input_through_a_url_chain", "the input as `simplecache::file://…`", SCORE,
         lambda d: ["simplecache::file://" + gold_file(d), "-o", str(d / "sub.jsonl")], 2,
         ("output DIR/sub.jsonl: is the input DIR/sub.jsonl (given as simplecache::file://DIR/sub.jsonl)",), report=False),
    Case("output_is_a_shard_of_the_glob", "`-o` naming a shard of the glob scored", SCORE,
         lambda d: [shards(d), "-o", str(d / "part-2.jsonl")], 2,
         ("output DIR/part-2.jsonl: is the input DIR/part-2.jsonl (matched by DIR/part-*.jsonl)",), report=False),
    Case("output_is_a_shard_of_a_url_glob", "`-o` naming a shard of a `file://` glob", SCORE,
         lambda d: ["file://" + shards(d), "-o", str(d / "part-1.jsonl")], 2,
         ("output DIR/part-1.jsonl: is the input DIR/part-1.jsonl (matched by file://DIR/part-*.jsonl)",), report=False),
    Case("output_is_a_hard_link_to_the_input", "`-o` naming a hard link to the submission", SCORE,
         lambda d: [gold_file(d), "-o", hard_link(d, "hard.jsonl", "sub.jsonl")], 2,
         ("output DIR/hard.jsonl: is the input DIR/sub.jsonl (a hard link to it)",), report=False),
    Case("output_through_a_linked_folder", "`-o` naming the submission through a linked folder", SCORE,
         lambda d: [gold_file(d), "-o", str(_link(d / "linked", d) / "sub.jsonl")], 2,
         ("output DIR/linked/sub.jsonl: is the input DIR/sub.jsonl",), report=False),
    Case("compare_output_is_a_hard_link_to_a", "`compare -o` naming a hard link to A", ("compare",),
         lambda d: [gold_file(d, "a.jsonl"), gold_file(d, "b.jsonl"), "-o", hard_link(d, "hard.jsonl", "a.jsonl")], 2,
         ("output DIR/hard.jsonl: is the input DIR/a.jsonl (a hard link to it)",), report=False),
    Case("merge_output_is_a_hard_link_to_an_input", "`merge -o` naming a hard link to an input", ("merge",),
         lambda d: [gold_file(d, "a.jsonl"), "-o", hard_link(d, "hard.jsonl", "a.jsonl")], 2,
         ("newsprep merge: output DIR/hard.jsonl: is the input DIR/a.jsonl (a hard link to it)",)),
    Case("html_is_a_hard_link_to_the_input", "`report --html` naming a hard link to the submission", ("report",),
         lambda d: [gold_file(d), "--html", hard_link(d, "page.html", "sub.jsonl")], 2,
         ("newsprep report: output DIR/page.html: is the input DIR/sub.jsonl (a hard link to it)",)),
)

CASES += section(
    GOLD_LINKS,
    Case("gold_linked_data_corrupted_after_validation", "`--gold` copy whose `data/` is a link: validated, then a "
         "linked file changed", SCORE, validated_then(edit_bytes("data/entities.jsonl", lambda b: b.replace(
             b'"type": "GPE"', b'"type": "ORG"', 1), manifest=False)), 1,
         ("DIR/dataset/data/entities.jsonl: -: manifest-checksum", "nothing was scored")),
    Case("gold_linked_file_changed_keeping_size_and_time", "the same, the file changed in place with its size and "
         "modification time kept", SCORE,
         validated_then(same_size_and_time("data/entities.jsonl", b'"type": "GPE"', b'"type": "ORG"')), 1,
         ("DIR/dataset/data/entities.jsonl: -: manifest-checksum", "nothing was scored")),
    Case("gold_link_retargeted", "`--gold` copy whose `data/` link is pointed at a corrupted copy after validation", SCORE,
         validated_then(retarget), 1, ("DIR/dataset/data/entities.jsonl: -: manifest-checksum", "nothing was scored")),
    Case("gold_file_changed_keeping_size_and_time", "`--gold` copy (no link) validated, then a data file changed in "
         "place with its size and modification time kept", SCORE,
         validated_then(same_size_and_time("data/entities.jsonl", b'"type": "GPE"', b'"type": "ORG"'), linked=False), 1,
         ("DIR/dataset/data/entities.jsonl: -: manifest-checksum", "nothing was scored")),
)

CASES += section(
    CACHE,
    Case("cache_inside_the_gold_folder", "`NEWSPREP_CACHE` inside the `--gold` folder (accepted; nothing written there)",
         SCORE, cache_in("dataset"), 0, (), env=(("NEWSPREP_CACHE", "DIR/dataset/cache"),)),
    Case("cache_is_the_gold_folder", "`NEWSPREP_CACHE` naming the `--gold` folder itself (accepted; nothing written there)",
         SCORE, cache_in("dataset"), 0, (), env=(("NEWSPREP_CACHE", "DIR/dataset"),)),
    Case("cache_is_the_submission", "`NEWSPREP_CACHE` naming the submission file (accepted; the file untouched)",
         SCORE, cache_in("sub"), 0, (), env=(("NEWSPREP_CACHE", "DIR/sub.jsonl"),)),
    Case("cache_record_empty_file", "a corrupted `--gold` copy and an empty file named by its fingerprint in the cache",
         SCORE, forged_record(lambda root: ""), 1, ("DIR/dataset/data/entities.jsonl: -: manifest-checksum",
                                                     "nothing was scored"), env=(("NEWSPREP_CACHE", "DIR/cache"),)),
    Case("cache_record_of_other_content", "the same, the file holding a genuine record of the valid data", SCORE,
         forged_record(valid_description), 1, ("DIR/dataset/data/entities.jsonl: -: manifest-checksum",
                                               "nothing was scored"), env=(("NEWSPREP_CACHE", "DIR/cache"),)),
)

CASES += section(
    CLUSTER,
    Case("scheduler_junk", "`--scheduler junk`", SCORE, lambda d: [gold_file(d), "--scheduler", "junk"], 2,
         (f"newsprep score: {SCHEDULER}",)),
    Case("scheduler_inproc", "`--scheduler inproc://x`", SCORE, lambda d: [gold_file(d), "--scheduler", "inproc://x"], 2,
         ("newsprep score: scheduler inproc://x: an in-process address names a scheduler inside one Python process",)),
    Case("scheduler_port_not_a_number", "`--scheduler tcp://127.0.0.1:http`", SCORE,
         lambda d: [gold_file(d), "--scheduler", "tcp://127.0.0.1:http"], 2,
         ("scheduler tcp://127.0.0.1:http: the port 'http' is not a number from 1 to 65535",)),
    Case("scheduler_unknown_protocol", "`--scheduler http://127.0.0.1:8786`", SCORE,
         lambda d: [gold_file(d), "--scheduler", "http://127.0.0.1:8786"], 2,
         ("scheduler http://127.0.0.1:8786: unknown protocol 'http'",)),
    Case("scheduler_is_a_web_server", "`--scheduler` naming the port of a plain HTTP server (fails within the connect "
         "timeout, never hangs)", SCORE, lambda d: [gold_file(d), "--scheduler", f"tcp://127.0.0.1:{http_port()}"], 2,
         ("scheduler tcp://127.0.0.1:PORT: no Dask handshake within 10 s",)),
    Case("env_scheduler_junk_with_a_glob", "`DASK_SCHEDULER_ADDRESS=junk`, scoring a glob of shards", SCORE,
         lambda d: [shards(d)], 2, ("scheduler junk (from DASK_SCHEDULER_ADDRESS): not a scheduler address",),
         env=(("DASK_SCHEDULER_ADDRESS", "junk"),)),
    Case("env_scheduler_junk_plain_score", "`DASK_SCHEDULER_ADDRESS=junk` and a plain `score` (accepted: one file "
         "is scored in this process)", SCORE, lambda d: [gold_file(d), "--resamples", "20"], 0, (),
         env=(("DASK_SCHEDULER_ADDRESS", "junk"),)),
    Case("synth_scheduler_junk", "`synth --scheduler junk`", ("synth",),
         lambda d: ["--docs", "2", "--out", str(d / "corpus"), "--scheduler", "junk"], 2, (f"newsprep synth: {SCHEDULER}",)),
    Case("url_without_its_backend_http", "an `http://` URL without fsspec's HTTP backend installed", SCORE,
         lambda d: ["http://127.0.0.1:9/sub.jsonl"], 1,
         ("reading http:// URLs needs the package aiohttp and requests: pip install aiohttp requests",)),
    Case("url_without_its_backend_s3", "an `s3://` URL without s3fs installed", SCORE, lambda d: ["s3://bucket/sub.jsonl"], 1,
         ("newsprep score: s3://bucket/sub.jsonl: reading s3:// URLs needs the package s3fs: pip install s3fs",)),
    Case("partitions_65536_on_six_lines", "`--partitions 65536` on a 6-line file (accepted, in bounded memory: the "
         "partitions are cut to the work)", SCORE, lambda d: [gold_file(d), "--partitions", "65536", "--resamples", "20"],
         0, (), process=MEMORY),
    Case("interrupt_while_the_local_cluster_starts", "Ctrl-C (SIGINT to the process group) while `--num-proc 2` starts "
         "its cluster", SCORE, lambda d: [gold_file(d), "--num-proc", "2", "--resamples", "0"], 130,
         ("newsprep score: interrupted",), report=False, process=STREAMS, setup="interrupt-group"),
)

# Class 5: hostile solution files for `exercise check`; each fails with a verdict, never a traceback or a hang.
REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "course" / "solutions" / "bio_spans.py"


def solution(code: str, *, reference: bool = False) -> Callable[[Path], list[str]]:
    """``exercise check bio-spans`` of a file holding ``code`` (after the reference solution's, if ``reference``)."""
    def build(folder: Path) -> list[str]:
        text = (REFERENCE.read_text(encoding="utf-8") + "\n" if reference else "") + code
        (folder / "mine.py").write_text(text, encoding="utf-8")
        return ["bio-spans", str(folder / "mine.py")]
    return build


def api(call: Callable[[], object]) -> Callable[[], object]:
    return call


def npe():
    import newsprep.eval
    return newsprep.eval


TOKENS = [("Putin", 0, 5), ("met", 6, 9)]
UNTRUSTED = "5. `exercise check` runs student code as untrusted code"
TYPES = "6. Public functions refuse wrong types with `InvalidInput` naming the argument"
HYGIENE = "8. Process hygiene"
CHECK = ("exercise", "check")
ENCODING = "a real process in an ASCII-only locale: its standard output once raised UnicodeEncodeError"
CASES += section(
    UNTRUSTED,
    Case("exercise_endless_loop", "a solution that loops for ever (`--time-limit 3`)", CHECK,
         lambda d: [*solution("def tags_to_spans(tokens, tags):\n    while True:\n        pass\n")(d), "--time-limit", "3"],
         1, ("got:      still running after 3 seconds; stopped",), verdict=True),
    Case("exercise_memory_hog", "a solution that asks for 8 GiB (`--memory-limit 2048`)", CHECK,
         lambda d: [*solution("def tags_to_spans(tokens, tags):\n    return bytearray(8 << 30)\n")(d), "--memory-limit", "2048"],
         1, ("got:      MemoryError (line 2 of DIR/mine.py)",), verdict=True),
    Case("exercise_deletes_the_dataset", "a right solution that deletes a data file of the dataset it is given", CHECK,
         solution("import os\nfrom newsprep.eval.data.dataset import dataset_dir\n"
                  "os.remove(dataset_dir() / 'data' / 'entities.jsonl')\n", reference=True), 1,
         ("case:     the dataset after your code ran", "data/entities.jsonl"), verdict=True),
    Case("exercise_always_equal", "a solution returning an object whose `==` is always true", CHECK,
         solution("class Always:\n    def __eq__(self, other):\n        return True\n    __hash__ = None\n\n"
                  "def tags_to_spans(tokens, tags):\n    return Always()\n\ndef misaligned(text, spans):\n    return Always()\n"), 1,
         ("got:      an object of type Always, not a plain value",), verdict=True),
    Case("exercise_str_subclass_equal", "a solution returning a str subclass whose `==` is always true", CHECK,
         solution("class Sneaky(str):\n    def __eq__(self, other):\n        return True\n    __hash__ = str.__hash__\n\n"
                  "def tags_to_spans(tokens, tags):\n    return [(0, 5, Sneaky('X'))]\n"), 1,
         ("got:      [(0, 5, 'X')]",), verdict=True),
    Case("exercise_os_exit", "a solution that calls `os._exit(0)`", CHECK,
         solution("import os\n\ndef tags_to_spans(tokens, tags):\n    os._exit(0)\n"), 1,
         ("got:      the process exited with status 0 before the check finished",), verdict=True),
    Case("exercise_closes_stdout", "a right solution that closes standard output", CHECK,
         solution("import os, sys\nsys.stdout.close()\nos.close(1)\n", reference=True), 1,
         ("case:     standard output and error after your code ran",), verdict=True),
    Case("exercise_deep_recursion", "a solution recursing without end (a crash of the interpreter, after "
         "`sys.setrecursionlimit`, is tested in tests/test_cli_exercise.py)", CHECK,
         solution("def deeper(n):\n    return deeper(n + 1) + 1\n\ndef tags_to_spans(tokens, tags):\n    return deeper(0)\n"), 1,
         ("got:      RecursionError: maximum recursion depth exceeded (line 2 of DIR/mine.py)",), verdict=True),
)
CASES += section(
    TYPES,
    *[Case(name, what, (text,), lambda d: [], 1, expect, report=False, call=call) for name, what, text, call, expect in [
        ("tags_scheme_none", "tag scheme None", "mentions_from_tags(tokens, tags, scheme=None)",
         lambda: npe().mentions_from_tags(TOKENS, ["B-PER", "O"], scheme=None), ("mentions_from_tags(scheme): type",)),
        ("tags_label_map_list", "`label_map` given as a list", 'mentions_from_tags(tokens, tags, label_map=["PER"])',
         lambda: npe().mentions_from_tags(TOKENS, ["B-PER", "O"], label_map=["PER"]), ("mentions_from_tags(label_map): type",)),
        ("tags_tokens_without_offsets", "token strings without offsets (once `Mention(start='u', end='t')`)",
         'mentions_from_tags(["Putin", "met"], tags)', lambda: npe().mentions_from_tags(["Putin", "met"], ["B-PER", "O"]),
         ("mentions_from_tags(tokens)[0]: token",)),
        ("hf_none", "pipeline output None", "mentions_from_hf(None)", lambda: npe().mentions_from_hf(None),
         ("mentions_from_hf(predictions): type",)),
        ("pairs_threshold_string", "a threshold given as a string", 'pair_records(scores, threshold="0.5")',
         lambda: npe().pair_records({("d000-s004", "d001-s003"): 0.5}, threshold="0.5"), ("pair_records(threshold): type",)),
        ("pairs_threshold_nan", "a NaN threshold (once: every pair labelled different without a word)",
         'pair_records(scores, threshold=float("nan"))',
         lambda: npe().pair_records({("d000-s004", "d001-s003"): 0.5}, threshold=float("nan")),
         ("pair_records(threshold): finite",)),
        ("pairs_plain_list", "scores as a plain list", "pair_records([0.5, 0.4], threshold=0.5)",
         lambda: npe().pair_records([0.5, 0.4], threshold=0.5), ("pair_records(scores): type",)),
        ("removed_spans_none", "an extractor that returned None", "removed_spans(text, None)",
         lambda: npe().removed_spans("Putin arrived.", None), ("removed_spans(kept): extracted", "html_page")),
        ("align_bytes", "kept text given as bytes", 'align_extracted(text, b"...")',
         lambda: npe().align_extracted("Putin arrived.", b"Putin arrived."), ("align_extracted(kept): type",)),
        ("spacy_object", "not a spaCy document", "mentions_from_spacy(object())", lambda: npe().mentions_from_spacy(object()),
         ("mentions_from_spacy(doc): type",)),
        ("score_gold_int", "`gold=123`", "score(records, gold=123)", lambda: npe().score([], gold=123), ("score(gold): type",)),
        ("load_list", "a list of config names", 'load(["documents"])', lambda: npe().load(["documents"]), ("load(name): type",)),
        ("validate_root_int", "`root=123`", "validate_data(root=123)", lambda: npe().validate_data(root=123),
         ("validate_data(root): type",)),
        ("data_version_no_manifest", "a folder without a manifest", 'data_version("/")', lambda: npe().data_version("/"),
         ("/manifest.json: -: manifest-readable (No such file or directory)",)),
        ("tokenize_bytes", "text given as bytes", 'tokenize(b"Putin")', lambda: npe().tokenize(b"Putin"), ("tokenize(text): type",)),
        ("write_submission_system_int", "a system name that is a number", 'write_submission(path, system=123, ...)',
         lambda: npe().write_submission("never-written.jsonl", system=123, entities={}), ("write_submission(system): type",)),
    ]],
)
CASES += section(
    MESSAGES,
    Case("memory_url_missing", "`score memory://x.jsonl` (nothing there)", SCORE, lambda d: ["memory://x.jsonl"], 1,
         ("memory://x.jsonl: -: readable (No such file or directory)",)),
    Case("merge_output_nested_too_deep", "`merge` of inputs whose header settings, nested in the merged header, go "
         "deeper than 64 levels", ("merge",), lambda d: [*merge_inputs(d, nested_settings(61), parts=2), "-o",
                                                          str(d / "merged.jsonl")], 1,
         ("DIR/merged.jsonl:1: -: depth (nested deeper than 64 levels)", "newsprep merge: 1 problem(s); nothing was written")),
    Case("merge_output_line_too_long", "`merge` of three inputs whose settings make a merged header over the line limit",
         ("merge",), lambda d: [*merge_inputs(d, {"notes": "x" * 4_000_000}, parts=3), "-o", str(d / "merged.jsonl")], 1,
         ("DIR/merged.jsonl:1: -: line-size", "nothing was written"), process=MEMORY,
         varies=r"(?<=line-size \()\d+(?= bytes)"),  # the header names the inputs, whose paths differ in length
)

CASES += section(
    HYGIENE,
    Case("ascii_locale_stdout", "an ASCII-only locale (`LC_ALL=C PYTHONIOENCODING=ascii`) and a message with a dash",
         VALIDATE, lambda d: [], 0, (), env=(("LC_ALL", "C"), ("PYTHONIOENCODING", "ascii")), process=ENCODING),
    Case("ascii_locale_table", "an ASCII-only locale and the summary table", ("summary",), lambda d: [], 0, (),
         env=(("LC_ALL", "C"), ("PYTHONIOENCODING", "ascii")), process=ENCODING),
    Case("sigint_ignored_kept", "SIGINT while score works, started with SIGINT ignored (`nohup ... &`): it goes on",
         SCORE, lambda d: [gold_file(d), "--resamples", "10000"], 0, (), process=STREAMS, setup="sigint-ignored"),
)
CASES += section(
    EARLIER,
    Case("dataset_unknown_top_file", "an unknown file at the top of a dataset folder", VALIDATE,
         dataset(with_file("notes.txt")), 1, ("notes.txt: -: release-contents (a file that is not part of the dataset",)),
    Case("dataset_unknown_top_folder", "an unknown folder at the top of a dataset folder", VALIDATE,
         dataset(with_file("extra/x.jsonl")), 1, ("extra: -: release-contents (a folder that is not part of the dataset",)),
    Case("dataset_annotation_deleted", "a dataset folder without `annotation/`", VALIDATE,
         dataset(lambda r: shutil.rmtree(r / "annotation")), 1, ("annotation: -: release-contents (folder is missing",)),
    Case("dataset_guidelines_deleted", "a dataset folder without `ANNOTATION_GUIDELINES.md`", VALIDATE,
         dataset(lambda r: (r / "ANNOTATION_GUIDELINES.md").unlink()), 1,
         ("ANNOTATION_GUIDELINES.md: -: release-contents (file is missing",)),
    Case("dataset_annotation_file_added", "a file in `annotation/` that the manifest does not list", VALIDATE,
         dataset(with_file("annotation/new.jsonl")), 1, ("annotation/new.jsonl: -: manifest-listed",)),
    Case("dataset_annotation_file_changed", "an annotation file changed", VALIDATE,
         dataset(edit_bytes("annotation/entities.pass_a.jsonl", lambda b: b + b"\n", manifest=False)), 1,
         ("annotation/entities.pass_a.jsonl: -: manifest-checksum",)),
    Case("dataset_raw_file_added", "a file in `raw/` that the manifest does not list", VALIDATE,
         dataset(with_file("raw/notes.md")), 1, ("raw/notes.md: -: manifest-listed",)),
    Case("gold_with_an_unknown_file_scored", "`--gold` copy holding an unknown file", SCORE,
         gold(with_file("report.txt")), 1, ("DIR/dataset/report.txt: -: release-contents", "nothing was scored")),
    Case("synth_paragraphs_huge", "`synth --paragraphs 1 1000000000`", ("synth",),
         lambda d: ["--docs", "2", "--out", str(d / "corpus"), "--paragraphs", "1", "1000000000"], 2,
         ("argument --paragraphs: 1000000000 is more than 1000",)),
    Case("synth_out_missing_parent", "`synth --out` in a folder that does not exist", ("synth",),
         lambda d: ["--docs", "2", "--out", str(d / "missing" / "corpus")], 2,
         ("newsprep synth: output folder DIR/missing/corpus: its folder DIR/missing does not exist",)),
    Case("export_out_missing_parent", "`export --out` in a folder that does not exist", ("export",),
         lambda d: ["--format", "conll", "--out", str(d / "missing" / "conll")], 2,
         ("newsprep export: output folder DIR/missing/conll: its folder DIR/missing does not exist",)),
    Case("resamples_with_underscore", "`--resamples 1_000` (Python's int() would take it)", SCORE,
         lambda d: [gold_file(d), "--resamples", "1_000"], 2, ("argument --resamples: '1_000' is not an integer",)),
    Case("seed_in_other_digits", "`--seed ١٢` (Arabic-Indic digits)", SCORE,
         lambda d: [gold_file(d), "--seed", "١٢"], 2, ("argument --seed: '١٢' is not an integer",)),
)

IMPORTS = "10. Imports: an annotation tool's export"
IMPORT = ("import",)
EXPORT_TEXT = "Putin visits Hanoi\nVietnam and Russia signed deals."


def export_file(name: str, content: str | bytes) -> Callable[[Path], Path]:
    """Write one file of an export (under ``src/`` for a brat folder) and return the path to import."""
    def build(folder: Path) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return folder / "src" if name.startswith("src/") else path
    return build


def imported(fmt: str, *files: Callable[[Path], Path], extra: tuple[str, ...] = ()) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        src = [make(folder) for make in files][0]
        return ["--format", fmt, str(src), "--out", str(folder / "out"), *(a.replace("DIR", str(folder)) for a in extra)]
    return build


def labelstudio_export(*results: tuple[str, int, int, str, str]) -> str:
    return json.dumps([{"id": 7, "data": {"text": EXPORT_TEXT}, "annotations": [{"id": 1, "result": [
        {"id": rid, "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": s, "end": e, "text": surface, "labels": [label]}} for rid, s, e, label, surface in results]}]}])


CASES += section(
    IMPORTS,
    Case("import_brat_overlap", "brat spans that overlap", IMPORT,
         imported("brat", export_file("src/a.txt", EXPORT_TEXT),
                  export_file("src/a.ann", "T1\tGPE 13 18\tHanoi\nT2\tLOC 6 18\tvisits Hanoi\n")), 1,
         ("DIR/src/a.ann: T1: no-overlap (mention [13, 18) overlaps [6, 18) (T2))", "nothing was written")),
    Case("import_doccano_offset_past_text", "doccano span past the end of its text", IMPORT,
         imported("doccano", export_file("x.jsonl", json.dumps({"text": EXPORT_TEXT, "label": [[40, 90, "GPE"]]}) + "\n")), 1,
         ("DIR/x.jsonl:1: label 0: offset-in-range ([40, 90) lies outside the text of 51 characters)",)),
    Case("import_labelstudio_surface", "Label Studio result whose text disagrees with the span", IMPORT,
         imported("labelstudio", export_file("x.json", labelstudio_export(("r1", 13, 18, "GPE", "Hue")))), 1,
         ("DIR/x.json: task 7, result 'r1': surface-text (the export says 'Hue', the text at [13, 18) is 'Hanoi')",)),
    Case("import_conll_unknown_label", "CoNLL tag of a type no label map names", IMPORT,
         imported("conll", export_file("x.conll", "-DOCSTART- -X- O O\n\nPutin B-City\nleft O\n")), 1,
         ("DIR/x.conll:3: line 3: unknown-label (label 'City' (1 span) is not in the label map",)),
    Case("import_brat_bad_utf8", "brat text file that is not UTF-8", IMPORT,
         imported("brat", export_file("src/a.txt", b"Putin \xff"), export_file("src/a.ann", "T1\tPERSON 0 5\tPutin\n")), 1,
         ("DIR/src/a.txt:1: -: utf-8",)),
    Case("import_docbin_not_a_docbin", "`--format docbin` given a file that is not a DocBin", IMPORT,
         imported("docbin", export_file("x.spacy", b"\xffnot a docbin")), 1, ("DIR/x.spacy: -: docbin",)),
    Case("import_label_map_bad_target", "a label map whose target is not an OntoNotes type", IMPORT,
         imported("conll", export_file("x.conll", "Putin B-PER\n"), export_file("labels.csv", "PER,Person\n"),
                  extra=("--labels", "DIR/labels.csv")), 1,
         ("PER: label-target ('Person' is not an OntoNotes type",)),
    Case("import_out_inside_the_export", "`import --out` inside the brat folder it reads", IMPORT,
         lambda d: ["--format", "brat", str(export_file("src/a.txt", EXPORT_TEXT)(d)), "--out", str(d / "src" / "out")], 2,
         ("--out DIR/src/out: the export DIR/src is, holds or lies inside it",)),
)


def _link(path: Path, target: Path) -> Path:
    path.symlink_to(target)
    return path


# --- running ----------------------------------------------------------------------------------------

def arguments(case: Case, folder: Path) -> list[str]:
    args = [*case.command, *case.build(folder)]
    if case.writes_report:
        out = folder / "out"
        out.mkdir()
        (out / "report.txt").write_text(EARLIER_REPORT)
        os.utime(out / "report.txt", (1e9, 1e9))
        args += ["-o", str(out / "report.txt")]
    return args


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder`` (links not followed) with its mode, and for a non-folder its size and
    modification time (a folder's own time moves when a temporary file comes and goes; its entries tell)."""
    found = {}
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            info = os.lstat(os.path.join(base, name))
            kept = (info.st_mode,) if name in dirs else (info.st_mode, info.st_size, info.st_mtime_ns)
            found[os.path.relpath(os.path.join(base, name), folder)] = kept
    return found


def run(case: Case, folder: Path, *, child: bool | None = None) -> Outcome:
    """Run one case in its folder: in a child process if ``case.process`` says why (or ``child``), else here."""
    folder.mkdir(parents=True)
    args = arguments(case, folder)
    before = snapshot(folder)
    started = time.monotonic()
    runner = in_call if case.call else in_child if (bool(case.process) if child is None else child) else in_process
    code, stdout, stderr = runner(case, folder, args)
    seconds = time.monotonic() - started
    after = snapshot(folder)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    stderr = stderr.replace(str(folder), "DIR")
    if case.varies:
        stderr = re.sub(case.varies, "N", stderr)
    if case.verdict:  # exercise check's verdict names the solution's file
        stdout = stdout.replace(str(folder), "DIR")
    if _HTTP:
        stderr = stderr.replace(f"127.0.0.1:{_HTTP[0].server_address[1]}", "127.0.0.1:PORT")
    return Outcome(code, stdout, stderr, seconds, changed)


@contextlib.contextmanager
def environment(case: Case, folder: Path):
    """The case's environment variables set in this process for the command, and put back after."""
    saved = {name: os.environ.get(name) for name, _ in case.env}
    for name, value in case.env:
        os.environ[name] = value.replace("DIR", str(folder))
    if any(name == "TMPDIR" for name, _ in case.env):
        tempfile.tempdir = None  # tempfile reads TMPDIR once and keeps it
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        tempfile.tempdir = None


def child_env(case: Case, folder: Path) -> dict[str, str]:
    return {**os.environ, **{name: value.replace("DIR", str(folder)) for name, value in case.env}}


def in_call(case: Case, folder: Path, args: list[str]) -> tuple[int, str, str]:
    """A call of the Python API, in the case's folder: exit 1 and the exception's type and message for an error
    of the package, 0 for a result; any other exception propagates (the test fails on it)."""
    from newsprep.eval.errors import NewsPrepError

    assert case.call is not None
    here = os.getcwd()
    os.chdir(folder)
    try:
        case.call()
    except NewsPrepError as err:
        return 1, "", f"{type(err).__name__}: {err}\n"
    finally:
        os.chdir(here)
    return 0, "", ""


def in_process(case: Case, folder: Path, args: list[str]) -> tuple[int, str, str]:
    with open_refused(folder / case.deny_open if case.deny_open else None), writes_failing(folder, case.fail_writes), \
            environment(case, folder):
        try:
            done = run_cli(*args)
        except Exception:  # what a child process would have printed: the case fails on its own, not the others
            return 1, "", traceback.format_exc()
    return done.code, done.out, done.err


def in_child(case: Case, folder: Path, args: list[str]) -> tuple[int, str, str]:
    """``python -m newsprep.eval ARGS`` under the memory cap, the time limit and the case's file-size limit."""
    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        if case.file_size_cap:
            resource.setrlimit(resource.RLIMIT_FSIZE, (case.file_size_cap, case.file_size_cap))

    if case.setup:
        return with_streams(case, folder, args)
    done = subprocess.run([sys.executable, "-m", "newsprep.eval", *args], capture_output=True, text=True,
                          timeout=TIME_LIMIT_S, preexec_fn=limits, env=child_env(case, folder))
    return done.returncode, done.stdout, done.stderr


def with_streams(case: Case, folder: Path, args: list[str]) -> tuple[int, str, str]:
    """The console script with standard output closed from the start, its reader gone before it writes, SIGINT
    once it is at work, or its working folder deleted."""
    command = [str(SCRIPT) if SCRIPT.exists() else sys.executable, *([] if SCRIPT.exists() else ["-m", "newsprep.eval"]), *args]
    if case.setup == "stdout-closed":
        done = subprocess.run(command, stderr=subprocess.PIPE, text=True, timeout=TIME_LIMIT_S,
                              preexec_fn=lambda: os.close(1))
        return done.returncode, "", done.stderr
    if case.setup == "cwd-deleted":
        gone = folder / "gone"
        gone.mkdir()
        done = subprocess.run(["sh", "-c", 'cd "$1" && rmdir "$1" && shift && exec "$@"', "sh", str(gone), *command],
                              capture_output=True, text=True, timeout=TIME_LIMIT_S)
        return done.returncode, done.stdout, done.stderr
    if case.setup == "interrupt-group":
        return interrupt_group(command, case, folder)
    if case.setup == "reader-gone":
        # The read end closed before the command starts, so that its first write finds no reader. Regression: closed
        # just after the start, a loaded machine let the command write its few lines first (exit 0, a flaky case).
        read, write = os.pipe()
        os.close(read)
        try:
            done = subprocess.run(command, stdout=write, stderr=subprocess.PIPE, text=True, timeout=TIME_LIMIT_S,
                                  env=child_env(case, folder), start_new_session=True)
        finally:
            os.close(write)
        return done.returncode, "", done.stderr
    # A session of its own, SIGINT at its default action (or ignored, for "sigint-ignored") whatever this process
    # inherited (a suite started by nohup ... & ignores it), and the whole session killed at the end, whatever happens.
    ignored = case.setup == "sigint-ignored"
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env=child_env(case, folder),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN if ignored else signal.SIG_DFL))
    try:
        deadline = time.monotonic() + (1 if ignored else TIME_LIMIT_S)  # at work: the output's temporary folder exists
        while not any(p.name.startswith(".") for p in folder.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=TIME_LIMIT_S)
        return proc.returncode, stdout, stderr
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


def interrupt_group(command: list[str], case: Case, folder: Path) -> tuple[int, str, str]:
    """Ctrl-C at a terminal: SIGINT to the command's whole process group, once it has started a child (a
    local cluster's first process). The command runs in a session of its own with SIGINT at its default
    action, and whatever is left of the group is killed at the end, whatever happens."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env=child_env(case, folder), preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + TIME_LIMIT_S
        while not child_processes(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=TIME_LIMIT_S)
        return proc.returncode, stdout, stderr
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


_HTTP: list = []  # a plain HTTP server in this process, started on first use: a port where no Dask scheduler listens


def http_port() -> int:
    """The port of a plain HTTP server (a thread of this process, stopped at exit)."""
    if not _HTTP:
        import atexit
        import http.server
        import threading

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        atexit.register(server.shutdown)
        _HTTP.append(server)
    return _HTTP[0].server_address[1]


@contextlib.contextmanager
def writes_failing(folder: Path, code: int):
    """Every file under ``folder`` opened for writing fails with ``code`` (ENOSPC: a full disk; EIO: a failing
    device), through ``open``, ``io.open`` and ``os.open`` alike; reading is untouched."""
    import io

    if not code:
        yield
        return
    real_open, real_os_open, inside = builtins.open, os.open, os.path.abspath(folder) + os.sep

    def failing(file) -> None:
        if isinstance(file, (str, os.PathLike)) and os.path.abspath(os.fspath(file)).startswith(inside):
            raise OSError(code, os.strerror(code), os.fspath(file))

    def open_(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+"):
            failing(file)
        return real_open(file, mode, *args, **kwargs)

    def os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            failing(path)
        return real_os_open(path, flags, *args, **kwargs)

    builtins.open = io.open = open_  # type: ignore[assignment]
    os.open = os_open  # type: ignore[assignment]
    try:
        yield
    finally:
        builtins.open = io.open = real_open
        os.open = real_os_open


@contextlib.contextmanager
def open_refused(path: Path | None):
    """``builtins.open`` refusing ``path``, as chmod 000 would for a user other than root (root reads anything)."""
    if path is None:
        yield
        return
    real_open, denied = builtins.open, os.path.abspath(path)

    def open_unless_denied(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.path.abspath(os.fspath(file)) == denied:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    builtins.open = open_unless_denied
    try:
        yield
    finally:
        builtins.open = real_open


class Runs:
    """Each case run once, in its own folder; ``all`` runs the child-process cases side by side while
    the others run here, one after the other (they share this process's standard streams)."""

    def __init__(self, root: Path):
        self.root, self.done = root, {}

    def get(self, case: Case) -> Outcome:
        if case.name not in self.done:
            self.done[case.name] = run(case, self.root / case.name)
        return self.done[case.name]

    def all(self) -> list[Outcome]:
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            children = [pool.submit(self.get, case) for case in CASES if case.process]
            for case in CASES:
                if not case.process:
                    self.get(case)
            for future in children:
                future.result()
        return [self.done[case.name] for case in CASES]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Runs:
    return Runs(tmp_path_factory.mktemp("bad-input"))


# --- the table in docs/bad-input.md -----------------------------------------------------------------

BEGIN, END = "<!-- cases: begin (generated by python -m tests.test_bad_input) -->", "<!-- cases: end -->"


def cell(text: str) -> str:
    """Message lines as code spans, one per line of the cell."""
    lines = text.strip("\n").split("\n")
    if lines[0].startswith("usage:"):  # argparse: the first usage line and the error
        lines = [lines[0] + " …", lines[-1]]
    elif len(lines) > 6:
        lines = lines[:3] + [f"… {len(lines) - 5} more lines …"] + lines[-2:]
    spans = [f"`` {l} ``" if "`" in l else f"`{l}`" for l in lines]
    return "<br>".join(spans).replace("|", "\\|")


def table(outcomes: list[Outcome]) -> str:
    """One table per section (the first without a heading), one row per case."""
    head = ["| case | command | exit | what the user sees (standard error) |", "|---|---|---|---|"]
    rows, section = [BEGIN, "", *head], ""
    for case, out in zip(CASES, outcomes):
        if case.section != section:
            section = case.section
            verdicts = any(c.verdict for c in CASES if c.section == section)
            rows += ["", f"### {section}", "", *([head[0].replace("standard error", "standard output: the verdict")]
                                                 if verdicts else head[:1]), head[1]]
        command = case.command[0] if case.call else " ".join(["newsprep", *case.command])
        if case.verdict:
            message = cell(out.stdout)
        elif out.stderr.strip():
            message = cell(out.stderr)
        elif out.code:
            message = "(nothing printed)"
        else:
            message = "(accepted: " + (out.stdout.strip().split("\n")[0] or "report written") + ")"
        rows.append(f"| {case.what} | `{command}` | {out.code} | {message} |")
    return "\n".join(rows + ["", END])


def documented_table() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(BEGIN):text.index(END) + len(END)]


# --- tests ------------------------------------------------------------------------------------------

@pytest.mark.slow  # every case, the child processes and waits included
def test_docs_table_is_current(runs):
    """Runs every case (those in a child process side by side) and compares the table with what the commands print."""
    assert documented_table() == table(runs.all()), "docs/bad-input.md is stale: run python -m tests.test_bad_input"


# Cases that take seconds each: a child process (its start-up and imports), or a wait the case is about.
WAITS = {"scheduler_is_a_web_server", "exercise_endless_loop"}  # the 10 s connect timeout; a 3 s time limit


def marked(case: Case):
    return pytest.param(case, marks=pytest.mark.slow) if case.process or case.name in WAITS else case


@pytest.mark.parametrize("case", [marked(c) for c in CASES], ids=lambda c: c.name)
def test_bad_input(case, runs):
    out = runs.get(case)
    assert out.code == case.code, out.stderr
    assert "Traceback" not in out.stderr, out.stderr
    for fragment in case.expect:
        assert fragment in (out.stdout if case.verdict else out.stderr)
    assert out.seconds < TIME_LIMIT_S
    if case.code:
        assert case.verdict or out.stdout == "", "nothing is printed or scored"
        assert out.changed == [], "a failed command leaves every file as it was, and no temporary file"
    else:
        assert out.changed == (["out/report.txt"] if case.writes_report else []), out.changed


def test_accepted_symlink_report_is_whole(runs):
    case = next(c for c in CASES if c.name == "symlink_to_valid_file")
    runs.get(case)
    report = (runs.root / case.name / "out" / "report.txt").read_text()
    assert report.startswith("NewsPrep scores for system 'test'") and report.endswith("\n")
    assert "Signatures:" in report


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file; the simulated case covers the message")
def test_chmod_000_file(tmp_path):
    path = Path(gold_file(tmp_path))
    path.chmod(0)
    try:
        done = run_cli("score", path)
    finally:
        path.chmod(0o644)
    assert done.code == 1 and done.out == ""
    assert f"{path}: -: readable (Permission denied)" in done.err and "Traceback" not in done.err


@pytest.mark.slow  # three child processes
def test_normal_path_fits_the_cap(tmp_path):
    """The memory cap leaves room for real work: every task scored and compared, the data validated."""
    from newsprep.eval import records

    rows = [header()] + gold_boilerplate_records()
    rows += [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in records("entities")]
    rows += [pair(a=r["a"], b=r["b"], score=r["score"]) for r in records("duplicate_pairs")]
    path = sub(tmp_path, rows)

    def capped(*args):
        return subprocess.run([sys.executable, "-m", "newsprep.eval", *args], capture_output=True, text=True,
                              timeout=TIME_LIMIT_S * 3, preexec_fn=lambda: resource.setrlimit(
                                  resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP)))
    for args in (("score", path, "--resamples", "100"), ("compare", path, path, "--resamples", "100"), ("validate-data",)):
        done = capped(*args)
        assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize("name", ["truncated_file", "compare_no_shared_task", "symlink_loop", "seed_negative_traceback",
                                  "gold_duplicate_record", "baselines_out_is_file_traceback"])
@pytest.mark.slow  # a child process each
def test_in_process_run_equals_a_child_process(name, tmp_path):
    """The table shows what a user sees: a case run here prints what ``python -m newsprep.eval`` prints."""
    case = next(c for c in CASES if c.name == name)
    assert not case.process
    here, child = run(case, tmp_path / "here", child=False), run(case, tmp_path / "child", child=True)
    assert (here.code, here.stdout, here.stderr, here.changed) == (child.code, child.stdout, child.stderr, child.changed)
    assert here.code == case.code


def test_limits_of_the_process_are_kept_for_the_cases_that_need_them():
    """Every case that makes a 1 GiB input, a pipe or a write failure runs in a child process."""
    children = {c.name for c in CASES if c.process}
    assert {"gigantic_file", "compare_gigantic_file", "gigantic_data_file_read_whole", "line_over_limit",
            "named_pipe", "data_file_is_named_pipe", "write_failure_traceback"} <= children
    assert len(children) < len(CASES) / 4  # the rest run in this process


def test_every_case_has_a_unique_name():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)) and all(re.fullmatch(r"[a-z0-9_]+", n) for n in names)


def valid_calls(folder: Path) -> dict[str, dict]:
    """A call of each public function that works, by keyword (class 6 takes one argument at a time out of it)."""
    from newsprep.eval.data.tokens import tokenize

    tokens = tokenize("Putin met To Lam")
    path = gold_file(folder)
    docs = ("d000", "d001", "d002", "d003", "d004")
    export = folder / "export.jsonl"
    export.write_text('{"text": "Putin met To Lam.", "label": [[0, 5, "PERSON"]]}\n', encoding="utf-8")
    return {
        "import_corpus": {"fmt": "doccano", "src": str(export), "out": str(folder / "imported")},
        "init_corpus": {"out": str(folder / "init"), "name": "mine"},
        "load": {"name": "documents"}, "records": {"name": "documents"}, "documents": {}, "data_version": {},
        "validate_data": {}, "folds": {"name": "tokens"}, "read_submission": {"source": path},
        "merge_submissions": {"paths": [path]}, "score": {"records": [{"task": "entities", "doc": d, "mentions": []}
                                                                      for d in docs], "resamples": 0},
        "score_file": {"path": path, "resamples": 0}, "compare": {"a": path, "b": path, "resamples": 10},
        "mentions_from_tags": {"tokens": tokens, "tags": ["B-PER", "O", "B-PER", "I-PER"]},
        "entities_record": {"doc": "d000", "tokens": tokens, "tags": ["B-PER", "O", "B-PER", "I-PER"]},
        "mentions_from_hf": {"predictions": [{"entity_group": "PER", "start": 0, "end": 5}]},
        "mentions_from_hf_windows": {"pipe": lambda text: [{"entity_group": "PER", "start": 0, "end": 5}],
                                     "text": "Putin met To Lam", "window_chars": 8, "stride": 2},
        "group_records": {"records": [{"task": "entities", "doc": "d000", "mentions": []}]},
        "html_page": {"text": "Putin met\nTo Lam"},
        "mentions_record": {"doc": "d000", "mentions": []}, "spans_record": {"doc": "d000", "spans": []},
        "removed_spans": {"text": "a\nb", "kept": "a"}, "align_extracted": {"text": "a\nb", "kept": "a"},
        "pair_records": {"scores": {("d000-s004", "d001-s003"): 0.5}, "threshold": 0.4},
        "tokenize": {"text": "Putin met"}, "spans_to_tags": {"tokens": tokens, "spans": [(0, 5, "PERSON")]},
        "tags_to_spans": {"tokens": tokens, "tags": ["B-PER", "O", "O", "O"]},
        "write_atomic": {"path": str(folder / "atomic.txt"), "text": "hi"},
        "progress_bar": {"desc": "running", "total": 3},
        "write_submission": {"path": str(folder / "written.jsonl"), "system": "x", "entities": {d: [] for d in docs}},
        "mentions_from_spacy": {"doc": types.SimpleNamespace(ents=[])},
        "holm": {"p_values": [0.01, 0.04]},
        "measured_coverage": {"task": "entities", "view": "all", "metric": "strict", "average": "micro",
                              "statistic": "f1", "data_version": "0.6.0"},
    }


WRONG_TYPES = [None, 123, 1.5, float("nan"), True, object(), b"bytes", ["x"], {"x": 1}]


def test_every_public_function_refuses_wrong_types_with_an_error_of_the_package(tmp_path):
    """Class 6 as a whole, not its examples: every argument of every public function, given values of the wrong
    type one at a time, raises an error of the package (InvalidInput, or UsageError for an option) naming the
    argument, never TypeError or AttributeError from inside, and never returns a result made from it."""
    import inspect
    import typing

    import newsprep.eval as npe
    from newsprep.eval.errors import matches

    functions = {name for name in npe.__all__ if inspect.isfunction(getattr(npe, name))}
    calls = valid_calls(tmp_path)
    assert functions == set(calls), "give the new public function a valid call here"
    failures = []
    for name, kwargs in calls.items():
        function = getattr(npe, name)
        function(**kwargs)
        hints = typing.get_type_hints(function.__wrapped__)
        for param in inspect.signature(function).parameters.values():
            for wrong in WRONG_TYPES:
                if param.name not in hints or matches(wrong, hints[param.name]):
                    continue  # a value of the right type, if not the right value: not this test's business
                try:
                    function(**{**kwargs, param.name: wrong})
                except npe.NewsPrepError as err:
                    if param.name not in str(err) and not isinstance(err, npe.UnknownConfig):
                        failures.append(f"{name}({param.name}={wrong!r:.20}): {type(err).__name__} without the name: "
                                        f"{str(err)[:120]}")
                except Exception as err:
                    failures.append(f"{name}({param.name}={wrong!r:.20}): {type(err).__name__}: {str(err)[:120]}")
                else:
                    failures.append(f"{name}({param.name}={wrong!r:.20}): returned a result")
    assert failures == [], "\n".join(failures)


def main() -> None:
    """Rewrite the generated table of docs/bad-input.md from fresh runs of every case."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = table(Runs(Path(folder)).all())
    text = DOC.read_text(encoding="utf-8")
    DOC.write_text(text[:text.index(BEGIN)] + fresh + text[text.index(END) + len(END):], encoding="utf-8")
    print(f"rewrote the table in {DOC.relative_to(REPO)}")


if __name__ == "__main__":
    main()
