"""The duplicate-pair layer, derived by rule from its annotation sources.

Sources in ``dataset/annotation``:

- ``duplicates.candidates.jsonl``: the candidate pairs (``candidates`` below
  regenerates them from the segments; a test checks that it does);
- ``duplicates.pass_a.jsonl`` / ``duplicates.pass_b.jsonl``: two independent
  labellings of every candidate (``cid`` set) plus the pairs each pass found by
  reading that no signal proposed (``cid`` null);
- ``duplicates.adjudication.jsonl``: the decision for every pair the rules
  below cannot settle, and the corrections of the main-claim re-check: a record
  with a ``recheck`` block (the label, score and rationale the pair had before)
  overrides the passes, and may add a pair neither pass listed.

Rules (the guidelines, Part 4, give the reasons):

1. both passes agree on the label: that label, the mean score, pass A's
   rationale; ``unrelated`` pairs are not stored;
2. both passes say "not the same content" (``related`` / ``unrelated``) but
   differ: ``related`` with the mean score if the mean is at least 2, else not stored;
3. one pass says same content and the other not, or a pair found by reading
   in only one pass: the adjudication record decides;
4. a pair found by reading in both passes: ``paraphrase``, mean score;
5. a re-check record decides its pair whatever the passes say; a pair in
   neither pass is ``found_by: reading``.

>>> derive([{"a": "x", "b": "y", "cid": "c1", "label": "related", "score": 2.0, "rationale": "r"}],
...        [{"a": "x", "b": "y", "cid": "c1", "label": "unrelated", "score": 1.0, "rationale": "s"}], [])
[]
"""
from __future__ import annotations

import itertools
import re

from newsprep.eval.data.pairs import SAME_CONTENT
from newsprep.eval.errors import NewsPrepError


def _key(row: dict) -> tuple[str, str]:
    return (row["a"], row["b"])


def derive(pass_a: list[dict], pass_b: list[dict], adjudication: list[dict]) -> list[dict]:
    """Gold pairs from the two passes and the adjudication records, sorted by ``(a, b)``."""
    a_rows, b_rows = {_key(r): r for r in pass_a}, {_key(r): r for r in pass_b}
    decided = {_key(r): r for r in adjudication}
    gold, used = {}, set()
    added = {key for key, row in decided.items() if "recheck" in row}
    for key in sorted(a_rows.keys() | b_rows.keys() | added):
        a, b = a_rows.get(key), b_rows.get(key)
        if key in decided:
            used.add(key)
            row = decided[key]
            if row["label"] != "unrelated":
                gold[key] = (row["label"], row["score"], row["rationale"], found_by(a, b))
            continue
        if a is None or b is None:
            raise NewsPrepError(f"pair {key} is in one pass only and has no adjudication record")
        mean = (a["score"] + b["score"]) / 2
        if a["label"] == b["label"]:
            if a["label"] != "unrelated":
                gold[key] = (a["label"], mean, a["rationale"], found_by(a, b))
        elif (a["label"] in SAME_CONTENT) != (b["label"] in SAME_CONTENT):
            raise NewsPrepError(f"pair {key}: {a['label']} vs {b['label']} needs an adjudication record")
        elif a["label"] in SAME_CONTENT:
            raise NewsPrepError(f"pair {key}: near_duplicate vs paraphrase needs an adjudication record")
        elif mean >= 2:
            gold[key] = ("related", mean, (a if a["label"] == "related" else b)["rationale"], found_by(a, b))
    stale = sorted(decided.keys() - used)
    if stale:
        raise NewsPrepError(f"adjudication records for pairs in neither pass: {stale[:3]}")
    return [{"a": k[0], "b": k[1], "label": v[0], "score": v[1], "rationale": v[2], "found_by": v[3]}
            for k, v in sorted(gold.items())]


def found_by(a: dict | None, b: dict | None) -> str:
    """``candidate`` if a similarity signal proposed the pair, ``reading`` if only a reader did."""
    either = a or b
    if either is None:  # added by the re-check: no pass listed it, so no signal proposed it
        return "reading"
    return "candidate" if either["cid"] is not None else "reading"


# Candidate generation: several similarity signals over all pairs of content segments.
STOP_CAPS = {"The", "In", "It", "This", "He", "A", "But", "While", "At", "On", "After", "Before", "During", "Upon",
             "Many", "Both", "If", "Since", "Why", "Key", "Additionally", "Strengthening"}
SIGNALS = {"tfidf-word": 0.25, "tfidf-char": 0.35, "jaccard": 0.25}


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _names_numbers(text: str) -> set[str]:
    return set(re.findall(r"\b[A-Z][\w’']+|\d[\d.,]*", text)) - STOP_CAPS


def candidates(segments: list[dict]) -> list[dict]:
    """Candidate pairs: any signal over its threshold, plus each segment's three nearest
    segments in other documents by word TF-IDF cosine."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    content = [s for s in segments if not s["boilerplate"]]
    texts = [s["text"] for s in content]
    word = cosine_similarity(TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts))
    char = cosine_similarity(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts))
    found = {}
    for i, j in itertools.combinations(range(len(content)), 2):
        a, b = content[i], content[j]
        wa, wb = _words(a["text"]), _words(b["text"])
        jac = len(wa & wb) / len(wa | wb)
        na, nb = _names_numbers(a["text"]), _names_numbers(b["text"])
        values = {"tfidf-word": word[i, j], "tfidf-char": char[i, j], "jaccard": jac}
        signals = [name for name, cut in SIGNALS.items() if values[name] >= cut]
        if len(na & nb) >= 2 and len(na & nb) / max(1, min(len(na), len(nb))) >= 0.6:
            signals.append("names-numbers")
        if signals:
            found[(a["id"], b["id"])] = _row(a, b, signals, word[i, j], char[i, j], jac)
    for i, seg in enumerate(content):
        others = sorted((j for j in range(len(content)) if content[j]["doc"] != seg["doc"]), key=lambda j: -word[i, j])
        for j in others[:3]:
            a, b = sorted([seg, content[j]], key=lambda s: s["id"])
            row = found.get((a["id"], b["id"]))
            if row is None:
                found[(a["id"], b["id"])] = _row(a, b, ["top3-neighbour"], word[i, j], char[i, j], None)
            elif "top3-neighbour" not in row["signals"]:
                row["signals"].append("top3-neighbour")
    rows = [found[k] for k in sorted(found)]
    return [{"cid": f"c{k:03d}", **r} for k, r in enumerate(rows, 1)]


def _row(a: dict, b: dict, signals: list[str], word: float, char: float, jac: float | None) -> dict:
    return {"a": a["id"], "b": b["id"], "cross_doc": a["doc"] != b["doc"], "signals": signals,
            "tfidf_word": round(float(word), 3), "tfidf_char": round(float(char), 3),
            "jaccard": None if jac is None else round(jac, 3)}
