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

import dataclasses
import os
import secrets
import sys
import traceback
import types
from collections.abc import Callable, Iterable, Mapping
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


MAX_DEPTH = 20  # nesting levels of a value a solution returns
MAX_ITEMS = 10_000_000  # items of all its containers together


class NotPlain(Exception):
    """A value that ``plain`` does not convert: what it is, in words."""


def plain(value: object) -> object:
    """``value`` as plain Python values, before anything compares it: the exact types ``None``, bool, int, float,
    str, bytes, and lists, tuples, sets and dicts of them; a NumPy scalar or array becomes its ``item()`` or
    ``tolist()``, a dataclass (a ``Span``, say) the tuple of its fields, any other iterable a list. A subclass
    becomes its base type, so that no ``__eq__`` of the student's own can decide a comparison: an object whose
    ``==`` is always true is refused (``NotPlain``), not counted as right.

    >>> class Always:
    ...     def __eq__(self, other):
    ...         return True
    >>> try:
    ...     plain([Always()])
    ... except NotPlain as err:
    ...     print(err)
    an object of type Always, not a plain value (a list, tuple, dict, str, int, float, bool or None)
    >>> class Sneaky(str):
    ...     def __eq__(self, other):
    ...         return True
    >>> type(plain(Sneaky("x"))), plain((1, [2.5, "a"], {"k": None}))
    (<class 'str'>, (1, [2.5, 'a'], {'k': None}))
    """
    budget = [MAX_ITEMS]

    def convert(x: object, depth: int) -> object:
        if depth > MAX_DEPTH:
            raise NotPlain(f"a value nested more than {MAX_DEPTH} levels deep")
        budget[0] -= 1
        if budget[0] < 0:
            raise NotPlain(f"a value of more than {MAX_ITEMS} items")
        kind = type(x)
        if x is None or kind in (bool, int, float, str, bytes):
            return x
        if isinstance(x, bool):
            return bool.__bool__(x)
        if isinstance(x, int):
            return int.__int__(x)
        if isinstance(x, float):
            return float.__float__(x)
        if isinstance(x, str):
            return str.__str__(x)
        if isinstance(x, bytes):
            return bytes(memoryview(x))
        if isinstance(x, dict):
            return {convert(k, depth + 1): convert(v, depth + 1) for k, v in dict.items(x)}
        if isinstance(x, tuple):
            return tuple(convert(v, depth + 1) for v in tuple.__iter__(x))
        if isinstance(x, list):
            return [convert(v, depth + 1) for v in list.__iter__(x)]
        if isinstance(x, (set, frozenset)):
            return {convert(v, depth + 1) for v in frozenset.__iter__(frozenset(x))}
        numpy = sys.modules.get("numpy")
        if numpy is not None and isinstance(x, (numpy.generic, numpy.ndarray)):
            return convert(x.item() if isinstance(x, numpy.generic) else x.tolist(), depth + 1)
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            return tuple(convert(object.__getattribute__(x, f.name), depth + 1) for f in dataclasses.fields(x))
        if isinstance(x, Mapping):
            return {convert(k, depth + 1): convert(x[k], depth + 1) for k in list(x)}
        if isinstance(x, Iterable) and not isinstance(x, type):
            items = []
            for item in x:
                budget[0] -= 1
                if budget[0] < 0:
                    raise NotPlain(f"a value of more than {MAX_ITEMS} items")
                items.append(convert(item, depth + 1))
            return items
        raise NotPlain(f"an object of type {kind.__name__}, not a plain value "
                       "(a list, tuple, dict, str, int, float, bool or None)")

    try:
        return convert(value, 0)
    except RecursionError:
        raise NotPlain(f"a value nested more than {MAX_DEPTH} levels deep") from None


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
        return self.plain(f"the name {name}", self.namespace[name])

    def call(self, name: str, *args: Any, case: str | None = None, **kwargs: Any) -> Any:
        """``name(*args, **kwargs)``; an exception raised by the student's code becomes a ``Failure``."""
        function = self.function(name)
        try:
            got = function(*args, **kwargs)
        except (KeyboardInterrupt, CaseFailed):
            raise
        except BaseException as err:  # noqa: B036 - SystemExit too: a student's exit() must not end the check
            unfinished = isinstance(err, NotImplementedError)
            raise CaseFailed(Failure(case or f"{name}(…)", "a result", raised(err, self.origin),
                                     f"write {name}: the starter only raises NotImplementedError" if unfinished
                                     else "")) from None
        return self.plain(case or f"{name}(…)", got)

    def plain(self, case: str, got: Any) -> Any:
        """``plain(got)``, or a ``Failure`` of ``case`` for a value that is not made of plain values."""
        try:
            return plain(got)
        except NotPlain as err:
            raise CaseFailed(Failure(case, "plain values: lists, tuples, dicts, str, int, float, bool or None",
                                     str(err), "return values of the types the task names")) from None
        except (KeyboardInterrupt, CaseFailed):
            raise
        except BaseException as err:  # noqa: B036 - the student's __iter__ or __float__ may raise anything
            raise CaseFailed(Failure(case, "plain values", f"converting the result raised {raised(err, self.origin)}")) from None

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
