"""Baselines and peer systems: the committed leaderboard agrees with the committed submissions and with the
systems' definitions, the run machinery writes the same files byte for byte (on a few fast systems here; the whole
leaderboard is made again once per CI run, by "make run" in .ci/run, which then fails if results/ changed),
submissions validate, every row is labelled honestly, learned systems never see the scored document, the adapters
that turn a tool's output into a submission do what they say."""
import copy
import json
import re

import pytest

import newsprep.eval as npe
from newsprep.baselines import boilerplate, common, duplicates, entities, figure, run
from newsprep.eval import Span, records
from newsprep.eval.types import CONLL2003
from tests.conftest import REPO, run_cli
from tests.png import read_png

RESULTS = REPO / "results"
COMMITTED = RESULTS / "leaderboard.json"
FIGURE_FILES = ("leaderboard.svg", "leaderboard.png")


def committed_board() -> dict:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


def as_written(value):
    """A value as ``leaderboard.json`` holds it (lists, not tuples)."""
    return json.loads(json.dumps(value))


def baseline(task: str, name: str) -> run.Baseline:
    return next(b for b in run.BASELINES if (b.task, b.name) == (task, name))


# ----------------------------------------------------------------- the committed results, checked without a run

def test_committed_leaderboard_has_every_system_and_its_settings():
    """Every baseline and peer ran (none skipped for a missing extra), in the order of ``run.BASELINES``, with the
    settings, protocol, label set and package versions its definition gives it; the run's parameters are the
    defaults "make run" uses, on the data version here."""
    board = committed_board()
    assert not board["skipped"], f"optional extras missing when results/ was made: {board['skipped']}"
    assert (board["data_version"], board["resamples"], board["seed"]) == (npe.data_version(), npe.RESAMPLES, npe.SEED)
    assert [(r["task"], r["system"]) for r in board["results"]] == [(b.task, b.name) for b in run.BASELINES]
    for row, b in zip(board["results"], run.BASELINES):
        assert row["protocol"] == b.protocol and row["peer"] == b.peer, b.name
        assert row.get("label_set", "ontonotes5") == b.label_set, b.name
        assert {k: v for k, v in row["settings"].items() if k != "chosen"} == as_written(b.settings), b.name
        assert row["versions"] == common.versions(*b.packages), f"{b.name}: installed versions differ from results/"
        assert row["submission"] == f"submissions/{b.task}-{b.name}.jsonl"
        assert [(h["view"], h["metric"], h["average"], h["statistic"]) for h in row["headline"]] == \
            [k for k in run.HEADLINE[b.task]], b.name


def test_committed_results_are_the_files_make_run_writes():
    """results/ holds the leaderboard, its figure and one submission per row, nothing else; the one file that
    changes from run to run, runtimes.json, is git-ignored."""
    board = committed_board()
    committed = sorted(p.relative_to(RESULTS).as_posix() for p in RESULTS.rglob("*") if p.is_file())
    expected = ["leaderboard.json", "leaderboard.md", *FIGURE_FILES, *(r["submission"] for r in board["results"])]
    assert [c for c in committed if c != "runtimes.json"] == sorted(expected)
    assert "results/runtimes.json" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_committed_submissions_validate_and_match_their_rows():
    """Each committed submission validates and its header is its row's: system, task, label set, settings."""
    for row in committed_board()["results"]:
        sub = npe.read_submission(RESULTS / row["submission"])  # raises on any problem
        assert sub.system == row["system"] and sub.tasks == (row["task"],)
        assert sub.label_set == row.get("label_set", "ontonotes5")
        assert as_written(sub.settings) == row["settings"], row["system"]


