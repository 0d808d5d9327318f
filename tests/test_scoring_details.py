"""Per-example records (``Report.details``, ``Task.details``, ``scoring.details``): the gold records are the
support, and every outcome adds up to the counts the report scores, on the committed submissions, on random
ones and on cases worked by hand; ``compare`` task by task and ``compare --details``; the CLI's ``--details``."""
from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsprep.eval as npe
import newsprep.eval.tasks as registry
from newsprep.eval.data import gold
from newsprep.eval.metrics import duplicates as dup
from newsprep.eval.metrics import entity_arrays as ea
from newsprep.eval.render.html_views import boilerplate_block, entity_block
from newsprep.eval.scoring.compare import compare_details, compare_submissions
from newsprep.eval.scoring.details import differences, submission_details
from newsprep.eval.scoring.report import Report
from newsprep.eval.scoring.score import count_loaded, score_submission
from newsprep.eval.submission.read import read_submission
from newsprep.eval.tasks.boilerplate.details import span_records
from newsprep.eval.tasks.duplicates.details import pair_details
from newsprep.eval.tasks.entities.details import mention_records
from newsprep.eval.types import LABEL_SETS, TYPES, Mention, PairPrediction, Span, in_label_set
from tests.conftest import REPO, examples, run_cli
from tests.random_spans import disjoint_spans
from tests.submissions import header, write

SUBMISSIONS = sorted((REPO / "results" / "submissions").glob("*.jsonl"))


# --------------------------------------------------------------------------- the records agree with the counts

def check_boilerplate(records: list[dict], counts) -> None:
    """Gold records are the gold spans, and characters found and missed are the character counts."""
    side = {s: [r for r in records if r["side"] == s] for s in ("gold", "predicted")}
    chars = counts.total("chars")  # matched_pred, matched_gold, predicted, gold
    assert sum(r["found"] for r in side["gold"]) == sum(r["found"] for r in side["predicted"]) == chars[1]
    assert sum(r["found"] + r["missed"] for r in side["gold"]) == chars[3]
    assert sum(r["found"] + r["missed"] for r in side["predicted"]) == chars[2]
    assert all(r["chars"] == r["found"] + r["missed"] for r in records)
    exact, overlap = counts.total("spans_exact"), counts.total("spans_overlap")
    assert (len(side["predicted"]), len(side["gold"])) == (exact[2], exact[3])
    assert sum(r["exact"] for r in side["predicted"]) == sum(r["exact"] for r in side["gold"]) == exact[0]
    assert (sum(r["overlap"] for r in side["predicted"]), sum(r["overlap"] for r in side["gold"])) == tuple(overlap[:2])
    for category in {r["category"] for r in side["gold"]}:
        assert sum(r["found"] for r in side["gold"] if r["category"] == category) == counts.total(f"category:{category}")[0]


def check_entities(records: list[dict], counts, sub) -> None:
    """Per scheme, the predicted records' verdicts and the gold records' misses are the SemEval counts of the
    metric's per-document routine, and they give the tally the report scores."""
    texts, truth = gold.texts(), gold.entities()
    types = LABEL_SETS[sub.label_set]
    number = {t: k for k, t in enumerate(types)}
    expected = np.zeros((len(ea.SCHEMES), len(ea.VERDICTS)), dtype=np.int64)
    for doc in texts:
        rows = lambda ms: [(m.start, m.end, number[m.type]) for m in ms]  # noqa: E731
        expected += ea.greedy_document(rows(in_label_set(truth[doc], sub.label_set)), rows(sub.entities[doc]), types)[:, 0]
    gold_side = [r for r in records if r["side"] == "gold"]
    pred_side = [r for r in records if r["side"] == "predicted"]
    for scheme, k in ea.SCHEME.items():
        found = Counter(r[scheme] for r in pred_side) + Counter(r[scheme] for r in gold_side if r[scheme] == "missed")
        assert [found[v] for v in ea.VERDICTS] == expected[k].tolist(), scheme
        assert sum(found[v] for v in ("correct", "incorrect", "partial")) == sum(
            1 for r in gold_side if r[scheme] != "missed")  # every match is seen from both sides
        assert ea.as_count_columns(expected[k]).tolist() == counts["all"].total(scheme).tolist()
        assert len(gold_side) == counts["all"].total(scheme)[3]  # the support
    assert len(pred_side) == sum(len(m) for m in sub.entities.values())


