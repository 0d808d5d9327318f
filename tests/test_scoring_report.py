"""Reports (``newsprep.eval.scoring.report``): Row, Report.get/to_dict/to_pandas and the signature."""
import json
import sys

import pytest

from newsprep.eval import __version__, data_version
from newsprep.eval.scoring.report import Report, Row, signature


def row(task="entities", view="all", metric="strict", average="micro", statistic="f1", value=0.8, low=0.7, high=0.9):
    return Row(task, view, metric, average, statistic, value, low, high, f"sig-{task}-{view}-{metric}-{statistic}")


@pytest.fixture
def report():
    rows = [row(statistic=s, value=v) for s, v in (("precision", 0.9), ("recall", 0.7), ("f1", 0.8))]
    rows += [row(view="content", value=0.85), row(average="macro-types", value=0.6, low=None, high=None),
             row("duplicates", "same_content", "pairs", value=0.5, low=0.4, high=0.6),
             row("boilerplate", "d002", "chars", "document", value=0.3, low=None, high=None)]
    return Report("demo", "demo.jsonl", "0.4.2", rows, {"PERSON": {"PERSON": 3, "ORG": 1}})


def test_row_interval():
    assert row(low=0.1, high=0.2).interval == (0.1, 0.2)
    assert row(low=None, high=None).interval == (None, None)


def test_get_finds_each_row_by_its_key(report):
    assert report.get("entities", "strict").value == 0.8  # defaults: f1, view all, micro
    assert report.get("entities", "strict", "recall").value == 0.7
    assert report.get("entities", "strict", view="content").value == 0.85
    assert report.get("entities", "strict", average="macro-types").interval == (None, None)
    assert report.get("duplicates", "pairs", view="same_content").value == 0.5
    assert report.get("boilerplate", "chars", view="d002", average="document").value == 0.3


def test_get_of_a_missing_row_names_what_the_task_holds(report):
    with pytest.raises(KeyError) as err:
        report.get("entities", "strict", "accuracy")
    message = err.value.args[0]
    assert message.startswith("no row entities/all/strict/micro/accuracy; entities has ")
    assert "all/strict/micro/f1" in message and "content/strict/micro/f1" in message
    assert "all/strict/macro-types/f1" in message and "same_content" not in message  # only that task's rows


def test_get_without_the_view_of_duplicates_says_which_views_exist(report):
    with pytest.raises(KeyError, match="duplicates has same_content/pairs/micro/f1"):
        report.get("duplicates", "pairs")


def test_get_of_a_task_not_scored_says_so(report):
    with pytest.raises(KeyError, match="no row nosuch/all/chars/micro/f1; the report holds no nosuch rows"):
        report.get("nosuch", "chars")


def test_get_of_a_missing_row_lists_twelve_then_counts():
    rows = [row(metric=f"m{i:02d}") for i in range(20)]
    with pytest.raises(KeyError) as err:
        Report("x", "-", "0.4.2", rows).get("entities", "strict")
    message = err.value.args[0]
    assert "all/m11/micro/f1" in message and "all/m12/micro/f1" not in message
    assert message.endswith(" and 8 more")


def test_to_dict_is_plain_json_data(report):
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert (data["system"], data["path"], data["data_version"]) == ("demo", "demo.jsonl", "0.4.2")
    assert data["confusion"] == {"PERSON": {"PERSON": 3, "ORG": 1}}
    assert len(data["rows"]) == len(report.rows)
    assert data["rows"][0] == {"task": "entities", "view": "all", "metric": "strict", "average": "micro",
                               "statistic": "precision", "value": 0.9, "low": 0.7, "high": 0.9,
                               "signature": "sig-entities-all-strict-precision"}


def test_to_pandas_has_one_row_per_number(report):
    pytest.importorskip("pandas")
    frame = report.to_pandas()
    assert list(frame.columns) == ["system", "task", "view", "metric", "average", "statistic", "value", "low", "high",
                                   "signature"]
    assert len(frame) == len(report.rows) and set(frame["system"]) == {"demo"}
    strict = frame[(frame.view == "content") & (frame.metric == "strict")]
    assert strict["value"].tolist() == [0.85]


def test_to_pandas_of_an_empty_report_keeps_the_columns():
    pytest.importorskip("pandas")
    frame = Report("empty", "-", "0.4.2").to_pandas()
    assert len(frame) == 0 and "value" in frame.columns and "system" in frame.columns


def test_to_pandas_without_pandas_says_how_to_install(report, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        report.to_pandas()


def test_signature_names_everything_a_number_depends_on():
    sig = signature(task="entities", view="content", metric="strict", average="micro", resamples=100, seed=7)
    assert sig == (f"newsprep:{__version__}|data:{data_version()}|task:entities|view:content|metric:strict"
                   "|avg:micro|boot:100|unit:docs|seed:7")
    pairs = signature(task="duplicates", view="graded", metric="ranking", average="micro", resamples=0, seed=1,
                      data="0.4.2+synthetic-n4-s2", unit="doc-pairs")
    assert "|data:0.4.2+synthetic-n4-s2|" in pairs and "|unit:doc-pairs|" in pairs and "|boot:0|" in pairs
