"""The CLI: help, exit codes, messages without tracebacks (run in process; see test_cli_process.py)."""
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
    assert out.code == 0 and out.err == ""
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
