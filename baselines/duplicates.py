"""Duplicate-pair baselines over all pairs of content segments. Each returns a list of
``PairPrediction`` with a score for every pair, so that average precision is meaningful.

- ``exact``: equal after normalisation (case, punctuation, white space);
- ``tfidf``: TF-IDF cosine over words (scikit-learn);
- ``minhash``: MinHash signatures of word 3-shingles indexed in a MinHash
  LSH (datasketch, optional extra); only pairs the LSH index returns can be
  labelled positive, and the estimated Jaccard similarity is the score.

Labels come from thresholds on the score chosen leave-one-document-out: a pair
between documents X and Y is labelled with thresholds that maximise F1 on the
pairs lying entirely in the other documents.
"""
from __future__ import annotations

import re

import numpy as np

from newsprep.eval import PairPrediction, metrics, records

universe = metrics.duplicates.universe

THRESHOLDS = tuple(np.round(np.arange(0.05, 1.0001, 0.05), 2))


def content_segments() -> dict[str, str]:
    return {s["id"]: s["text"] for s in records("segments") if not s["boilerplate"]}


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def gold_labels() -> dict[tuple[str, str], str]:
    return {(r["a"], r["b"]): r["label"] for r in records("duplicate_pairs")}


def best_threshold(scores: dict, gold: dict, pairs: list, positives: set[str]) -> float:
    """The threshold with the best F1 on ``pairs``; ties go to the higher threshold."""
    def f1(t: float) -> float:
        tp = sum(scores[p] >= t and gold.get(p) in positives for p in pairs)
        pred = sum(scores[p] >= t for p in pairs)
        true = sum(gold.get(p) in positives for p in pairs)
        return 2 * tp / (pred + true) if pred + true else 0.0
    return max(THRESHOLDS, key=lambda t: (f1(t), t))


def label_by_held_out_thresholds(scores: dict[tuple[str, str], float]) -> tuple[list[PairPrediction], dict]:
    """Label every pair with thresholds fitted on pairs that share no document with it."""
    gold = gold_labels()
    docs = lambda pair: {pair[0][:4], pair[1][:4]}  # noqa: E731
    chosen, out = {}, []
    for pair, score in sorted(scores.items()):
        key = tuple(sorted(docs(pair)))
        if key not in chosen:
            train = [p for p in scores if not docs(p) & set(key)]
            chosen[key] = (best_threshold(scores, gold, train, {"near_duplicate"}),
                           best_threshold(scores, gold, train, {"near_duplicate", "paraphrase"}))
        t_nd, t_sc = chosen[key]
        label = "near_duplicate" if score >= t_nd else "paraphrase" if score >= t_sc else "different"
        out.append(PairPrediction(pair[0], pair[1], label, float(score)))
    return out, {"-".join(k): {"near_duplicate": v[0], "same_content": v[1]} for k, v in chosen.items()}


def exact() -> list[PairPrediction]:
    segs = content_segments()
    norm = {k: normalise(v) for k, v in segs.items()}
    return [PairPrediction(a, b, "near_duplicate" if norm[a] == norm[b] else "different", float(norm[a] == norm[b]))
            for a, b in universe(records("segments"))]


def tfidf() -> tuple[list[PairPrediction], dict]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    segs = content_segments()
    ids = sorted(segs)
    sim = cosine_similarity(TfidfVectorizer(sublinear_tf=True).fit_transform([segs[i] for i in ids]))
    index = {s: k for k, s in enumerate(ids)}
    scores = {(a, b): float(sim[index[a], index[b]]) for a, b in universe(records("segments"))}
    return label_by_held_out_thresholds(scores)


def shingles(text: str, n: int = 3) -> set[str]:
    words = normalise(text).split()
    return {" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def minhash(*, num_perm: int = 128, seed: int = 1, lsh_threshold: float = 0.1) -> tuple[list[PairPrediction], dict]:
    """MinHash LSH (datasketch) over word 3-shingles.

    The LSH index proposes candidate pairs (estimated Jaccard roughly above
    ``lsh_threshold``); candidates are labelled with leave-one-document-out
    thresholds on the estimated Jaccard, every other pair is ``different``.
    All pairs keep their estimated Jaccard as the score, so average precision
    ranks the whole universe.
    """
    from datasketch import MinHash, MinHashLSH

    segs = content_segments()
    sig, lsh = {}, MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    for sid, text in sorted(segs.items()):
        m = MinHash(num_perm=num_perm, seed=seed)
        for sh in sorted(shingles(text)):
            m.update(sh.encode("utf-8"))
        sig[sid] = m
        lsh.insert(sid, m)
    found = {tuple(sorted((a, b))) for a in sig for b in lsh.query(sig[a]) if a != b}
    scores = {(a, b): float(sig[a].jaccard(sig[b])) for a, b in universe(records("segments"))}
    predictions, chosen = label_by_held_out_thresholds(scores)
    predictions = [p if (p.a, p.b) in found else PairPrediction(p.a, p.b, "different", p.score) for p in predictions]
    return predictions, {"lsh_candidates": len(found), "thresholds": chosen}
