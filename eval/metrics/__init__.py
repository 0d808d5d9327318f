"""Metrics: per-unit counts that add up, and pure functions from counts to scores.

Public for those who compute a score on part of the data (leave-one-document-out
tuning, an exercise): ``boilerplate.document_counts``, ``entities.document_counts``,
``duplicates.universe`` and ``pair_rows``, ``prf.prf`` and ``prf.total``, ``bootstrap.interval``
and ``paired``. ``newsprep.eval.score`` is the way to score a whole submission.

>>> from newsprep.eval import metrics
>>> metrics.prf.prf(metrics.prf.Counts(1, 1, 2, 4)).f1
0.3333333333333333
"""
from newsprep.eval.metrics import boilerplate, bootstrap, duplicates, entities, prf

__all__ = ["boilerplate", "bootstrap", "duplicates", "entities", "prf"]
