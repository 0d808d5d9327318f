"""The exercises: every checker passes its reference solution and fails its starter file and plausible wrong
solutions, each for the reason the mistake gives; a student's file that does not run, or raises, gives a failed
result and never an exception; ``start`` writes the starter and never overwrites a file.

A wrong solution is the reference solution with one mistake a student could make, written as text
replacements on the reference (each replaced text must be found, so the mistakes stay in step with it).
"""
from __future__ import annotations

import ast

import pytest

import newsprep.eval as npe
from newsprep.course import exercises
from newsprep.course.exercises import EXERCISES, check, solution_path, start, starter_path, task

# exercise -> mistake -> (replacements on the reference solution, text of the failing case)
WRONG: dict[str, dict[str, tuple[list[tuple[str, str]], str]]] = {
    "token-view": {
        "counts tokens, not mentions": ([('if tag.startswith("B-"):', 'if tag != "O":')], "mentions_per_type"),
        "keeps the O tokens": ([('if tag != "O"]', "]")], "tagged(row, names) of a hand-made row"),
    },
    "bio-spans": {
        "drops an I- after O": ([(
            '''        if prefix == "I" and open_type == type_:
            spans[-1] = (spans[-1][0], end, type_)  # continue the open mention
        else:''',
            '''        if prefix == "I":
            if open_type == type_:
                spans[-1] = (spans[-1][0], end, type_)
            continue
        else:''')], "an I- right after O starts a mention"),
        "continues an I- of another type": ([('if prefix == "I" and open_type == type_:',
                                              'if prefix == "I" and open_type is not None:')],
                                            "an I- of another type starts a mention"),
        "checks the start of a span only": ([("if span[0] not in starts or span[1] not in ends",
                                              "if span[0] not in starts")], "misaligned"),
    },
    "entity-matching": {
        "partial requires the same type": ([(
            '''    if scheme == "partial":
        if same_bounds:
            return "correct"
        return "partial" if overlaps(p, g) else None''',
            '''    if scheme == "partial":
        if same_bounds and p.type == g.type:
            return "correct"
        return "partial" if overlaps(p, g) and p.type == g.type else None''')], "'partial'): same boundaries, another type"),
        "strict ignores the type": ([(
            '''        if same_bounds and p.type == g.type:
            return "correct"
        return "incorrect"''',
            '''        if same_bounds:
            return "correct"
        return "incorrect"''')], "'strict'): same boundaries, another type"),
        "a partial match earns full credit": ([('hits = counts["correct"] + 0.5 * counts["partial"]',
                                                'hits = counts["correct"] + counts["partial"]')], "f1("),
    },
    "boilerplate-lodo": {
        "trains on all five documents": ([
            ('gold_spans = {row["doc"]: [npe.Span(s["start"], s["end"]) for s in row["spans"]] for row in gold.train}',
             'gold_spans = {row["doc"]: [npe.Span(s["start"], s["end"]) for s in row["spans"]] for row in npe.load("boilerplate")}'),
            ("for doc in docs.train:", 'for doc in npe.load("documents"):')], "the training data of the call"),
        "does not trim the lines": ([(
            '''            start = pos + len(raw) - len(raw.lstrip())
            spans.append(npe.Span(start, start + len(stripped)))''',
            "            spans.append(npe.Span(pos, pos + len(raw)))")], "line_spans("),
        "a line is boilerplate if any character is": ([("2 * sum(i in inside for i in chars) > len(chars)",
                                                        "any(i in inside for i in chars)")], "label_lines("),
    },
    "near-duplicates": {
        "one point per pair, ties apart": ([("if last_of_its_score:", "if True:")], "pr_curve({"),
        "the threshold with the best precision": ([("key=lambda point: (f1(point), point[0])",
                                                    "key=lambda point: (point[1], point[0])")], "best_threshold("),
        "a similarity that is not symmetric": ([("return len(wa & wb) / len(wa | wb)", "return len(wa & wb) / len(wa)")],
                                               "swapped"),
    },
    "paired-bootstrap": {
        "resamples mentions, not documents": ([
            ("    drawn = []\n", """    drawn = []
    gold = int(a[:, 2].sum())  # one unit per gold mention, found by A or not, by B or not
    found_a, found_b = np.arange(gold) < a[:, 0].sum(), np.arange(gold) < b[:, 0].sum()
"""),
            ('''        docs = rng.integers(0, len(a), size=len(a))  # the same documents for both systems: paired
        drawn.append(f1(b[docs].sum(axis=0)) - f1(a[docs].sum(axis=0)))''',
             '''        units = rng.integers(0, gold, size=gold)
        drawn.append(f1((found_b[units].sum(), b[:, 1].sum(), gold)) - f1((found_a[units].sum(), a[:, 1].sum(), gold)))''')],
            "mixed gains"),
        "draws A's and B's documents apart": ([(
            "drawn.append(f1(b[docs].sum(axis=0)) - f1(a[docs].sum(axis=0)))",
            "drawn.append(f1(b[rng.integers(0, len(a), size=len(a))].sum(axis=0)) - f1(a[docs].sum(axis=0)))")],
            "equal systems"),
        "no +1 in the p-value": ([("2 * (against + 1) / (resamples + 1)", "2 * against / resamples")],
                                 "a gain in every document"),
        "reads the floor as a probability": ([('FLOOR = "b"', 'FLOOR = "a"')], "FLOOR"),
        "reads the permutation test's smallest p-value as noise": ([('PERMUTATION = "d"', 'PERMUTATION = "a"')],
                                                                    "PERMUTATION"),
    },
}


