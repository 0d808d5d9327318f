"""Every example in every docstring of the package runs and shows what it says."""
from __future__ import annotations

import doctest
import importlib
import pkgutil
import tempfile

import pytest

import newsprep.baselines
import newsprep.course
import newsprep.eval

MODULES = sorted(m.name for pkg in (newsprep.eval, newsprep.baselines, newsprep.course)
                 for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")
                 if not m.name.endswith("__main__")) + ["newsprep.eval"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # and their temporary folders go with the test's
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (run: python -m doctest)"
