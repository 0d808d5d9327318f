"""docs/tutorial.md runs: every ```python block in order, in one namespace, in a
fresh working folder; a ```text block right after a code block is what that
code must print, exactly."""
import contextlib
import io
import re
from pathlib import Path

import pytest

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def steps(markdown: str) -> list[tuple[int, str, str | None]]:
    """``(number, code, expected output or None)`` for each python block, numbered from 1."""
    blocks = list(FENCE.finditer(markdown))
    out = []
    for i, block in enumerate(blocks):
        if block.group(1) != "python":
            continue
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        expected = (after.group(2) if after and after.group(1) == "text"
                    and not markdown[block.end():after.start()].strip() else None)
        out.append((len(out) + 1, block.group(2), expected))
    return out


def test_the_fence_parser_pairs_code_with_the_output_right_after_it():
    md = "```python\nprint(1)\n```\n\n```text\n1\n```\nprose\n```python\nx = 2\n```\nmore\n```text\nnot mine\n```\n"
    assert steps(md) == [(1, "print(1)\n", "1\n"), (2, "x = 2\n", None)]


def test_tutorial_runs_and_prints_what_it_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    found = steps(TUTORIAL.read_text(encoding="utf-8"))
    assert len(found) >= 15 and sum(e is not None for _, _, e in found) >= 15
    namespace: dict = {"__name__": "tutorial"}
    for number, code, expected in found:
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                exec(compile(code, f"tutorial block {number}", "exec"), namespace)
        except Exception as err:
            pytest.fail(f"tutorial block {number} raised {type(err).__name__}: {err}\n{code}")
        if expected is not None:
            assert printed.getvalue() == expected, f"tutorial block {number} printed:\n{printed.getvalue()}"
