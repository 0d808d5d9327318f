"""docs/own-corpus.md runs: in a new folder, every ```python block in order in one namespace (a ```text
block right after one is what it must print), and every ```console block's ``$ newsprep ...`` commands,
each followed by exactly what it prints (standard output, then standard error)."""
from __future__ import annotations

import contextlib
import io
import re
import shlex

from tests.conftest import REPO, run_cli

PAGE = REPO / "docs" / "own-corpus.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def blocks(markdown: str) -> list[tuple[str, str, str | None]]:
    """``(kind, body, expected)``: python blocks with the text block right after them, console blocks."""
    found = list(FENCE.finditer(markdown))
    out = []
    for i, block in enumerate(found):
        after = found[i + 1] if i + 1 < len(found) else None
        if block.group(1) == "python":
            expected = (after.group(2) if after and after.group(1) == "text"
                        and not markdown[block.end():after.start()].strip() else None)
            out.append(("python", block.group(2), expected))
        elif block.group(1) == "console":
            out.append(("console", block.group(2), None))
    return out


def commands(console: str) -> list[tuple[str, str]]:
    """``(command, what it prints)`` of each ``$ `` line of a console block."""
    parts = re.split(r"^\$ (.*)\n", console, flags=re.M)
    return list(zip(parts[1::2], parts[2::2]))


def test_the_console_parser_pairs_each_command_with_its_output():
    assert commands("$ newsprep a\none\ntwo\n$ newsprep b\n") == [("newsprep a", "one\ntwo\n"), ("newsprep b", "")]


def test_the_page_runs_and_prints_what_it_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / ".hf"))
    found = blocks(PAGE.read_text(encoding="utf-8"))
    assert sum(kind == "console" for kind, _, _ in found) >= 4 and sum(e is not None for _, _, e in found) >= 2
    namespace: dict = {"__name__": "own_corpus"}
    for number, (kind, body, expected) in enumerate(found, start=1):
        if kind == "python":
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(body, f"own-corpus block {number}", "exec"), namespace)
            assert expected is None or printed.getvalue() == expected, f"block {number} printed:\n{printed.getvalue()}"
            continue
        for command, shown in commands(body):
            words = shlex.split(command)
            assert words[0] == "newsprep"
            ran = run_cli(*words[1:])
            assert ran.out + ran.err == shown, f"block {number}: $ {command}\n{ran.out}{ran.err}"
            assert (ran.code == 0) == ("problem(s)" not in shown), f"block {number}: $ {command} exited {ran.code}"
    assert (tmp_path / "values.html").stat().st_size > 1000
    assert not (tmp_path / "second").exists()  # the bad export wrote nothing
