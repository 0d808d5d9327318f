"""docs/api.md is current and names every public name; every example in the public docstrings runs.

The page is made by ``docs/make_api.py``; here it is made again in memory and
compared with the committed file. The examples are run with ``doctest``, each
in the globals of the module that defines it, in a fresh working folder;
``# doctest: +SKIP`` marks the ones that need files a user has, not the tests.
"""
from __future__ import annotations

import doctest
import importlib.util
import inspect
import re
import tempfile
from pathlib import Path

import pytest

import newsprep.eval as npe

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "docs" / "api.md"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def make_api():
    spec = importlib.util.spec_from_file_location("make_api", REPO / "docs" / "make_api.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_page_is_current():
    assert make_api().render() == PAGE.read_text(encoding="utf-8"), \
        "docs/api.md is stale: run python docs/make_api.py"


def test_every_public_name_has_a_heading():
    headings = re.findall(r"^### `([^`]+)`$", PAGE.read_text(encoding="utf-8"), re.M)
    assert [name for name in npe.__all__ if name not in headings] == []
    assert headings == list(npe.__all__), "names out of the order of __all__: run python docs/make_api.py"


def examples() -> tuple[list[doctest.DocTest], list[str]]:
    """The package docstring's examples, then those of every public name (a class's methods included),
    and the names whose docstring ``doctest`` cannot parse."""
    found = doctest.DocTestFinder(recurse=False).find(npe, "newsprep.eval")
    unparsed = []
    for name in npe.__all__:
        obj = getattr(npe, name)
        try:
            if inspect.ismodule(obj):
                found += doctest.DocTestFinder(recurse=False).find(obj, f"newsprep.eval.{name}")
            elif inspect.isclass(obj) or inspect.isroutine(obj):  # a constant's docstring is its type's
                found += doctest.DocTestFinder().find(obj, f"newsprep.eval.{name}", module=inspect.getmodule(obj))
        except ValueError as err:  # e.g. a "\n" in a docstring that is not raw
            unparsed.append(f"{name}: {err}")
    return [test for test in found if test.examples], unparsed


EXAMPLES, UNPARSED = examples()


def test_the_examples_are_found_and_parse():
    assert UNPARSED == []
    names = {test.name for test in EXAMPLES}
    assert {"newsprep.eval", "newsprep.eval.score", "newsprep.eval.Report", "newsprep.eval.metrics"} <= names


@pytest.mark.parametrize("test", EXAMPLES, ids=lambda test: test.name)
def test_docstring_examples_run(test, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the examples' temporary folders go with the test's
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    report: list[str] = []
    result = doctest.DocTestRunner(optionflags=FLAGS).run(test, out=report.append, clear_globs=False)
    assert result.failed == 0, "".join(report)
