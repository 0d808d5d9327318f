"""``newsprep score`` and ``newsprep compare`` from the command line."""
import json
import random

from tests.conftest import run_cli
from tests.submissions import gold_boilerplate_records, header, write


def report_json(*args) -> dict:
    """The JSON report ``newsprep score ARGS --format json`` prints, checking it exited 0 with nothing on stderr."""
    out = run_cli("score", *args, "--format", "json")
    assert out.code == 0 and out.err == "", out.err
    return json.loads(out.out)


def empty_boilerplate():
    return [{"task": "boilerplate", "doc": f"d00{i}", "spans": []} for i in range(5)]


def rows_by_key(report):
    return {(r["task"], r["view"], r["metric"], r["average"], r["statistic"]): r for r in report["rows"]}


def test_perfect_and_empty_submissions(tmp_path):
    gold = write(tmp_path / "gold.jsonl", [header(system="gold")] + gold_boilerplate_records())
    empty = write(tmp_path / "empty.jsonl", [header(system="empty")] + empty_boilerplate())
    good = rows_by_key(report_json(str(gold), "--resamples", "50"))
    bad = rows_by_key(report_json(str(empty), "--resamples", "50"))
    for metric in ("chars", "spans_exact", "spans_overlap"):
        assert good[("boilerplate", "all", metric, "micro", "f1")]["value"] == 1.0
        assert bad[("boilerplate", "all", metric, "micro", "f1")]["value"] == 0.0
    # With nothing removed, every gold content token is still there: recall 1, precision below 1.
    assert bad[("boilerplate", "all", "content_tokens", "micro", "recall")]["value"] == 1.0
    assert bad[("boilerplate", "all", "content_tokens", "micro", "precision")]["value"] < 0.8


def test_scores_do_not_depend_on_record_order(tmp_path):
    records = gold_boilerplate_records()
    for r in records:
        r["spans"] = r["spans"][::2]  # an imperfect system
    a = write(tmp_path / "a.jsonl", [header()] + records)
    shuffled = list(records)
    random.Random(3).shuffle(shuffled)
    for r in shuffled:
        random.Random(4).shuffle(r["spans"])
    b = write(tmp_path / "b.jsonl", [header()] + shuffled)
    out_a = report_json(str(a), "--resamples", "50")
    out_b = report_json(str(b), "--resamples", "50")
    assert out_a["rows"] == out_b["rows"]


def test_every_row_has_signature_and_interval(tmp_path):
    gold = write(tmp_path / "gold.jsonl", [header()] + gold_boilerplate_records())
    report = report_json(str(gold), "--resamples", "20", "--seed", "7")
    for row in report["rows"]:
        assert "|data:" in row["signature"] and "|ci:" in row["signature"] and row["signature"].endswith("seed:7")
        if row["statistic"] in ("support", "predicted"):
            assert row["low"] is None and row["high"] is None and row["value"] == int(row["value"])
        elif row["average"] != "document":
            assert row["low"] <= row["value"] <= row["high"]


def test_invalid_submission_exits_1_without_score_or_traceback(tmp_path):
    path = write(tmp_path / "bad.jsonl", [header(dataset_version="0.0.9")] + gold_boilerplate_records()[:3])
    out = run_cli("score", str(path))
    assert out.code == 1
    assert f"{path}:1: dataset_version: dataset-version" in out.err
    assert "every-document" in out.err and "nothing was scored" in out.err
    assert out.out == "" and "Traceback" not in out.err


def test_requested_task_absent(tmp_path):
    path = write(tmp_path / "s.jsonl", [header()] + gold_boilerplate_records())
    out = run_cli("score", str(path), "--task", "entities")
    assert out.code == 1 and "requested but not in the submission" in out.err


def test_output_file_written_whole(tmp_path):
    path = write(tmp_path / "s.jsonl", [header()] + gold_boilerplate_records())
    target = tmp_path / "report.md"
    out = run_cli("score", str(path), "--format", "markdown", "--resamples", "20", "-o", str(target))
    assert out.code == 0 and target.read_text().startswith("### test")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_compare_gives_paired_test(tmp_path):
    gold = write(tmp_path / "gold.jsonl", [header(system="gold")] + gold_boilerplate_records())
    empty = write(tmp_path / "empty.jsonl", [header(system="empty")] + empty_boilerplate())
    out = run_cli("compare", str(empty), str(gold), "--resamples", "200")
    assert out.code == 0, out.err
    line = next(l for l in out.out.splitlines() if l.startswith("boilerplate  all   chars"))
    assert "+1.000" in line
    assert "test:perm-exact|ci:jackknife-t|unit:docs" in out.out
    assert "0.0625" in line  # p: every document moves the same way, the smallest p-value five documents allow


