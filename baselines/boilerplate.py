"""Boilerplate baselines. Each returns ``{doc: [Span, ...]}``, one span per line judged boilerplate.

- ``floor``: nothing is boilerplate (the trivial floor);
- ``heuristics``: line rules of the kind pretraining pipelines use (C4, Gopher):
  terminal punctuation, word counts, time stamps, URLs;
- ``logistic``: a scikit-learn classifier over line features, trained
  leave-one-document-out;
- ``justext``: jusText on the lines (optional extra ``newsprep[justext]``).

Third-party systems, each as shipped (default settings unless the row says
otherwise), each behind its own optional extra:

- line filters of pretraining pipelines on the plain text: ``c4_lines``
  (datatrove's ``C4QualityFilter``, extra ``datatrove``) and
  ``ccnet_repeated_lines`` (CCNet's repeated-line removal, no extra);
- main-text extractors given the HTML page of ``common.html_page`` (one
  ``<p>`` per line): ``trafilatura``, ``boilerpy3``, ``readability`` and
  ``resiliparse``. The text an extractor returns is aligned back to the
  document with ``newsprep.eval.align_extracted`` (the extracted-text adapter);
  what it left out is the predicted boilerplate.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import numpy as np

from newsprep.eval import Span, align_extracted, metrics, records

from .common import Line, html_page, leave_one_document_out, lines, texts

TERMINAL = tuple('.!?"”’')
TIMESTAMP = re.compile(r"^\d+ (second|minute|hour|day)s? ago$")
URL = re.compile(r"^(https?://|www\.)\S+$")
STOP_WORDS = frozenset("the be to of and a in that have i it for not on with he as you do at this but his by from they we "  # noqa: SIM905 (a word list reads best as one string)
                       "say her she or an will my one all would there their what so up out if about who get which go me "
                       "is was are has had its".split())


def floor() -> dict[str, list[Span]]:
    return {doc: [] for doc in texts()}


def stop_word_density(text: str) -> float:
    words = [w.lower().strip(".,;:!?\"“”’'()") for w in text.split()]
    return sum(w in STOP_WORDS for w in words) / max(1, len(words))


def is_boilerplate_line(line: Line, next_line: Line | None = None) -> bool:
    """The rule: keep the first line (the title); drop time stamps, bare URLs, lines of fewer than
    four words, lines that do not end in terminal punctuation, lines with almost no stop words
    (under 10%, as pretraining filters require running prose), and link-list entries: a line
    followed by a time stamp ("9 minutes ago") is a teaser headline."""
    if line.index == 0:
        return False
    words = line.text.split()
    teaser = next_line is not None and bool(TIMESTAMP.match(next_line.text))
    return bool(TIMESTAMP.match(line.text) or URL.match(line.text) or len(words) < 4 or not line.text.endswith(TERMINAL)
                or stop_word_density(line.text) < 0.1 or teaser)


def heuristics() -> dict[str, list[Span]]:
    out = {}
    for doc, text in texts().items():
        doc_lines = lines(doc, text)
        following = doc_lines[1:] + [None]
        out[doc] = [Span(l.start, l.end) for l, n in zip(doc_lines, following) if is_boilerplate_line(l, n)]
    return out


def features(line: Line, n_lines: int) -> list[float]:
    words = line.text.split()
    return [
        np.log1p(len(words)),
        float(line.text.endswith(TERMINAL)),
        stop_word_density(line.text),
        sum(w[:1].isupper() for w in words) / max(1, len(words)),
        float(bool(re.search(r"\d", line.text))),
        float(bool(TIMESTAMP.match(line.text))),
        float(bool(URL.match(line.text))),
        float(line.text.startswith("(") and line.text.endswith(")")),
        line.index / max(1, n_lines - 1),
        float(line.index == 0),
        float(line.text[:1].islower()),
    ]


def gold_line_labels() -> dict[tuple[str, int], bool]:
    """A line is boilerplate when most of its non-space characters are gold boilerplate."""
    spans = {r["doc"]: [(s["start"], s["end"]) for s in r["spans"]] for r in records("boilerplate")}
    labels = {}
    for doc, text in texts().items():
        for line in lines(doc, text):
            chars = [i for i in range(line.start, line.end) if not text[i].isspace()]
            inside = sum(any(s <= i < e for s, e in spans[doc]) for i in chars)
            labels[(doc, line.index)] = inside * 2 > len(chars)
    return labels


def logistic(*, c: float = 1.0) -> dict[str, list[Span]]:
    """Logistic regression over line features; each document is predicted by a model trained on the other four."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    all_lines = {doc: lines(doc, text) for doc, text in texts().items()}
    labels = gold_line_labels()
    out = {}
    for held_out, train_docs in leave_one_document_out(sorted(all_lines)):
        train = [l for d in train_docs for l in all_lines[d]]
        x = [features(l, len(all_lines[l.doc])) for l in train]
        y = [labels[(l.doc, l.index)] for l in train]
        model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000)).fit(x, y)
        test = all_lines[held_out]
        predicted = model.predict([features(l, len(test)) for l in test])
        out[held_out] = [Span(l.start, l.end) for l, p in zip(test, predicted) if p]
    return out


