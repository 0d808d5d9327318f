"""Scoring: per-document counts in tallies, one function from counts to a ``Report``, streaming and comparison."""
