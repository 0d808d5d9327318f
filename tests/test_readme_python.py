"""The README's Python example runs as written and prints what its comments say."""
from __future__ import annotations

import contextlib
import io
import re

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def using_it_block() -> str:
    section = README[README.index("## Using it"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def shown_outputs(code: str) -> list[str]:
    """What the comments show as printed: ``print(...)  # 0.630`` and ``# line`` after a loop that prints."""
    shown = []
    lines = code.splitlines()
    for i, line in enumerate(lines):
        inline = re.match(r"\s*print\(.*\)\s+#\s+(\S.*)$", line)
        if inline and re.match(r"[-+0-9\[]", inline.group(1)):
            shown.append(inline.group(1))
        if line.startswith("# ") and i and (lines[i - 1].lstrip().startswith("print(") or lines[i - 1].startswith("# ")):
            shown.append(line[2:])
    return shown


def test_using_it_example_prints_what_it_shows(monkeypatch):
    monkeypatch.chdir(REPO)  # the example names results/submissions/... relative to the checkout
    code = using_it_block()
    expected = shown_outputs(code)
    assert len(expected) >= 3, expected
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    for line in expected:
        assert line in printed, f"README shows {line!r}; the code printed {printed}"