def check_duplicates(records: list[dict], rows: np.ndarray) -> None:
    """Per task, the records' tp, fp and fn are the confusion counts of the pair rows."""
    for task in dup.TASKS:
        c = Counter(r[task] for r in records)
        g, p = rows[:, dup.GOLD[task]], rows[:, dup.PRED[task]]
        assert (c["tp"], c["tp"] + c["fp"], c["tp"] + c["fn"]) == (np.sum(g * p), p.sum(), g.sum())
    assert sum(r["gold_label"] is not None for r in records) == rows[:, dup.COL["listed"]].sum()  # every gold pair


CHECKS = {"boilerplate": check_boilerplate, "entities": check_entities, "duplicates": check_duplicates}


def check_submission(sub) -> None:
    report = score_submission(sub, resamples=0)
    records = report.details()
    assert [r["task"] for r in records] == sorted((r["task"] for r in records), key=registry.names().index)
    for task in sub.tasks:
        mine = report.details(task)
        assert mine and all(list(r) == list(registry.get(task).detail_fields) for r in mine)
        counts = count_loaded(registry.get(task), sub)
        if task == "entities":
            check_entities(mine, counts, sub)
            for scheme in ea.SCHEMES:  # the gold records are the support the report prints
                assert report.get(task, scheme, "support").value == sum(1 for r in mine if r["side"] == "gold")
        elif task == "boilerplate":
            check_boilerplate(mine, counts)
            assert report.get(task, "chars", "support").value == sum(r["chars"] for r in mine if r["side"] == "gold")
        else:
            check_duplicates(mine, counts)
            for view in dup.TASKS:
                c = Counter(r[view] for r in mine)
                assert report.get(task, "pairs", "support", view=view).value == c["tp"] + c["fn"]
                assert report.get(task, "pairs", "predicted", view=view).value == c["tp"] + c["fp"]


@pytest.mark.parametrize("path", SUBMISSIONS, ids=lambda p: p.stem)
def test_records_of_the_committed_submissions_agree_with_the_report(path):
    check_submission(read_submission(path))


def random_submission(seed: int) -> list[dict]:
    """Every task at once: gold spans and mentions kept, moved, retyped or dropped, random ones added; pairs
    drawn from the gold and from the universe, with random labels."""
    rng = random.Random(seed)
    texts = gold.texts()
    out: list[dict] = [header()]
    for doc, text in sorted(texts.items()):
        taken = [(s.start, s.end) for s in gold.boilerplate()[doc] if rng.random() < 0.6]
        taken += disjoint_spans(rng, len(text), 8)
        out.append({"task": "boilerplate", "doc": doc, "spans": flat(taken, rng)})
        mentions = []
        for m in gold.entities()[doc]:
            r = rng.random()
            if r < 0.5:
                mentions.append((m.start, m.end, m.type))
            elif r < 0.7:
                mentions.append((m.start, max(m.start + 1, m.end - rng.randint(0, 3)), rng.choice(TYPES)))
            elif r < 0.8:
                mentions.append((max(0, m.start - rng.randint(1, 12)), m.end, m.type))
        mentions += [(a, b, rng.choice(TYPES)) for a, b in disjoint_spans(rng, len(text), 6)]
        kept = flat([(a, b) for a, b, _ in mentions], rng)
        kind = {(a, b): t for a, b, t in mentions}
        out.append({"task": "entities", "doc": doc, "mentions": [{**k, "type": kind[k["start"], k["end"]]} for k in kept]})
    segments = [s["id"] for s in gold.segments() if not s["boilerplate"]]
    pairs = {k for k in gold.duplicate_pairs() if rng.random() < 0.5}
    pairs |= {tuple(sorted(rng.sample(segments, 2))) for _ in range(rng.randint(0, 30))}
    for a, b in sorted(pairs):
        out.append({"task": "duplicates", "a": a, "b": b, "label": rng.choice(["near_duplicate", "paraphrase", "different"]),
                    "score": round(rng.random(), 2)})
    return out


