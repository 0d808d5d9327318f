"""Problems found in data or submissions, and the exceptions that carry them.

The library never prints and never exits: it raises these exceptions. Only the
CLI (``newsprep.eval.cli.main``) turns them into messages and exit codes.
"""
from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
import pathlib
import re
import types
import typing
from collections import abc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

IN_MEMORY = "<records>"  # the "file" of records given in memory; such a problem reads "record N: field: rule"


@dataclass(frozen=True)
class Problem:
    """One broken rule, located as precisely as possible.

    >>> str(Problem("data/documents.jsonl", 3, "sha256", "checksum", "expected 6cd7…"))
    'data/documents.jsonl:3: sha256: checksum (expected 6cd7…)'
    >>> str(Problem(IN_MEMORY, 2, "mentions[0].end", "offset-in-range"))
    'record 2: mentions[0].end: offset-in-range'
    """

    file: str  # the file, or IN_MEMORY for records held in memory
    line: int | None  # 1-based line (or record) number; None for whole-file problems
    field: str  # JSON path inside the record, e.g. "spans[2].end"; "-" if none
    rule: str  # short name of the rule that failed, e.g. "offset-in-range"
    detail: str = ""  # the bad value and what was expected

    def __str__(self) -> str:
        if self.file == IN_MEMORY:
            where = f"record {self.line}" if self.line is not None else "records"
        else:
            where = f"{self.file}:{self.line}" if self.line is not None else self.file
        tail = f" ({self.detail})" if self.detail else ""
        return f"{where}: {self.field}: {self.rule}{tail}"


MAX_PROBLEMS = 1000  # a reader stops at this many problems in one file: memory and output stay bounded


def stop_problem(file: str, line: int | None) -> Problem:
    """The last problem of a file whose reader gave up after ``MAX_PROBLEMS``."""
    return Problem(file, line, "-", "too-many-problems", f"stopped reading after {MAX_PROBLEMS} problems; fix these first")


class NewsPrepError(Exception):
    """Base class of every error the package raises on purpose; catch it to catch them all.

    >>> import newsprep.eval as npe
    >>> try:
    ...     npe.load("no-such-config")
    ... except npe.NewsPrepError as err:
    ...     print(type(err).__name__)
    UnknownConfig
    """


