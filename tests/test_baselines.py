"""Baselines: the committed leaderboard is reproduced, submissions validate, learned systems never see the scored document."""
import copy
import json

import pytest

from newsprep.baselines import boilerplate, duplicates, entities, run
from newsprep.eval import records
from newsprep.eval.submission.read import read_submission
from tests.conftest import REPO

COMMITTED = REPO / "results" / "leaderboard.json"


def without_runtime(board: dict) -> dict:
    board = json.loads(json.dumps(board))  # as written to disk: lists, not tuples
    for result in board["results"]:
        result.pop("runtime_s")
    return board


@pytest.fixture(scope="module")
def fresh_board(tmp_path_factory):
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    out = tmp_path_factory.mktemp("results")
    return committed, run.run_all(out, resamples=committed["resamples"], seed=committed["seed"]), out


def test_committed_leaderboard_is_reproduced(fresh_board):
    """Same seed, same numbers: every score, interval and signature; only the runtime may differ."""
    committed, fresh, out = fresh_board
    assert not fresh["skipped"], f"optional extras missing: {fresh['skipped']}"
    assert without_runtime(fresh) == without_runtime(committed)
    assert run.markdown(fresh, runtime=False) == run.markdown(committed, runtime=False)
    assert (REPO / "results" / "leaderboard.md").read_text(encoding="utf-8").splitlines()[0] == \
        (out / "leaderboard.md").read_text(encoding="utf-8").splitlines()[0]


def test_every_baseline_ran_and_its_submission_validates(fresh_board):
    _, fresh, out = fresh_board
    assert [(r["task"], r["system"]) for r in fresh["results"]] == [(b.task, b.name) for b in run.BASELINES]
    for result in fresh["results"]:
        sub = read_submission(out / result["submission"])  # raises on any problem
        assert sub.system == result["system"] and sub.tasks == (result["task"],)
        assert len(result["headline"]) == len(run.HEADLINE[result["task"]])


def test_committed_submissions_validate():
    for path in sorted((REPO / "results" / "submissions").glob("*.jsonl")):
        read_submission(path)


def test_missing_extra_is_reported_with_its_install_command(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "available", lambda b: b.requires is None)
    board = run.run_all(tmp_path, resamples=10, seed=1, only={"boilerplate"})
    assert board["skipped"] == [{"task": "boilerplate", "system": "justext-lodo", "install": "pip install 'newsprep[justext]'"}]
    assert "justext-lodo (`pip install 'newsprep[justext]'`)" in (tmp_path / "leaderboard.md").read_text(encoding="utf-8")


# Leave-one-document-out, proved: corrupt the gold of one document and check that the
# predictions for that document do not move, while those for the others do (so the
# corrupted gold really was used for training).
HELD = "d000"


def corrupted_records(config_name):
    def fake(name, *args, **kwargs):
        rows = records(name, *args, **kwargs)
        if name != config_name:
            return rows
        rows = copy.deepcopy(rows)
        if name == "boilerplate":  # every line of d000 becomes boilerplate
            text = {d["id"]: d["text"] for d in records("documents")}[HELD]
            for r in rows:
                if r["doc"] == HELD:
                    r["spans"] = [{"start": l.start, "end": l.end, "text": l.text, "category": "other"}
                                  for l in boilerplate.lines(HELD, text)]
        elif name == "entities":  # every capitalised token of d000 becomes a PERSON
            text = {d["id"]: d["text"] for d in records("documents")}[HELD]
            for r in rows:
                if r["doc"] == HELD:
                    r["mentions"] = [{"start": s, "end": e, "text": text[s:e], "type": "PERSON", "entity_id": "x"}
                                     for toks in entities.document_tokens(HELD) for _, s, e in toks if text[s].isupper()]
        elif name == "duplicate_pairs":  # every pair touching d000 becomes a paraphrase, all others vanish there
            rows = [r for r in rows if HELD not in (r["a"][:4], r["b"][:4])]
            rows += [{"a": a, "b": b, "label": "near_duplicate", "score": 5.0, "rationale": "x", "found_by": "reading"}
                     for a, b in duplicates.universe(records("segments")) if HELD in (a[:4], b[:4])]
        return rows
    return fake


def by_doc(predictions):
    if isinstance(predictions, tuple):
        predictions = predictions[0]
    if isinstance(predictions, dict):
        return {doc: sorted(v) for doc, v in predictions.items()}
    out = {}
    for p in predictions:  # a pair belongs to both its documents
        for doc in {p.a[:4], p.b[:4]}:
            out.setdefault(doc, []).append((p.a, p.b, p.label))
    return out


@pytest.mark.parametrize("module, config, make", [
    (boilerplate, "boilerplate", boilerplate.logistic),
    (boilerplate, "boilerplate", boilerplate.justext),
    (entities, "entities", entities.token_classifier),
    (duplicates, "duplicate_pairs", duplicates.tfidf),
    (duplicates, "duplicate_pairs", duplicates.minhash),
], ids=["logistic", "justext", "token-classifier", "tfidf", "minhash"])
def test_learned_baseline_never_sees_the_scored_document(module, config, make, monkeypatch):
    if make is boilerplate.justext:
        pytest.importorskip("justext")
    if make is duplicates.minhash:
        pytest.importorskip("datasketch")
    clean = by_doc(make())
    monkeypatch.setattr(module, "records", corrupted_records(config))
    corrupted = by_doc(make())
    if module is duplicates:  # a pair's thresholds come from pairs sharing no document with it
        held = lambda preds: sorted(p for p in preds[HELD])  # noqa: E731
        assert held(clean) == held(corrupted)
        others = lambda preds: sorted({p for d, v in preds.items() if d != HELD for p in v})  # noqa: E731
        assert others(clean) != others(corrupted)
    else:
        assert clean[HELD] == corrupted[HELD]
        assert any(clean[d] != corrupted[d] for d in clean if d != HELD)


def test_readme_leaderboard_matches_committed_results():
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"## Leaderboard (data {committed['data_version']})" in readme
    main = {"boilerplate": [("all", "chars", "f1"), ("all", "content_tokens", "f1")],
            "entities": [("all", "strict", "f1"), ("content", "strict", "f1")],
            "duplicates": [("same_content", "pairs", "f1"), ("same_content", "ranking", "average_precision")]}
    for result in committed["results"]:
        cells = []
        for view, metric, statistic in main[result["task"]]:
            h = next(h for h in result["headline"] if (h["view"], h["metric"], h["average"], h["statistic"])
                     == (view, metric, "micro", statistic))
            cells.append(f"{h['value']:.3f} [{h['low']:.3f}, {h['high']:.3f}]")
        assert f"| {result['task']} | {result['system']} | " + " | ".join(cells) + " |" in readme
