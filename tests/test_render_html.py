"""The HTML report (``newsprep.eval.render.html``): the span overlay, the outcome of each piece,
escaping of every submitted string, the sections shown, and the page in headless Chromium."""
import os
import re
import shutil
import signal
import subprocess
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprep.eval import InvalidInput
from newsprep.eval.data import gold
from newsprep.eval.metrics import boilerplate as bp
from newsprep.eval.render.html import (
    CSS,
    Piece,
    boilerplate_block,
    boilerplate_status,
    entity_block,
    entity_status,
    overlay,
    pair_outcome,
    render,
    score_table,
    shown_pairs,
    status_chars,
)
from newsprep.eval.scoring.score import score_submission as score
from newsprep.eval.submission.read import read_submission
from newsprep.eval.types import Mention, PairPrediction, Span
from tests.conftest import REPO
from tests.png import distinct_sample_values, read_png
from tests.submissions import gold_boilerplate_records, header, write

PAYLOAD = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
SUBMISSIONS = REPO / "results" / "submissions"


# --------------------------------------------------------------------------- overlay

def spans(pieces):
    return [(p.start, p.end, p.gold and (p.gold.start, p.gold.end), p.pred and (p.pred.start, p.pred.end))
            for p in pieces]


def test_overlay_by_hand():
    # text:   0123456789
    # gold:     [--)  [-)     [2,5) and [7,9)
    # pred:      [-----)      [3,8)
    pieces = overlay(10, [Span(2, 5), Span(7, 9)], [Span(3, 8)])
    assert spans(pieces) == [(0, 2, None, None), (2, 3, (2, 5), None), (3, 5, (2, 5), (3, 8)),
                             (5, 7, None, (3, 8)), (7, 8, (7, 9), (3, 8)), (8, 9, (7, 9), None),
                             (9, 10, None, None)]
    assert [boilerplate_status(p) for p in pieces] == [None, "fn", "tp", "fp", "tp", "fn", None]


def test_overlay_touching_spans_and_empty_layers():
    assert spans(overlay(6, [Span(0, 3), Span(3, 6)], [])) == [(0, 3, (0, 3), None), (3, 6, (3, 6), None)]
    assert spans(overlay(4, [], [])) == [(0, 4, None, None)]
    assert overlay(0, [], []) == []
    assert spans(overlay(4, [], [Span(0, 4)])) == [(0, 4, None, (0, 4))]


def test_overlay_ignores_input_order():
    g, p = [Span(7, 9), Span(2, 5)], [Span(3, 8)]
    assert overlay(10, g, p) == overlay(10, sorted(g), p)


@pytest.mark.parametrize("layer", [[Span(0, 5), Span(4, 6)], [Span(3, 3)], [Span(8, 11)]])
def test_overlay_refuses_overlapping_empty_or_outside_spans(layer):
    with pytest.raises(ValueError):
        overlay(10, layer, [])
    with pytest.raises(ValueError):
        overlay(10, [], layer)


@st.composite
def flat_layer(draw, length):
    """Non-overlapping spans inside [0, length)."""
    cuts = sorted(draw(st.sets(st.integers(0, length), max_size=12)))
    pairs = list(zip(cuts[::2], cuts[1::2]))
    return [Span(a, b) for a, b in pairs if draw(st.booleans())]


@st.composite
def two_layers(draw):
    length = draw(st.integers(0, 60))
    return length, draw(flat_layer(length)), draw(flat_layer(length))


@settings(max_examples=300, deadline=None)
@given(two_layers())
def test_overlay_tiles_the_text_and_each_piece_knows_its_spans(case):
    length, g, p = case
    pieces = overlay(length, g, p)
    assert [(a.end) for a in pieces[:-1]] == [b.start for b in pieces[1:]]
    assert (pieces[0].start, pieces[-1].end) == (0, length) if length else pieces == []
    covering = lambda layer, i: next((s for s in layer if s.start <= i < s.end), None)  # noqa: E731
    for piece in pieces:
        assert piece.start < piece.end
        for i in range(piece.start, piece.end):  # the brute-force reference, per character
            assert piece.gold == covering(g, i) and piece.pred == covering(p, i)


@pytest.mark.scale
def test_overlay_is_not_quadratic():
    """100,000 spans per layer over 2 million characters; a quadratic sweep would take hours."""
    n = 100_000
    g = [Span(20 * k, 20 * k + 10) for k in range(n)]
    p = [Span(20 * k + 5, 20 * k + 15) for k in range(n)]
    started = time.perf_counter()
    pieces = overlay(20 * n, g, p)
    assert time.perf_counter() - started < 20
    assert len(pieces) == 4 * n