def flat(spans: list[tuple[int, int]], rng: random.Random) -> list[dict]:
    """Spans with no two overlapping (an overlapping one dropped), in order."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if a < b and (not out or out[-1][1] <= a):
            out.append((a, b))
    return [{"start": a, "end": b} for a, b in out]


@settings(max_examples=examples(30), deadline=None)
@given(st.integers(0, 2**32))
def test_records_of_random_submissions_agree_with_the_report(seed):
    check_submission(read_submission(random_submission(seed)))


def test_records_in_the_conll_view_hold_the_gold_the_scores_use():
    rows = [{"task": "header", "dataset_version": npe.data_version(), "system": "x", "label_set": "conll2003"}]
    rows += [{"task": "entities", "doc": d, "mentions": [{"start": m.start, "end": m.end, "type": m.type}
                                                        for m in in_label_set(ms, "conll2003")][::2]}
             for d, ms in gold.entities().items()]
    sub = read_submission(rows)
    check_submission(sub)
    assert {r["gold_type"] for r in score_submission(sub, resamples=0).details() if r["side"] == "gold"} <= set(
        LABEL_SETS["conll2003"])


# --------------------------------------------------------------------------- cases worked by hand

def test_entity_records_by_hand():
    """A GPE predicted over a PERSON and a GPE: the strict scheme matches it with the first (incorrect) and
    misses the GPE; the type scheme matches it with the GPE (correct) and misses the PERSON."""
    text = "Putin Hanoi and Lam."
    g = [Mention(0, 5, "PERSON"), Mention(6, 11, "GPE"), Mention(16, 19, "PERSON")]
    p = [Mention(0, 11, "GPE"), Mention(16, 19, "PERSON")]
    rows = mention_records("d", text, g, p, ("PERSON", "GPE"))
    view = [(r["side"], r["gold_text"], r["pred_text"], *(r[s] for s in ea.SCHEMES)) for r in rows]
    assert view == [
        ("gold", "Putin", "Putin Hanoi", "incorrect", "incorrect", "partial", "missed"),
        ("predicted", "Putin", "Putin Hanoi", "incorrect", "incorrect", "partial", "correct"),
        ("gold", "Hanoi", None, "missed", "missed", "missed", "correct"),
        ("gold", "Lam", "Lam", "correct", "correct", "correct", "correct"),
        ("predicted", "Lam", "Lam", "correct", "correct", "correct", "correct"),
    ]


def test_boilerplate_records_by_hand():
    #        0         1         2
    #        0123456789012345678901234
    text = "Share\nBody text. Ads here"
    g = [Span(0, 5, "sharing"), Span(17, 25, "navigation")]
    p = [Span(0, 5), Span(11, 21)]  # "text. Ads " : 5 content characters, 3 of boilerplate
    rows = span_records([("d", text, g, p)])
    view = [(r["side"], r["text"], r["chars"], r["found"], r["missed"], r["exact"], r["overlap"]) for r in rows]
    assert view == [("gold", "Share", 5, 5, 0, True, True), ("predicted", "Share", 5, 5, 0, True, True),
                    ("predicted", "text. Ads ", 8, 3, 5, False, True), ("gold", "Ads here", 7, 3, 4, False, True)]
    assert [r["category"] for r in rows] == ["sharing", None, None, "navigation"]


def test_pair_records_by_hand():
    gold_pairs = {("a", "b"): ("near_duplicate", 5.0), ("a", "c"): ("related", 2.0)}
    pred = {("a", "c"): PairPrediction("a", "c", "paraphrase", 0.4), ("b", "c"): PairPrediction("b", "c", "different")}
    rows = pair_details(gold_pairs, pred, {"a": "A.", "b": "B.", "c": "C."})
    assert [(r["a"], r["b"], r["pred_label"], r["near_duplicate"], r["same_content"]) for r in rows] == [
        ("a", "b", None, "fn", "fn"), ("a", "c", "paraphrase", "tn", "fp"), ("b", "c", "different", "tn", "tn")]
    assert rows[0]["a_text"] == "A." and rows[1]["gold_score"] == 2.0 and rows[2]["pred_score"] is None


# --------------------------------------------------------------------------- the report and the page

def test_details_need_the_submission_and_pandas(monkeypatch):
    with pytest.raises(npe.NewsPrepError, match="no per-example records"):
        Report("demo", "-", "0.6.0").details()
    report = npe.score_file(REPO / "results" / "submissions" / "entities-rules.jsonl", resamples=0)
    frame = report.details_frame("entities")
    assert list(frame.columns) == list(registry.get("entities").detail_fields) and len(frame) == len(report.details())
    assert report.details("boilerplate") == []
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        report.details_frame()


def test_a_glob_of_shards_has_no_records(tmp_path):
    source = REPO / "results" / "submissions" / "entities-rules.jsonl"
    (tmp_path / "part-0.jsonl").write_bytes(source.read_bytes())
    report = npe.score_file(str(tmp_path / "part-*.jsonl"), resamples=0)
    with pytest.raises(npe.NewsPrepError, match="single local file"):
        report.details()


@pytest.mark.parametrize("name", ["boilerplate-line-heuristics", "entities-rules"])
def test_the_page_blocks_are_drawn_from_the_records(name):
    """The block of a document from its records is the block from its spans, and shows the records' counts."""
    sub = read_submission(REPO / "results" / "submissions" / f"{name}.jsonl")
    task = sub.tasks[0]
    from newsprep.eval.render.html_views import ARTICLE_VIEWS

    records = submission_details(sub)
    texts = gold.texts()
    truth = gold.boilerplate() if task == "boilerplate" else gold.entities()
    block = boilerplate_block if task == "boilerplate" else entity_block
    for doc in sorted(texts)[:2]:
        mine = [r for r in records if r["doc"] == doc]
        page = ARTICLE_VIEWS[task].block(texts[doc], mine)
        assert page == block(texts[doc], truth[doc], sub.predictions[task][doc])
        assert f"<p>{sum(r['side'] == 'gold' for r in mine)} gold " in page


