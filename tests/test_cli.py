"""The CLI: help, exit codes, messages without tracebacks."""
import subprocess
import sys

from newsprep.eval import data_version
from newsprep.eval.cli.main import main
from tests.conftest import edit_jsonl


def run(*args):
    return subprocess.run([sys.executable, "-m", "newsprep.eval", *args], capture_output=True, text=True)


def test_help_lists_subcommands():
    out = run("--help")
    assert out.returncode == 0
    for command in ("validate-data", "summary"):
        assert command in out.stdout


def test_validate_data_ok(capsys):
    assert main(["validate-data"]) == 0
    assert f"OK — data {data_version()}" in capsys.readouterr().out


def test_validate_data_reports_and_fails(data_copy):
    edit_jsonl(data_copy, "data/documents.jsonl", 2, lambda d: {k: v for k, v in d.items() if k != "title"})
    out = run("validate-data", "--root", str(data_copy))
    assert out.returncode == 1
    assert "data/documents.jsonl:2: title: schema:required" in out.stderr
    assert "Traceback" not in out.stderr


def test_summary_names_every_document(capsys):
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert f"NewsPrep data {data_version()}" in out
    assert all(f"d00{i}" in out for i in range(5))


def test_unknown_command_is_a_usage_error():
    out = run("frobnicate")
    assert out.returncode == 2 and "invalid choice" in out.stderr