OFFSET = {"near_duplicate": 20.0, "paraphrase": 10.0, "related": 0.0}


def gold_submission(tmp_path, *, by_label=False):
    """The gold as a submission; with ``by_label`` the scores rank near duplicates, then paraphrases, first."""
    from newsprep.eval import records

    rows = [header(system="gold")]
    rows += [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in records("entities")]
    rows += [{"task": "duplicates", "a": r["a"], "b": r["b"], "score": r["score"] + (OFFSET[r["label"]] if by_label else 0),
              "label": "different" if r["label"] == "related" else r["label"]} for r in records("duplicate_pairs")]
    return write(tmp_path / "gold.jsonl", rows)


def test_gold_entities_and_pairs_score_one(tmp_path):
    report = report_json(str(gold_submission(tmp_path)), "--resamples", "50")
    rows = rows_by_key(report)
    by_label = rows_by_key(report_json(str(gold_submission(tmp_path, by_label=True)), "--resamples", "20"))
    for scheme in ("strict", "exact", "partial", "type"):
        for view in ("all", "content"):
            assert rows[("entities", view, scheme, "micro", "f1")]["value"] == 1.0
    assert rows[("entities", "all", "entity_id", "micro", "accuracy")]["value"] == 1.0
    for task in ("near_duplicate", "same_content"):
        assert rows[("duplicates", task, "pairs", "micro", "f1")]["value"] == 1.0
        assert by_label[("duplicates", task, "ranking", "micro", "average_precision")]["value"] == 1.0
        assert rows[("duplicates", task, "hard_negatives", "micro", "false_positive_rate")]["value"] == 0.0
    assert rows[("duplicates", "graded", "ranking", "micro", "spearman")]["value"] == 1.0
    # Gold scores tie across labels (paraphrase 4.5 = near_duplicate 4.5), so as a ranking they are not perfect.
    assert rows[("duplicates", "near_duplicate", "ranking", "micro", "average_precision")]["value"] < 1.0


def test_macro_interval_of_perfect_system_is_one(tmp_path):
    """Regression: resamples lacking a type once counted that type as F1 0, so a perfect system got [0.75, 1]."""
    report = report_json(str(gold_submission(tmp_path)), "--resamples", "50")
    macro = [r for r in report["rows"] if r["average"] == "macro-types"]
    assert macro and all(r["value"] == r["low"] == r["high"] == 1.0 for r in macro)


def test_all_different_pairs_score_zero(tmp_path):
    from newsprep.eval import records

    rows = [header()] + [{"task": "duplicates", "a": r["a"], "b": r["b"], "label": "different"}
                         for r in records("duplicate_pairs")]
    report = rows_by_key(report_json(str(write(tmp_path / "d.jsonl", rows)), "--resamples", "20"))
    assert report[("duplicates", "same_content", "pairs", "micro", "f1")]["value"] == 0.0


# --- what the table shows: each task's headline row, or every row --------------------------------------

