"""Exercise near-duplicates (duplicates, medium to hard): a similarity, its precision-recall curve, a threshold.

The five articles report one event, so many sentences say the same thing:
near duplicates ("In 2023, the International Criminal Court in Hague issued
an arrest warrant ...") and paraphrases. The gold ``duplicate_pairs`` layer
lists them with the label ``near_duplicate`` or ``paraphrase`` (the positives
here) or ``related`` (look alike, say something else); every other pair of
content segments is a negative. A detector scores every pair of content
segments and calls a pair a duplicate when its score reaches a threshold.

Write three functions.

1. ``similarity(a, b)``: a score in ``[0, 1]`` for two sentences, higher when
   they say the same thing; the same for ``(a, b)`` and ``(b, a)``, and 1.0 for
   two equal sentences. Word overlap is a fine start.
2. ``pr_curve(scores, positives)``: ``scores`` maps each pair to its score,
   ``positives`` is the set of pairs that are duplicates. For each distinct
   score ``t``, from the highest to the lowest, a triple
   ``(t, precision, recall)``: the pairs with a score of at least ``t`` are
   called duplicates.
3. ``best_threshold(curve)``: the ``t`` of the curve whose F1 is highest (on a
   tie, the higher ``t``).

The checker runs your similarity on all 6,786 pairs of content segments and
passes it when its average precision is at least 0.3 (a random score gets
0.02). Reading the curve: where does precision drop? Which pairs sit above
the threshold you chose and are not duplicates?

Run this file to try them; check them with

    newsprep exercise check near-duplicates near_duplicates.py
"""
import itertools

import newsprep.eval as npe


def similarity(a: str, b: str) -> float:
    """How alike two sentences are, from 0 to 1."""
    raise NotImplementedError("similarity: your code here")


def pr_curve(scores: dict[tuple[str, str], float], positives: set[tuple[str, str]]) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) for each distinct score, highest threshold first."""
    raise NotImplementedError("pr_curve: your code here")


def best_threshold(curve: list[tuple[float, float, float]]) -> float:
    """The threshold of the curve with the highest F1; on a tie, the higher threshold."""
    raise NotImplementedError("best_threshold: your code here")


if __name__ == "__main__":
    segments = {s["id"]: s["text"] for s in npe.records("segments") if not s["boilerplate"]}
    positives = {(p["a"], p["b"]) for p in npe.records("duplicate_pairs") if p["label"] != "related"}
    scores = {(a, b): similarity(segments[a], segments[b]) for a, b in itertools.combinations(sorted(segments), 2)}
    curve = pr_curve(scores, positives)
    print(curve[:5], best_threshold(curve))
