"""Exercise paired-bootstrap (statistics, hard): test an improvement over five documents with the paired
bootstrap, read the result, and see why ``newsprep compare`` runs another test.

Is system B better than system A, or did it get lucky on these five
documents? The paired bootstrap (Koehn 2004) is the usual answer in NLP: draw
five documents with replacement, many times, score both systems on the same
draw, and look at how the difference B - A varies. ``newsprep compare`` ran
it before 0.6.0; the harness's version is still in the package,
``newsprep.eval.metrics.bootstrap.paired``, and the checker compares yours
with it. Write it yourself, then see what it gets wrong on five documents.

Since 0.6.0 ``newsprep compare`` runs the paired permutation test instead: if
A and B did not differ, which output of a document is called A and which B
would not matter, so it swaps them document by document in every one of the
2^5 = 32 ways and counts the swaps whose difference is at least as far from
zero as the observed one. Enumerated, that test is exact: for two systems that
do not differ it says p < 0.05 in at most 5% of runs. The bootstrap does not
keep that promise on five documents. The calibration table of
``docs/statistics.md`` simulates two systems that do not differ on documents
of different difficulty: the paired percentile bootstrap says p < 0.05 in
12% / 16% / 20% of runs for strict micro F1 of entities (documents differing
much / less / little), and in 12% to 24% of runs over the headline metrics of
boilerplate and entities, where the permutation test says it in 0%. Its
intervals are too narrow for the same reason: the spread of five values, read
with normal quantiles.

Each system is given as one ``(matched, predicted, gold)`` count triple per
document, in the same document order for A and B; F1 is computed from counts
summed over the documents drawn: ``2 * matched / (predicted + gold)``
(``f1`` below).

1. ``paired_bootstrap(a, b, *, resamples, seed)`` returns
   ``(delta, low, high, p_value)``:
   - ``delta``: F1(B) - F1(A) on the five documents as they are;
   - each of ``resamples`` resamples draws ``len(a)`` document indices with
     replacement, the same indices for both systems (that is the pairing), and
     computes the difference on them; use ``seed`` for the random numbers;
   - ``low``, ``high``: the 2.5th and 97.5th percentiles of the resampled
     differences (``numpy.percentile``);
   - ``p_value``: two-sided, ``min(1, 2 * (against + 1) / (resamples + 1))``,
     where ``against`` counts the resampled differences at or below 0 when
     ``delta > 0``, at or above 0 when ``delta < 0``, and all of them when
     ``delta == 0``.

2. ``FLOOR``: the letter of the right reading. Your ``paired_bootstrap`` on
   the per-document strict counts of the tutorial's ``rules`` and
   ``rules-surnames`` gives p = 0.0020 with 1000 resamples (so did
   ``newsprep compare`` before 0.6.0), and every document scores higher under
   B. What does p = 0.0020 say?
   (a) the probability that the gain is due to chance is 0.2%;
   (b) no resample of the five documents went against B: 2 / (1000 + 1) is the
       smallest p-value 1000 resamples can give, so it says the five documents
       agree in direction, not how unlikely the gain is;
   (c) B is better than A on 99.8% of news articles;
   (d) with 10,000 resamples p would stay at 0.0020.

3. ``ONE_DOCUMENT``: the letter of the right prediction. A change raises
   strict F1 in d002 only, by a lot, and leaves the four other documents as
   they were. What does the paired bootstrap over the five documents say?
   (a) p at the floor, since the gain is large;
   (b) p below 0.05, once there are enough resamples;
   (c) p of about 0.66 or more: about a third of the resamples leave d002 out
       and show no difference at all;
   (d) nothing: it needs every document to change.

4. ``PERMUTATION``: the letter of the right reading. For the same ``rules``
   and ``rules-surnames``, ``newsprep compare`` now prints p = 0.0625 and
   p min = 0.0625 for strict micro F1. What does it say?
   (a) the gain is noise: B is no better than A;
   (b) with more resamples p would fall below 0.05;
   (c) the permutation test has less power than the bootstrap, so the
       bootstrap's p = 0.0020 is the one to report;
   (d) every document moved the same way, so only no swap and the swap of
       all five documents give a difference as large as the observed one:
       2/32 = 0.0625 is the smallest p-value five documents allow, and no
       difference on five documents can reach p < 0.05, however large.

``docs/statistics.md`` explains the smallest p-values of both tests
(questions 2 and 4). Run this file to try your function; check it with

    newsprep exercise check paired-bootstrap paired_bootstrap.py
"""
import numpy as np


def f1(counts) -> float:
    """F1 of summed (matched, predicted, gold) counts."""
    matched, predicted, gold = counts
    return 2 * matched / (predicted + gold) if predicted + gold else 0.0


def paired_bootstrap(a, b, *, resamples: int, seed: int) -> tuple[float, float, float, float]:
    """(delta, low, high, p_value) of F1(B) - F1(A), resampling documents for both systems at once."""
    raise NotImplementedError("paired_bootstrap: your code here")


FLOOR = ""  # "a", "b", "c" or "d"
ONE_DOCUMENT = ""  # "a", "b", "c" or "d"
PERMUTATION = ""  # "a", "b", "c" or "d"


if __name__ == "__main__":
    a = [(60, 100, 110), (80, 120, 120), (100, 150, 160), (50, 90, 80), (70, 110, 120)]
    b = [(70, 100, 110), (75, 120, 120), (120, 150, 160), (50, 90, 80), (73, 110, 120)]
    print(f1(np.sum(a, axis=0)), f1(np.sum(b, axis=0)))
    print(paired_bootstrap(a, b, resamples=1000, seed=1))