def test_committed_rows_are_the_scores_of_the_committed_submissions():
    """Scored again (same resamples and seed), each committed submission gives its row's numbers: every row of the
    report, and the headline picked from them with its interval and signature."""
    board = committed_board()
    for row in board["results"]:
        report = npe.score_file(RESULTS / row["submission"], resamples=board["resamples"], seed=board["seed"])
        assert as_written([r.__dict__ for r in report.rows]) == row["rows"], f"{row['system']}: run make run"
        rows = {(r.view, r.metric, r.average, r.statistic): r for r in report.rows}
        assert row["headline"] == as_written([
            {"view": k[0], "metric": k[1], "average": k[2], "statistic": k[3], "value": rows[k].value,
             "low": rows[k].low, "high": rows[k].high, "signature": rows[k].signature} for k in run.HEADLINE[row["task"]]])


def test_committed_ranks_are_the_paired_tests_of_the_committed_submissions():
    """The ranks (best, p, Holm's p, tied) are what the paired permutation tests of the committed submissions give."""
    board = committed_board()
    rows = [{k: v for k, v in r.items() if k != "ranks"} for r in board["results"]]
    run.mark_ties(rows, RESULTS, resamples=board["resamples"], seed=board["seed"])
    assert as_written([r["ranks"] for r in rows]) == [r["ranks"] for r in board["results"]]


def test_committed_markdown_is_the_committed_leaderboard():
    """results/leaderboard.md is what the committed leaderboard.json renders, byte for byte."""
    board = committed_board()
    assert (RESULTS / "leaderboard.md").read_text(encoding="utf-8") == run.markdown(board), "run make run"


# ----------------------------------------------------------------- the run machinery, on a few fast systems

# One or two quick systems of each task: "newsprep baselines run" on them alone writes the same submissions and
# rows (ranks aside: they depend on which systems are compared) as the committed ones, and the same bytes twice.
FAST = [("boilerplate", "floor"), ("boilerplate", "line-heuristics"), ("boilerplate", "ccnet-repeated-lines"),
        ("entities", "floor"), ("entities", "rules"), ("duplicates", "exact-normalised")]


@pytest.fixture(scope="module")
def fast_runs(tmp_path_factory):
    """``newsprep baselines run`` as "make run" calls it (the defaults: committed resamples and seed), twice, on
    the FAST systems only: the CLI's result and, per run, every file written (path -> bytes)."""
    root = tmp_path_factory.mktemp("fast-results")
    outputs = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(run, "BASELINES", [baseline(*key) for key in FAST])
        for k in range(2):
            out = root / str(k)
            result = run_cli("baselines", "run", "--out", out)
            assert result.code == 0, result.err
            outputs.append((result, out, {p.relative_to(out).as_posix(): p.read_bytes()
                                          for p in sorted(out.rglob("*")) if p.is_file()}))
    return outputs


def test_the_run_writes_the_committed_submissions_and_rows(fast_runs):
    """Each fast system's submission is the committed file byte for byte, and its leaderboard row the committed row
    (settings, versions, headline, every score); the markdown lists them; the figure is drawn."""
    _, out, files = fast_runs[0]
    board = json.loads(files["leaderboard.json"])
    committed = {(r["task"], r["system"]): r for r in committed_board()["results"]}
    assert [(r["task"], r["system"]) for r in board["results"]] == FAST and not board["skipped"]
    for row in board["results"]:
        assert files[row["submission"]] == (RESULTS / row["submission"]).read_bytes(), f"{row['submission']} is not current"
        strip = lambda r: {k: v for k, v in r.items() if k != "ranks"}  # noqa: E731
        assert strip(row) == strip(committed[row["task"], row["system"]])
        assert set(row["ranks"]) == {"/".join(key) for key in run.RANKED[row["task"]]}
    assert files["leaderboard.md"].decode("utf-8") == run.markdown(board)
    assert files["leaderboard.svg"].decode("utf-8") == figure.render(board)[0]
    read_png(out / "leaderboard.png")  # a whole PNG