class InvalidInput(NewsPrepError):
    """Data or a submission broke one or more rules; ``problems`` lists them all.

    >>> import newsprep.eval as npe
    >>> try:
    ...     npe.score([{"task": "entities", "doc": "d000"}])
    ... except npe.InvalidInput as err:
    ...     print(err.problems[0])
    record 1: mentions: schema:required ('mentions' is a required property)
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s)"
        super().__init__(head + "".join(f"\n  {p}" for p in self.problems[:50]))


class UnknownConfig(NewsPrepError):
    """A dataset config name that the card does not declare.

    >>> import newsprep.eval as npe
    >>> npe.records("sentences")
    Traceback (most recent call last):
    newsprep.eval.errors.UnknownConfig: unknown config 'sentences'; known: documents, boilerplate, segments, entities, entity_table, tokens, duplicate_pairs, document_pairs
    """


class UsageError(NewsPrepError):
    """A command-line argument that cannot work, such as an output folder that does not exist (exit status 2).

    >>> from newsprep.eval.io.atomic import check_output
    >>> check_output("/no/such/folder/report.txt")
    Traceback (most recent call last):
    newsprep.eval.errors.UsageError: output /no/such/folder/report.txt: its folder does not exist
    """


ARGUMENTS = "<arguments>"  # the "file" of a problem with an argument of a call: "<arguments>: f(name): type (…)"


def described(value: object) -> str:
    """A value named for a message: its type and a short ``repr``.

    >>> described(None), described(123), described(b"abc" * 40)
    ('None', 'int 123', "bytes b'abcabcabcabcabcabcabcabcabcabcabcabcabcabcabc…")
    """
    if value is None:
        return "None"
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))  # no memory address: the message is the same on every run
    return f"{type(value).__name__} {text if len(text) <= 48 else text[:47] + '…'}"


def wrong_argument(function: str, name: str, expected: str, value: object, *, rule: str = "type",
                   hint: str = "") -> InvalidInput:
    """The ``InvalidInput`` for an argument a public function cannot take: it names the function, the argument,
    what it takes and what it was given. Raise it.

    >>> print(wrong_argument("score", "gold", "a dataset folder (a path) or None", 123).problems[0])
    <arguments>: score(gold): type (expected a dataset folder (a path) or None, got int 123)
    """
    detail = f"expected {expected}, got {described(value)}" + (f"; {hint}" if hint else "")
    return InvalidInput([Problem(ARGUMENTS, None, f"{function}({name})", rule, detail)])


def require_type(function: str, name: str, value: object, types: type | tuple[type, ...], expected: str) -> None:
    """Raise ``wrong_argument`` unless ``value`` is an instance of ``types`` (a bool is no int here unless
    ``bool`` is named).

    >>> require_type("tokenize", "text", "Putin", str, "a str")
    >>> try:
    ...     require_type("tokenize", "start", True, int, "an int")
    ... except InvalidInput as err:
    ...     print(err.problems[0])
    <arguments>: tokenize(start): type (expected an int, got bool True)
    """
    named = types if isinstance(types, tuple) else (types,)
    if not isinstance(value, named) or (isinstance(value, bool) and bool not in named):
        raise wrong_argument(function, name, expected, value)


def checked_arguments(function: Callable, *, inside: frozenset[str] = frozenset()) -> Callable:
    """``function``, refusing an argument whose type its annotation rules out with ``InvalidInput`` naming the
    argument, before the call: never a ``TypeError`` or ``AttributeError`` from deep inside, and never a result
    made from it. The check looks one level into lists and dicts: ``list[Span]`` asks for a list of ``Span``,
    ``float`` for a finite number (a bool is no number), ``Iterable[dict]`` or ``Sequence[str]`` for a collection that
    is no str, bytes or mapping (records themselves are checked by the submission rules). Arguments named in
    ``inside`` are left to the function, which checks them with a message of its own; should it fail on one with
    another exception, the argument is named all the same. The public functions of
    ``newsprep.eval`` are these checked versions.

    >>> def shift(text: str, by: int = 1) -> str:
    ...     return text[by:]
    >>> try:
    ...     checked_arguments(shift)("Putin", by="1")
    ... except InvalidInput as err:
    ...     print(err.problems[0])
    <arguments>: shift(by): type (expected int, got str '1')
    """
    signature = inspect.signature(function)
    hints: dict[str, Any] = {}
    try:
        hints = typing.get_type_hints(function)
    except Exception:  # an annotation that cannot be evaluated here is not checked
        hints = {}
    written = getattr(function, "__annotations__", {})

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return function(*args, **kwargs)  # a missing or unknown argument: Python's own message
        for name, value in bound.arguments.items():
            hint = hints.get(name) if name not in inside or isinstance(value, abc.Mapping) else None
            if hint is not None and not matches(value, hint):  # (a dict for a list is refused here all the same)
                raise wrong_argument(function.__name__, name, str(written.get(name, hint)), value)
        try:
            return function(*args, **kwargs)
        except NewsPrepError:
            raise
        except Exception:  # an argument left to the function that it did not catch: named all the same
            for name, value in bound.arguments.items():
                if name in inside and name in hints and not matches(value, hints[name]):
                    raise wrong_argument(function.__name__, name, str(written.get(name, hints[name])), value) from None
            raise
    return call


def matches(value: object, hint: Any) -> bool:
    """Whether ``value`` fits the annotation ``hint``, shallowly (see ``checked_arguments``)."""
    if hint is Any or isinstance(hint, typing.TypeVar):
        return True
    if hint is None or hint is type(None):
        return value is None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        return any(matches(value, arg) for arg in args)
    if origin is typing.Literal:
        return value in args
    if origin is tuple and isinstance(value, (tuple, list)):  # a (text, start, end) token may come as a list
        fixed = args and args[-1] is not Ellipsis
        return not fixed or (len(value) == len(args) and all(matches(v, a) for v, a in zip(value, args)))
    if origin is not None:
        if not isinstance(origin, type) or not isinstance(value, origin):
            return not isinstance(origin, type)  # a form not checked here passes
        if origin in (abc.Iterable, abc.Sequence, abc.Collection) and isinstance(value, (str, bytes, abc.Mapping)):
            return False  # a str or a dict where a list of items is meant is a mistake, not a list of its characters
        if isinstance(value, (list, tuple)) and len(args) == 1 and (typing.get_origin(args[0]) or args[0]) not in (dict, abc.Mapping):
            return all(matches(item, args[0]) for item in value)  # records (dicts) are checked by the schema instead
        if isinstance(value, dict) and len(args) == 2:
            return all(matches(k, args[0]) and matches(v, args[1]) for k, v in value.items())
        return True
    if not isinstance(hint, type):
        return True
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if hint is os.PathLike or issubclass(hint, pathlib.PurePath):
        return isinstance(value, (str, os.PathLike))
    if hint in (abc.Iterable, abc.Sequence) and isinstance(value, (str, bytes, abc.Mapping)):
        return False
    return isinstance(value, hint)
