"""What a task declares, and the registry of tasks.

A task (boilerplate, entities, duplicates, or one of your own) is one
subclass of ``Task``, registered once. The engine, the report, the HTML page
and the CLI go through ``registered()`` and call a task's methods; none of them
asks for a task by its name. Everything a task knows lives in its package:
its record, the rules a record meets beyond the schema, how a batch of
documents is counted, the rows of the report and the metrics compared.

A per-document task (``items`` names the record's list, e.g. ``spans``) gets
one record per document; the engine reads the gold layers it names in
``gold_layers`` beside the document and hands both to its ``counter``. A task
whose records are not per document (``items`` is None; duplicates, one record
per pair) counts all its predictions at once in ``count_whole``.

>>> [t.name for t in registered()]
['boilerplate', 'entities', 'duplicates']
>>> get("entities").unit, get("duplicates").unit
('docs', 'doc-pairs')
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np

from newsprep.eval.tasks.figures import Figure

Found = list[tuple[str, str, str]]  # (field, rule, detail) of one record
Headline = tuple[str, str, str]  # (view, metric, average) of a report row


class Counter(Protocol):
    """Counts documents given in document order; ``finish`` returns what the task's ``rows`` read. ``gold`` holds
    the document's record of each of the task's ``gold_layers`` (its ``Rows`` instead, for a task that
    ``reads_rows``, where the column cache holds the layer)."""

    def add(self, doc: str, text: str, gold: Mapping[str, Any], record: Mapping[str, Any]) -> None: ...

    def finish(self) -> Any: ...


class Task:
    """A task as a plug-in: subclass it, set the class attributes, implement what your task needs, ``register``."""

    name: ClassVar[str] = ""
    items: ClassVar[str | None] = None  # a per-document record's list of spans ("spans", "mentions"); None: not per document
    gold_layers: ClassVar[tuple[str, ...]] = ()  # the gold configs a document's counting reads beside its text
    # Those of ``gold_layers`` a dataset folder may lack (a corpus of one's own without that layer), each with the
    # record its counting reads for every document where the folder has no such file
    optional_layers: ClassVar[Mapping[str, dict]] = {}
    # Its counter takes a gold span layer as ``validate.columns.Rows`` (read from the column cache: arrays, no
    # object per span) as well as a record; a task that reads records only leaves it False
    reads_rows: ClassVar[bool] = False
    unit: ClassVar[str] = "docs"  # what intervals and tests treat as independent: "docs", "doc-pairs"
    headlines: ClassVar[tuple[Headline, ...]] = ()  # the metrics compared and ranked; the first is the headline
    statistic: ClassVar[str] = "f1"  # the statistic of the headline rows
    labelled: ClassVar[bool] = False  # its scores depend on the header's label_set (the entity types)
    figure_file: ClassVar[str | None] = None  # the PNG ``newsprep report --plots`` draws ``figure`` into
    schema: ClassVar[dict | None] = None  # the record's JSON Schema; None: the shipped submission schema's $defs entry
    detail_fields: ClassVar[tuple[str, ...]] = ()  # the fields of each per-example record ``details`` gives, in order
    detail_outcomes: ClassVar[tuple[str, ...]] = ()  # those fields that say how the system did (``compare --details``)

    @property
    def per_document(self) -> bool:
        return self.items is not None

    # ------------------------------------------------------------------ reading
    def record_problems(self, record: dict, label_set: str) -> Found:
        """Problems of one schema-valid record that need no document; reported also for a record of an unknown
        document or one given twice."""
        return []

    def unknown_labels(self, record: dict, label_set: str) -> list[str]:
        """The label of each item of a schema-valid record that ``label_set`` lacks (a ``labelled`` task). The engine
        counts them over the whole submission and names them in one problem, with ``label_advice``."""
        return []

    def label_advice(self, labels: set[str], label_set: str) -> str:
        """What the one problem about ``labels`` outside ``label_set`` advises."""
        return "The header's label_set names the labels"

    def text_problems(self, text: str, record: dict) -> Found:
        """Problems of a per-document record against its document's ``text`` (checked only for a record of a
        known document, given once, with no ``record_problems`` nor ``unknown_labels``)."""
        return []

    def conforms(self, record: dict) -> bool:
        """A quick check that is True only where the record certainly meets its schema (False: the JSON Schema
        validator decides, and names the problems)."""
        return False

    def load(self, record: dict) -> Any:
        """The form a validated record takes in a ``Submission`` held in memory."""
        return tuple(record[self.items]) if self.items else record

    # ------------------------------------------------------------------ reading a task not per document
    def reference(self, root: Path | None) -> Any:
        """What ``whole_problems`` checks records against (read once per reader, e.g. the segments)."""
        return None

    def whole_problems(self, record: dict, reference: Any) -> Found:
        """Problems of one schema-valid record of a task not per document."""
        return []

    def key(self, record: dict) -> Any:
        """What a record of a task not per document predicts for (a pair): given twice, it is refused."""
        raise NotImplementedError(f"task {self.name!r} is per document")

    def key_text(self, key: Any) -> str:
        return repr(key)

    def held_problems(self, held: Mapping[Any, Any]) -> Found:
        """Problems of a whole task's predictions together (``load`` of every valid record, by ``key``)."""
        return []

    # ------------------------------------------------------------------ counting
    def counter(self, *, label_set: str, keep_rows: bool) -> Counter:
        """A new counter of documents (per-document tasks)."""
        raise NotImplementedError(f"task {self.name!r} counts no documents")

    def merge(self, parts: Sequence[Any]) -> Any:
        """The counts of consecutive ranges of documents, joined in order (what ``counter().finish()`` gives)."""
        raise NotImplementedError(f"task {self.name!r} merges no counts")

    def count_whole(self, predictions: Any, *, root: Path | None) -> Any:
        """The counts of a task whose records are not per document, from its validated predictions."""
        raise NotImplementedError(f"task {self.name!r} is counted per document")

    # ------------------------------------------------------------------ scoring
    def rows(self, counts: Any, scorer: Any, report: Any, *, root: Path | None) -> None:
        """Add the task's rows to ``scorer`` (``scoring.score.Scorer``) and anything else to ``report``."""
        raise NotImplementedError

    def headline_units(self, counts: Any, *, root: Path | None) -> dict[Headline, np.ndarray]:
        """For each of ``headlines``, units x ``[matched_pred, matched_gold, predicted, gold]`` counts: what the
        paired test swaps (``scoring.compare``)."""
        raise NotImplementedError

    def figure(self, report: Any, counts: Callable[[], Any]) -> Figure | None:
        """What the task's figure shows (``figure_file``), from the report's rows or (``counts()``) the counts."""
        return None

    # ------------------------------------------------------------------ per-example records
    def details(self, predictions: Any, *, root: Path | None, label_set: str) -> list[dict]:
        """One record per example (a gold and a predicted item, a pair), each a dict of ``detail_fields``, whose
        outcomes add up to the counts ``rows`` scores; ``predictions`` as in ``Submission.predictions[name]``.
        A task with none gives none."""
        return []

    def detail_key(self, record: dict) -> tuple:
        """What a record is about, the same for two systems' records of one example (``compare --details``
        pairs them by it): by default every field that is not an outcome."""
        return tuple(value for name, value in record.items() if name not in self.detail_outcomes)

    def detail_unlisted(self, record: dict) -> dict | None:
        """The record of the same example for a system that lists none (a pair it leaves out is a pair it calls
        unrelated), or None where having no record is itself a difference (a prediction only one system makes)."""
        return None

    def labels(self, label_set: str) -> str | None:
        """The label set a signature names, for a task whose scores depend on it (``labelled``)."""
        return label_set if self.labelled else None


_REGISTRY: dict[str, Task] = {}


def register(task: Task, *, replace: bool = False) -> Task:
    """Add a task (a ``Task`` instance with a new name), or with ``replace`` put it in the place of the task of
    its name (a variant of a built-in task, e.g. with one more metric); returns it."""
    if replace:
        if task.name not in _REGISTRY:
            raise ValueError(f"cannot replace task {task.name!r}: no such task ({', '.join(_REGISTRY)})")
    elif not task.name or task.name in _REGISTRY or task.name == "header":
        raise ValueError(f"cannot register task {task.name!r}: it needs a name that is not 'header' nor taken "
                         f"({', '.join(_REGISTRY)})")
    _REGISTRY[task.name] = task
    return task


def unregister(name: str) -> None:
    """Remove a task registered by ``register`` (a test's toy task)."""
    del _REGISTRY[name]


def registered() -> tuple[Task, ...]:
    """Every task, in the order registered (the built-in ones first: boilerplate, entities, duplicates)."""
    return tuple(_REGISTRY.values())


def names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def get(name: str) -> Task:
    """The task called ``name``; ``KeyError`` naming the known tasks if there is none."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no task {name!r}; the tasks are {', '.join(_REGISTRY)}") from None