def table_rows(text: str) -> list[list[str]]:
    """The rows of the first table of ``newsprep score``'s text output, as their cells."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("task ")) + 2
    return [l.split() for l in lines[start:lines.index("", start)]]


def test_score_shows_each_tasks_headline_row_and_full_every_row(tmp_path):
    path = gold_submission(tmp_path)
    default = run_cli("score", path, "--resamples", "0")
    full = run_cli("score", path, "--resamples", "0", "--full")
    whole = report_json(str(path), "--resamples", "0")
    assert default.code == full.code == 0 and default.err == full.err == ""
    assert table_rows(default.out) == [["entities", "all", "strict", "micro", "f1", "1.000"],
                                       ["duplicates", "near_duplicate", "pairs", "micro", "f1", "1.000"]]
    assert default.out.rstrip().endswith("Headline rows only, one per task; --full shows every row.")
    assert len(table_rows(full.out)) == len(whole["rows"]) > 50  # --full: today's table, every row of the report
    assert "Headline rows only" not in full.out and "Entity type confusion" in full.out
    markdown = run_cli("score", path, "--resamples", "0", "--format", "markdown")
    assert markdown.out.count("| entities |") == markdown.out.count("| duplicates |") == 1


def test_json_holds_every_row_with_or_without_full(tmp_path):
    path = gold_submission(tmp_path)
    assert report_json(str(path), "--resamples", "0") == report_json(str(path), "--resamples", "0", "--full")


def test_the_headline_row_is_the_one_compare_tests_first_and_the_leaderboard_shows_first(tmp_path):
    """score's headline row of each task is the first metric compare tests (in F1) and the first column of the
    leaderboard: one headline per task, wherever it is shown."""
    from newsprep.baselines.run import HEADLINE as LEADERBOARD

    path = tmp_path / "all.jsonl"
    others = gold_submission(tmp_path).read_text(encoding="utf-8").splitlines()[1:]  # [0]: its header
    path.write_text("".join(json.dumps(r) + "\n" for r in [header(system="gold"), *gold_boilerplate_records()])
                    + "".join(line + "\n" for line in others), encoding="utf-8")
    shown = [tuple(row[:5]) for row in table_rows(run_cli("score", path, "--resamples", "0").out)]
    compared = json.loads(run_cli("compare", path, path, "--format", "json").out)["rows"]
    firsts = {}
    for c in compared:
        firsts.setdefault(c["task"], (c["task"], c["view"], c["metric"], c["average"], "f1"))
    assert shown == list(firsts.values()) == [(task, *LEADERBOARD[task][0]) for task in LEADERBOARD]


def test_score_help_says_what_the_default_shows():
    out = run_cli("score", "--help")
    assert out.code == 0 and "headline row of each task" in " ".join(out.out.split())
    assert "--full" in out.out


# --- compare --format ------------------------------------------------------------------------------------

def test_compare_formats(tmp_path):
    gold = write(tmp_path / "gold.jsonl", [header(system="gold")] + gold_boilerplate_records())
    empty = write(tmp_path / "empty.jsonl", [header(system="empty")] + empty_boilerplate())
    text = run_cli("compare", empty, gold, "--resamples", "20")
    assert run_cli("compare", empty, gold, "--resamples", "20", "--format", "text") == text
    assert run_cli("compare", empty, gold, "--resamples", "20", "--format", "table") == text
    assert text.out.startswith("Paired permutation test: A = 'empty', B = 'gold'")

    done = run_cli("compare", empty, gold, "--resamples", "20", "--format", "json")
    assert done.code == 0 and done.err == ""
    found = json.loads(done.out)
    assert (found["a"], found["b"]) == ("empty", "gold")
    assert [(r["task"], r["view"], r["metric"], r["average"]) for r in found["rows"]] == [
        ("boilerplate", "all", "chars", "macro-docs"), ("boilerplate", "all", "chars", "micro"),
        ("boilerplate", "all", "content_tokens", "micro")]
    fields = {"task", "view", "metric", "average", "a", "b", "delta", "low", "high", "p_value", "p_min", "p_holm",
              "units", "signature"}
    assert all(set(r) == fields for r in found["rows"])
    first = found["rows"][0]
    assert (first["a"], first["b"], first["p_value"], first["p_min"], first["units"]) == (0.0, 1.0, 0.0625, 0.0625, 5)
    assert "|test:perm-exact|" in first["signature"]

    markdown = run_cli("compare", empty, gold, "--resamples", "20", "--format", "markdown", "-o", tmp_path / "c.md")
    assert markdown.code == 0 and markdown.out == ""
    lines = (tmp_path / "c.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "### Paired permutation test: A = empty, B = gold"
    table = [l for l in lines if l.startswith("| boilerplate |")]
    assert len(table) == 3 and table[0].split(" | ")[4:] == ["0.000", "1.000", "+1.000", "[+1.000, +1.000]", "0.0625",
                                                                "0.0625", "0.1875 |"]


def test_an_unknown_format_is_a_usage_error_naming_the_choices(tmp_path):
    gold = write(tmp_path / "gold.jsonl", [header(system="gold")] + gold_boilerplate_records())
    for command in (("score", gold), ("compare", gold, gold)):
        out = run_cli(*command, "--format", "xml")
        assert out.code == 2 and "argument --format: invalid choice: 'xml' (choose from 'table', 'json', 'markdown')" in out.err
