"""The exercises: a registry, the starter each student begins from, and the check of a solution.

Each exercise has a starter file (``starters/NAME.py``: the written task as its
docstring, the functions to write, each raising ``NotImplementedError``), a
reference solution for instructors (``solutions/NAME.py``) and a checker (the
module ``newsprep.course.NAME``) that calls the student's functions on
hand-made cases and on the real data, and compares them with what the harness
computes. ``check`` returns a ``CheckResult``; it never raises for a wrong
solution, only for a name that is not an exercise or a file that is not there.

>>> [e.name for e in EXERCISES.values()]
['token-view', 'bio-spans', 'entity-matching', 'boilerplate-lodo', 'near-duplicates', 'paired-bootstrap']
>>> check("bio-spans", solution_path("bio-spans")).passed
True
"""
from __future__ import annotations

import ast
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from newsprep.course import (
    bio_spans,
    boilerplate_lodo,
    entity_matching,
    near_duplicates,
    paired_bootstrap,
    token_view,
)
from newsprep.course.isolated import MEMORY_LIMIT_MB, TIME_LIMIT_S, check_file
from newsprep.course.student import CaseFailed, Failure, Student, load_file
from newsprep.eval.data.dataset import dataset_dir
from newsprep.eval.errors import UsageError
from newsprep.eval.io.atomic import check_output, check_output_folder

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Exercise:
    """One exercise: its name, the layer it works on, its level, a title, and its checker."""

    name: str
    layer: str  # boilerplate, entities, duplicates, or statistics
    level: str  # easy, medium or hard
    title: str
    checker: Callable[[Student], list[str]]

    @property
    def module(self) -> str:
        """The file name of its starter and solution, without ``.py``: ``bio-spans`` -> ``bio_spans``."""
        return self.name.replace("-", "_")


EXERCISES: dict[str, Exercise] = {e.name: e for e in [
    Exercise("token-view", "entities", "easy", "Read the token view: tags as strings, mentions per type",
             token_view.check),
    Exercise("bio-spans", "entities", "easy", "From BIO tags to character spans, and spans that fit no tokens",
             bio_spans.check),
    Exercise("entity-matching", "entities", "medium", "Strict and partial matching from the SemEval-2013 definitions",
             entity_matching.check),
    Exercise("boilerplate-lodo", "boilerplate", "medium",
             "A boilerplate line classifier, trained and scored leave-one-document-out", boilerplate_lodo.check),
    Exercise("near-duplicates", "duplicates", "medium", "A near-duplicate detector and its precision-recall curve",
             near_duplicates.check),
    Exercise("paired-bootstrap", "statistics", "hard",
             "The paired bootstrap over five documents, and why compare permutes instead", paired_bootstrap.check),
]}


def exercise(name: str) -> Exercise:
    """The exercise called ``name``, or ``UsageError`` listing the names there are."""
    try:
        return EXERCISES[name]
    except KeyError:
        raise UsageError(f"no exercise {name!r}; there are: {', '.join(EXERCISES)}") from None


def starter_path(name: str) -> Path:
    """The starter file of an exercise, inside the installed package."""
    return HERE / "starters" / f"{exercise(name).module}.py"


def solution_path(name: str) -> Path:
    """The reference solution of an exercise, inside the installed package (for instructors)."""
    return HERE / "solutions" / f"{exercise(name).module}.py"


def task(name: str) -> str:
    """The written task of an exercise: the docstring of its starter file.

    >>> task("token-view").splitlines()[0]
    'Exercise token-view (entities, easy): read the token view of the gold entities.'
    """
    return ast.get_docstring(ast.parse(starter_path(name).read_text(encoding="utf-8"))) or ""


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` found: how many checks passed, and the first failure if there was one.

    >>> print(CheckResult("bio-spans", 12, None, ("all 217 segments convert",)))
    PASS bio-spans: 12 checks passed
      all 217 segments convert
    """

    exercise: str
    checks: int  # the cases passed (all of them, or those before the failure)
    failure: Failure | None
    notes: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """True when every case passed."""
        return self.failure is None

    def __str__(self) -> str:
        if self.failure is None:
            return "\n".join([f"PASS {self.exercise}: {self.checks} checks passed", *(f"  {n}" for n in self.notes)])
        f = self.failure
        lines = [f"FAIL {self.exercise}: {self.checks} checks passed, then", f"  case:     {f.case}",
                 f"  expected: {f.expected}", f"  got:      {f.got}"]
        return "\n".join(lines + ([f"  hint:     {f.hint}"] if f.hint else []))


def check(name: str, solution: str | os.PathLike | ModuleType | Mapping[str, Any], *, isolated: bool = True,
          time_limit: float = TIME_LIMIT_S, memory_limit: int = MEMORY_LIMIT_MB) -> CheckResult:
    """Check a solution of the exercise ``name``: a file, a module, or a mapping of names to functions
    (``globals()`` of a notebook). Returns a ``CheckResult``; a wrong solution, a file that does not run and an
    exception in the student's code all give a failed result, never an exception.

    A file is run as untrusted code (``isolated``, the default): in a child process of its own, stopped after
    ``time_limit`` seconds, with ``memory_limit`` MiB of address space and a private copy of the dataset
    (``newsprep.course.isolated``). A module or a mapping is checked in this process, as is a file with
    ``isolated=False``. Either way every value the student's code returns is converted to plain values
    (``student.plain``) before it is compared.

    >>> result = check("token-view", starter_path("token-view"))
    >>> result.passed, result.failure.got
    (False, 'NotImplementedError: tagged: your code here (line ... of .../token_view.py)')
    """
    chosen = exercise(name)
    if isolated and isinstance(solution, (str, os.PathLike)):
        checks, failure, said = check_file(chosen.name, solution, time_limit=time_limit, memory_limit=memory_limit)
        return CheckResult(chosen.name, checks, failure, said)
    student = Student({}, origin="")
    try:
        if isinstance(solution, (str, os.PathLike)):
            student = load_file(solution)
        elif isinstance(solution, ModuleType):
            student = Student(vars(solution), origin=str(getattr(solution, "__file__", "") or solution.__name__))
        else:
            student = Student(solution, origin="<notebook>")
        notes = chosen.checker(student)
    except CaseFailed as failed:
        return CheckResult(chosen.name, student.passed, failed.failure)
    return CheckResult(chosen.name, student.passed, None, tuple(notes))


def start(name: str, folder: str | os.PathLike) -> Path:
    """Write the starter of exercise ``name`` into ``folder`` (made if missing) and return its path.

    Refuses with ``UsageError``, before writing anything, a file that exists already (a student's work is
    never overwritten) and a folder that is or lies inside a dataset folder.
    """
    source = starter_path(name)
    target_folder = check_output_folder(folder, protected=(dataset_dir(),), parents=True)
    target = target_folder / source.name
    if target.exists() or target.is_symlink():
        raise UsageError(f"{Path(folder) / source.name} exists; it is not overwritten (move it, or start in another folder)")
    target_folder.mkdir(parents=True, exist_ok=True)
    check_output(target, protected=(dataset_dir(),))
    with open(target, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(source.read_text(encoding="utf-8"))
    return Path(folder) / source.name