JUSTEXT_DEFAULTS = {"length_low": 20, "max_link_density": 0.2, "no_headings": False}
JUSTEXT_GRID = [{"length_high": lh, "stopwords_low": sl, "stopwords_high": max(sl + 0.02, 0.3)}
                for lh in (60, 100, 200) for sl in (0.1, 0.2, 0.3)]


def justext_document(doc: str, text: str, settings: dict) -> list[Span]:
    import justext as jt

    doc_lines = lines(doc, text)
    page = html_page(doc, text)
    paragraphs = jt.justext(page.encode("utf-8"), jt.get_stoplist("English"), **JUSTEXT_DEFAULTS, **settings)
    if len(paragraphs) != len(doc_lines):
        raise RuntimeError(f"jusText returned {len(paragraphs)} paragraphs for {len(doc_lines)} lines in {doc}")
    return [Span(l.start, l.end) for l, p in zip(doc_lines, paragraphs) if p.is_boilerplate]


def justext() -> tuple[dict[str, list[Span]], dict[str, dict]]:
    """jusText on the lines, each wrapped as an HTML paragraph.

    With default settings jusText calls most plain-text news paragraphs
    boilerplate, so ``length_high`` and the stop-word thresholds are chosen
    from ``JUSTEXT_GRID``, leave-one-document-out: each document gets the
    settings with the best character F1 on the other four. Returns the spans
    and the settings chosen per document.
    """
    document_counts, prf, total = metrics.boilerplate.document_counts, metrics.prf.prf, metrics.prf.total
    all_texts = texts()
    gold = {r["doc"]: [Span(s["start"], s["end"]) for s in r["spans"]] for r in records("boilerplate")}
    runs = [{doc: justext_document(doc, text, setting) for doc, text in all_texts.items()} for setting in JUSTEXT_GRID]
    out, chosen = {}, {}
    for held_out, train in leave_one_document_out(sorted(all_texts)):
        def train_f1(k: int, train: list[str] = train) -> float:  # train bound now (ruff B023)
            return prf(total(document_counts(all_texts[d], gold[d], runs[k][d])["chars"] for d in train)).f1
        best = max(range(len(JUSTEXT_GRID)), key=lambda k: (train_f1(k), -k))
        out[held_out], chosen[held_out] = runs[best][held_out], JUSTEXT_GRID[best]
    return out, chosen


# --------------------------------------------------------------------------- line filters of text pipelines

def kept_lines_to_spans(doc_lines: list[Line], kept: list[str], transform: Callable[[str], str] = lambda line: line) -> list[Span]:
    """The lines a line filter dropped, as spans, from the lines it kept (in order, each possibly changed by
    ``transform``, as the filter changes a line it keeps). A filter's decision depends on a line's text only,
    so matching the kept lines in order is exact; a kept line with no match raises ``RuntimeError``."""
    out, k = [], 0
    for line in doc_lines:
        if k < len(kept) and kept[k].strip() == transform(line.text).strip():
            k += 1
        else:
            out.append(Span(line.start, line.end))
    if k != len(kept):
        raise RuntimeError(f"line {k} of the filter's output is no line of the document: {kept[k]!r}")
    return out


def c4_lines(**options) -> dict[str, list[Span]] | tuple[dict[str, list[Span]], dict]:
    """datatrove's ``C4QualityFilter`` (extra ``datatrove``) on each document's plain text, as a pipeline runs it.

    Its default settings: lines are split on line ends; a line is dropped if it
    does not end in terminal punctuation (``. ? ! " '``, not ``...``), has fewer
    than 3 words, a word over 1,000 characters, "javascript" or a cookie or
    terms-of-use phrase; citation marks ("[1]", "[edit]") are cut from a kept
    line; a document with "lorem ipsum", a curly bracket or fewer than 5
    sentences left (counted by spaCy's rule-based English sentencizer, which
    needs no model) is dropped whole, every line boilerplate. ``options`` are
    passed to the filter (``filter_no_terminal_punct=False``: the variant
    without the terminal-punctuation rule). Returns the spans, and the
    documents dropped whole with the filter's reason, if any.
    """
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter
    from datatrove.pipeline.filters.c4_filters import CITATION_REGEX

    step = C4QualityFilter(**options)
    all_texts = texts()
    documents = [Document(text=text, id=doc) for doc, text in sorted(all_texts.items())]
    kept = {d.id: d.text for d in step.run(iter(documents))}
    remove_citations = step.remove_citations
    out, dropped = {}, {}
    for doc, text in sorted(all_texts.items()):
        doc_lines = lines(doc, text)
        if doc not in kept:
            out[doc], dropped[doc] = [Span(l.start, l.end) for l in doc_lines], "dropped whole by a document rule"
            continue
        out[doc] = kept_lines_to_spans(doc_lines, kept[doc].split("\n") if kept[doc] else [],
                                       (lambda line: CITATION_REGEX.sub("", line)) if remove_citations else (lambda line: line))
    return (out, {"dropped_documents": dropped}) if dropped else out