def test_the_run_writes_the_leaderboard_files_and_the_runtimes(fast_runs):
    """The files "make run" writes: leaderboard.{json,md,svg,png}, one submission per system, runtimes.json with one
    entry per system in the leaderboard's order; the command prints the table and the runtimes."""
    result, _, files = fast_runs[0]
    assert sorted(files) == sorted(["leaderboard.json", "leaderboard.md", *FIGURE_FILES, "runtimes.json",
                                    *(f"submissions/{task}-{name}.jsonl" for task, name in FAST)])
    runtimes = json.loads(files["runtimes.json"])["seconds"]
    assert list(runtimes) == [f"{task}/{name}" for task, name in FAST]
    assert "Runtimes (s): boilerplate/floor" in result.out and "| line-heuristics |" in result.out


def test_the_run_twice_gives_the_same_bytes(fast_runs):
    """Run twice: every file but the runtimes is the same bytes (the PNG included), so "make run" leaves a clone as
    it was."""
    (_, _, first), (_, _, second) = fast_runs
    assert first.keys() == second.keys()
    assert {k: v for k, v in first.items() if k != "runtimes.json"} == {k: v for k, v in second.items() if k != "runtimes.json"}


def test_every_row_says_how_it_was_made():
    """A protocol for each row; the rules written while reading the test documents say so; each peer names the
    versions of its packages (or says its rule is restated), each baseline of this package none."""
    board = committed_board()
    for row in board["results"]:
        assert row["protocol"] in common.PROTOCOLS, row["system"]
        assert row["peer"] == bool(row["versions"]) or row["system"] == "ccnet-repeated-lines"
        assert all(v != "not installed" for v in row["versions"].values())
    protocol = {(r["task"], r["system"]): r["protocol"] for r in board["results"]}
    assert [k for k, p in protocol.items() if p == common.SIGHT] == [("boilerplate", "line-heuristics"), ("entities", "rules")]
    assert all(p == common.LODO for (_, system), p in protocol.items() if system.endswith("-lodo"))
    md = (RESULTS / "leaderboard.md").read_text(encoding="utf-8")
    assert "| line-heuristics | written with sight of the test documents | - |" in md
    assert "| trafilatura | default settings | trafilatura " in md
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "written with sight of the test documents" in readme


def test_committed_figure_is_current(tmp_path):
    """results/leaderboard.svg and .png are what the committed leaderboard draws (SVG bytes, PNG pixels),
    and the SVG's description lists each system's main score as the leaderboard has it."""
    board = committed_board()
    svg, png = figure.render(board)
    assert (RESULTS / "leaderboard.svg").read_text(encoding="utf-8") == svg, "results/leaderboard.svg is not current: run make run"
    (tmp_path / "drawn.png").write_bytes(png)
    assert read_png(tmp_path / "drawn.png") == read_png(RESULTS / "leaderboard.png"), "results/leaderboard.png is not current: run make run"
    assert "<dc:description>" + figure.description(board).split("\n")[0] in svg
    text = figure.description(board)
    assert len(text.splitlines()) == 1 + len(board["results"])
    main = {r["system"]: next(h for h in r["headline"] if (h["view"], h["metric"], h["average"]) == ("all", "chars", "macro-docs"))
            for r in board["results"] if r["task"] == "boilerplate"}
    h = main["line-heuristics"]
    assert (f"boilerplate line-heuristics {h['value']:.3f} [{h['low']:.3f}, {h['high']:.3f}] written with sight of the "
            "test documents baseline best") in text  # the headline: character F1 averaged over documents
    assert f"boilerplate boilerpy3-largest-content {main['boilerpy3-largest-content']['value']:.3f} " in text
    assert figure.render(board) == (svg, png)  # drawn twice in one process: the same bytes


def test_missing_extra_is_reported_with_its_install_command(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "available", lambda b: not b.requires)
    board = run.run_all(tmp_path, resamples=10, seed=1, only={"boilerplate"})
    assert board["skipped"][0] == {"task": "boilerplate", "system": "justext-lodo", "install": "pip install 'newsprep[justext]'"}
    assert {s["install"] for s in board["skipped"]} == {f"pip install 'newsprep[{extra}]'" for extra in
                                                        ("justext", "datatrove", "trafilatura", "boilerpy3", "readability", "resiliparse")}
    assert [r["system"] for r in board["results"]] == ["floor", "line-heuristics", "logistic-lodo", "ccnet-repeated-lines"]
    assert "justext-lodo (`pip install 'newsprep[justext]'`)" in (tmp_path / "leaderboard.md").read_text(encoding="utf-8")