def wrong_solution(tmp_path, name: str, mistake: str):
    """The reference solution of ``name`` with the mistake made, written to a file."""
    source = solution_path(name).read_text(encoding="utf-8")
    replacements, _ = WRONG[name][mistake]
    for old, new in replacements:
        assert source.count(old) == 1, f"{name}: the reference no longer holds {old!r}"
        source = source.replace(old, new)
    path = tmp_path / f"{exercises.exercise(name).module}.py"
    path.write_text(source, encoding="utf-8")
    return path


def test_six_exercises_from_easy_to_hard_over_the_three_layers():
    assert len(EXERCISES) >= 6
    assert {e.layer for e in EXERCISES.values()} >= {"boilerplate", "entities", "duplicates"}
    levels = [e.level for e in EXERCISES.values()]
    assert levels == sorted(levels, key=["easy", "medium", "hard"].index)
    assert set(WRONG) == set(EXERCISES)


@pytest.mark.parametrize("name", EXERCISES)
def test_each_exercise_has_a_starter_with_its_task_and_a_solution(name):
    assert task(name).startswith(f"Exercise {name} (")
    assert f"newsprep exercise check {name} " in task(name)
    assert solution_path(name).is_file()
    starter = ast.parse(starter_path(name).read_text(encoding="utf-8"))
    solution = ast.parse(solution_path(name).read_text(encoding="utf-8"))
    defined = lambda tree: {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}  # noqa: E731
    assert defined(starter) <= defined(solution), "the solution defines every function of the starter"


@pytest.mark.parametrize("name", EXERCISES)
def test_the_reference_solution_passes(name):
    result = check(name, solution_path(name))
    assert result.passed, str(result)
    assert result.checks >= 10 and str(result).startswith(f"PASS {name}: ")


@pytest.mark.parametrize("name", EXERCISES)
def test_the_starter_fails_and_says_what_to_write(name, tmp_path):
    path = start(name, tmp_path)
    result = check(name, path)
    assert not result.passed
    assert "NotImplementedError" in result.failure.got or result.checks > 0, str(result)
    assert str(result).startswith(f"FAIL {name}: ") and "case:" in str(result)


