"""Merging submissions of different tasks (one system's boilerplate, another's entities, ...) into one.

An input is a submission file, or a list of records held in memory (what the
adapters give: ``mentions_record``, ``spans_record``, ``pair_records``; a
header first is optional, as for ``score``). Every input is validated first
(``read_submission``), and ``InvalidInput`` lists the problems of all of them;
those of records are named ``paths[i]`` (the input's place in the list) and
the record's number. Then two rules hold across the inputs
(rule names in brackets): their headers name the same dataset MAJOR.MINOR
(``merge-version``, checked before anything else), and a task comes from one
input only (``merge-task``). The merged header's system is ``system``, by
default the inputs' systems joined with ``+``; its settings name each input's
file (None for records), system, tasks and settings, ``{"merged": [{"file":
..., "system": ..., "task": [...], "settings": {...}}, ...]}``. The records follow the header,
input by input, as the inputs hold them.

>>> import json, pathlib, tempfile
>>> from newsprep.eval import data_version
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> docs = ("d000", "d001", "d002", "d003", "d004")
>>> for name, task, key in (("a", "boilerplate", "spans"), ("b", "entities", "mentions")):
...     rows = [{"task": "header", "dataset_version": data_version(), "system": name}] + [{"task": task, "doc": d, key: []} for d in docs]
...     _ = (folder / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\\n" for r in rows))
>>> merged = merge_submissions([folder / "a.jsonl", folder / "b.jsonl"])
>>> merged[0]["system"], [m["task"] for m in merged[0]["settings"]["merged"]], len(merged)
('a+b', [['boilerplate'], ['entities']], 11)
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import newsprep.eval.tasks as registry
from newsprep.eval.data.dataset import data_version
from newsprep.eval.errors import IN_MEMORY, InvalidInput, NewsPrepError, Problem, UsageError
from newsprep.eval.io.jsonl import MAX_LINE_BYTES, dumps_line, file_problem, iter_jsonl
from newsprep.eval.submission.model import Submission, same_minor
from newsprep.eval.submission.read import read_submission

MAX_SYSTEM = 200  # characters in a header's system name (schema/submission.schema.json)


Input = Path | list  # a submission file, or records held in memory


def input_name(given: Input, k: int) -> str:
    """How problems and messages name an input: its path, or ``paths[k]`` for records."""
    return str(given) if isinstance(given, Path) else f"paths[{k}]"


def header_version(given: Input) -> str | None:
    """The ``dataset_version`` of an input's first record if it is a readable header, else None (validation says
    why; records without a header are for the current version)."""
    if isinstance(given, list):
        first = given[0] if given else None
        version = first.get("dataset_version") if isinstance(first, Mapping) and first.get("task") == "header" else None
        return version if isinstance(version, str) else None
    if file_problem(given, str(given)) is not None:
        return None
    for _, record, _ in iter_jsonl(given):  # the first record only; the reader's file closes with it
        version = record.get("dataset_version") if record and record.get("task") == "header" else None
        return version if isinstance(version, str) else None
    return None


def version_problems(inputs: list[Input]) -> list[Problem]:
    """``merge-version`` for each input whose header's MAJOR.MINOR differs from the first readable one's."""
    versions = [(input_name(given, k), v) for k, given in enumerate(inputs) if (v := header_version(given)) is not None]
    if not versions:
        return []
    first, reference = versions[0]
    return [Problem(name, 1, "dataset_version", "merge-version",
                    f"{name} is for {v}, {first} for {reference} (MAJOR.MINOR must agree)")
            for name, v in versions[1:] if not same_minor(v, reference)]


def task_problems(names: list[str], subs: list[Submission]) -> list[Problem]:
    """``merge-task`` for each task that a later input holds again."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for name, sub in zip(names, subs):
        for task in sub.tasks:
            if task in owner:
                problems.append(Problem(name, None, "task", "merge-task",
                                        f"{task} is in both {owner[task]} and {name}; a task may come from one input only"))
            else:
                owner[task] = name
    return problems


def given_tasks(rows: list[dict]) -> set[str]:
    """The registered tasks named by ``rows``."""
    return {row["task"] for row in rows if type(row.get("task")) is str and row["task"] in registry.names()}


def inputs_argument(paths: object) -> list[Input]:
    """Each input as a ``Path`` (a file) or a list of records; ``UsageError`` for one path or a lone record given
    where a list of inputs is meant, and for an input that is neither."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise UsageError(f"merge_submissions takes a list of paths, not one path: [{str(paths)!r}, ...]")
    if isinstance(paths, Mapping) or not isinstance(paths, Iterable):
        raise UsageError(f"merge_submissions takes a list of inputs (paths, or lists of records), not "
                         f"{type(paths).__name__}")
    out: list[Input] = []
    for k, given in enumerate(paths):
        if isinstance(given, (str, os.PathLike)):
            out.append(Path(given))
        elif isinstance(given, Iterable) and not isinstance(given, (bytes, Mapping)):
            out.append(list(given))
        else:
            hint = " (one record: put the records of one submission in a list, [record, ...])" if isinstance(
                given, Mapping) else ""
            raise UsageError(f"merge_submissions: paths[{k}] is a {type(given).__name__}; each input is a submission "
                             f"file (a path) or a list of records{hint}")
    return out


def read_input(given: Input, k: int, root: Path | None) -> Submission:
    """An input validated; the problems of records name the input as ``paths[k]``."""
    if isinstance(given, Path):
        return read_submission(given, root=root)
    try:
        return read_submission(given, root=root)
    except InvalidInput as err:
        raise InvalidInput([replace(p, file=input_name(given, k)) if p.file == IN_MEMORY else p
                            for p in err.problems]) from None


def input_rows(given: Input) -> list[dict]:
    """An input's records as a file holds them (records in memory pass through JSON, as validation read them)."""
    if isinstance(given, Path):
        return [record for _, record, _ in iter_jsonl(given) if record is not None]
    return [json.loads(json.dumps(record)) for record in given]


