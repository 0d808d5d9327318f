"""Package-wide settings: the package version and the defaults of the random draws every scorer shares.

One place for each, so a default cannot drift between the library, the CLI and the baselines.

>>> SEED, RESAMPLES
(12345, 1000)
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsprep")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0+unknown"

SEED = 12345  # seed of the swaps compare's permutation test draws (above 16 units), in every signature, unless one is given
RESAMPLES = 1000  # swaps compare's permutation test draws above 16 units unless a number is given (score: 0, no intervals)
MAX_RESAMPLES = 10_000  # more adds time, not precision worth having on five documents
