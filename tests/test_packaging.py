"""A wheel built from the checkout ships the data and schemas and loads them from anywhere."""
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO

SKIP = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
                              ".mypy_cache", ".ruff_cache", "results")


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    """A fresh virtual environment with only the wheel installed; dependencies are borrowed read-only."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=SKIP)
    for folder in ("dataset", "schema", "eval", "docs/course/starters", "baselines"):  # what a run from a checkout leaves
        (src / folder / "__pycache__").mkdir(exist_ok=True)
        (src / folder / "__pycache__" / "left.cpython-311.pyc").write_bytes(b"bytecode")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp / "dist"), str(src)],
                   check=True, capture_output=True)
    wheel = next((tmp / "dist").glob("newsprep-*.whl"))
    env_dir = tmp / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # Dependencies come from the test interpreter's site-packages; a plain path entry does not run
    # that folder's .pth files, so the editable install of the checkout stays invisible.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True)
    return python, wheel, tmp


@pytest.mark.slow  # builds a wheel and installs it in a new environment (once per module)
def test_wheel_contains_data_and_schemas(wheel_env):
    import zipfile

    _, wheel, _ = wheel_env
    names = zipfile.ZipFile(wheel).namelist()
    assert "newsprep/dataset/data/documents.jsonl" in names
    assert "newsprep/dataset/README.md" in names
    assert "newsprep/dataset/manifest.json" in names
    assert "newsprep/schema/document.schema.json" in names
    assert not any(n.startswith("newsprep/tests") for n in names)
    assert [n for n in names if "__pycache__" in n or n.endswith(".pyc")] == []


def test_package_list_names_every_package_folder():
    """Regression: the hand-kept list in pyproject.toml lacked newsprep.eval.parallel, so an installed wheel's
    ``newsprep score`` failed with ModuleNotFoundError while every test, run from the checkout, passed."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {"newsprep.dataset", "newsprep.schema"}
    for top, name in (("eval", "newsprep.eval"), ("baselines", "newsprep.baselines"), ("docs/course", "newsprep.course")):
        for init in (REPO / top).rglob("__init__.py"):
            if "__pycache__" not in init.parts:
                found.add(".".join([name, *init.parent.relative_to(REPO / top).parts]))
    assert listed == found