def merge_submissions(paths: Sequence[str | os.PathLike | Iterable[dict]], *, system: str | None = None,
                      root: Path | None = None, output: str | os.PathLike | None = None) -> list[dict]:
    """The records of one submission holding the tasks of all inputs: a header, then every input's records.

    ``paths`` lists the inputs: submission files, or lists of records held in memory, or both.
    ``root`` is the dataset folder the inputs are validated against (default: the embedded data).
    Raises ``InvalidInput`` listing every problem of every input, or of the rules across them. The merged
    records are then checked against every rule a submission file meets, so that nothing is written that
    ``score`` would refuse (the merged header holds every input's settings, and may be nested too deep or
    make too long a line); their problems name ``output`` (the file to be written) and its line.

    >>> import json, pathlib, tempfile
    >>> import newsprep.eval as npe
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> head = {"task": "header", "dataset_version": npe.data_version(), "system": "tagger"}
    >>> ents = [{"task": "entities", "doc": d, "mentions": []} for d in ("d000", "d001", "d002", "d003", "d004")]
    >>> _ = (folder / "ents.jsonl").write_text("".join(json.dumps(r) + "\\n" for r in [head, *ents]))
    >>> pair = {"task": "duplicates", "a": "d000-s001", "b": "d000-s004", "label": "paraphrase"}
    >>> _ = (folder / "pairs.jsonl").write_text("".join(json.dumps(r) + "\\n" for r in [{**head, "system": "sim"}, pair]))
    >>> merged = merge_submissions([folder / "ents.jsonl", folder / "pairs.jsonl"])
    >>> merged[0]["system"], npe.read_submission(merged).tasks
    ('tagger+sim', ('entities', 'duplicates'))
    >>> merged = merge_submissions([folder / "ents.jsonl", [pair]], system="tagger+mine")   # records in memory
    >>> merged[0]["settings"]["merged"][1]["file"], len(merged)
    (None, 7)
    """
    inputs = inputs_argument(paths)
    if not inputs:
        raise NewsPrepError("nothing to merge: give at least one submission file or list of records")
    names = [input_name(given, k) for k, given in enumerate(inputs)]
    problems = version_problems(inputs)
    if problems:
        raise InvalidInput(problems)
    subs: list[Submission] = []
    for k, given in enumerate(inputs):
        try:
            subs.append(read_input(given, k, root))
        except InvalidInput as err:
            problems += err.problems
    if problems:
        raise InvalidInput(problems)
    problems = task_problems(names, subs)
    if problems:
        raise InvalidInput(problems)
    name = system if system is not None else "+".join(sub.system for sub in subs)
    if not 1 <= len(name) <= MAX_SYSTEM:
        raise NewsPrepError(f"the merged system name must have 1 to {MAX_SYSTEM} characters, not {len(name)}; "
                            "give a shorter one")
    versions = {sub.dataset_version for sub in subs}
    header: dict = {
        "task": "header",
        "dataset_version": versions.pop() if len(versions) == 1 else data_version(root),
        "system": name,
        "settings": {"merged": [{"file": str(given) if isinstance(given, Path) else None, "system": sub.system,
                                 "task": list(sub.tasks), "settings": sub.settings}
                                for given, sub in zip(inputs, subs)]},
    }
    records = [header]
    for given in inputs:
        rows = input_rows(given)
        if rows[0].get("task") == "header" and "label_set" in rows[0] and any(
                registry.get(t).labelled for t in given_tasks(rows)):
            header["label_set"] = rows[0]["label_set"]  # the entity types are those of the input holding entities
        records += [row for row in rows if row.get("task") != "header"]
    label = os.fspath(output) if output is not None else "the merged submission"
    sizes = [(number, len(dumps_line(record).encode("utf-8"))) for number, record in enumerate(records, start=1)]
    too_long = [Problem(label, number, "-", "line-size", f"{size} bytes > limit {MAX_LINE_BYTES}")
                for number, size in sizes if size > MAX_LINE_BYTES]
    if too_long:
        raise InvalidInput(too_long)
    try:
        read_submission(records, root=root)
    except InvalidInput as err:
        raise InvalidInput([replace(p, file=label) if p.file == IN_MEMORY else p for p in err.problems]) from None
    return records
