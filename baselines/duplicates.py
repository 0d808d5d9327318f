"""Duplicate-pair baselines over all pairs of content segments. Each returns a list of
``PairPrediction`` with a score for every pair, so that average precision is meaningful.

- ``exact``: equal after normalisation (case, punctuation, white space);
- ``tfidf``: TF-IDF cosine over words (scikit-learn);
- ``minhash``: MinHash signatures of word 3-shingles indexed in a MinHash
  LSH (datasketch, optional extra); only pairs the LSH index returns can be
  labelled positive, and the estimated Jaccard similarity is the score;
- ``rapidfuzz_ratio``: rapidfuzz's character-level ``fuzz.ratio`` (optional
  extra ``rapidfuzz``);
- ``datatrove_minhash``: datatrove's MinHash deduplication, its four pipeline
  stages run on the segments with their default settings (optional extra
  ``datatrove``); a pair in one of its clusters is a near duplicate.

Labels come from thresholds on the score chosen leave-one-document-out: a pair
between documents X and Y is labelled with thresholds that maximise F1 on the
pairs lying entirely in the other documents; the pairs adapter
(``newsprep.eval.pair_records``) turns scores and thresholds into labels.
"""
from __future__ import annotations

import os
import re
from collections import defaultdict

import numpy as np

from newsprep.eval import PairPrediction, metrics, pair_records, records

universe = metrics.duplicates.universe

THRESHOLDS = tuple(np.round(np.arange(0.05, 1.0001, 0.05), 2))


def content_segments(root: str | os.PathLike | None = None) -> dict[str, str]:
    return {s["id"]: s["text"] for s in records("segments", root) if not s["boilerplate"]}


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def gold_labels(root: str | os.PathLike | None = None) -> dict[tuple[str, str], str]:
    return {(r["a"], r["b"]): r["label"] for r in records("duplicate_pairs", root)}


def best_threshold(scores: dict, gold: dict, pairs: list, positives: set[str]) -> float:
    """The threshold with the best F1 on ``pairs``; ties go to the higher threshold."""
    def f1(t: float) -> float:
        tp = sum(scores[p] >= t and gold.get(p) in positives for p in pairs)
        pred = sum(scores[p] >= t for p in pairs)
        true = sum(gold.get(p) in positives for p in pairs)
        return 2 * tp / (pred + true) if pred + true else 0.0
    return max(THRESHOLDS, key=lambda t: (f1(t), t))


def label_by_held_out_thresholds(scores: dict[tuple[str, str], float],
                                 root: str | os.PathLike | None = None) -> tuple[list[PairPrediction], dict]:
    """Label every pair with thresholds fitted on pairs that share no document with it.

    For the pairs between documents X and Y (X = Y too), two thresholds are
    fitted on the other pairs: the best for near duplicates alone, and the best
    for same content (near duplicates and paraphrases). A pair at or above the
    first is a near duplicate, one below it and at or above the second a
    paraphrase (``pair_records`` with both thresholds; the second is left out
    when it is not below the first, so no pair is a paraphrase). ``root``: the
    dataset folder whose gold pairs fit the thresholds (None: the embedded one).
    """
    gold = gold_labels(root)
    docs = lambda pair: {pair[0][:4], pair[1][:4]}  # noqa: E731
    chosen: dict[tuple[str, ...], tuple[float, float]] = {}
    groups: dict[tuple[str, ...], dict[tuple[str, str], float]] = defaultdict(dict)
    for pair, score in sorted(scores.items()):
        key = tuple(sorted(docs(pair)))
        groups[key][pair] = score
        if key not in chosen:
            train = [p for p in scores if not docs(p) & set(key)]
            chosen[key] = (best_threshold(scores, gold, train, {"near_duplicate"}),
                           best_threshold(scores, gold, train, {"near_duplicate", "paraphrase"}))
    out = []
    for key, group in groups.items():
        t_nd, t_sc = chosen[key]
        thresholds = {"near_duplicate": t_nd, **({"paraphrase": t_sc} if t_sc < t_nd else {})}
        out += [PairPrediction(r["a"], r["b"], r["label"], float(r["score"])) for r in pair_records(group, threshold=thresholds)]
    out.sort(key=lambda p: (p.a, p.b))
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


