"""The course kit: graded exercises, and the numbers behind the pages that explain the statistics.

A package of its own beside the harness (``newsprep.eval``), which it uses and which never imports it: a check
runs a student's code. Its folder sits with the course's pages, in ``docs/course/``.

- ``exercises``: the registry of exercises, ``start`` (write a starter file) and ``check`` (run a
  checker on a student's file, module or notebook namespace; returns a ``CheckResult``);
- one checker module per exercise (``token_view``, ``bio_spans``, ``entity_matching``,
  ``boilerplate_lodo``, ``near_duplicates``, ``paired_bootstrap``); the starter files are in
  ``starters/`` and the reference solutions, for instructors, in ``solutions/``;
- ``student``: a student's code, loaded and called so that an error never ends a check with a traceback;
- ``statistics`` and ``boundaries``: what ``docs/statistics.md`` and ``docs/boundaries.md`` show, computed
  from the data;
- ``cli``: the command ``newsprep exercise``, which the command line finds through the entry point group
  ``newsprep.commands``.

The command line: ``newsprep exercise list``, ``newsprep exercise start NAME DIR``,
``newsprep exercise check NAME FILE``. In a notebook:

>>> from newsprep.course import check
>>> print(check("token-view", {"tagged": None}).failure.case)
the function tagged
"""
from newsprep.course.exercises import EXERCISES, CheckResult, Exercise, check, start, task

__all__ = ["EXERCISES", "CheckResult", "Exercise", "check", "start", "task"]
