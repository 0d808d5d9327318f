"""Per-example records of a scored submission, and where two systems' records differ.

Each task gives its own records (``Task.details``: a gold or predicted span or mention, a listed pair), with
the fields its ``detail_fields`` names; their outcomes add up to the counts the report scores. ``Report.details``
returns them, ``newsprep score --details FILE`` writes them as JSON Lines, the HTML page draws its marked
articles and its pairs from them, and ``differences`` keeps the examples whose outcome differs between two
systems (``newsprep compare --details``).

>>> a = [{"task": "duplicates", "a": "s1", "b": "s2", "near_duplicate": "tn", "same_content": "tp"},
...      {"task": "duplicates", "a": "s1", "b": "s3", "near_duplicate": "tp", "same_content": "tp"}]
>>> b = [{"task": "duplicates", "a": "s1", "b": "s2", "near_duplicate": "tn", "same_content": "fn"},
...      {"task": "duplicates", "a": "s1", "b": "s3", "near_duplicate": "tp", "same_content": "tp"}]
>>> [(d["a"]["b"], d["a"]["same_content"], d["b"]["same_content"]) for d in differences(a, b)]
[('s2', 'tp', 'fn')]
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import newsprep.eval.tasks as registry
from newsprep.eval.submission.model import Submission, requested, require_validated

DIFFERENCE_FIELDS = ("task", "a", "b")  # the task; system A's record and system B's (None: that system has none)


def submission_details(sub: Submission, *, tasks: Sequence[str] | None = None, root: Path | None = None) -> list[dict]:
    """The records of every requested task of a validated submission (default: every task it holds), the tasks
    in the registry's order."""
    require_validated(sub)
    chosen = requested(sub.tasks, tuple(tasks) if tasks else None, sub.path)
    return [r for t in registry.registered() if t.name in chosen
            for r in t.details(sub.predictions[t.name], root=root, label_set=sub.label_set)]


def columns(records: Sequence[dict]) -> list[str]:
    """The fields of the records' tasks, each once, in the order the tasks declare them (``detail_fields``)."""
    tasks = dict.fromkeys(r["task"] for r in records)
    return list(dict.fromkeys(f for t in tasks for f in registry.get(t).detail_fields))


def frame(records: Sequence[dict], *, task: str | None = None) -> Any:
    """The records as a ``pandas.DataFrame``, one column per field (of ``task``, or ``columns``); needs pandas."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("per-example records as a frame need pandas: pip install pandas "
                          "(the records themselves, Report.details(), need nothing more)") from None
    fields = registry.get(task).detail_fields if task else columns(records)
    return pd.DataFrame(list(records), columns=list(fields))


def differences(a: Iterable[dict], b: Iterable[dict]) -> list[dict]:
    """The examples whose outcome (``Task.detail_outcomes``) differs between system A's records and B's, paired
    by ``Task.detail_key``: ``{"task", "a": A's record, "b": B's record}``. Where a system has no record of the
    example, its record is what the task says of a system that lists none (``Task.detail_unlisted``: a pair it
    leaves out), or None (a prediction only the other system makes). In A's order, then B's examples that A
    lacks."""
    def keyed(records: Iterable[dict]) -> dict[tuple, dict]:
        return {(r["task"], *registry.get(r["task"]).detail_key(r)): r for r in records}

    left, right = keyed(a), keyed(b)
    out = []
    for key in [*left, *(k for k in right if k not in left)]:
        task = registry.get(key[0])
        ra, rb = left.get(key), right.get(key)
        if ra is None and rb is not None:
            ra = task.detail_unlisted(rb)
        elif rb is None and ra is not None:
            rb = task.detail_unlisted(ra)
        outcomes = task.detail_outcomes
        if ra is None or rb is None or any(ra[f] != rb[f] for f in outcomes):
            out.append({"task": key[0], "a": ra, "b": rb})
    return out
