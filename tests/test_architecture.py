"""The package's folders show its architecture, and its imports only point down.

Every ``import`` in ``eval/``, ``baselines/`` and the course kit (``docs/course/``) is read with ``ast``
(those inside functions too, since they are dependencies all the same).
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import newsprep.eval as npe

REPO = Path(__file__).resolve().parent.parent
# The layers of newsprep.eval, lowest first. A module may import from its own unit or from a lower layer.
LAYERS = {
    "errors": 0, "types": 0, "settings": 0,
    "io": 1, "metrics": 1, "parallel": 1,
    "data": 2,
    "validate": 3,
    "tasks": 4,
    "submission": 5,
    "scoring": 6,
    "render": 7, "export": 7, "synth": 7, "adapters": 7,
    "maintain": 8,
    "corpus": 9,
    "cli": 10,
}
FACADE = {"__init__", "__main__"}  # the public API and `python -m newsprep.eval` sit on top
# The course's starter files and reference solutions are package data, not modules of the course kit: files a
# student copies and an instructor reads. Like a student's own file, they use the public API alone.
STUDENT_FILES = ("docs/course/starters", "docs/course/solutions")
# The folders of the packages, by import name (pyproject.toml [tool.setuptools] package-dir).
PACKAGES = {"eval": "newsprep.eval", "baselines": "newsprep.baselines", "docs/course": "newsprep.course"}


def module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    folder = next(f for f in PACKAGES if rel.is_relative_to(f))
    parts = [PACKAGES[folder], *rel.relative_to(folder).parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """``(line, module, names)`` for every import of ``path``, relative ones resolved."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            out.append((node.lineno, base, [alias.name for alias in node.names]))
    return out


def sources(folder: str) -> list[Path]:
    """The modules under ``folder``, without the student files."""
    return sorted(p for p in (REPO / folder).rglob("*.py") if not any(p.is_relative_to(REPO / s) for s in STUDENT_FILES))


def student_files() -> list[Path]:
    return sorted(p for s in STUDENT_FILES for p in (REPO / s).glob("*.py"))


