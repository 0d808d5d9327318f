"""The one model of a submission: what a validated file or list of records holds.

A ``Submission`` (or a ``SubmissionIndex``, its not-loaded form for large files)
is made only by the readers in ``newsprep.eval.submission.read``, which
validate first. The scorer refuses one that was built any other way, so nothing
is ever scored from unvalidated objects.

>>> from newsprep.eval.types import Mention
>>> sub = Submission("-", "by-hand", "0.4.2", predictions={"entities": {"d000": (Mention(0, 5, "PERSON"),)}})
>>> sub.tasks, sub.validated
(('entities',), False)
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem
from newsprep.eval.tasks import names, registered

_VALIDATED = object()  # held only by what a reader returns


@dataclass(frozen=True)
class Submission:
    """A validated submission held in memory: per task, predictions by document (or by pair).

    Made by ``read_submission``; the scorer refuses one built by hand (``validated`` is False).
    ``sub.predictions[task]`` (also ``sub.entities``, for any task's name) maps each document to its
    predicted spans (``Task.load``), or each pair to its ``PairPrediction``; a task it does not hold is absent
    (None as an attribute).

    >>> import newsprep.eval as npe
    >>> sub = npe.read_submission([{"task": "entities", "doc": d, "mentions": []} for d in sorted(npe.documents())])
    >>> sub.entities["d000"], sub.validated, sub.boilerplate
    ((), True, None)
    """

    path: str
    system: str
    dataset_version: str
    settings: dict = field(default_factory=dict, compare=False, hash=False)
    label_set: str = "ontonotes5"  # the entity types of the predictions (types.LABEL_SETS)
    predictions: Mapping[str, Mapping] = field(default_factory=dict)  # task -> document (or pair) -> prediction
    proof: object = field(default=None, compare=False, hash=False, repr=False)

    @property
    def tasks(self) -> tuple[str, ...]:
        """The tasks it holds, in the order of the registry (boilerplate, entities, duplicates)."""
        return tuple(t.name for t in registered() if t.name in self.predictions)

    def __getattr__(self, name: str) -> Any:
        """``sub.entities``: the predictions of a task by its name (None where the submission holds none)."""
        if name.startswith("_") or name in ("predictions", "proof") or name not in names():
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return self.predictions.get(name)

    @property
    def validated(self) -> bool:
        """True only for a submission returned by ``read_submission``."""
        return self.proof is _VALIDATED


@dataclass(frozen=True)
class SubmissionIndex:
    """A validated submission, not loaded, and how to find each document's record again.

    Where a task lists the documents in order (as ``write_submission`` does),
    it is named in ``ordered`` and its records are read again from the start
    of the file, so memory does not grow with the file; otherwise
    ``offsets[task]`` maps every document to the offset of its record. A task whose records are not per
    document (duplicates) is held whole in ``whole``.
    """

    path: str
    system: str
    dataset_version: str
    settings: dict = field(default_factory=dict, compare=False, hash=False)
    label_set: str = "ontonotes5"  # the entity types of the predictions (types.LABEL_SETS)
    offsets: dict[str, dict[str, int]] = field(default_factory=dict)  # task -> document -> offset
    ordered: tuple[str, ...] = ()  # the tasks whose records come in document order
    whole: Mapping[str, Mapping] = field(default_factory=dict)  # a task not per document -> its predictions (pairs)
    proof: object = field(default=None, compare=False, hash=False, repr=False)

    @property
    def tasks(self) -> tuple[str, ...]:
        """The tasks it holds, in the order of the registry (boilerplate, entities, duplicates)."""
        return tuple(t.name for t in registered() if t.name in self.offsets or t.name in self.ordered
                     or t.name in self.whole)

    @property
    def validated(self) -> bool:
        """True only for an index the engine returned (``submission.engine.read``)."""
        return self.proof is _VALIDATED


S = TypeVar("S", Submission, SubmissionIndex)


def mark_validated(sub: S) -> S:
    """The readers' seal, after every rule held."""
    return replace(sub, proof=_VALIDATED)


def require_validated(sub: Submission | SubmissionIndex) -> None:
    """Refuse a submission that no reader validated (``NewsPrepError``)."""
    if not sub.validated:
        raise NewsPrepError(f"submission {sub.path!r} ({sub.system!r}) was not validated: build it with "
                            "read_submission (a file or records), or score records with newsprep.eval.score")


def same_minor(a: str, b: str) -> bool:
    """Two versions share MAJOR.MINOR (a submission for 0.4.1 is scored on 0.4.2 data).

    >>> same_minor("0.4.1", "0.4.2"), same_minor("0.3.9", "0.4.2")
    (True, False)
    """
    return a.split(".")[:2] == b.split(".")[:2]


def requested(sub_tasks: tuple[str, ...], chosen: tuple[str, ...] | None, path: str) -> tuple[str, ...]:
    """The tasks to score: those asked for, all of them in the submission (default: every task it holds)."""
    if not sub_tasks:
        raise InvalidInput([Problem(path, None, "task", "has-task",
                                    "only a header: no boilerplate, entities or duplicates record to score")])
    chosen = chosen or sub_tasks
    missing = [t for t in chosen if t not in sub_tasks]
    if missing:
        raise NewsPrepError(f"{path}: task {', '.join(missing)} requested but not in the submission")
    return chosen


def listed(ids: list[str], *, most: int = 10) -> str:
    """Up to ``most`` ids, then how many more: a message stays short for a corpus of any size.

    >>> listed(["d000", "d001", "d002"], most=2)
    'd000, d001 and 1 more'
    """
    return ", ".join(ids[:most]) + (f" and {len(ids) - most} more" if len(ids) > most else "")
