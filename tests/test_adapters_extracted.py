"""Boilerplate from an extractor's kept text: aligned with the document, not searched in it.

A perfect extractor's output, built from the gold in the shapes real extractors give (white space
collapsed and lines joined, or one paragraph a line; quotes and dashes straightened), gives back exactly
the gold spans of every document, so the boilerplate scores are all exactly 1. Hand cases cover text
removed inside a line, repeated sentences, invented text, and empty or complete kept text.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import newsprep.eval as npe
from newsprep.eval.adapters.extracted import normalise
from tests.perfect import perfect_rows

REPO = Path(__file__).resolve().parents[1]
TEXTS = {d["id"]: d["text"] for d in npe.records("documents")}
GOLD = {r["doc"]: [npe.Span(s["start"], s["end"]) for s in r["spans"]] for r in npe.records("boilerplate")}
STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def without_gold(doc: str) -> str:
    chars = list(TEXTS[doc])
    for s in GOLD[doc]:
        chars[s.start:s.end] = " " * (s.end - s.start)
    return "".join(chars)


def joined(doc: str) -> str:
    """White space collapsed to single spaces, lines joined, curly quotes straightened."""
    return re.sub(r"\s+", " ", without_gold(doc)).strip().translate(STRAIGHT)


def paragraphs(doc: str) -> str:
    """One kept paragraph a line, its white space collapsed; dashes and ellipses as ASCII, quotes straight."""
    lines = (re.sub(r"\s+", " ", line).strip() for line in without_gold(doc).split("\n"))
    text = "\n".join(line for line in lines if line)
    return text.translate(STRAIGHT).replace("—", "--").replace("–", "-").replace("…", "...")


@pytest.mark.parametrize("shape", [joined, paragraphs])
def test_a_perfect_extractors_output_gives_back_the_gold_spans(shape):
    for doc in TEXTS:
        kept = shape(doc)
        found = npe.align_extracted(TEXTS[doc], kept)
        assert list(found.removed) == GOLD[doc], doc
        assert found.invented_chars == (kept.count("--") if shape is paragraphs else 0)  # "—" as "--": one "-" too many


def test_a_perfect_extractor_scores_exactly_1_on_every_boilerplate_metric():
    records = [npe.spans_record(doc, npe.removed_spans(TEXTS[doc], joined(doc))) for doc in TEXTS]
    rows = perfect_rows(records, "boilerplate")
    assert {r.metric for r in rows} >= {"chars", "spans_exact", "spans_overlap", "content_tokens", "category:sharing"}


def test_text_removed_inside_a_line():
    text = "Putin arrived. Advertisement: buy now. Then he left.\nNext line."
    spans = npe.removed_spans(text, "Putin arrived. Then he left. Next line.", category="media")
    assert spans == [npe.Span(15, 38, "media")]
    assert text[15:38] == "Advertisement: buy now."


def test_a_span_never_crosses_a_line_end_and_keeps_inner_white_space():
    text = "Menu\nHome  |  World\n\nPutin arrived in Hanoi.\n  Spread   the love  \n"
    spans = npe.removed_spans(text, "Putin arrived in Hanoi.")
    assert [text[s.start:s.end] for s in spans] == ["Menu", "Home  |  World", "Spread   the love"]


def test_repeated_sentences_the_copy_that_runs_on_into_kept_text_is_the_kept_one():
    caption = "Putin arrives in Vietnam on a state visit."
    text = f"Text before.\n{caption}\n\n{caption}\n\n{caption} He was met by To Lam.\nRelated posts"
    kept = f"Text before. {caption} He was met by To Lam."
    spans = npe.removed_spans(text, kept)
    assert [(text[s.start:s.end], text.count("\n", 0, s.start)) for s in spans] == [
        (caption, 1), (caption, 3), ("Related posts", 6)]


def test_a_period_between_two_copies_goes_with_its_own_line():
    """The case of d001: 'tensions.' then a caption ending in '.', then kept text; either period could be kept."""
    text = "Tensions rise.\nA caption here.\nRussian President Putin arrived."
    assert npe.removed_spans(text, "Tensions rise. Russian President Putin arrived.") == [npe.Span(15, 30)]


def test_invented_text_marks_nothing_and_is_counted():
    text = "Putin arrived in Hanoi on Thursday.\nRelated posts and more\nHe met To Lam."
    kept = "Putin arrived in Hanoi on Thursday.\nAdvertisement\nHe met To Lam. Subscribe!"
    found = npe.align_extracted(text, kept)
    assert [text[s.start:s.end] for s in found.removed] == ["Related posts and more"]  # no letter of it matched
    assert [kept[s.start:s.end] for s in found.invented] == ["Advertisement", "Subscribe!"]
    assert found.invented_chars == 23


def test_a_chance_match_of_invented_text_inside_a_removed_line_is_dropped():
    text = "Putin arrived in Hanoi on Thursday.\nProtea's DREAM run continues!\nHe met To Lam."
    kept = "Putin arrived in Hanoi on Thursday.\nAdvertisement - Scroll to continue\nHe met To Lam."
    found = npe.align_extracted(text, kept)
    assert [text[s.start:s.end] for s in found.removed] == ["Protea's DREAM run continues!"]
    assert [kept[s.start:s.end] for s in found.invented] == ["Advertisement - Scroll to continue"]


@pytest.mark.parametrize("kept", ["", " \n\t "])
def test_empty_kept_text_removes_every_line(kept):
    text = "Menu\n\n  Putin arrived.  \nRelated"
    assert npe.removed_spans(text, kept) == [npe.Span(0, 4), npe.Span(8, 22), npe.Span(25, 32)]


def test_kept_text_equal_to_the_document_removes_nothing():
    for doc, text in TEXTS.items():
        assert npe.align_extracted(text, text) == npe.Alignment((), (), 0), doc
    assert npe.removed_spans("", "") == []


def test_quotes_dashes_and_compatibility_forms_are_normalised():
    text = "“Yes,” he said — twice… ﬁne ＡＢＣ Cafe\u0301 zero\u200bwidth"
    kept = '"Yes," he said - twice... fine ABC Café zerowidth'
    assert npe.align_extracted(text, kept) == npe.Alignment((), (), 0)
    assert normalise("Cafe\u0301")[1][-1] == (3, 5)  # a letter with its combining mark is one unit


def test_case_is_kept_so_a_lower_cased_copy_is_not_the_kept_text():
    text = "putin arrives in vietnam\nPutin arrives in Vietnam to strengthen ties"
    assert npe.removed_spans(text, "Putin arrives in Vietnam to strengthen ties") == [npe.Span(0, 24)]


def test_an_unknown_category_is_refused():
    with pytest.raises(npe.NewsPrepError, match="unknown boilerplate category 'ads'"):
        npe.removed_spans("Menu", "", category="ads")


def test_invented_lines_between_kept_paragraphs_change_nothing():
    for doc in TEXTS:
        lines = paragraphs(doc).split("\n")
        kept = "\n".join(line + ("\nAdvertisement - Scroll to continue" if i % 3 == 1 else "") for i, line in enumerate(lines))
        found = npe.align_extracted(TEXTS[doc], kept)
        assert list(found.removed) == GOLD[doc], doc
        assert len(found.invented) >= len(lines) // 3


# --------------------------------------------------------------------------- extractors of HTML, given html_page

def test_html_page_is_one_escaped_paragraph_per_non_empty_line():
    assert npe.html_page('Putin & "Lam"\n\n  <Menu>  \n\t\nend') == (
        "<html><body><p>Putin &amp; &quot;Lam&quot;</p><p>&lt;Menu&gt;</p><p>end</p></body></html>")
    assert npe.html_page("") == "<html><body></body></html>"
    with pytest.raises(npe.InvalidInput, match=r"html_page\(text\): type \(expected str, got None\)"):
        npe.html_page(None)  # the annotation's check names the argument before the function's own


def test_the_baselines_page_is_the_public_one():
    from newsprep.baselines.common import html_page

    assert all(html_page(doc, text) == npe.html_page(text) for doc, text in TEXTS.items())


def test_an_extractors_none_is_refused_with_what_to_do():
    """Regression: trafilatura on raw text returns None, and removed_spans(text, None) raised a bare TypeError."""
    trafilatura = pytest.importorskip("trafilatura")
    text = TEXTS["d000"]
    kept = trafilatura.extract(text)
    assert kept is None
    for function in (npe.removed_spans, npe.align_extracted):
        with pytest.raises(npe.InvalidInput) as err:
            function(text, kept)
        (problem,) = err.value.problems
        assert (problem.field, problem.rule) == (f"{function.__name__}(kept)", "extracted")
        assert "the extractor returned None" in problem.detail and "html_page(text)" in problem.detail
        assert "trafilatura.extract(npe.html_page(text))" in problem.detail


def extractors():
    """Each extractor of HTML as people run it: page in, kept text out."""
    out = {}
    try:
        import trafilatura

        out["trafilatura"] = trafilatura.extract
    except ImportError:
        pass
    try:
        from boilerpy3 import extractors as boilerpy3

        out["boilerpy3"] = boilerpy3.ArticleExtractor().get_content
    except ImportError:
        pass
    try:
        import lxml.html
        from readability import Document

        out["readability"] = lambda page: lxml.html.fromstring(Document(page).summary()).text_content()
    except ImportError:
        pass
    return out


@pytest.mark.parametrize("name, baseline", [("trafilatura", "trafilatura"), ("boilerpy3", "boilerpy3-article"),
                                            ("readability", "readability")])
def test_extractors_of_html_run_on_html_page_give_the_baselines_spans(name, baseline):
    """The public page and adapter, as a user calls them, give what the leaderboard's baseline submitted."""
    extract = extractors().get(name) or pytest.skip(f"{name} is not installed")
    records = [npe.spans_record(doc, npe.removed_spans(text, extract(npe.html_page(text)) or "")) for doc, text in TEXTS.items()]
    submitted = npe.read_submission(REPO / "results" / "submissions" / f"boilerplate-{baseline}.jsonl")
    assert {r["doc"]: [(s["start"], s["end"]) for s in r["spans"]] for r in records} == {
        doc: [(s.start, s.end) for s in spans] for doc, spans in submitted.boilerplate.items()}