@pytest.mark.scale
def test_large_article_blocks_render_in_linear_time():
    """A 2-million-character article with 100,000 gold and predicted mentions and spans."""
    text = ("Putin met Lam in Hanoi. " * 84_000)[:2_000_000]
    g = [Mention(24 * k, 24 * k + 5, "PERSON") for k in range(100_000) if 24 * k + 5 <= len(text)]
    p = [Mention(24 * k + (k % 2), 24 * k + 5, "PERSON" if k % 3 else "ORG") for k in range(100_000)
         if 24 * k + 5 <= len(text)]
    started = time.perf_counter()
    entities = entity_block(text, g, p)
    boiler = boilerplate_block(text, [Span(m.start, m.end) for m in g], [Span(m.start, m.end) for m in p])
    assert time.perf_counter() - started < 30
    assert entities.count('<mark class="tp"') == sum(1 for k in range(len(g)) if k % 2 == 0 and k % 3)
    assert boiler.count('<mark class="tp"') == len(g)


# --------------------------------------------------------------------------- outcomes

def test_entity_status_by_hand():
    person = Mention(0, 5, "PERSON")
    assert entity_status(Piece(0, 5, person, Mention(0, 5, "PERSON"))) == "tp"
    assert entity_status(Piece(0, 5, person, Mention(0, 5, "ORG"))) == "type"
    assert entity_status(Piece(0, 3, person, Mention(0, 3, "ORG"))) == "type"
    assert entity_status(Piece(0, 3, person, Mention(0, 3, "PERSON"))) == "boundary"
    assert entity_status(Piece(0, 5, person, None)) == "fn"
    assert entity_status(Piece(0, 5, None, person)) == "fp"
    assert entity_status(Piece(0, 5, None, None)) is None


@pytest.mark.parametrize("name", ["line-heuristics", "logistic-lodo", "justext-lodo"])
def test_character_counts_of_the_pieces_equal_the_scorer_counts(name):
    """The per-document precision and recall on the page are the scorer's character counts."""
    sub = read_submission(SUBMISSIONS / f"boilerplate-{name}.jsonl")
    texts, truth = gold.texts(), gold.boilerplate()
    for doc, text in texts.items():
        c = status_chars(text, overlay(len(text), truth[doc], sub.boilerplate[doc]), boilerplate_status)
        ref = bp.document_counts(text, list(truth[doc]), list(sub.boilerplate[doc]))["chars"]
        assert (c["tp"], c["tp"] + c["fp"], c["tp"] + c["fn"]) == (ref.matched_gold, ref.predicted, ref.gold)


def test_pair_outcome_by_hand():
    assert pair_outcome("near_duplicate", "paraphrase", "near_duplicate") == "fn"
    assert pair_outcome("near_duplicate", "paraphrase", "same_content") == "tp"
    assert pair_outcome("paraphrase", "near_duplicate", "near_duplicate") == "fp"
    assert pair_outcome("related", "paraphrase", "same_content") == "fp"
    assert pair_outcome(None, "different", "same_content") == "tn"
    assert pair_outcome("paraphrase", None, "same_content") == "fn"


def test_shown_pairs_are_gold_listed_or_predicted_positive_errors_first():
    gold_pairs = {("a", "b"): ("paraphrase", 3.0), ("a", "c"): ("related", 2.0), ("b", "c"): ("paraphrase", 3.5)}
    pred = {("a", "b"): PairPrediction("a", "b", "paraphrase", 0.9),
            ("a", "d"): PairPrediction("a", "d", "near_duplicate", 0.8),
            ("c", "d"): PairPrediction("c", "d", "different", 0.1)}
    # (b, c) missed; (a, d) false positive; (a, b) true positive; (a, c) hard negative; (c, d) not shown.
    assert shown_pairs(gold_pairs, pred) == [("b", "c"), ("a", "d"), ("a", "b"), ("a", "c")]


# --------------------------------------------------------------------------- the page

class Tags(HTMLParser):
    """Every tag and attribute of a page."""

    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.title = [], [], ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p", "a", "code", "b", "pre",
                "details", "summary", "section", "div", "mark", "sup", "span", "table", "thead", "tbody", "tr", "th",
                "td"}


def hostile_submission(tmp_path: Path) -> Path:
    """Boilerplate, entities and duplicates, with a script in every free-text field, the file name included."""
    bp_rows = gold_boilerplate_records()
    bp_rows[2]["spans"] = bp_rows[2]["spans"][::2]
    ent_rows = [{"task": "entities", "doc": d, "mentions": [
        {"start": m.start, "end": m.end, "type": "ORG" if i % 5 == 0 else m.type,
         "entity_id": f"{m.entity_id}{PAYLOAD}" if m.entity_id else None}
        for i, m in enumerate(mentions) if i % 7]} for d, mentions in gold.entities().items()]
    pairs = sorted(gold.duplicate_pairs().items())[:40]
    dup_rows = [{"task": "duplicates", "a": a, "b": b, "label": "paraphrase" if label != "related" else "different",
                 "score": score_} for (a, b), (label, score_) in pairs]
    name = tmp_path / "sys<script>alert(1)<script>.jsonl"  # no slash in a file name
    return write(name, [header(system=f"evil {PAYLOAD}", settings={"note": PAYLOAD, PAYLOAD: [1, 2]})]
                 + bp_rows + ent_rows + dup_rows)


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> str:
    sub = read_submission(hostile_submission(tmp_path_factory.mktemp("hostile")))
    return render(sub, score(sub, resamples=20))