def minhash(*, num_perm: int = 128, seed: int = 1, lsh_threshold: float = 0.1,
            root: str | os.PathLike | None = None) -> tuple[list[PairPrediction], dict]:
    """MinHash LSH (datasketch) over word 3-shingles.

    The LSH index proposes candidate pairs (estimated Jaccard roughly above
    ``lsh_threshold``); candidates are labelled with leave-one-document-out
    thresholds on the estimated Jaccard, every other pair is ``different``.
    All pairs keep their estimated Jaccard as the score, so average precision
    ranks the whole universe. ``root``: a dataset folder (None: the embedded
    one). ``newsprep.baselines.minhash_dask`` computes the same on a Dask cluster.
    """
    from datasketch import MinHash, MinHashLSH

    segs = content_segments(root)
    sig, lsh = {}, MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    for sid, text in sorted(segs.items()):
        m = MinHash(num_perm=num_perm, seed=seed)
        for sh in sorted(shingles(text)):
            m.update(sh.encode("utf-8"))
        sig[sid] = m
        lsh.insert(sid, m)
    found = {tuple(sorted((a, b))) for a in sig for b in lsh.query(sig[a]) if a != b}
    scores = {(a, b): float(sig[a].jaccard(sig[b])) for a, b in universe(records("segments", root))}
    return minhash_labels(scores, found, root)


def minhash_labels(scores: dict[tuple[str, str], float], found: set, root: str | os.PathLike | None = None,
                   ) -> tuple[list[PairPrediction], dict]:
    """The MinHash baseline's predictions from the estimated Jaccard of every pair and the LSH candidates ``found``:
    candidates labelled with held-out thresholds, every other pair ``different``."""
    predictions, chosen = label_by_held_out_thresholds(scores, root)
    predictions = [p if (p.a, p.b) in found else PairPrediction(p.a, p.b, "different", p.score) for p in predictions]
    return predictions, {"lsh_candidates": len(found), "thresholds": chosen}


def rapidfuzz_ratio() -> tuple[list[PairPrediction], dict]:
    """rapidfuzz's ``fuzz.ratio`` (normalised Indel similarity of the two character sequences, 0-100) with
    its ``utils.default_process`` (lower case, non-alphanumeric characters to spaces, trimmed), divided by
    100 as the score; thresholds leave-one-document-out as for TF-IDF."""
    from rapidfuzz import fuzz, utils

    segs = content_segments()
    scores = {(a, b): fuzz.ratio(segs[a], segs[b], processor=utils.default_process) / 100
              for a, b in universe(records("segments"))}
    return label_by_held_out_thresholds(scores)


def datatrove_minhash() -> tuple[list[PairPrediction], dict]:
    """datatrove's MinHash deduplication on the content segments, each a document, run in this process on a
    temporary folder: ``MinhashDedupSignature``, ``MinhashDedupBuckets`` (one task per bucket, as its
    executor runs them), ``MinhashDedupCluster`` (cluster ids saved) and ``MinhashDedupFilter`` (ids loaded).

    Default ``MinhashConfig``: word 5-grams of the text after its normalisation
    (lower case, punctuation and digits normalised; words split by spaCy's
    blank English tokenizer, datatrove's choice for English), 14 buckets of 8 hashes
    (LSH threshold (1/14)^(1/8), about 0.72 Jaccard similarity; a pair at 0.8
    is found with probability 0.92), 64-bit xxhash.
    A pair of segments in one cluster is a near duplicate, score 1; every
    other pair is different, score 0 (the stages give clusters, not
    similarities). A segment of fewer than 5 words has no signature.
    """
    import contextlib
    import io
    import tempfile

    from datatrove.data import Document
    from datatrove.pipeline.dedup import (
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.dedup.minhash import MinhashConfig
    from datatrove.utils.logging import logger

    segs = content_segments()
    ids = sorted(segs)
    config = MinhashConfig()
    logger.disable("datatrove")  # its stages log each step, and the clustering draws a progress bar
    try:
        with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stderr(io.StringIO()):
            MinhashDedupSignature(output_folder=f"{tmp}/signatures", config=config).run(
                iter([Document(text=segs[i], id=i) for i in ids]))
            for bucket in range(config.num_buckets):
                MinhashDedupBuckets(input_folder=f"{tmp}/signatures", output_folder=f"{tmp}/buckets",
                                    config=config).run(rank=bucket, world_size=config.num_buckets)
            MinhashDedupCluster(input_folder=f"{tmp}/buckets", output_folder=f"{tmp}/clusters", config=config,
                                save_cluster_id=True).run()
            documents = [Document(text=segs[i], id=i) for i in ids]
            kept = {d.id for d in MinhashDedupFilter(input_folder=f"{tmp}/clusters", load_cluster_ids=True).run(iter(documents))}
    finally:
        logger.enable("datatrove")
    # The filter sets the cluster id on every document it reads, the removed ones too; none when nothing was found.
    cluster = {d.id: d.metadata.get("minhash_cluster_id", -1) for d in documents}
    same = lambda a, b: cluster[a] != -1 and cluster[a] == cluster[b]  # noqa: E731
    predictions = [PairPrediction(a, b, "near_duplicate" if same(a, b) else "different", float(same(a, b)))
                   for a, b in universe(records("segments"))]
    return predictions, {"clusters": len({c for c in cluster.values() if c != -1}), "segments_removed": len(ids) - len(kept)}
