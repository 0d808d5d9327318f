"""Plots (``newsprep.eval.render.plots``): the numbers behind each figure against hand counts and
scikit-learn, the figures drawing exactly those numbers, and the PNG files."""
import sys
from collections import defaultdict

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, f1_score, precision_recall_curve, recall_score

import newsprep.eval.tasks as tasks
from newsprep.eval.data import gold
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.metrics import duplicates as dup
from newsprep.eval.render.plots import draw_bars, figure_files, require_matplotlib, write_plots
from newsprep.eval.scoring.score import count_loaded
from newsprep.eval.scoring.score import score_submission as score
from newsprep.eval.submission.read import read_submission
from newsprep.eval.tasks.boilerplate import category_recall
from newsprep.eval.tasks.duplicates import pr_curve, pr_curves
from newsprep.eval.tasks.entities import type_f1
from tests.conftest import REPO
from tests.png import distinct_sample_values, read_png
from tests.submissions import gold_boilerplate_records, header, write

SUBMISSIONS = REPO / "results" / "submissions"


def by_label(bars):
    return {b.label: b for b in bars}


# --------------------------------------------------------------------------- boilerplate categories

def test_category_recall_by_hand(tmp_path):
    """Gold minus every navigation span, with "Spread the love" (the one sharing span) cut to "Spread"."""
    rows = gold_boilerplate_records()
    for r in rows:
        r["spans"] = [s for s in r["spans"] if s["category"] != "navigation"]
        for s in r["spans"]:
            if s["text"] == "Spread the love":
                s["end"], s["text"] = s["start"] + 6, "Spread"
    sub = read_submission(write(tmp_path / "s.jsonl", [header()] + rows))
    bars = by_label(category_recall(score(sub, resamples=50)))
    assert bars["navigation"].value == 0.0
    assert bars["sharing"].value == pytest.approx(6 / 13)  # "Spread" of "Spreadthelove"
    for category in ("comments", "byline", "dateline", "media", "source"):
        assert bars[category].value == 1.0
    assert set(bars) == {"navigation", "sharing", "comments", "byline", "dateline", "media", "source"}


def char_labels(text, spans):
    labels = np.zeros(len(text), dtype=bool)
    for s in spans:
        labels[s.start:s.end] = True
    return labels


@pytest.mark.parametrize("name", ["line-heuristics", "logistic-lodo", "justext-lodo"])
def test_category_recall_equals_sklearn(name):
    """Per category: scikit-learn's recall over the non-white-space characters of all documents."""
    sub = read_submission(SUBMISSIONS / f"boilerplate-{name}.jsonl")
    bars = by_label(category_recall(score(sub, resamples=50)))
    y_true, y_pred, truth_spans = defaultdict(list), defaultdict(list), gold.boilerplate()
    for doc, text in gold.texts().items():
        keep = np.array([not ch.isspace() for ch in text], dtype=bool)
        pred = char_labels(text, sub.boilerplate[doc])[keep]
        for category in bars:
            in_category = [g for g in truth_spans[doc] if g.label == category]
            y_true[category].append(char_labels(text, in_category)[keep])
            y_pred[category].append(pred)
    for category, bar in bars.items():
        truth, pred = np.concatenate(y_true[category]), np.concatenate(y_pred[category])
        assert bar.value == pytest.approx(recall_score(truth, pred))
        assert bar.low <= bar.high


# --------------------------------------------------------------------------- entity types

def entity_rows(edit):
    return [{"task": "entities", "doc": d, "mentions": [
        {"start": m.start, "end": m.end, "type": t} for m in mentions if (t := edit(d, m))]}
        for d, mentions in gold.entities().items()]


def test_type_f1_by_hand(tmp_path):
    """Two PERSON mentions dropped, one GPE called ORG; every other mention right."""
    people = [(d, m) for d, ms in gold.entities().items() for m in ms if m.type == "PERSON"][:2]
    places = [(d, m) for d, ms in gold.entities().items() for m in ms if m.type == "GPE"][:1]
    edit = lambda d, m: None if (d, m) in people else "ORG" if (d, m) in places else m.type  # noqa: E731
    sub = read_submission(write(tmp_path / "s.jsonl", [header()] + entity_rows(edit)))
    bars = by_label(type_f1(score(sub, resamples=50)))
    n = {t: sum(m.type == t for ms in gold.entities().values() for m in ms) for t in ("PERSON", "GPE", "ORG")}
    # PERSON: n-2 of n found, none wrong: F1 = 2(n-2) / (2n-2).
    assert bars["PERSON"].value == pytest.approx(2 * (n["PERSON"] - 2) / (2 * n["PERSON"] - 2))
    # GPE: n-1 predicted, all right: P = 1, R = (n-1)/n, F1 = 2(n-1) / (2n-1).
    assert bars["GPE"].value == pytest.approx(2 * (n["GPE"] - 1) / (2 * n["GPE"] - 1))
    # ORG: all n found plus one spurious: P = n/(n+1), R = 1, F1 = 2n / (2n+1).
    assert bars["ORG"].value == pytest.approx(2 * n["ORG"] / (2 * n["ORG"] + 1))
    assert bars["NORP"].value == 1.0