def test_every_submitted_string_is_escaped(hostile_page):
    parsed = Tags()
    parsed.feed(hostile_page)
    assert set(parsed.tags) <= ALLOWED_TAGS  # no script, img, link, iframe ...
    assert not [a for a in parsed.attrs if a[1].startswith("on") or a[1] in ("src", "srcset", "action")]
    assert all(v.startswith("#") for tag, k, v in parsed.attrs if k == "href")
    assert parsed.title == f"NewsPrep report: evil {PAYLOAD}"  # shown as text, character for character
    assert "<script" not in hostile_page.lower()
    assert hostile_page.count("&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;") >= 4
    assert "sys&lt;script&gt;alert(1)&lt;script&gt;.jsonl" in hostile_page  # the file name
    # An entity id sits inside a title attribute: its quote is escaped, so it cannot close the attribute.
    assert 'onerror=&quot;document.title' in hostile_page


def test_page_forbids_scripts_and_external_resources(hostile_page):
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'style-src \'unsafe-inline\'">') in hostile_page
    assert "url(" not in CSS and "@import" not in CSS  # the only style sheet loads nothing


def test_page_shows_only_the_tasks_of_the_submission(tmp_path):
    only_bp = read_submission(write(tmp_path / "bp.jsonl", [header()] + gold_boilerplate_records()))
    page = render(only_bp, score(only_bp, resamples=10))
    assert "Boilerplate, per character" in page and 'id="articles"' in page
    assert "Entities (hover" not in page and 'id="pairs"' not in page and "<h3>entities</h3>" not in page

    only_pairs = read_submission(SUBMISSIONS / "duplicates-exact-normalised.jsonl")
    page = render(only_pairs, score(only_pairs, resamples=10))
    assert 'id="pairs"' in page and 'id="articles"' not in page and "<h3>boilerplate</h3>" not in page

    # A header-only file is refused by the scorer (rule has-task) before any page is drawn.
    empty = read_submission(write(tmp_path / "empty.jsonl", [header(system="nothing")]))
    with pytest.raises(InvalidInput) as refused:
        score(empty, resamples=10)
    assert [p.rule for p in refused.value.problems] == ["has-task"]


def test_page_text_is_the_document_text(tmp_path):
    """Removing the tags and unescaping gives back each article exactly: no character lost or added."""
    sub = read_submission(SUBMISSIONS / "entities-spacy-sm.jsonl")
    page = render(sub, score(sub, resamples=10))
    blocks = re.findall(r'<div class="text">(.*?)</div>', page, flags=re.S)
    plain = [unescape(re.sub(r"<sup[^>]*>.*?</sup>|<[^>]+>", "", b)) for b in blocks]
    assert plain == list(gold.texts().values())


def test_a_wrong_type_is_marked_with_both_types(tmp_path):
    """A wrong type shows as a ``type`` mark with its gold and predicted types."""
    texts = gold.texts()
    m = gold.entities()["d000"][0]
    other = "ORG" if m.type != "ORG" else "GPE"
    rows = [{"task": "entities", "doc": d, "mentions": [
        {"start": x.start, "end": x.end, "type": other if (d, x) == ("d000", m) else x.type} for x in mentions]}
        for d, mentions in gold.entities().items()]
    sub = read_submission(write(tmp_path / "one-wrong.jsonl", [header()] + rows))
    page = render(sub, score(sub, resamples=10))
    wrong = re.findall(r'<mark class="type"[^>]*>(.*?)</mark><sup class="tag">(.*?)</sup>', page)
    assert wrong == [(texts["d000"][m.start:m.end], f"{m.type}→{other}")]
    assert page.count('<mark class="tp"') == sum(len(v) for v in gold.entities().values()) - 1


# --------------------------------------------------------------------------- headless Chromium

