"""Random spans for the tests that compare array counts with their per-document definitions."""
from __future__ import annotations

import random


def disjoint_spans(rng: random.Random, length: int, most: int) -> list[tuple[int, int]]:
    cuts = sorted(rng.sample(range(length + 1), min(2 * rng.randint(0, most), length + 1)))
    return [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
