"""A notebook session: predictions held in memory, scored through ``newsprep.eval`` alone.

The predictions are shaped the way a spaCy user has them (``(start_char,
end_char, label_)`` per entity, lines dropped by a cleaner, similarity scores
of segment pairs). They are scored with ``npe.score``, then the same records
are written to a file and scored by ``newsprep score``: every number must be
the same. Each kind of bad record a file is refused for is refused in memory
too, with ``InvalidInput`` and problems that read ``record N: field: rule``.
"""
from __future__ import annotations

import json
import math

import pytest

import newsprep.eval as npe
from newsprep.eval.cli import main

DOCS = [d["id"] for d in npe.records("documents")]


def spacy_style_entities() -> dict[str, list[tuple[int, int, str]]]:
    """What ``[(e.start_char, e.end_char, e.label_) for e in doc.ents]`` gives: gold, with a system's mistakes."""
    out = {}
    for i, record in enumerate(npe.records("entities")):
        ents = [(m["start"], m["end"], m["type"]) for m in record["mentions"]]
        ents = [e for k, e in enumerate(ents) if k % 7 != i]  # misses some
        ents = [(s, e + 1, t) if k % 11 == 3 and e + 1 < s + 40 else (s, e, t) for k, (s, e, t) in enumerate(ents)]
        ents = [(s, e, "ORG" if t == "GPE" and k % 5 == 0 else t) for k, (s, e, t) in enumerate(ents)]
        out[record["doc"]] = ents
    return out