def test_every_extra_named_by_a_system_is_installed_by_make():
    """``make`` installs ``.[test,all,embeddings]``: every extra a system needs is declared and is in ``all`` or
    beside it on that line (``embeddings``, whose PyTorch is too large for ``all``)."""
    import tomllib

    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    in_all = extras["all"][0].split("[", 1)[1].rstrip("]").split(",")
    made = re.search(r'pip install --quiet -e "\.\[([a-z,]+)\]"', (REPO / "Makefile").read_text(encoding="utf-8"))
    assert made is not None
    installed = {*made.group(1).split(","), *in_all}
    assert "all" in installed
    for b in run.BASELINES:
        assert (b.extra is None) == (not b.requires), b.name
        if b.extra:
            assert b.extra in extras and b.extra in installed, b.name


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
    pytest.param(entities, "entities", entities.token_classifier, marks=pytest.mark.slow),  # trained twice, 6 s each
    (duplicates, "duplicate_pairs", duplicates.tfidf),
    (duplicates, "duplicate_pairs", duplicates.minhash),
    (duplicates, "duplicate_pairs", duplicates.rapidfuzz_ratio),
], ids=["logistic", "justext", "token-classifier", "tfidf", "minhash", "rapidfuzz"])
def test_learned_baseline_never_sees_the_scored_document(module, config, make, monkeypatch, tmp_path):
    """Trained on the true gold, the system writes its committed submission byte for byte (these runs are the
    slowest systems' only ones in the tests: the rest of the leaderboard is made again by "make run" in CI); trained
    on a gold corrupted in one document, its predictions for that document do not move, those for others do."""
    if make is boilerplate.justext:
        pytest.importorskip("justext")
    if make is duplicates.minhash:
        pytest.importorskip("datasketch")
    if make is duplicates.rapidfuzz_ratio:
        pytest.importorskip("rapidfuzz")
    made = make()
    b = next(b for b in run.BASELINES if b.make is make)
    predictions, chosen = made if isinstance(made, tuple) else (made, None)
    written = npe.write_submission(tmp_path / "submission.jsonl", system=b.name, label_set=b.label_set,
                                   settings={**b.settings, **({"chosen": chosen} if chosen else {})}, **{b.task: predictions})
    committed = RESULTS / "submissions" / f"{b.task}-{b.name}.jsonl"
    assert written.read_bytes() == committed.read_bytes(), f"results/{committed.name} is not current: run make run"
    clean = by_doc(made)
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
    """Every row of the README's table is the committed row: scores, protocol and versions; the picture heads it."""
    committed = committed_board()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"## Leaderboard (data {committed['data_version']})" in readme
    assert readme.index("results/leaderboard.svg") < readme.index("## Two commands")
    main = {"boilerplate": [("all", "chars", "macro-docs", "f1"), ("all", "chars", "micro", "f1")],
            "entities": [("all", "strict", "micro", "f1"), ("all", "strict", "macro-docs", "f1")],
            "duplicates": [("same_content", "pairs", "micro", "f1"), ("same_content", "ranking", "micro", "average_precision")]}
    table = [line for line in readme.splitlines() if line.startswith(("| boilerplate |", "| entities |", "| duplicates |"))
             and line.count("[") == 2]
    assert len(table) == len(committed["results"])
    for result, line in zip(committed["results"], table):
        cells = []
        for key in main[result["task"]]:
            h = next(h for h in result["headline"] if (h["view"], h["metric"], h["average"], h["statistic"]) == key)
            cells.append(f"{h['value']:.3f} [{h['low']:.3f}, {h['high']:.3f}]")
        rank = run.rank_text(result["ranks"]["/".join(run.RANKED[result["task"]][0])])
        assert line == (f"| {result['task']} | {result['system']} | {result['protocol']} | {run.versions_text(result)} | "
                        f"{rank} | " + " | ".join(cells) + " |")