def chromium() -> str:
    """The Chromium binary; skip locally without one, fail where NEWSPREP_REQUIRE_BROWSER=1 (CI)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("NEWSPREP_REQUIRE_BROWSER") == "1":
        pytest.fail("NEWSPREP_REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium); CI sets NEWSPREP_REQUIRE_BROWSER=1")


def test_missing_chromium_skips_locally_and_fails_where_required(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("NEWSPREP_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        chromium()
    monkeypatch.setenv("NEWSPREP_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="NEWSPREP_REQUIRE_BROWSER=1"):
        chromium()


def run_chromium(page: Path, tmp_path: Path, *extra: str, timeout: float = 90) -> tuple[str, str]:
    """Open ``page`` from a file URL with the network cut off; return (stdout, stderr)."""
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", "--disable-default-apps", "--mute-audio",
           "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
           f"--user-data-dir={tmp_path / 'chromium-profile'}", "--enable-logging=stderr", "--v=0",
           *extra, page.resolve().as_uri()]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=os.setpgrp)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the browser and every process it started (its own group)
        proc.communicate()
        pytest.fail(f"chromium did not finish within {timeout} s")
    assert proc.returncode == 0, err[-2000:]
    return out, err


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def dom_title(dom: str) -> str:
    parsed = Tags()
    parsed.feed(dom)
    return parsed.title


@pytest.fixture
def hostile_html(tmp_path) -> Path:
    from newsprep.eval.cli.main import main

    target = tmp_path / "report.html"
    assert main(["report", str(hostile_submission(tmp_path)), "--html", str(target), "--resamples", "20"]) == 0
    return target


def test_page_runs_no_script_and_logs_nothing_in_chromium(hostile_html, tmp_path):
    dom, err = run_chromium(hostile_html, tmp_path, "--dump-dom")
    assert dom_title(dom) == f"NewsPrep report: evil {PAYLOAD}"  # not 'pwned'
    assert "<script" not in dom.lower() and "<img" not in dom.lower()
    assert "Duplicate pairs" in dom and '<mark class="type"' in dom
    assert console_lines(err) == []  # no error, and no Content-Security-Policy violation either


def test_screenshot_in_chromium_is_a_plausible_png(hostile_html, tmp_path):
    shot = tmp_path / "report.png"
    _, err = run_chromium(hostile_html, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000",
                          "--hide-scrollbars")
    png = read_png(shot)
    assert (png["width"], png["height"]) == (1280, 2000)
    assert 20_000 < png["bytes"] < 20_000_000
    assert distinct_sample_values(png) > 50  # text, tables and coloured marks, not a blank page
    assert console_lines(err) == []


def test_chromium_check_catches_a_script_that_runs(tmp_path):
    """The control: the same payload left unescaped does run, and the checks above would see it."""
    page = tmp_path / "unsafe.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>safe</title></head><body>{PAYLOAD}"
                    "<script>console.error('boom')</script></body></html>", encoding="utf-8")
    dom, err = run_chromium(page, tmp_path, "--dump-dom")
    assert dom_title(dom) == "pwned"
    assert any("boom" in line for line in console_lines(err))


def test_counts_show_as_integers_without_an_interval():
    """Regression: the support and predicted rows printed as 598.000 with a "–" interval beside them."""
    from newsprep.eval.scoring.report import Row

    rows = [Row("entities", "all", "strict", "micro", "f1", 0.5, 0.4, 0.6, "sig"),
            Row("entities", "all", "strict", "micro", "support", 598.0, None, None, "sig")]
    html = score_table(rows)
    assert "support <b>598</b></span>" in html and "f1 <b>0.500</b> [0.400, 0.600]" in html


def test_conll_articles_compare_with_the_mapped_gold(tmp_path):
    """Regression: the article view compared CoNLL-2003 predictions with the OntoNotes gold, so every right
    mention showed as a wrong type and the dates and numbers CoNLL leaves out as missed."""
    import newsprep.eval as npe
    from newsprep.eval.types import in_label_set

    mapped = {r["doc"]: in_label_set(gold.mentions(r["mentions"]), "conll2003") for r in npe.records("entities")}
    path = npe.write_submission(tmp_path / "c.jsonl", system="gold-conll", label_set="conll2003", entities=mapped)
    sub = read_submission(path)
    page = render(sub, score(sub, resamples=0))
    counts = re.findall(r"<h4>Entities</h4><p>(\d+) gold mentions, (\d+) predicted, (\d+) ", page)
    assert len(counts) == len(mapped) and all(g == p == c for g, p, c in counts), counts


def test_an_interval_short_of_its_coverage_shows_the_measured_coverage():
    """On the data it was measured on, an interval whose simulated coverage falls short of 0.93 carries it, in the
    HTML report as in the terminal table; on other data it does not."""
    from newsprep.eval.scoring import coverage
    from newsprep.eval.scoring.report import Row

    short = next(key for key, value in coverage.COVERAGE.items() if value < coverage.SHORT)
    rows = [Row(*short, "f1", 0.5, 0.4, 0.6, "sig")]
    assert f"[0.400, 0.600] (coverage {coverage.COVERAGE[short]:.2f})" in score_table(rows, coverage.MEASURED_ON)
    assert "coverage" not in score_table(rows, "0.0.1+synthetic")