def valid_spans(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A widened span can run into the next one or over a line end: keep what a file may hold."""
    kept, end = [], -1
    for s, e, t in sorted(ents):
        if s >= end and e <= len(text):
            kept.append((s, e, t))
            end = e
    return kept


def predictions() -> list[dict]:
    texts = {d["id"]: d["text"] for d in npe.records("documents")}
    records: list[dict] = []
    for doc, ents in spacy_style_entities().items():
        records.append({"task": "entities", "doc": doc, "mentions": [
            {"start": s, "end": e, "type": t} for s, e, t in valid_spans(texts[doc], ents)]})
    for i, record in enumerate(npe.records("boilerplate")):
        spans = [s for k, s in enumerate(record["spans"]) if k % 3 != i % 3]  # a cleaner that misses a third
        records.append({"task": "boilerplate", "doc": record["doc"],
                        "spans": [{"start": s["start"], "end": s["end"]} for s in spans]})
    for k, pair in enumerate(npe.records("duplicate_pairs")):
        similarity = pair["score"] / 5 - (0.3 if k % 4 == 0 else 0.0)
        label = "paraphrase" if similarity >= 0.6 else "different"
        records.append({"task": "duplicates", "a": pair["a"], "b": pair["b"], "label": label,
                        "score": round(similarity, 6)})
    return records


def test_in_memory_scores_equal_the_command_on_the_same_records(tmp_path, capsys):
    records = predictions()
    report = npe.score(records, resamples=200, seed=7)
    assert report.system == "unnamed" and report.data_version == npe.data_version()
    strict = report.get("entities", "strict", "f1")
    assert 0.5 < strict.value < 1 and strict.low <= strict.value <= strict.high
    assert report.get("boilerplate", "chars", "recall").value < 1
    assert report.get("duplicates", "pairs", "f1", view="same_content").value > 0
    assert {r.task for r in report.rows} == set(npe.TASKS)

    path = tmp_path / "system.jsonl"
    header = {"task": "header", "dataset_version": npe.data_version(), "system": "unnamed"}
    path.write_text("".join(json.dumps(r) + "\n" for r in [header, *records]), encoding="utf-8")
    assert main(["score", str(path), "--format", "json", "--resamples", "200", "--seed", "7"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert [{k: v for k, v in r.items()} for r in from_file["rows"]] == [r for r in report.to_dict()["rows"]]
    assert from_file["confusion"] == report.confusion


def test_score_file_and_score_give_the_same_report(tmp_path):
    records = predictions()
    path = tmp_path / "system.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")  # no header: refused as a file
    with pytest.raises(npe.InvalidInput, match="header-first"):
        npe.score_file(path)
    written = npe.write_submission(tmp_path / "written.jsonl", system="unnamed", entities={
        doc: [npe.Mention(s, e, t) for s, e, t in valid_spans(text, spacy_style_entities()[doc])]
        for doc, text in ((d["id"], d["text"]) for d in npe.records("documents"))})
    in_memory = npe.score([r for r in records if r["task"] == "entities"], resamples=50, seed=3)
    assert npe.score_file(written, resamples=50, seed=3).rows == in_memory.rows


def test_resamples_zero_gives_values_without_intervals():
    """Regression: ``resamples=0`` printed each value as its own 95% interval, [v, v]."""
    report = npe.score(predictions(), resamples=0)
    assert all(r.low is None and r.high is None for r in report.rows)
    assert all("|ci:none|" in r.signature for r in report.rows)


def test_tasks_option_limits_the_report():
    report = npe.score(predictions(), tasks=["duplicates"], resamples=0)
    assert {r.task for r in report.rows} == {"duplicates"}
    assert all(r.low is None for r in report.rows)


def test_compare_takes_records_and_files_alike(tmp_path):
    gold = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]
    mine = [r for r in predictions() if r["task"] == "entities"]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in
                            [{"task": "header", "dataset_version": npe.data_version(), "system": "gold"}, *gold]))
    from_records = npe.compare(mine, gold, resamples=100)
    from_file = npe.compare(mine, path, resamples=100)
    assert [(c.metric, c.delta, c.low, c.high, c.p_value) for c in from_records] == \
           [(c.metric, c.delta, c.low, c.high, c.p_value) for c in from_file]
    assert from_records[0].delta > 0 and from_records[0].b == 1.0


def every_document(mentions: dict | None = None) -> list[dict]:
    """An entities submission with no mentions, or the given ones, for every document."""
    return [{"task": "entities", "doc": d, "mentions": (mentions or {}).get(d, [])} for d in DOCS]


def mention(doc: str, start: int, end: int, type_: str = "PERSON", **extra) -> dict:
    text = npe.documents()[doc]["text"]
    return {"start": start, "end": end, "text": text[start:end], "type": type_, **extra}


def header(version: str) -> dict:
    return {"task": "header", "dataset_version": version, "system": "x"}


SEGMENTS = [s for s in npe.records("segments") if not s["boilerplate"]]
BOILER_SEGMENT = next(s["id"] for s in npe.records("segments") if s["boilerplate"])

# name -> (records, the rule refused, the number of the record it names or None for a whole-input problem)
BAD = {
    "overlapping mentions": (every_document({"d000": [mention("d000", 0, 10), mention("d000", 5, 15)]}), "no-overlap", 1),
    "offset beyond the text": (every_document({"d001": [{"start": 0, "end": 10**6, "type": "GPE"}]}), "offset-in-range", 2),
    "start after end": (every_document({"d001": [{"start": 9, "end": 3, "type": "GPE"}]}), "offset-order", 2),
    "unknown type": (every_document({"d000": [{"start": 0, "end": 5, "type": "NOTATYPE"}]}), "schema:enum", 1),
    "surface differs": (every_document({"d000": [{"start": 0, "end": 5, "text": "XXXXX", "type": "PERSON"}]}),
                        "surface-text", 1),
    "old data version": ([header("0.1.0"), *every_document()], "dataset-version", 1),
    "three of five documents": (every_document()[:3], "every-document", None),
    "unknown document": ([*every_document(), {"task": "entities", "doc": "d009", "mentions": []}], "known-document", 6),
    "document twice": ([*every_document(), every_document()[0]], "duplicate-record", 6),
    "float offset": (every_document({"d000": [{"start": 0, "end": 5.0, "type": "PERSON"}]}), "schema:type", 1),
    "missing key": ([{"task": "entities", "doc": d} for d in DOCS], "schema:required", 1),
    "unknown key": (every_document() + [{"task": "entities", "doc": "d000", "mentions": [], "extra": 1}],
                    "schema:additionalProperties", 6),
    "header not first": ([*every_document(), header(npe.data_version())], "header-first", 6),
    "unknown segment": ([{"task": "duplicates", "a": "d000-s999", "b": SEGMENTS[0]["id"], "label": "paraphrase"}],
                        "known-segment", 1),
    "boilerplate segment": ([{"task": "duplicates", "a": BOILER_SEGMENT, "b": SEGMENTS[0]["id"], "label": "paraphrase"}],
                            "content-segment", 1),
    "self pair": ([{"task": "duplicates", "a": SEGMENTS[0]["id"], "b": SEGMENTS[0]["id"], "label": "paraphrase"}],
                  "self-pair", 1),
    "scores on some pairs": ([{"task": "duplicates", "a": SEGMENTS[0]["id"], "b": SEGMENTS[1]["id"], "label": "paraphrase",
                               "score": 0.9},
                              {"task": "duplicates", "a": SEGMENTS[0]["id"], "b": SEGMENTS[2]["id"], "label": "different"}],
                             "all-or-none", None),
    "not an object": ([*every_document(), ["entities", "d000"]], "object", 6),
    "unknown task": ([{"task": "summaries", "doc": "d000"}], "schema:enum", 1),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_records_are_refused_in_memory_as_in_a_file(name, tmp_path, capsys):
    records, rule, number = BAD[name]
    with pytest.raises(npe.InvalidInput) as caught:
        npe.score(records)
    found = {p.rule for p in caught.value.problems}
    assert rule in found, caught.value
    where = f"record {number}: " if number is not None else "records: "
    assert any(str(p).startswith(where) and p.rule == rule for p in caught.value.problems), caught.value

    path = tmp_path / "bad.jsonl"
    lines = records if records and records[0].get("task") == "header" else [header(npe.data_version()), *records] \
        if isinstance(records[0], dict) else records
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    code = main(["score", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and f": {rule}" in err and "nothing was scored" in err and "Traceback" not in err


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


PYTHON_ONLY = {  # values no JSON file can hold, refused like the file's nearest case
    "NaN score": ([{"task": "duplicates", "a": SEGMENTS[0]["id"], "b": SEGMENTS[1]["id"], "label": "paraphrase",
                    "score": math.nan}], "json"),
    "a set": ([{"task": "entities", "doc": "d000", "mentions": {1, 2}}], "json"),
    "lone surrogate": (every_document({"d000": [{"start": 0, "end": 5, "text": "\ud800", "type": "PERSON"}]}), "unicode"),
    "deep nesting": ([{"task": "entities", "doc": "d000", "mentions": nested(100)}], "depth"),
}


@pytest.mark.parametrize("name", PYTHON_ONLY)
def test_values_no_file_can_hold_are_refused(name):
    records, rule = PYTHON_ONLY[name]
    with pytest.raises(npe.InvalidInput) as caught:
        npe.score(records)
    assert any(p.rule == rule and str(p).startswith("record 1: ") for p in caught.value.problems), caught.value


@pytest.mark.parametrize("given", [{"task": "entities", "doc": "d000", "mentions": []}, "sys.jsonl", b"{}"])
def test_a_single_record_or_a_path_is_not_a_list_of_records(given):
    with pytest.raises(npe.InvalidInput, match="records"):
        npe.score(given)


def test_no_records_and_a_header_alone_are_refused():
    with pytest.raises(npe.InvalidInput, match="has-task"):
        npe.score([])
    with pytest.raises(npe.InvalidInput, match="has-task"):
        npe.score([header(npe.data_version())])


def test_a_hand_built_submission_is_never_scored():
    """Nothing is scored from unvalidated objects: the internal scorer refuses what no reader sealed."""
    from newsprep.eval.scoring.score import score_submission

    by_hand = npe.Submission("-", "by-hand", "0.1.0", predictions={"entities": {"d000": (npe.Mention(0, 10**6, "NOTATYPE"),)}})
    with pytest.raises(npe.NewsPrepError, match="not validated"):
        score_submission(by_hand)
    sealed = npe.read_submission(every_document())
    assert sealed.validated and score_submission(sealed, resamples=0).get("entities", "strict", "recall").value == 0


def test_gold_folder_option(tmp_path):
    with pytest.raises(npe.NewsPrepError, match="not a dataset folder"):
        npe.score(every_document(), gold=tmp_path)
    with pytest.raises(npe.NewsPrepError, match="not a dataset folder"):
        npe.score(every_document(), gold="")


def test_compare_and_score_name_the_same_rows(tmp_path):
    """Each comparison's signature is the signature of a row of ``score`` (plus the test it ran; the interval of the
    difference is the jackknife over the same units as the score's)."""
    mine = predictions()
    gold = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]
    report = npe.score(mine, resamples=100, seed=5)
    rows = {r.signature: r for r in report.rows if r.statistic == "f1"}
    for c in npe.compare(mine, [*gold, *[r for r in mine if r["task"] != "entities"]], resamples=100, seed=5):
        base = c.signature.replace("|test:perm-exact", "")
        assert base in rows, c.signature
        assert (rows[base].task, rows[base].view, rows[base].metric) == (c.task, c.view, c.metric)
        assert rows[base].value == pytest.approx(c.a)


def test_importing_the_package_or_starting_the_command_loads_nothing_heavy():
    """Regression: ``import newsprep.eval`` took 0.4 s of CPU (numpy and jsonschema through validation), and every
    command, ``--version`` included, imported the baselines with scikit-learn through their plug-in."""
    import subprocess
    import sys

    probe = ("import sys; import newsprep.eval; from newsprep.eval.cli.main import parser; parser(); "
             "print(sorted(m for m in ('numpy', 'jsonschema', 'sklearn', 'datasets', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_all_names_exactly_the_names_the_imports_define():
    """The public names are loaded from the module of their import at the end of ``eval/__init__.py``; ``__all__``,
    written out for readers and ruff, names the same ones, and each resolves."""
    where = npe._WHERE
    assert sorted(npe.__all__) == sorted(where) and len(set(npe.__all__)) == len(npe.__all__)
    for name in npe.__all__:
        assert getattr(npe, name) is not None