# --------------------------------------------------------------------------- two systems

def test_differences_of_a_system_with_itself_are_none_and_with_another_are_symmetric():
    a = read_submission(REPO / "results" / "submissions" / "entities-rules.jsonl")
    b = read_submission(REPO / "results" / "submissions" / "entities-spacy-sm.jsonl")
    assert compare_details(a, a) == []
    ab, ba = compare_details(a, b), compare_details(b, a)
    assert len(ab) == len(ba) > 0
    for d in ab:
        assert d["a"] is not None or d["b"] is not None
        if d["a"] is not None and d["b"] is not None:
            assert any(d["a"][s] != d["b"][s] for s in ea.SCHEMES)
    # every gold mention whose verdict differs, and no other, is listed
    ra, rb = submission_details(a), submission_details(b)
    key = lambda r: (r["doc"], r["gold_start"], r["gold_end"], r["gold_type"])  # noqa: E731
    ga = {key(r): r for r in ra if r["side"] == "gold"}
    gb = {key(r): r for r in rb if r["side"] == "gold"}
    assert ga.keys() == gb.keys()
    changed = {k for k in ga if any(ga[k][s] != gb[k][s] for s in ea.SCHEMES)}
    assert {key(d["a"]) for d in ab if d["a"] and d["a"]["side"] == "gold"} == changed


def test_a_pair_one_system_leaves_out_is_unrelated_for_it():
    pair = ("a", "b")
    listed = pair_details({}, {pair: PairPrediction("a", "b", "different", 0.1)}, {})
    positive = pair_details({}, {pair: PairPrediction("a", "b", "paraphrase", 0.9)}, {})
    assert differences(listed, []) == []  # "different" and not listed are the same outcome
    [d] = differences([], positive)
    assert d["a"]["pred_label"] is None and d["a"]["same_content"] == "tn" and d["b"]["same_content"] == "fp"


