"""The notebooks of docs/notebooks/ are current (each equals a fresh jupytext conversion of its source, by
``docs/make_notebooks.py``) and run: the command of docs/notebooks/README.md runs them all in this
interpreter's environment (``make``'s ``.venv``), offline, with a fresh ``datasets`` cache, and nothing but
their own output comes out (no warning, no progress bar). The tutorial draws its figure inline; an
exercise notebook shows FAIL with the starter's functions and, executed with nbclient in a kernel of this
interpreter, PASS with the reference solution's, and then runs the cell that uses them."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

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


def documented_command() -> str:
    """The shell block of docs/notebooks/README.md that runs every notebook."""
    readme = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    return re.search(r"```sh\n(.*?)```", readme, re.S).group(1)


def test_the_documented_command_runs_every_notebook_with_makes_executables():
    command = documented_command()
    assert "docs/notebooks/*.ipynb" in command and "--execute" in command
    for program in re.findall(r"\.venv/bin/(\S+)", command):  # make installs the test extra, which has notebooks
        assert (Path(sys.prefix) / "bin" / program).is_file(), f"{program} is not installed beside {sys.executable}"
    assert re.search(r"\.venv/bin/jupyter nbconvert ", command)
    jupyter = Path(sys.prefix) / "bin" / "jupyter"
    listed = subprocess.run([str(jupyter), "--paths"], capture_output=True, text=True, check=True)
    assert listed.returncode == 0
    subcommands = subprocess.run([str(jupyter), "nbconvert", "--version"], capture_output=True, text=True)
    assert subcommands.returncode == 0, subcommands.stderr


def noise(cells: list[dict]) -> list[str]:
    """Every output that is an error, a warning, text on standard error, or a progress bar of loading a config
    (the bars of ``Dataset.filter`` are widgets of the notebook's own, drawn where ipywidgets is installed)."""
    found = []
    for cell in cells:
        for out in cell.outputs:
            text = out.get("text", "") + "".join(out.get("traceback", [])) + str(out.get("data", {}).get("text/plain", ""))
            if (out.output_type == "error" or (out.output_type == "stream" and out.name == "stderr")
                    or re.search(r"Warning|Generating|Loading|Downloading|Extracting", text)):
                found.append(f"{out.output_type}: {text[:300]}")
    return found


@pytest.mark.slow  # a Jupyter kernel runs each notebook
def test_the_documented_command_runs_every_notebook_without_warnings_or_progress_bars(tmp_path):
    """docs/notebooks/README.md's command, as a user runs it in a checkout where make has run: ``.venv`` is
    this interpreter's environment; no user-level kernel may stand in for its own (``JUPYTER_DATA_DIR``)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notebooks").symlink_to(NOTEBOOKS)
    (tmp_path / ".venv").symlink_to(sys.prefix)
    env = {**os.environ, "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"), "HF_DATASETS_OFFLINE": "1",
           "HF_HUB_OFFLINE": "1", "HF_DATASETS_CACHE": str(tmp_path / "hf-datasets-cache")}
    for variable in ("JUPYTER_PATH", "MPLBACKEND", "HF_DATASETS_DISABLE_PROGRESS_BARS"):
        env.pop(variable, None)
    run = subprocess.run(["bash", "-e", "-c", documented_command()], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / "build" / "notebooks"
    ran = {}
    for name in sorted(MAKE.sources()):
        cells = [cell for cell in nbformat.read(out / name, as_version=4).cells if cell.cell_type == "code"]
        assert cells and all(cell.execution_count for cell in cells), name
        assert noise(cells) == [], name
        ran[name] = cells
    assert not (NOTEBOOKS / "rules.jsonl").exists(), "the copies ran beside themselves, not in docs/notebooks"
    assert len(ran["tutorial.ipynb"]) >= 15 and images(ran["tutorial.ipynb"]) >= 1, "the figure is drawn inline"
    assert "14 types; PERSON 0.29" in printed(ran["tutorial.ipynb"])
    assert (out / "rules.jsonl").is_file()
    for name in MAKE.AFTERWARDS:
        assert f"FAIL {name}: " in printed(ran[f"{name}.ipynb"]) and "This cell" in printed(ran[f"{name}.ipynb"])


@pytest.mark.parametrize("name", sorted(MAKE.AFTERWARDS))
@pytest.mark.slow  # a Jupyter kernel runs the notebook
def test_an_exercise_notebook_passes_with_the_reference(name, kernel, tmp_path):
    """With the starter's functions it fails (the documented command's test above); with the reference solution's
    it passes and runs the cell that uses them."""
    _, reference = MAKE.starter_parts(solution_path(name).read_text(encoding="utf-8"))
    solved = MAKE.notebook(MAKE.exercise_markdown(name, code=reference))
    cells = execute(solved, kernel, tmp_path)
    assert f"PASS {name}: " in printed(cells) and "This cell" not in printed(cells)
    assert noise(cells) == []
    if name == "near-duplicates":
        assert images(cells) == 1, "the precision-recall curve is drawn inline"
