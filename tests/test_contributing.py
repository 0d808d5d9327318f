"""CONTRIBUTING.md's worked examples (add a metric, a task, a baseline, an adapter) run as written, in order, in
one namespace, and print what their comments show; the registry is as it was after them."""
from __future__ import annotations

import contextlib
import io
import re

import newsprep.eval as npe
import newsprep.eval.tasks as tasks
from tests.conftest import REPO
from tests.test_readme_python import shown_outputs

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", GUIDE, re.S)


def test_every_worked_example_prints_what_it_shows(monkeypatch):
    monkeypatch.chdir(REPO)  # the examples name results/submissions/... relative to the checkout
    code = blocks()
    assert len(code) == 4, "one example per kind of contribution: metric, task, baseline, adapter"
    namespace: dict = {}
    for number, block in enumerate(code, start=1):
        expected = shown_outputs(block)
        assert expected, f"example {number} shows no output"
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, f"CONTRIBUTING.md example {number}", "exec"), namespace)
        assert out.getvalue().splitlines() == expected, f"example {number}"
    assert tasks.names() == npe.TASKS and type(tasks.get("boilerplate")).__name__ == "Boilerplate"


def test_the_guide_names_the_habits_of_a_commit():
    for habit in ("make test", "duplicate-code", "tests/test_architecture.py", "make run"):
        assert habit in GUIDE
