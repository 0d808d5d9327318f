"""The notebooks of docs/notebooks/ are current (each equals a fresh jupytext conversion of its source, by
``docs/make_notebooks.py``) and run: executed with nbclient in a kernel of this interpreter, offline, in a
fresh folder. The tutorial draws its figure inline; an exercise notebook shows FAIL with the starter's
functions and PASS with the reference solution's, and then runs the cell that uses them."""
from __future__ import annotations

import importlib.util
import json
import sys

import nbclient  # the extra notebooks, which the extra test includes: the notebooks are always run
import nbformat
import pytest

from newsprep.course.exercises import solution_path
from tests.conftest import REPO

NOTEBOOKS = REPO / "docs" / "notebooks"


def make_notebooks():
    spec = importlib.util.spec_from_file_location("make_notebooks", REPO / "docs" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = make_notebooks()


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """A kernel spec named python3 that starts this interpreter, found before any other (``JUPYTER_PATH``)."""
    home = tmp_path_factory.mktemp("jupyter")
    spec = home / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)", "language": "python"}), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(home))
        patch.setenv("HF_DATASETS_OFFLINE", "1")
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        yield "python3"


def execute(text: str, kernel: str, folder) -> list[dict]:
    """Run a notebook in ``folder``; returns its code cells with their outputs (an error fails the test)."""
    nb = nbformat.reads(text, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=kernel, timeout=600, resources={"metadata": {"path": str(folder)}})
    client.execute()
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def printed(cells: list[dict]) -> str:
    return "".join(out.get("text", "") for cell in cells for out in cell.outputs if out.output_type == "stream")


def images(cells: list[dict]) -> int:
    return sum("image/png" in out.get("data", {}) for cell in cells for out in cell.outputs)


@pytest.mark.parametrize("name", sorted(MAKE.sources()))
def test_the_notebook_is_a_fresh_conversion_of_its_source(name):
    fresh = MAKE.notebook(MAKE.sources()[name])
    assert (NOTEBOOKS / name).read_text(encoding="utf-8") == fresh, \
        f"docs/notebooks/{name} is stale: run python docs/make_notebooks.py"
    assert all(not cell.get("outputs") for cell in json.loads(fresh)["cells"]), "committed without outputs"


@pytest.mark.slow  # a Jupyter kernel runs the notebook
def test_the_tutorial_notebook_runs_and_draws_inline(kernel, tmp_path):
    cells = execute((NOTEBOOKS / "tutorial.ipynb").read_text(encoding="utf-8"), kernel, tmp_path)
    assert len(cells) >= 15 and all(cell.execution_count for cell in cells)
    assert images(cells) >= 1, "the figure of per-type F1 is drawn inline"
    assert "14 types; PERSON 0.29" in printed(cells)
    assert (tmp_path / "rules.jsonl").is_file()


@pytest.mark.parametrize("name", sorted(MAKE.AFTERWARDS))
@pytest.mark.slow  # a Jupyter kernel runs the notebook, twice
def test_an_exercise_notebook_fails_with_the_starter_and_passes_with_the_reference(name, kernel, tmp_path):
    cells = execute((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"), kernel, tmp_path)
    assert f"FAIL {name}: " in printed(cells) and "This cell" in printed(cells)

    _, reference = MAKE.starter_parts(solution_path(name).read_text(encoding="utf-8"))
    solved = MAKE.notebook(MAKE.exercise_markdown(name, code=reference))
    cells = execute(solved, kernel, tmp_path)
    assert f"PASS {name}: " in printed(cells) and "This cell" not in printed(cells)
    if name == "near-duplicates":
        assert images(cells) == 1, "the precision-recall curve is drawn inline"
