"""Scoring: the counts of a submission turned into a ``Report`` (one function, intervals over the units), and the paired comparison of two systems."""
