"""A student's solution, loaded and called so that nothing it does can end a check with a traceback.

``load_file`` runs a student's ``.py`` file in a fresh module of its own (never
added to ``sys.modules`` for good, so two checks never share state);
``Student`` calls the functions the task names. A file that fails to run, a
missing function, and an exception raised inside the student's code all
become a ``Failure``: a case, what was expected, what happened, and a hint.

>>> student = Student({"double": lambda x: 2 * x}, origin="<cell>")
>>> student.expect("double(2)", student.call("double", 2), 4)
>>> student.passed
1
>>> try:
...     student.expect("double(3)", student.call("double", 3), 7, hint="read the task again")
... except CaseFailed as failed:
...     print(failed.failure.got)
6
"""
from __future__ import annotations

import os
import secrets
import sys
import traceback
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprep.eval.errors import UsageError

SHOWN = 400  # characters of a value shown in a failure; the rest is cut with "…"


@dataclass(frozen=True)
class Failure:
    """The first case a solution got wrong: what was tried, what was expected, what came back, and a hint."""

    case: str
    expected: str
    got: str
    hint: str = ""


class CaseFailed(Exception):
    """Raised inside a checker at the first wrong case; carries the ``Failure``."""

    def __init__(self, failure: Failure):
        super().__init__(failure.case)
        self.failure = failure


def shown(value: object) -> str:
    """``repr(value)``, cut to ``SHOWN`` characters.

    >>> len(shown(list(range(1000)))), shown(list(range(1000)))[-5:]
    (400, ' 101…')
    """
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


class Student:
    """The functions of one solution, called one case at a time; ``passed`` counts the cases passed so far."""

    def __init__(self, namespace: Mapping[str, Any], *, origin: str):
        self.namespace = dict(namespace)
        self.origin = origin
        self.passed = 0

    def function(self, name: str) -> Callable:
        """The solution's function ``name``; a ``Failure`` if it defines none."""
        found = self.namespace.get(name)
        if not callable(found):
            raise CaseFailed(Failure(f"the function {name}", f"a function named {name}",
                                     "nothing of that name" if found is None else f"a {type(found).__name__}",
                                     "keep the names of the starter file"))
        return found

    def value(self, name: str) -> Any:
        """A module-level value the task asks for (an answer, say); a ``Failure`` if it is missing."""
        if name not in self.namespace:
            raise CaseFailed(Failure(f"the name {name}", f"{name} = ... at the top level of the file",
                                     "nothing of that name", "keep the names of the starter file"))
        return self.namespace[name]

    def call(self, name: str, *args: Any, case: str | None = None, **kwargs: Any) -> Any:
        """``name(*args, **kwargs)``; an exception raised by the student's code becomes a ``Failure``."""
        function = self.function(name)
        try:
            return function(*args, **kwargs)
        except (KeyboardInterrupt, CaseFailed):
            raise
        except BaseException as err:  # noqa: B036 - SystemExit too: a student's exit() must not end the check
            unfinished = isinstance(err, NotImplementedError)
            raise CaseFailed(Failure(case or f"{name}(…)", "a result", raised(err, self.origin),
                                     f"write {name}: the starter only raises NotImplementedError" if unfinished
                                     else "")) from None

    def expect(self, case: str, got: Any, expected: Any, *, hint: str = "",
               same: Callable[[Any, Any], bool] | None = None) -> None:
        """Count the case as passed when ``got`` equals ``expected`` (or ``same(got, expected)``), else fail it."""
        try:
            ok = bool(same(got, expected)) if same else bool(got == expected)
        except Exception:  # a value that cannot be compared (an array's truth value) is simply wrong
            ok = False
        if not ok:
            raise CaseFailed(Failure(case, shown(expected), shown(got), hint))
        self.passed += 1

    def require(self, case: str, ok: bool, *, expected: str, got: object, hint: str = "") -> None:
        """Count a case whose verdict the checker computed itself."""
        if not ok:
            raise CaseFailed(Failure(case, expected, shown(got), hint))
        self.passed += 1


def raised(err: BaseException, origin: str) -> str:
    """``Type: message`` and the line of the student's code it came from, when it came from there.

    >>> try:
    ...     exec(compile("x = 1\\ny = x / 0", "mine.py", "exec"), {})
    ... except ZeroDivisionError as err:
    ...     print(raised(err, "mine.py"))
    ZeroDivisionError: division by zero (line 2 of mine.py)
    """
    text = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == origin]
    return text + (f" (line {frames[-1].lineno} of {origin})" if frames else "")


def load_file(path: str | os.PathLike) -> Student:
    """Run the file ``path`` as a module of its own and return its functions as a ``Student``.

    A path that is not a readable file raises ``UsageError`` (nothing was checked); a file that does not
    run (a syntax error, an import error, an exception at the top level) raises ``CaseFailed``.
    """
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: {'is not a file' if path.exists() else 'no such file'}")
    origin = str(path)
    case = f"running {path.name}"
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CaseFailed(Failure(case, "a Python file in UTF-8", f"{type(err).__name__}: {err}")) from None
    name = f"newsprep_solution_{secrets.token_hex(4)}"
    module = types.ModuleType(name)
    module.__file__ = origin
    sys.modules[name] = module  # while it runs: dataclasses and pickling look their module up there
    try:
        exec(compile(source, origin, "exec"), module.__dict__)
    except (KeyboardInterrupt, CaseFailed):
        raise
    except SyntaxError as err:
        raise CaseFailed(Failure(case, "a file Python can read", f"SyntaxError: {err.msg} (line {err.lineno})",
                                 "fix the line named; python -m py_compile FILE shows it too")) from None
    except BaseException as err:  # noqa: B036 - an exit() at the top level must not end the check
        raise CaseFailed(Failure(case, "a file that runs", raised(err, origin),
                                 "put code that tries your functions under if __name__ == '__main__':")) from None
    finally:
        sys.modules.pop(name, None)
    return Student(vars(module), origin=origin)
