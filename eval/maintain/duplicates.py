"""The duplicate-pair layer, derived by rule from its annotation sources.

Sources in ``dataset/annotation``:

- ``duplicates.candidates.jsonl``: the candidate pairs (``candidates`` below
  regenerates them from the segments; a test checks that it does);
- ``duplicates.pass_a.jsonl`` / ``duplicates.pass_b.jsonl``: two independent
  labellings of every candidate (``cid`` set) plus the pairs each pass found by
  reading that no signal proposed (``cid`` null);
- ``duplicates.blind_pass_a.jsonl`` / ``duplicates.blind_pass_b.jsonl`` (0.6.0):
  two blind passes over 199 listed pairs, each pair judged from its two segments,
  the five articles and the general definitions (``duplicates.blind_instructions.md``)
  with no earlier label; ``shown_reversed``: the pass saw ``b`` first, so its
  rationale's "a" is this record's ``b``;
- ``duplicates.adjudication.jsonl``: a log of decisions, each record naming its
  ``release``: ``0.4.0`` settles a disagreement of the first passes; ``0.5.0`` (a
  ``recheck`` block: the label, score and rationale the pair had before) is a
  correction of the main-claim re-check; ``0.6.0`` (a ``rejudge`` block: what the
  pair had in 0.5.0, the two blind labels, who decided and the reason) settles a
  disagreement of the blind passes or records a change against 0.5.0. A later
  record of a pair overrides an earlier one; the earlier ones stay as history.

Rules (the guidelines, Part 4, give the reasons):

1. both first passes agree on the label: that label, the mean score, pass A's
   rationale; ``unrelated`` pairs are not stored;
2. both first passes say "not the same content" (``related`` / ``unrelated``) but
   differ: ``related`` with the mean score if the mean is at least 2, else not stored;
3. one first pass says same content and the other not, or a pair found by reading
   in only one pass: a ``0.4.0`` record decides;
4. a pair found by reading in both first passes: ``paraphrase``, mean score;
5. a ``0.5.0`` record decides its pair whatever the first passes say; a pair in
   neither pass is ``found_by: reading``;
6. a pair of the blind passes: where both give the same label, that label with the
   mean score and blind pass A's rationale (its sides named by segment id); where
   they differ, a ``0.6.0`` record decides. A ``0.6.0`` record is required wherever
   the label changes against 0.5.0, and where the blind passes agree it must give
   their label and mean score (it adds the reason only);
7. any other ``0.6.0`` record decides its pair (a score moved into its label's band).

Same content exactly when the score is at least ``SAME_CONTENT_THRESHOLD`` (3):
``derive`` refuses a result that breaks it.

>>> derive([{"a": "x", "b": "y", "cid": "c1", "label": "related", "score": 2.0, "rationale": "r"}],
...        [{"a": "x", "b": "y", "cid": "c1", "label": "unrelated", "score": 1.0, "rationale": "s"}], [])
[]
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from newsprep.eval.data.pairs import SAME_CONTENT, SAME_CONTENT_THRESHOLD, in_band
from newsprep.eval.errors import NewsPrepError

FIRST, RECHECK, REJUDGE = "0.4.0", "0.5.0", "0.6.0"  # the releases of the adjudication records


def _key(row: dict) -> tuple[str, str]:
    return (row["a"], row["b"])


def derive(pass_a: list[dict], pass_b: list[dict], adjudication: list[dict],
           blind_a: Sequence[dict] = (), blind_b: Sequence[dict] = (), *, release: str | None = None) -> list[dict]:
    """Gold pairs from the passes and the adjudication records, sorted by ``(a, b)``.

    ``release``: derive the gold as that release had it (``"0.5.0"``: the first passes and the
    ``0.4.0`` and ``0.5.0`` records only); by default every record and the blind passes count.
    A record without ``release`` is a ``0.4.0`` record, or ``0.5.0`` if it has a ``recheck`` block.
    """
    def of(row: dict) -> str:
        return row.get("release") or (RECHECK if "recheck" in row else FIRST)

    unknown = sorted({of(r) for r in adjudication} - {FIRST, RECHECK, REJUDGE})
    if unknown:
        raise NewsPrepError(f"adjudication records of unknown release {unknown}")
    earlier = [r for r in adjudication if of(r) in (FIRST, RECHECK)]
    gold = _first_passes(pass_a, pass_b, earlier)
    if release is not None and release < REJUDGE:
        return _rows(gold, bands=False)  # 0.5.0 had the band related [1, 3]
    rejudged = {_key(r): r for r in adjudication if of(r) == REJUDGE}
    gold = _blind_passes(gold, list(blind_a), list(blind_b), rejudged)
    return _rows(gold)


def _rows(gold: dict, *, bands: bool = True) -> list[dict]:
    rows = [{"a": k[0], "b": k[1], "label": v[0], "score": v[1], "rationale": v[2], "found_by": v[3]}
            for k, v in sorted(gold.items())]
    for row in rows if bands else ():
        if not in_band(row["label"], row["score"]):
            raise NewsPrepError(f"pair {_key(row)}: {row['label']} {row['score']} breaks the score bands "
                                f"(same content exactly when the score is at least {SAME_CONTENT_THRESHOLD})")
    return rows


def _first_passes(pass_a: list[dict], pass_b: list[dict], adjudication: list[dict]) -> dict:
    """Rules 1 to 5: the gold of 0.5.0."""
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
    return gold


def _blind_passes(gold: dict, blind_a: list[dict], blind_b: list[dict], decided: dict) -> dict:
    """Rules 6 and 7: the blind passes and the ``0.6.0`` records over the gold of 0.5.0."""
    a_rows, b_rows = {_key(r): r for r in blind_a}, {_key(r): r for r in blind_b}
    if a_rows.keys() != b_rows.keys():
        raise NewsPrepError(f"pairs in one blind pass only: {sorted(a_rows.keys() ^ b_rows.keys())[:3]}")
    gold = dict(gold)
    for key in sorted(decided.keys() - a_rows.keys()):  # rule 7
        row = decided[key]
        before = gold.get(key)
        gold[key] = (row["label"], row["score"], row["rationale"], before[3] if before else "reading")
    for key in sorted(a_rows):  # rule 6
        a, b = a_rows[key], b_rows[key]
        before = gold.get(key)
        was = before[0] if before else "unrelated"
        row = decided.get(key)
        mean = (a["score"] + b["score"]) / 2
        if a["label"] == b["label"]:
            if row is not None and (row["label"], row["score"]) != (a["label"], mean):
                raise NewsPrepError(f"pair {key}: both blind passes say {a['label']} {mean}, "
                                    f"the 0.6.0 record says {row['label']} {row['score']}")
            if row is None and a["label"] != was:
                raise NewsPrepError(f"pair {key}: {was} in 0.5.0, {a['label']} by the blind passes: "
                                    "the change needs a 0.6.0 record with its reason")
            if row is None and before is not None and (before[1], before[2]) != (mean, named_sides(a)):
                raise NewsPrepError(f"pair {key}: the blind passes change its score or rationale: "
                                    "the change needs a 0.6.0 record with its reason")
            label, score, rationale = a["label"], mean, row["rationale"] if row else named_sides(a)
        elif row is None:
            raise NewsPrepError(f"pair {key}: blind passes say {a['label']} vs {b['label']}: "
                                "needs a 0.6.0 adjudication record")
        else:
            label, score, rationale = row["label"], row["score"], row["rationale"]
        if label == "unrelated":
            gold.pop(key, None)
        else:
            gold[key] = (label, score, rationale, before[3] if before else "reading")
    return gold


SIDE = re.compile(r"(?<![\w'’/-])(?:([AB])|(b)|(a)(?= (?:adds|also|asserts|attributes|calls|cites|claims|describes|details"
                  r"|gives|is|lacks|mentions|names|quotes|reports|says|specifies|states|the)\b))(?![\w'’-])")


def named_sides(row: dict) -> str:
    """A blind pass's rationale with its sides "a" / "b" (as the pass saw them) written as segment ids.

    >>> named_sides({"a": "d000-s001", "b": "d001-s002", "shown_reversed": True,
    ...              "rationale": "Both report a visit; a adds the date, B the aim."})
    'Both report a visit; d001-s002 adds the date, d000-s001 the aim.'
    """
    first, second = (row["b"], row["a"]) if row.get("shown_reversed") else (row["a"], row["b"])
    return SIDE.sub(lambda m: first if (m.group(0).lower() == "a") else second, row["rationale"])


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
