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