@pytest.mark.parametrize("name", ["spacy-sm", "rules", "token-classifier-lodo"])
def test_type_f1_equals_sklearn(name):
    """Per type: scikit-learn's F1 over the union of gold and predicted (doc, start, end, type) mentions."""
    sub = read_submission(SUBMISSIONS / f"entities-{name}.jsonl")
    bars = by_label(type_f1(score(sub, resamples=50)))
    g = {(d, m.start, m.end, m.type) for d, ms in gold.entities().items() for m in ms}
    p = {(d, m.start, m.end, m.type) for d, ms in sub.entities.items() for m in ms}
    assert set(bars) == {k[3] for k in g | p}
    for t, bar in bars.items():
        keys = sorted(k for k in g | p if k[3] == t)
        expected = f1_score([k in g for k in keys], [k in p for k in keys], zero_division=0)
        assert bar.value == pytest.approx(expected)
        if any(k[3] == t for k in g):
            assert bar.low <= bar.high
        else:  # no gold mention of the type in any resample: no interval
            assert bar.low is None and bar.high is None


# --------------------------------------------------------------------------- precision-recall

def test_pr_curve_by_hand():
    # Four pairs, scores 0.9 0.8 0.4 0.1, gold positive: the first and the third.
    rows = np.zeros((4, len(dup.COLUMNS)))
    rows[:, dup.COL["score"]] = [0.9, 0.8, 0.4, 0.1]
    rows[:, dup.COL["has_score"]] = 1
    rows[[0, 2], dup.COL["gold_sc"]] = 1
    curve = pr_curve(rows, "same_content")
    # thresholds 0.1, 0.4, 0.8, 0.9, then the (recall 0, precision 1) end point
    assert curve.precision.tolist() == pytest.approx([2 / 4, 2 / 3, 1 / 2, 1, 1])
    assert curve.recall.tolist() == pytest.approx([1, 1, 1 / 2, 1 / 2, 0])
    assert curve.average_precision == pytest.approx(1 / 2 * 1 + 1 / 2 * 2 / 3)
    assert curve.scored


def test_pr_curve_without_scores_ranks_by_label():
    rows = np.zeros((4, len(dup.COLUMNS)))
    rows[[0, 2], dup.COL["gold_nd"]] = 1
    rows[[0, 1], dup.COL["pred_nd"]] = 1
    curve = pr_curve(rows, "near_duplicate")
    assert not curve.scored
    assert (curve.precision[-2], curve.recall[-2]) == (0.5, 0.5)  # the one operating point


@pytest.mark.parametrize("name", ["tfidf-lodo", "minhash-lsh-lodo"])
def test_pr_curves_match_scikit_learn_and_the_report(name):
    sub = read_submission(SUBMISSIONS / f"duplicates-{name}.jsonl")
    report = score(sub, resamples=20)
    rows = count_loaded(tasks.get("duplicates"), sub)
    curves = pr_curves(rows)
    assert [c.task for c in curves] == ["near_duplicate", "same_content"]
    for c in curves:
        y = rows[:, dup.GOLD[c.task]]
        precision, recall, _ = precision_recall_curve(y, rows[:, dup.COL["score"]])
        assert np.array_equal(c.precision, precision) and np.array_equal(c.recall, recall)
        reported = next(r.value for r in report.rows
                        if (r.view, r.statistic) == (c.task, "average_precision"))
        assert c.average_precision == pytest.approx(reported)
        # Average precision is the area under the step curve: sum over steps of Δrecall × precision.
        assert -np.sum(np.diff(c.recall) * c.precision[:-1]) == pytest.approx(reported)
        assert reported == pytest.approx(average_precision_score(y, rows[:, dup.COL["score"]]))


# --------------------------------------------------------------------------- drawing and files

def test_bars_drawn_are_the_numbers():
    pytest.importorskip("matplotlib")
    sub = read_submission(SUBMISSIONS / "entities-spacy-sm.jsonl")
    bars = type_f1(score(sub, resamples=50))
    ax = draw_bars(bars, title="t $x$", xlabel="F1").axes[0]
    assert [p.get_width() for p in ax.patches] == pytest.approx([b.value for b in bars])
    assert [t.get_text() for t in ax.get_yticklabels()] == [b.label for b in bars]
    intervals = [seg for coll in ax.collections for seg in coll.get_segments() if seg[0][1] == seg[1][1]]
    drawn = sorted((s[1][1], s[0][0], s[1][0]) for s in intervals)  # (row, low, high)
    expected = [(k, b.low, b.high) for k, b in enumerate(bars) if b.low is not None]
    assert np.allclose(drawn, expected)


@pytest.mark.parametrize("names,expected", [
    (["boilerplate-line-heuristics"], ["boilerplate"]),
    (["entities-spacy-sm"], ["entities"]),
    (["duplicates-tfidf-lodo"], ["duplicates"]),
    (["boilerplate-logistic-lodo", "entities-rules", "duplicates-exact-normalised"],
     ["boilerplate", "entities", "duplicates"]),
])
def test_write_plots_writes_one_valid_png_per_task(tmp_path, names, expected):
    pytest.importorskip("matplotlib")
    lines = [header(system="plots $test$ " + "x" * 150)]
    for name in names:
        lines += (SUBMISSIONS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    sub = read_submission(write(tmp_path / "sub.jsonl", lines))
    folder = tmp_path / "new" / "plots"
    written = write_plots(sub, score(sub, resamples=20), folder)
    assert sorted(p.name for p in written) == sorted(figure_files()[t] for t in expected)
    assert sorted(p.name for p in folder.iterdir()) == sorted(figure_files()[t] for t in expected)  # no temporary left
    for path in written:
        png = read_png(path)
        assert 400 <= png["width"] <= 2000 and 200 <= png["height"] <= 2000
        assert png["bytes"] > 10_000 and distinct_sample_values(png) > 20


def test_missing_matplotlib_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # "import matplotlib" now raises ImportError
    with pytest.raises(NewsPrepError, match=r"pip install 'newsprep\[plots\]'"):
        require_matplotlib()