def test_tied_ranks_follow_the_paired_test_with_holm():
    """Each row's rank is the committed comparison with the best: the Holm adjustment of the raw p-values of its
    group, tied where the adjusted p is at least 0.05, and no system below the best on five documents."""
    committed = committed_board()
    for task, metrics in run.RANKED.items():
        for view, metric, average in metrics:
            key = f"{view}/{metric}/{average}"
            groups: dict[str, list[dict]] = {}
            for r in committed["results"]:
                if r["task"] == task:
                    groups.setdefault(r.get("label_set", "ontonotes5"), []).append(r["ranks"][key])
            for ranks in groups.values():
                assert sum(r["p"] is None for r in ranks) == 1  # one best per group
                raw = [r["p"] for r in ranks if r["p"] is not None]
                assert [r["p_holm"] for r in ranks if r["p"] is not None] == pytest.approx(npe.holm(raw))
                assert all(r["tied"] == (r["p_holm"] >= run.LEVEL) for r in ranks if r["p"] is not None)
                if task != "duplicates":
                    assert all(r["tied"] for r in ranks)  # five documents: p >= 0.0625 before any adjustment


# --------------------------------------------------------------------------- the adapters of the peer systems

def test_html_page_wraps_each_line_as_an_escaped_paragraph():
    text = "  Putin & To Lam \n\n<script>x</script>\n\"Quote\" it\n"
    page = common.html_page("d", text)
    assert page == ("<html><body><p>Putin &amp; To Lam</p><p>&lt;script&gt;x&lt;/script&gt;</p>"
                    "<p>&quot;Quote&quot; it</p></body></html>")
    import html
    import re
    assert [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", page)] == [l.text for l in common.lines("d", text)]


def test_extracted_text_becomes_the_spans_of_the_lines_left_out(monkeypatch):
    """The extracted-text adapter on a fake extractor that keeps every paragraph but the first and adds a word."""
    import html
    import re
    monkeypatch.setattr(boilerplate, "texts", lambda: {"d000": "Menu\nPutin arrived in Hanoi.\nHe met To Lam."})
    seen = []

    def extract(page):
        seen.append(page)
        return "Advertisement\n" + "\n".join(html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", page)[1:])

    spans, found = boilerplate.extracted(extract)
    assert seen == [common.html_page("d000", "Menu\nPutin arrived in Hanoi.\nHe met To Lam.")]
    assert spans == {"d000": [Span(0, 4)]}
    assert found == {"invented_chars": {"d000": 13}}
    assert boilerplate.extracted(lambda page: None) == {"d000": [Span(0, 4), Span(5, 28), Span(29, 43)]}  # nothing kept


def test_kept_lines_map_back_to_the_lines_dropped():
    doc_lines = common.lines("d", "Title\nA kept line [1].\nDropped\nA kept line [1].\n")
    assert boilerplate.kept_lines_to_spans(doc_lines, ["A kept line.", "A kept line."],
                                           lambda line: line.replace(" [1]", "")) == [Span(0, 5), Span(23, 30)]
    with pytest.raises(RuntimeError, match="no line of the document"):
        boilerplate.kept_lines_to_spans(doc_lines, ["A line it made up."])


def test_c4_lines_drop_whole_lines_and_the_variant_drops_fewer():
    pytest.importorskip("datatrove")
    texts = common.texts()
    default, variant = boilerplate.c4_lines(), boilerplate.c4_lines(filter_no_terminal_punct=False)
    for doc, text in texts.items():
        whole = {(l.start, l.end) for l in common.lines(doc, text)}
        assert {(s.start, s.end) for s in default[doc]} <= whole
        assert set(variant[doc]) <= set(default[doc])
    assert any(set(variant[d]) < set(default[d]) for d in texts)
    # A line of d000 without terminal punctuation is dropped by the default filter only.
    title = common.lines("d000", texts["d000"])[0]
    assert not title.text.endswith((".", "!", "?", '"', "'"))
    assert Span(title.start, title.end) in default["d000"] and Span(title.start, title.end) not in variant["d000"]


def test_c4_lines_drops_a_document_with_too_few_sentences(monkeypatch):
    pytest.importorskip("datatrove")
    monkeypatch.setattr(boilerplate, "texts", lambda: {"d000": "One short sentence here.\nAnd another one here."})
    spans, found = boilerplate.c4_lines()
    assert spans == {"d000": [Span(0, 24), Span(25, 46)]}
    assert found == {"dropped_documents": {"d000": "dropped whole by a document rule"}}


@pytest.mark.parametrize("line, key", [
    ("  Putin’s visit, 19–20 June 2024… ", "putins visit, 0000 june 0000"),
    ("“Fiery friendship” — 17 minutes ago", "fiery friendship  00 minutes ago"),
    ("Tab\there, (ASCII) punctuation: kept!", "tabhere, (ascii) punctuation: kept!"),
    ("   ", ""),
])
def test_ccnet_key_is_cc_nets_normalize_for_dedup(line, key):
    """cc_net's normalize_for_dedup on these lines (its Unicode punctuation table deletes the curly quotes,
    dashes and the ellipsis; the tab is a control character; ASCII punctuation stays)."""
    assert boilerplate.ccnet_normalise(line) == key


def test_ccnet_removes_every_occurrence_of_a_repeated_line(monkeypatch):
    """Within a document or across documents, first occurrence too; "9 minutes ago" ("0 minutes ago") is no repeat."""
    monkeypatch.setattr(boilerplate, "texts", lambda: {"d000": "19 minutes ago\nA line.\n17 minutes ago\n9 minutes ago",
                                                       "d001": "Unique too.\na LINE."})
    assert boilerplate.ccnet_repeated_lines() == {"d000": [Span(0, 14), Span(15, 22), Span(23, 37)], "d001": [Span(12, 19)]}


def test_versions_name_each_distribution():
    assert common.versions("scikit-learn", "no-such-distribution-here") == {
        "scikit-learn": __import__("sklearn").__version__, "no-such-distribution-here": "not installed"}


def test_spacy_conll2003_maps_types_as_the_harness_maps_the_gold():
    assert entities.CONLL2003 == CONLL2003


def test_datatrove_minhash_clusters_exact_copies(monkeypatch):
    """Two copies of one sentence (and a third with one word changed) among unrelated ones: the stages cluster the
    copies, every other pair is different, nothing is left behind in the working folder."""
    pytest.importorskip("datatrove")
    sentence = "Russian President Vladimir Putin arrived in Hanoi on Wednesday for a two-day state visit to Vietnam."
    segs = {"d000-s001": sentence, "d001-s002": sentence, "d002-s003": "An unrelated sentence about cricket in Cape Town today.",
            "d003-s004": "Short one."}
    universe = [(a, b) for a in sorted(segs) for b in sorted(segs) if a < b]
    monkeypatch.setattr(duplicates, "content_segments", lambda: segs)
    monkeypatch.setattr(duplicates, "universe", lambda _segments: universe)
    predictions, found = duplicates.datatrove_minhash()
    labels = {(p.a, p.b): (p.label, p.score) for p in predictions}
    assert labels.pop(("d000-s001", "d001-s002")) == ("near_duplicate", 1.0)
    assert set(labels.values()) == {("different", 0.0)}
    assert found == {"clusters": 1, "segments_removed": 1}


def test_the_command_line_names_the_leaderboard_tasks():
    from newsprep.baselines import cli, run

    assert list(cli.TASKS) == list(run.HEADLINE)
