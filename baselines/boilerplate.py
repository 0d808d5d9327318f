"""Boilerplate baselines. Each returns ``{doc: [Span, ...]}``, one span per line judged boilerplate.

- ``floor``: nothing is boilerplate (the trivial floor);
- ``heuristics``: line rules of the kind pretraining pipelines use (C4, Gopher):
  terminal punctuation, word counts, time stamps, URLs;
- ``logistic``: a scikit-learn classifier over line features, trained
  leave-one-document-out;
- ``justext``: jusText on the lines (optional extra ``newsprep[justext]``).
"""
from __future__ import annotations

import re

import numpy as np

from newsprep.eval import Span, metrics, records

from .common import Line, leave_one_document_out, lines, texts

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
    import html

    import justext as jt

    doc_lines = lines(doc, text)
    page = "<html><body>" + "".join(f"<p>{html.escape(l.text)}</p>" for l in doc_lines) + "</body></html>"
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
