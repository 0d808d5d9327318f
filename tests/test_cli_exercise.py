"""``newsprep exercise``: list, show, start, check. For every exercise, ``start`` then ``check`` of the untouched
starter exits 1 with the first wrong case; ``check`` of the reference solution exits 0 with a short report."""
from __future__ import annotations

import pytest

from newsprep.course.exercises import EXERCISES, solution_path
from newsprep.eval.data.dataset import dataset_dir
from tests.conftest import run_cli


def test_list_shows_every_exercise_with_its_layer_and_level():
    out = run_cli("exercise", "list")
    assert out.code == 0 and out.err == ""
    rows = [line.split()[:3] for line in out.out.splitlines()[2:2 + len(EXERCISES)]]
    assert rows == [[e.name, e.layer, e.level] for e in EXERCISES.values()]
    assert "newsprep exercise start NAME DIR" in out.out and "Reference solutions, for instructors:" in out.out


def test_show_prints_the_task():
    out = run_cli("exercise", "show", "paired-bootstrap")
    assert out.code == 0 and out.out.startswith("Exercise paired-bootstrap (statistics, hard)")


@pytest.mark.parametrize("name", EXERCISES)
def test_start_then_check_fails_on_the_starter_and_passes_on_the_reference(name, tmp_path):
    started = run_cli("exercise", "start", name, tmp_path / "work")
    path = tmp_path / "work" / f"{name.replace('-', '_')}.py"
    assert started.code == 0 and path.is_file(), started.err
    assert f"newsprep exercise check {name} {path}" in started.out

    failed = run_cli("exercise", "check", name, path)
    assert failed.code == 1, failed.out
    assert failed.out.startswith(f"FAIL {name}: ") and "  case:" in failed.out and "  got:" in failed.out
    assert "Traceback" not in failed.out + failed.err

    passed = run_cli("exercise", "check", name, solution_path(name))
    assert passed.code == 0 and passed.out.startswith(f"PASS {name}: ") and passed.err == ""


def test_start_never_overwrites_and_never_writes_into_a_dataset_folder(tmp_path):
    assert run_cli("exercise", "start", "bio-spans", tmp_path).code == 0
    (tmp_path / "bio_spans.py").write_text("my work\n", encoding="utf-8")
    again = run_cli("exercise", "start", "bio-spans", tmp_path)
    assert again.code == 2 and "exists; it is not overwritten" in again.err
    assert (tmp_path / "bio_spans.py").read_text(encoding="utf-8") == "my work\n"
    inside = run_cli("exercise", "start", "bio-spans", dataset_dir() / "data")
    assert inside.code == 2 and "dataset folder" in inside.err
    assert not (dataset_dir() / "data" / "bio_spans.py").exists()


def test_usage_errors_exit_2(tmp_path):
    unknown = run_cli("exercise", "check", "no-such-exercise", solution_path("bio-spans"))
    assert unknown.code == 2 and "no exercise 'no-such-exercise'; there are: token-view" in unknown.err
    missing = run_cli("exercise", "check", "bio-spans", tmp_path / "none.py")
    assert missing.code == 2 and "none.py: no such file" in missing.err
    assert run_cli("exercise").code == 2
    assert run_cli("exercise", "start", "bio-spans").code == 2


def test_a_file_that_does_not_run_exits_1_with_a_message(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("import newsprep.eval as npe\n\ndef tags_to_spans(tokens, tags):\n    return npe.nothing\n",
                    encoding="utf-8")
    out = run_cli("exercise", "check", "bio-spans", path)
    assert out.code == 1 and "AttributeError" in out.out and f"(line 4 of {path})" in out.out
    assert "Traceback" not in out.out + out.err


def test_check_prints_nothing_else_with_an_empty_datasets_cache(tmp_path, monkeypatch):
    """Regression: with an empty HF_DATASETS_CACHE, datasets printed 'Generating test split' progress bars on
    standard error during a check; the check now runs in a process of its own, with caches of its own."""
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "empty-cache"))
    passed = run_cli("exercise", "check", "token-view", solution_path("token-view"))
    assert passed.code == 0 and passed.err == "", passed.err


def test_the_command_line_limits_are_the_library_defaults():
    from newsprep.course import isolated
    from newsprep.eval.cli.main import parser

    argv = ["exercise", "check", "bio-spans", "mine.py"]
    args = parser(argv).parse_args(argv)
    assert (args.time_limit, args.memory_limit) == (isolated.TIME_LIMIT_S, isolated.MEMORY_LIMIT_MB)


def test_a_crash_of_the_interpreter_fails_the_check_with_a_message(tmp_path):
    """Deep recursion through C code after ``sys.setrecursionlimit`` ends the interpreter (a segmentation fault, or
    a RecursionError or MemoryError where Python guards its C stack): the check fails with a message either way,
    and this process, which only waited for the verdict, goes on."""
    path = tmp_path / "mine.py"
    path.write_text("import sys\nsys.setrecursionlimit(10**7)\n\ndef deeper(n):\n    return sorted([n + 1], key=deeper)\n\n"
                    "def tags_to_spans(tokens, tags):\n    return deeper(0)\n", encoding="utf-8")
    out = run_cli("exercise", "check", "bio-spans", path, "--memory-limit", "2048")
    assert out.code == 1 and out.out.startswith("FAIL bio-spans: 0 checks passed"), out.out + out.err
    assert any(word in out.out for word in ("SIGSEGV", "RecursionError", "MemoryError", "exited with status")), out.out
    assert "Traceback" not in out.out + out.err