def merged(label_set: str, stride: int = 2) -> list[dict]:
    rows = [header(label_set=label_set)]
    rows += [{"task": "boilerplate", "doc": r["doc"], "spans": r["spans"][::stride]} for r in npe.records("boilerplate")]
    rows += [{"task": "entities", "doc": d, "mentions": [{"start": m.start, "end": m.end, "type": m.type}
                                                        for m in in_label_set(ms, label_set)]}
             for d, ms in gold.entities().items()]
    return rows


def test_compare_goes_task_by_task_refusing_only_the_task_whose_labels_differ():
    a, b = read_submission(merged("ontonotes5")), read_submission(merged("conll2003"))
    with pytest.warns(UserWarning, match="entities not compared: .* ontonotes5 .* conll2003"):
        rows = compare_submissions(a, b, resamples=10)
    assert {r.task for r in rows} == {"boilerplate"} and all(r.delta == 0 for r in rows)
    assert compare_details(a, b) == []  # the same boilerplate; entities left out
    assert {d["task"] for d in compare_details(a, read_submission(merged("conll2003", stride=3)))} == {"boilerplate"}
    only_entities = [r for r in merged("conll2003") if r["task"] != "boilerplate"]
    with pytest.raises(npe.NewsPrepError, match="like with like"):
        compare_submissions(a, read_submission(only_entities))


# --------------------------------------------------------------------------- the command line

SUB = REPO / "results" / "submissions" / "entities-rules.jsonl"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_score_writes_the_details_as_json_lines(tmp_path):
    out = tmp_path / "details.jsonl"
    run = run_cli("score", SUB, "--resamples", "0", "--format", "json", "--details", out)
    assert run.code == 0, run.err
    json.loads(run.out)  # standard output holds the report alone
    assert read_jsonl(out) == npe.score_file(SUB, resamples=0).details()
    assert f"wrote {len(read_jsonl(out))} records" in run.err


def test_compare_writes_where_the_systems_differ(tmp_path):
    b = REPO / "results" / "submissions" / "entities-spacy-sm.jsonl"
    out = tmp_path / "diff.jsonl"
    run = run_cli("compare", SUB, b, "--details", out)
    assert run.code == 0, run.err
    assert read_jsonl(out) == compare_details(read_submission(SUB), read_submission(b))


def test_compare_says_which_task_it_leaves_out(tmp_path):
    a = write(tmp_path / "a.jsonl", merged("ontonotes5"))
    b = write(tmp_path / "b.jsonl", merged("conll2003"))
    run = run_cli("compare", a, b, "--resamples", "10")
    assert run.code == 0 and "boilerplate" in run.out
    assert "newsprep compare: entities not compared" in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("command", ["score", "compare"])
def test_a_details_file_that_is_an_input_is_refused_before_any_work(tmp_path, command):
    sub = tmp_path / "sub.jsonl"
    sub.write_bytes(SUB.read_bytes())
    before = sub.read_bytes()
    args = [command, sub, *([sub] if command == "compare" else []), "--details", sub]
    run = run_cli(*args)
    assert run.code == 2 and "is the input" in run.err and "Traceback" not in run.err
    assert sub.read_bytes() == before


def test_a_details_file_inside_the_dataset_or_shared_with_the_output_is_refused(tmp_path):
    from newsprep.eval.data.dataset import dataset_dir

    inside = run_cli("score", SUB, "--details", dataset_dir() / "data" / "details.jsonl")
    assert inside.code == 2 and "dataset folder" in inside.err
    same = run_cli("score", SUB, "-o", tmp_path / "x.jsonl", "--details", tmp_path / "x.jsonl")
    assert same.code == 2 and "also given as --output" in same.err
    assert not (tmp_path / "x.jsonl").exists()


def test_details_of_a_glob_are_refused_before_scoring(tmp_path):
    (tmp_path / "part-0.jsonl").write_bytes(SUB.read_bytes())
    run = run_cli("score", str(tmp_path / "part-*.jsonl"), "--details", tmp_path / "d.jsonl")
    assert run.code == 2 and "one local file" in run.err and not (tmp_path / "d.jsonl").exists()