@pytest.mark.slow  # builds a wheel and installs it in a new environment (once per module)
def test_every_module_imports_from_the_wheel(wheel_env, tmp_path):
    """Each module of newsprep.eval, newsprep.baselines and newsprep.course imports from the installed wheel, outside
    the checkout, and ``newsprep score`` runs there (the command that failed on the missing subpackage)."""
    python, _, tmp = wheel_env
    script = ("import importlib, pkgutil, newsprep.eval, newsprep.baselines, newsprep.course\n"
              "for pkg in (newsprep.eval, newsprep.baselines, newsprep.course):\n"
              "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
              "        if not info.name.endswith('.__main__'):\n"
              "            importlib.import_module(info.name)\n"
              "print('ok')\n")
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    env.pop("PYTHONPATH", None)
    out = subprocess.run([python, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0 and out.stdout == "ok\n", out.stderr[-3000:]
    shutil.copy(REPO / "results" / "submissions" / "entities-rules.jsonl", tmp_path / "sub.jsonl")
    out = subprocess.run([python, "-m", "newsprep.eval", "score", "sub.jsonl", "--resamples", "0"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0 and out.stdout.startswith("NewsPrep scores"), out.stderr[-3000:]


@pytest.mark.slow  # builds a wheel and installs it in a new environment (once per module)
def test_installed_wheel_loads_data_from_another_directory(wheel_env, tmp_path):
    python, _, tmp = wheel_env
    script = (
        "import newsprep.eval as npe, pathlib;"
        "ds = npe.load('documents');"
        "print(pathlib.Path(npe.__file__).resolve().is_relative_to(pathlib.Path(r'%s').resolve()));"
        "print(ds.num_rows, ds.features['num_chars'].dtype, npe.validate_data() == [])" % (tmp / "env")
    )
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    env.pop("PYTHONPATH", None)
    out = subprocess.run([python, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "5", "int32", "True"]


@pytest.mark.slow  # builds a wheel and installs it in a new environment (once per module)
def test_installed_wheel_ships_the_course(wheel_env, tmp_path):
    """The exercises' starter files and reference solutions are in the wheel, and the commands find them."""
    import zipfile

    python, wheel, tmp = wheel_env
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("starters", "solutions"):
        assert f"newsprep/course/{folder}/bio_spans.py" in names
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    env.pop("PYTHONPATH", None)
    command = [str(python), "-m", "newsprep.eval", "exercise"]
    started = subprocess.run([*command, "start", "bio-spans", "work"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    assert subprocess.run([*command, "check", "bio-spans", "work/bio_spans.py"], cwd=tmp_path, env=env,
                          capture_output=True, text=True).returncode == 1
    solution = subprocess.run([str(python), "-c", "from newsprep.course.exercises import solution_path; "
                               "print(solution_path('bio-spans'))"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert Path(solution.stdout.strip()).is_relative_to(tmp / "env"), solution.stdout + solution.stderr
    passed = subprocess.run([*command, "check", "bio-spans", solution.stdout.strip()], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert passed.returncode == 0 and passed.stdout.startswith("PASS bio-spans"), passed.stdout + passed.stderr


def test_the_minimum_pip_is_stated_and_checked():
    """pip 23.0-23.2 cannot resolve newsprep[all] (jusText and readability-lxml ask for lxml[html_clean] and
    lxml[html-clean]); the README states the minimum and CI installs [all] with exactly that pip (.ci/installed)."""
    import re

    script = (REPO / ".ci" / "installed").read_text(encoding="utf-8")
    minimum = re.search(r'^MIN_PIP="([0-9.]+)"', script, re.M).group(1)
    assert f"needs pip {minimum} or newer" in " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert 'check wheel-all "$WHEEL" "[all]" "$MIN_PIP"' in script
    assert ".ci/installed" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_installs_both_artifacts_with_core_and_all_dependencies():
    """Issue "nothing lost, round 2": the wheel and the sdist are each installed with core dependencies only and
    with [all], and every command runs from each."""
    import re

    script = (REPO / ".ci" / "installed").read_text(encoding="utf-8")
    checked = set(re.findall(r'^check (\S+) "\$(WHEEL|SDIST)" "(\[all\])?" "(\$MIN_PIP)?"$', script, re.M))
    # [all] needs the pip the README states as the minimum (older ones stop on lxml's extra): installed by it
    assert checked == {("wheel-core", "WHEEL", "", ""), ("wheel-all", "WHEEL", "[all]", "$MIN_PIP"),
                       ("sdist-core", "SDIST", "", ""), ("sdist-all", "SDIST", "[all]", "$MIN_PIP")}


@pytest.mark.parametrize("args, extra", [(["export", "--format", "docbin", "--out", "{tmp}/docbin"], "spacy"),
                                         (["report", "results/submissions/entities-rules.jsonl", "--plots", "{tmp}/p"], "plots"),
                                         (["score", "x.jsonl", "--num-proc", "2"], "dask")], ids=["docbin", "plots", "dask"])
def test_a_missing_extra_is_named_not_a_traceback(args, extra, tmp_path, monkeypatch):
    """With core dependencies only (as .ci/installed runs every command), a command that needs an extra says which
    to install. Regression: export --format docbin imported spaCy before its check (ModuleNotFoundError)."""
    from tests.conftest import run_cli

    missing = {"spacy": ["spacy", "spacy.tokens"], "plots": ["matplotlib"], "dask": ["distributed", "dask"]}[extra]
    for name in missing:
        monkeypatch.setitem(sys.modules, name, None)  # import raises ImportError, as when it is not installed
    monkeypatch.chdir(REPO)
    done = run_cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert done.code == 1, done.err
    assert f"newsprep[{extra}]" in done.err or "pip install" in done.err, done.err
