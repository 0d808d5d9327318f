"""The CLI: help, exit codes, messages without tracebacks (run in process; see test_cli_process.py)."""
import io
import sys

import pytest

from newsprep.eval import __version__, data_version
from tests.conftest import edit_jsonl, run_cli


def test_help_lists_subcommands():
    out = run_cli("--help")
    assert out.code == 0
    for command in ("validate-data", "summary", "score", "compare", "report", "export", "synth", "baselines"):
        assert command in out.out


def test_version_names_package_and_data():
    out = run_cli("--version")
    assert out.code == 0 and out.out.strip() == f"newsprep {__version__} (data {data_version()})"


def test_validate_data_ok():
    out = run_cli("validate-data")
    assert out.code == 0
    assert all("warning(s) for a person to look at, not errors" in line for line in out.err.splitlines())
    assert f"OK — data {data_version()}" in out.out


def test_validate_data_reports_and_fails(data_copy):
    edit_jsonl(data_copy, "data/documents.jsonl", 2, lambda d: {k: v for k, v in d.items() if k != "title"})
    out = run_cli("validate-data", "--root", str(data_copy))
    assert out.code == 1
    assert "data/documents.jsonl:2: title: schema:required" in out.err
    assert "newsprep validate-data: 1 problem(s)" in out.err
    assert "Traceback" not in out.err and out.out == ""


def test_summary_names_every_document():
    out = run_cli("summary")
    assert out.code == 0
    assert f"NewsPrep data {data_version()}" in out.out
    assert all(f"d00{i}" in out.out for i in range(5))


def test_unknown_command_is_a_usage_error():
    out = run_cli("frobnicate")
    assert out.code == 2 and "invalid choice" in out.err and out.out == ""


def test_missing_command_is_a_usage_error():
    out = run_cli()
    assert out.code == 2 and "the following arguments are required: COMMAND" in out.err


def test_python_dash_m_entry_point_calls_main(monkeypatch, capsys):
    """``python -m newsprep.eval`` (eval/__main__.py) exits with the status ``main`` returns."""
    import runpy

    monkeypatch.setattr(sys, "argv", ["newsprep", "validate-data"])
    with pytest.raises(SystemExit) as done:
        runpy.run_module("newsprep.eval", run_name="__main__")
    assert done.value.code == 0
    assert f"OK — data {data_version()}" in capsys.readouterr().out


def test_build_data_calls_the_builder_and_says_so(monkeypatch):
    """Only the command is checked here (the real build rewrites the embedded data: test_maintain_build.py)."""
    import newsprep.eval.maintain.build as build

    calls = []
    monkeypatch.setattr(build, "build", lambda *args: calls.append(args))
    out = run_cli("build-data")
    assert out.code == 0 and calls == [()]
    assert out.out == "newsprep build-data: derived files and manifest rewritten\n"


class ClosedPipe(io.StringIO):
    """A standard output whose reader has gone: every write fails as a pipe's would."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_has_gone_ends_the_command_with_status_141(monkeypatch):
    """In process, the branch test_cli_process.py checks end to end: no traceback, exit status 141 (128 + SIGPIPE)."""
    from newsprep.eval.cli.main import main

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["summary"]) == 141


def test_compare_writes_its_table_to_a_file(tmp_path):
    from tests.submissions import gold_boilerplate_records, header, write

    a = write(tmp_path / "a.jsonl", [header(system="a")] + gold_boilerplate_records())
    target = tmp_path / "compare.txt"
    out = run_cli("compare", a, a, "--resamples", "10", "-o", target)
    assert out.code == 0 and out.out == "" and out.err == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Paired permutation test: A = 'a', B = 'a'") and "test:perm-exact" in text


PLUG_INS = ("newsprep.course", "newsprep.baselines")


@pytest.mark.parametrize("args, loaded", [(["summary"], []), (["score", "--help"], []),
                                          (["exercise", "list"], ["course"]), (["baselines", "--help"], ["baselines"])],
                         ids=["summary", "score", "exercise", "baselines"])
def test_a_command_loads_only_the_plug_in_it_names(args, loaded):
    """Plug-in commands come through entry points and are loaded when the command line names them: the harness
    starts without the course (which runs students' code) or the baselines."""
    import subprocess

    probe = ("import contextlib, io, sys\nfrom newsprep.eval.cli.main import main\n"
             "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
             f"    code = main({args!r})\n"
             f"print(sorted(m.split('.')[1] for m in sys.modules if m in {PLUG_INS!r}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == str(loaded), out.stdout + out.stderr


def test_help_lists_the_plug_in_commands_with_their_help():
    out = run_cli("--help")
    assert "the course's graded exercises: list, show, start, check" in out.out
    assert "run every baseline, score it and write the leaderboard" in out.out


def test_a_broken_plug_in_loses_its_command_only(monkeypatch):
    import importlib
    from importlib.metadata import EntryPoint

    cli = importlib.import_module("newsprep.eval.cli.main")  # the package's attribute "main" is the function
    broken = EntryPoint("broken", "newsprep.no_such_module", cli.PLUGINS)
    monkeypatch.setattr(cli, "plugins", lambda: [broken])
    out = run_cli("broken")
    assert out.code == 2 and "the command 'broken' (newsprep.no_such_module) could not be loaded" in out.err
    assert run_cli("summary").code == 0
