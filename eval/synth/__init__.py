"""Synthetic corpora in the NewsPrep layout, recombined from the gold lines, for tests at scale."""