# cc_net's text_normalizer: the Unicode punctuation its dedup key removes, and the control characters.
CCNET_UNICODE_PUNCT = "，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►"
CCNET_REMOVED = re.compile("[" + re.escape(CCNET_UNICODE_PUNCT + "".join(map(chr, [*range(0, 32), *range(127, 160)]))) + "]")


def ccnet_normalise(line: str) -> str:
    """CCNet's dedup key of a line (``normalize_for_dedup`` in cc_net's ``text_normalizer``): trimmed,
    lower-cased, every digit made ``0``, and its table of Unicode punctuation (curly quotes, en and em dashes,
    ellipsis, full-width forms) and the control characters deleted; ASCII punctuation stays.

    >>> ccnet_normalise("  Russia’s 17 minutes ago… ")
    'russias 00 minutes ago'
    """
    line = line.strip()
    return CCNET_REMOVED.sub("", re.sub(r"\d", "0", line.lower())) if line else line


def ccnet_repeated_lines() -> dict[str, list[Span]]:
    """CCNet's paragraph deduplication (``deduplicate_two_pass`` in cc_net's ``dedup``): the five documents are
    one shard; a line whose key (``ccnet_normalise``) occurs more than once in the shard, in one document
    or in several, is removed everywhere, its first occurrence too.

    cc_net itself is not installable from the package index (it depends on a
    git checkout of kenlm), so its two rules are restated here.
    """
    all_lines = {doc: lines(doc, text) for doc, text in sorted(texts().items())}
    counts = Counter(ccnet_normalise(l.text) for doc_lines in all_lines.values() for l in doc_lines)
    return {doc: [Span(l.start, l.end) for l in doc_lines if counts[ccnet_normalise(l.text)] > 1]
            for doc, doc_lines in all_lines.items()}


# --------------------------------------------------------------------------- main-text extractors on HTML

def extracted(extract: Callable[[str], str | None]) -> dict[str, list[Span]] | tuple[dict[str, list[Span]], dict]:
    """Boilerplate from a main-text extractor: ``extract`` gets each document's ``html_page`` and returns the
    text it kept (None: nothing); ``align_extracted`` maps that text back to the document, and what it
    left out are the spans. Kept text with no counterpart in the document (invented) is counted, if any."""
    out, invented = {}, {}
    for doc, text in sorted(texts().items()):
        alignment = align_extracted(text, extract(html_page(doc, text)) or "")
        out[doc] = list(alignment.removed)
        if alignment.invented_chars:
            invented[doc] = alignment.invented_chars
    return (out, {"invented_chars": invented}) if invented else out


def trafilatura(**options) -> dict[str, list[Span]] | tuple[dict[str, list[Span]], dict]:
    """``trafilatura.extract`` (extra ``trafilatura``); ``options``: ``favor_precision=True`` or ``favor_recall=True``."""
    import trafilatura as tf

    return extracted(lambda page: tf.extract(page, **options))


def boilerpy3(extractor: str) -> dict[str, list[Span]] | tuple[dict[str, list[Span]], dict]:
    """One of boilerpy3's extractors (extra ``boilerpy3``) by class name: ``ArticleExtractor``, ``LargestContentExtractor``."""
    from boilerpy3 import extractors

    return extracted(getattr(extractors, extractor)().get_content)


def readability() -> dict[str, list[Span]] | tuple[dict[str, list[Span]], dict]:
    """readability-lxml (extra ``readability``): ``Document(page).summary()``, an HTML fragment, as text."""
    import lxml.html
    from readability import Document

    return extracted(lambda page: lxml.html.fromstring(Document(page).summary()).text_content())


def resiliparse() -> dict[str, list[Span]] | tuple[dict[str, list[Span]], dict]:
    """Resiliparse's ``extract_plain_text`` with ``main_content=True`` (extra ``resiliparse``): its boilerplate
    removal; with its default, ``False``, it converts the whole page."""
    from resiliparse.extract.html2text import extract_plain_text

    return extracted(lambda page: extract_plain_text(page, main_content=True))
