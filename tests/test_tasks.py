"""Tasks as plug-ins (``newsprep.eval.tasks``): a fourth task, declared here in the tests folder alone, is
validated, scored (in memory, from a file, in partitions), compared and reported by the same engine as the
three built-in ones, with no change to the harness."""
from __future__ import annotations

from pathlib import Path

import pytest

import newsprep.eval as npe
import newsprep.eval.tasks as tasks
from newsprep.eval.errors import InvalidInput
from newsprep.eval.metrics.tally import Tally, merge
from newsprep.eval.render import html
from newsprep.eval.render.text import as_table
from newsprep.eval.scoring.score import score_file
from newsprep.eval.tasks.spans import item_span_problems
from newsprep.eval.types import Span
from tests.submissions import header, write


def bounds(item) -> tuple[int, int]:
    """A span's ``(start, end)``, from a record's object or a ``Span``."""
    return (item["start"], item["end"]) if isinstance(item, dict) else (item.start, item.end)


class NameCounter:
    """Exact-span matches of one document at a time (a toy needs no arrays)."""

    def __init__(self, keep_rows: bool):
        self.tally = Tally(("spans",), keep_rows)

    def add(self, doc, text, gold, record) -> None:
        truth = {bounds(m) for m in gold["entities"]["mentions"]}
        found = {bounds(s) for s in record["spans"]}
        hits = len(truth & found)
        self.tally.add(doc, {"spans": (hits, hits, len(found), len(truth))})

    def finish(self) -> Tally:
        return self.tally


class Names(tasks.Task):
    """Where are the names? The spans of the gold entity mentions, types ignored."""

    name = "names"
    items = "spans"
    gold_layers = ("entities",)
    headlines = (("all", "spans", "micro"),)
    schema = {"type": "object", "additionalProperties": False, "required": ["task", "doc", "spans"],
              "properties": {"task": {"const": "names"}, "doc": {"type": "string"},
                             "spans": {"type": "array", "items": {
                                 "type": "object", "additionalProperties": False, "required": ["start", "end"],
                                 "properties": {"start": {"type": "integer", "minimum": 0},
                                                "end": {"type": "integer", "minimum": 1}}}}}}

    def text_problems(self, text, record):
        return item_span_problems(text, record["spans"], "spans")

    def load(self, record):
        return tuple(Span(s["start"], s["end"]) for s in record["spans"])

    def counter(self, *, label_set, keep_rows):
        return NameCounter(keep_rows)

    def merge(self, parts):
        return merge(list(parts))

    def rows(self, counts, scorer, report, *, root):
        scorer.add_prf(counts, "spans", task=self.name, view="all")

    def headline_units(self, counts, *, root):
        return {h: counts.units("spans") for h in self.headlines}


@pytest.fixture
def names_task():
    task = tasks.register(Names())
    try:
        yield task
    finally:
        tasks.unregister(task.name)


def name_records(*, keep_every: int = 1) -> list[dict]:
    """A record per document with the gold mentions' spans (every ``keep_every``-th one)."""
    return [{"task": "names", "doc": r["doc"],
             "spans": [{"start": m["start"], "end": m["end"]} for m in r["mentions"][::keep_every]]}
            for r in npe.records("entities")]


def test_the_registry_lists_the_built_in_tasks_first():
    assert tasks.names() == npe.TASKS
    with pytest.raises(ValueError, match="cannot register task 'entities'"):
        tasks.register(type("Again", (tasks.Task,), {"name": "entities"})())
    with pytest.raises(KeyError, match="no task 'names'; the tasks are boilerplate, entities, duplicates"):
        tasks.get("names")


def test_a_task_from_the_tests_folder_is_scored_by_every_path(names_task, tmp_path: Path):
    path = write(tmp_path / "names.jsonl", [header(system="names-perfect"), *name_records()])
    from_file = npe.score_file(path, resamples=50)
    assert from_file.get("names", "spans").value == 1.0
    assert from_file.get("names", "spans", "support").value == sum(len(r["mentions"]) for r in npe.records("entities"))
    assert "|task:names|" in from_file.get("names", "spans").signature
    in_memory = npe.score(name_records(), resamples=50)
    partitioned = score_file(path, partitions=3, resamples=50)
    assert [r.value for r in in_memory.rows] == [r.value for r in from_file.rows] == [r.value for r in partitioned.rows]
    assert from_file.rows == partitioned.rows


def test_a_task_from_the_tests_folder_is_validated(names_task, tmp_path: Path):
    records = name_records()
    records[2]["spans"].append({"start": 10**7, "end": 10**7 + 1})
    records[3]["spans"][0]["label"] = "x"
    path = write(tmp_path / "bad.jsonl", [header(), *records[:-1]])
    with pytest.raises(InvalidInput) as caught:
        npe.score_file(path)
    found = {(p.line, p.rule) for p in caught.value.problems}
    assert (4, "offset-in-range") in found  # its own rule (Task.text_problems), on its record's line
    assert (5, "schema:additionalProperties") in found  # its own schema (Task.schema)
    assert (None, "every-document") in found  # the engine's rule, for any per-document task


def test_a_task_from_the_tests_folder_is_compared_and_reported(names_task, tmp_path: Path):
    perfect = write(tmp_path / "a.jsonl", [header(system="all"), *name_records()])
    half = write(tmp_path / "b.jsonl", [header(system="half"), *name_records(keep_every=2)])
    [row] = npe.compare(half, perfect)
    assert (row.task, row.view, row.metric, row.average) == ("names", "all", "spans", "micro")
    assert row.b == 1.0 > row.a and row.p_value == row.p_min == 2 / 2 ** 5  # B beats A on every document
    sub = npe.read_submission(half)
    report = npe.score_file(half, resamples=0)
    page = html.render(sub, report)
    assert "<h3>names</h3>" in page and "Articles" not in page  # a task with no view of its own: its scores
    assert "names" in as_table(report)


def test_a_task_registered_again_with_another_schema_is_checked_by_the_new_one(tmp_path: Path):
    """Regression: the validator was cached by task names alone, so a task registered again under the same name
    with a stricter schema was still checked by the schema of the first registration."""
    lax = type("LaxNames", (Names,), {"schema": {**Names.schema, "additionalProperties": True}})
    records = name_records()
    records[0]["note"] = "an extra field"
    for task, refused in ((lax(), False), (Names(), True)):
        tasks.register(task)
        try:
            if refused:
                with pytest.raises(InvalidInput, match="schema:additionalProperties"):
                    npe.read_submission(records)
            else:
                assert npe.read_submission(records).tasks == ("names",)
        finally:
            tasks.unregister("names")
