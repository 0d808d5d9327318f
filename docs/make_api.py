"""Write docs/api.md, the reference of every public name of ``newsprep.eval``, from the docstrings.

    python docs/make_api.py

Names come in the order of ``newsprep.eval.__all__``, under the comments that
group them there. For each: its kind, its signature (for a class, the
constructor, then its public methods and properties), its docstring as written,
examples in code blocks. A constant shows its value and the comment beside it
in its module; a module, its docstring and its ``__all__``. The page is the
same on every machine: no memory addresses, no absolute paths.
``tests/test_api_doc.py`` checks that the committed page is current and runs
every example on it.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import io
import pprint
import re
import sys
import tokenize
from pathlib import Path

import newsprep.eval as npe

DOC = Path(__file__).resolve().parent / "api.md"
REPO = DOC.parents[1]
WIDTH = 88  # a longer signature is written one parameter a line

INTRO = """\
# `newsprep.eval` API reference

Generated from the docstrings by `python docs/make_api.py`, which rewrites this
page; edit the docstrings, not the page (a test fails when the two differ).
Every name below is importable from the package itself, in the order of its
`__all__`, and every example runs in the tests:

```python
import newsprep.eval as npe
```
"""


class Shown:
    """Prints as the text it holds: string annotations without quotes, defaults without addresses."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def stable(text: str) -> str:
    """``text`` without memory addresses or this machine's paths."""
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", text)
    return text.replace(str(REPO) + "/", "").replace(str(REPO), ".")


def annotation(value) -> Shown:
    return Shown(value if isinstance(value, str) else inspect.formatannotation(value))


def signature(name: str, obj, *, returns: bool = True) -> str | None:
    """``name(parameters) -> annotation`` as ``inspect.signature`` gives it; None where there is none."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    params = list(sig.parameters.values())
    items = []
    for i, p in enumerate(params):
        if p.annotation is not p.empty:
            p = p.replace(annotation=annotation(p.annotation))
        if p.default is not p.empty:
            p = p.replace(default=Shown(stable(repr(p.default))))
        if (p.kind is p.KEYWORD_ONLY and (i == 0 or params[i - 1].kind is p.POSITIONAL_OR_KEYWORD
                                          or params[i - 1].kind is p.POSITIONAL_ONLY)):
            items.append("*")
        items.append(str(p))
        if p.kind is p.POSITIONAL_ONLY and (i + 1 == len(params) or params[i + 1].kind is not p.POSITIONAL_ONLY):
            items.append("/")
    tail = f" -> {annotation(sig.return_annotation)!r}" if returns and sig.return_annotation is not sig.empty else ""
    line = f"{name}({', '.join(items)}){tail}"
    if len(line) <= WIDTH:
        return line
    return f"{name}(\n" + "".join(f"    {item},\n" for item in items) + f"){tail}"


def docstring(obj) -> str:
    """The object's own docstring as Markdown: text verbatim, each run of ``>>>`` examples a code block."""
    doc = obj.__doc__ if isinstance(obj.__doc__, str) else ""
    out, example = [], False
    for line in inspect.cleandoc(doc).splitlines():
        if line.lstrip().startswith(">>>") and not example:
            out.append("```pycon")
            example = True
        elif example and not line.strip():
            out.append("```")
            example = False
        out.append(line)
    if example:
        out.append("```")
    return "\n".join(out)


def assignment(name: str, value) -> str:
    """``name = value`` on one line if it fits; else a dict one item a line, anything else as ``pprint`` wraps it."""
    text = f"{name} = {value!r}"
    if len(text) > WIDTH and isinstance(value, dict):
        text = f"{name} = {{\n" + "".join(f"    {k!r}: {v!r},\n" for k, v in value.items()) + "}"
    elif len(text) > WIDTH:
        indent = " " * (len(name) + 3)
        wrapped = pprint.pformat(value, width=WIDTH - len(indent), compact=True, sort_dicts=False)
        text = f"{name} = " + wrapped.replace("\n", "\n" + indent)
    return stable(text)


def first_line(obj) -> str:
    return (inspect.cleandoc(obj.__doc__ or "").splitlines() or [""])[0]


def code(text: str) -> str:
    return f"```python\n{text}\n```"