@pytest.mark.parametrize(("name", "mistake"), [(n, m) for n in WRONG for m in WRONG[n]])
def test_a_plausible_wrong_solution_fails_where_it_is_wrong(name, mistake, tmp_path):
    result = check(name, wrong_solution(tmp_path, name, mistake))
    assert not result.passed, f"{name} passed with the mistake: {mistake}"
    assert WRONG[name][mistake][1] in result.failure.case, str(result)
    assert "Traceback" not in str(result)


BROKEN = {  # what a student's file does -> what the failure says
    "def tags_to_spans(tokens, tags:\n": "SyntaxError",
    "import no_such_module_anywhere\n": "ModuleNotFoundError",
    "raise SystemExit(3)\n": "SystemExit",
    "x = 1 / 0\n": "ZeroDivisionError: division by zero (line 1 of",
    "def tags_to_spans(tokens, tags):\n    return tags[99]\n": "IndexError",
    "def tags_to_spans(tokens, tags):\n    exit()\n": "SystemExit",
    "tags_to_spans = 3\n": "a int",
    "\n": "nothing of that name",
}


@pytest.mark.parametrize("source", BROKEN)
def test_a_file_that_does_not_run_or_raises_gives_a_failure_not_an_exception(source, tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(source, encoding="utf-8")
    result = check("bio-spans", path)
    assert not result.passed and BROKEN[source] in result.failure.got + result.failure.case, str(result)


def test_a_file_that_is_not_utf8_gives_a_failure(tmp_path):
    path = tmp_path / "mine.py"
    path.write_bytes(b"\xff\xfe")
    assert "UnicodeDecodeError" in check("bio-spans", path).failure.got


def test_a_missing_file_or_exercise_is_a_usage_error(tmp_path):
    with pytest.raises(npe.UsageError, match="no such file"):
        check("bio-spans", tmp_path / "none.py")
    with pytest.raises(npe.UsageError, match="no exercise 'bio'; there are: token-view"):
        check("bio", tmp_path / "none.py")


def test_a_notebook_namespace_or_a_module_is_checked_as_a_file_is():
    import importlib.util

    spec = importlib.util.spec_from_file_location("reference_bio_spans", solution_path("bio-spans"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert check("bio-spans", module).passed
    assert check("bio-spans", vars(module)).passed
    assert check("bio-spans", {**vars(module), "misaligned": lambda text, spans: []}).failure.case.startswith("misaligned(")


def test_a_students_module_is_not_left_in_sys_modules(tmp_path):
    import sys

    before = set(sys.modules)
    check("bio-spans", solution_path("bio-spans"))
    assert {m for m in set(sys.modules) - before if m.startswith("newsprep_solution_")} == set()


def test_start_writes_the_starter_and_never_overwrites(tmp_path):
    folder = tmp_path / "new" / "course"
    path = start("token-view", folder)
    assert path == folder / "token_view.py"
    assert path.read_text(encoding="utf-8") == starter_path("token-view").read_text(encoding="utf-8")
    path.write_text("my work\n", encoding="utf-8")
    with pytest.raises(npe.UsageError, match="exists; it is not overwritten"):
        start("token-view", folder)
    assert path.read_text(encoding="utf-8") == "my work\n"


def test_start_refuses_a_dataset_folder(data_copy):
    with pytest.raises(npe.UsageError, match="dataset folder"):
        start("token-view", data_copy / "data")
    assert not (data_copy / "data" / "token_view.py").exists()
    from newsprep.eval.data.dataset import dataset_dir

    with pytest.raises(npe.UsageError, match="dataset folder"):
        start("token-view", dataset_dir())


def test_the_exercises_page_lists_every_exercise_and_shows_a_real_report():
    from tests.conftest import REPO

    page = (REPO / "docs" / "exercises.md").read_text(encoding="utf-8")
    assert [line.split("`")[1] for line in page.splitlines() if line.startswith("| `")] == list(EXERCISES)
    shown = page[page.index("```text\n") + len("```text\n"):]
    assert shown[:shown.index("```")] == str(check("bio-spans", solution_path("bio-spans"))) + "\n"