def unit(module: str) -> str:
    """``newsprep.eval.scoring.report`` -> ``scoring``; the package itself -> ``__init__``."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else "__init__"


def internal_edges() -> dict[str, set[str]]:
    """Module -> the newsprep.eval modules it imports (``from pkg import submodule`` counted as the submodule)."""
    known = {module_name(p) for p in sources("eval")}
    edges: dict[str, set[str]] = {}
    for path in sources("eval"):
        name = module_name(path)
        targets = set()
        for _, module, names in imports(path):
            if not module.startswith("newsprep.eval"):
                continue
            subs = {f"{module}.{n}" for n in names if f"{module}.{n}" in known}
            targets |= subs or {module}
        edges[name] = targets - {name}
    return edges


def test_every_unit_of_eval_has_a_layer():
    units = {unit(module_name(p)) for p in sources("eval")} - FACADE
    assert units == set(LAYERS), f"folders without a layer: {units - set(LAYERS)}; layers without a folder: {set(LAYERS) - units}"


def test_imports_point_only_down():
    wrong = []
    for path in sources("eval"):
        here = unit(module_name(path))
        if path.stem in FACADE and path.parent.name == "eval":
            continue
        for line, module, _ in imports(path):
            if not module.startswith("newsprep.eval"):
                continue
            there = unit(module)
            if there == "__init__":
                wrong.append(f"{path.relative_to(REPO)}:{line}: imports the public facade newsprep.eval")
            elif there != here and LAYERS[there] >= LAYERS[here]:
                wrong.append(f"{path.relative_to(REPO)}:{line}: {here} (layer {LAYERS[here]}) imports {module} "
                             f"(layer {LAYERS[there]})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle():
    edges = internal_edges()
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt in edges and not state.get(nxt):
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(edges):
        if not state.get(node):
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def test_no_module_imports_another_modules_private_names():
    wrong = [f"{path.relative_to(REPO)}:{line}: {module}.{name}"
             for folder in PACKAGES for path in sources(folder)
             for line, module, names in imports(path) if module.startswith("newsprep")
             for name in names if name.startswith("_") and name != "__version__"]
    assert not wrong, "\n".join(wrong)


def test_baselines_use_only_the_public_api():
    wrong = [f"{path.relative_to(REPO)}:{line}: {module}"
             for path in sources("baselines") for line, module, _ in imports(path)
             if module.startswith("newsprep.eval") and module != "newsprep.eval"]
    assert not wrong, "baselines import newsprep.eval internals:\n" + "\n".join(wrong)


def test_student_files_use_only_the_public_api():
    files = student_files()
    assert len(files) >= 12
    wrong = [f"{path.relative_to(REPO)}:{line}: {module}" for path in files for line, module, _ in imports(path)
             if module.startswith("newsprep") and module != "newsprep.eval"]
    assert not wrong, "starter files and solutions import newsprep.eval internals:\n" + "\n".join(wrong)


def test_the_harness_never_imports_a_baseline():
    wrong = [f"{path.relative_to(REPO)}:{line}" for path in sources("eval")
             for line, module, _ in imports(path) if module.startswith("newsprep.baselines")]
    assert not wrong


def test_the_harness_never_imports_the_course():
    """The course kit runs students' code; the harness finds its command (``newsprep exercise``) through the entry
    point group ``newsprep.commands`` and never imports it."""
    assert sources("docs/course"), "the course kit is not where PACKAGES says"
    wrong = [f"{path.relative_to(REPO)}:{line}: {module}" for path in sources("eval")
             for line, module, names in imports(path)
             if module.split(".")[:2] == ["newsprep", "course"] or (module == "newsprep" and "course" in names)]
    assert not wrong, "newsprep.eval imports the course kit:\n" + "\n".join(wrong)


def test_the_course_check_catches_an_import(tmp_path, monkeypatch):
    """The rule above is not vacuous: an import of the course in a copy of a harness module is reported."""
    for folder, text in (("eval/cli", "def f():\n    from newsprep.course.exercises import check\n"),
                         ("docs/course", "import newsprep.eval\n")):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "mod.py").write_text(text)
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    with pytest.raises(AssertionError, match="eval/cli/mod.py:2: newsprep.course.exercises"):
        test_the_harness_never_imports_the_course()


@pytest.mark.parametrize("name", npe.__all__)
def test_every_public_name_is_documented(name):
    obj = getattr(npe, name)
    if isinstance(obj, (str, int, tuple, dict)):
        return  # constants are described in docs/api.md by the comment beside them
    assert obj.__doc__ and obj.__doc__.strip(), f"newsprep.eval.{name} has no docstring"


def test_the_layer_check_catches_an_upward_import(tmp_path, monkeypatch):
    """The rule above is not vacuous: an upward import in a copy of a module is reported."""
    bad = tmp_path / "eval" / "data" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from newsprep.eval.scoring.report import Report\n")
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    with pytest.raises(AssertionError, match="data \\(layer 2\\) imports newsprep.eval.scoring.report"):
        test_imports_point_only_down()


# --------------------------------------------------------------------------- tasks are plug-ins

TASK_NAMES = frozenset(npe.TASKS)


def task_name_branches(path: Path) -> list[tuple[int, str]]:
    """``(line, name)`` of every comparison of a value with a task's name (``task == "entities"``,
    ``"duplicates" in tasks``, ``t in ("boilerplate", "entities")``) and every ``case "entities":``."""
    def names_in(node: ast.AST) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value} & TASK_NAMES
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return set().union(*(names_in(e) for e in node.elts)) if node.elts else set()
        return set()

    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            for name in sorted(set().union(*(names_in(n) for n in [node.left, *node.comparators]))):
                out.append((node.lineno, name))
        elif isinstance(node, ast.MatchValue):
            out += [(node.lineno, name) for name in sorted(names_in(node.value))]
    return sorted(out)


def task_package(path: Path) -> bool:
    """A module of a task's own package (``eval/tasks/<name>/``), where its name may be spoken."""
    rel = path.relative_to(REPO).parts
    return len(rel) > 3 and rel[:2] == ("eval", "tasks")


def test_no_module_outside_a_task_package_branches_on_a_task_name():
    """The engine, the reports, the page and the CLI ask the registry (``newsprep.eval.tasks``), never which
    task they hold."""
    wrong = [f"{path.relative_to(REPO)}:{line}: compares with the task name {name!r}"
             for path in sources("eval") if not task_package(path) for line, name in task_name_branches(path)]
    assert not wrong, "\n".join(wrong)


def test_the_task_name_check_catches_a_branch(tmp_path, monkeypatch):
    """The rule above is not vacuous: a branch on a task's name in a copy of a scoring module is reported, and
    the same branch inside a task's package is not."""
    for where in ("scoring", "tasks/entities"):
        bad = tmp_path / "eval" / where / "bad.py"
        bad.parent.mkdir(parents=True)
        bad.write_text('def f(task):\n    if task == "entities":\n        return 1\n'
                       '    match task:\n        case "duplicates":\n            return 2\n'
                       '    return task in ("boilerplate", "x")\n')
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    with pytest.raises(AssertionError) as caught:
        test_no_module_outside_a_task_package_branches_on_a_task_name()
    assert [line.strip() for line in str(caught.value).splitlines()[:3]] == [
        "eval/scoring/bad.py:2: compares with the task name 'entities'",
        "eval/scoring/bad.py:5: compares with the task name 'duplicates'",
        "eval/scoring/bad.py:7: compares with the task name 'boilerplate'"]
    assert "tasks/entities" not in str(caught.value)