def groups() -> list[tuple[str, list[str]]]:
    """``(title, names)`` from the comments inside ``__all__`` in eval/__init__.py; one untitled group if unreadable."""
    source = inspect.getsource(npe)
    start = source.index("__all__ = [") + len("__all__ = [")
    found: list[tuple[str, list[str]]] = [("", [])]
    for line in source[start:source.index("]", start)].splitlines():
        line = line.strip()
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            found.append((title[:1].upper() + title[1:], []))
        else:
            found[-1][1].extend(re.findall(r"""["'](\w+)["']""", line))
    found = [(title, names) for title, names in found if names]
    if [name for _, names in found for name in names] != list(npe.__all__):
        return [("", list(npe.__all__))]
    return found


def home_module(name: str):
    """The module eval/__init__.py takes ``name`` from (its table of lazily imported names)."""
    where = getattr(npe, "_WHERE", {})
    return importlib.import_module(where[name]) if name in where else npe


def comment(name: str) -> str:
    """The comment beside a constant's first assignment in its module: comment lines just above, then its line's."""
    source = inspect.getsource(home_module(name))
    lines = source.splitlines()
    comments = {tok.start[0]: tok.string.lstrip("#").strip()
                for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.COMMENT}
    for node in ast.walk(ast.parse(source)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            above, n = [], node.lineno - 1
            while n in comments and lines[n - 1].lstrip().startswith("#"):
                above.insert(0, comments[n])
                n -= 1
            text = " ".join(above + [comments[n] for n in range(node.lineno, node.end_lineno + 1) if n in comments])
            return text[:1].upper() + text[1:] + ("" if not text or text.endswith(".") else ".")
    return ""


def members(cls) -> list[tuple[str, object]]:
    """Public methods and properties defined by the class or its bases in this package, in source order."""
    seen: dict[str, object] = {}
    for base in cls.__mro__:
        if base.__module__.startswith("newsprep."):
            for name, value in vars(base).items():
                callable_or_property = isinstance(value, (property, staticmethod, classmethod)) or inspect.isfunction(value)
                if callable_or_property and not name.startswith("_") and name not in seen:
                    seen[name] = value
    return list(seen.items())


def member_section(cls, name: str, value) -> list[str]:
    qualified = f"{cls.__name__}.{name}"
    if isinstance(value, property):
        returns = inspect.signature(value.fget).return_annotation if value.fget else inspect.Signature.empty
        shown = name if returns is inspect.Signature.empty else f"{name}: {annotation(returns)!r}"
        return [f"#### `{qualified}`", "*property*", code(shown), docstring(value)]
    kind = {staticmethod: "static method", classmethod: "class method"}.get(type(value), "method")
    function = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
    return [f"#### `{qualified}`", f"*{kind}*", code(signature(name, function) or name), docstring(function)]


def section(name: str) -> list[str]:
    obj = getattr(npe, name)
    head = f"### `{name}`"
    if inspect.ismodule(obj):
        listed = [f"- `{n}`: {first_line(getattr(obj, n))}" for n in getattr(obj, "__all__", [])]
        return [head, f"*module* `{obj.__name__}`", docstring(obj), "Its `__all__`:", "\n".join(listed)]
    if inspect.isclass(obj):
        kind = "exception" if issubclass(obj, BaseException) else "class"
        bases = [b.__name__ for b in obj.__bases__ if b is not object]
        parts = [head, f"*{kind}*" + (f", a subclass of {', '.join(f'`{b}`' for b in bases)}" if bases else "")]
        sig = signature(name, obj, returns=False)
        parts += ([code(sig)] if sig else []) + [docstring(obj)]
        for member, value in members(obj):
            parts += member_section(obj, member, value)
        return parts
    if inspect.isroutine(obj):
        return [head, "*function*", code(signature(name, obj) or name), docstring(obj)]
    return [head, "*constant*", comment(name), code(assignment(name, obj))]


def render() -> str:
    """The whole page."""
    parts = [INTRO]
    for title, names in groups():
        if title:
            parts.append(f"## {title}")
        for name in names:
            parts += section(name)
    return "\n\n".join(part.strip("\n") for part in parts if part.strip()) + "\n"


def main() -> int:
    npe.write_atomic(DOC, render())
    print(f"wrote {DOC.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
