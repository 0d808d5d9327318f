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


GLUE_SECTION = re.compile(r"^## \d+\. Glue lines.*?(?=^## )", re.S | re.M)
TABLE_ROW = re.compile(r"^\| ([^|]+?) \| ([^|]+?) \| (\d+) \|$", re.M)


def glue_counts(markdown: str) -> tuple[dict[str, int], dict[str, int]]:
    """The glue-line table of the tutorial, ``{"system, as people run it": lines}``, and the same counted in the
    code: the lines marked ``# glue`` in each block that starts with ``# system: <system>, <as people run it>``."""
    section = GLUE_SECTION.search(markdown)
    assert section, "no section '## N. Glue lines' in the tutorial"
    table = {f"{system}, {run}": int(n) for system, run, n in TABLE_ROW.findall(section.group())
             if not set(system) <= {"-"} and system != "system"}
    counted = {}
    for _, code, _ in steps(section.group()):
        first = code.splitlines()[0]
        if first.startswith("# system: "):
            counted[first.removeprefix("# system: ")] = sum(line.rstrip().endswith("# glue") for line in code.splitlines())
    return table, counted


def test_the_glue_table_counts_the_glue_of_the_code_it_stands_beside():
    table, counted = glue_counts(TUTORIAL.read_text(encoding="utf-8"))
    assert table == counted
    assert {"spaCy", "Hugging Face token classification", "BIO tags", "trafilatura", "boilerpy3", "readability",
            "similarity matrix", "merge"} <= {key.split(",")[0] for key in table}
    assert sum(key.startswith("Hugging Face") for key in table) == 2  # per segment and in windows
    assert all(0 < n <= 2 for n in table.values()), table


def test_the_glue_counter_counts_marked_lines_and_reads_the_table():
    md = ("## 8. Glue lines\n\n| system | as people run it | glue lines |\n|---|---|---|\n| x | per doc | 2 |\n\n"
          "```python\n# system: x, per doc\na = 1  # glue\nb = 2\nc = 3  # glue\n```\n\n## Where next\n")
    assert glue_counts(md) == ({"x, per doc": 2}, {"x, per doc": 2})
    assert glue_counts(md.replace("c = 3  # glue", "c = 3")) == ({"x, per doc": 2}, {"x, per doc": 1})
