"""Per-document counts of one task, kept compactly: their sums, and the per-document rows the intervals leave out one group at a time.

Every key (a metric such as ``chars`` or ``strict:PERSON``) owns a block of
four columns, a ``Counts`` vector. A document adds one row; only the sums are
kept when no interval is wanted (``keep_rows=False``), so memory does not grow
with the corpus. Counts are integers or halves, exact in float32 rows and in
float64 sums, so tallies merged from parts equal the tally of the whole.

>>> from newsprep.eval.metrics.prf import Counts
>>> t = Tally(("chars",))
>>> t.add("d000", {"chars": Counts(1, 1, 2, 3)})
>>> t.add("d001", {"chars": Counts(2, 2, 2, 2)})
>>> t.total("chars").tolist(), t.n
([3.0, 3.0, 4.0, 5.0], 2)
"""
from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from newsprep.eval.metrics.prf import Counts

CHUNK = 4096  # rows per storage block
DOC_IDS_KEPT = 100  # per-document report rows are given for corpora up to this size


@dataclass
class Tally:
    keys: tuple[str, ...]
    keep_rows: bool = True
    n: int = 0
    sums: np.ndarray = None  # type: ignore[assignment]  # None only until __post_init__ fills it in
    blocks: list[np.ndarray] = field(default_factory=list)  # float32, CHUNK rows each (the last one partly filled)
    values: dict[str, array] = field(default_factory=dict)  # per-document floats, e.g. "f1:chars" (8 bytes each)
    docs: list[str] = field(default_factory=list)  # the first DOC_IDS_KEPT + 1 document ids
    flags: set[str] = field(default_factory=set)
    confusion: Counter = field(default_factory=Counter)

    def __post_init__(self):
        self.column = {key: 4 * i for i, key in enumerate(self.keys)}
        if self.sums is None:
            self.sums = np.zeros(4 * len(self.keys))

    @property
    def width(self) -> int:
        return 4 * len(self.keys)

    def add(self, doc: str, counts: dict, **values: float) -> None:
        """One document's counts (key -> ``Counts`` or its four numbers; a missing key counts zero)
        and per-document values."""
        cells = [0.0] * self.width
        for key, c in counts.items():
            at = self.column[key]
            cells[at:at + 4] = (c.matched_pred, c.matched_gold, c.predicted, c.gold) if isinstance(c, Counts) else c
        row = np.array(cells)
        self.sums += row
        if self.keep_rows:
            if self.n % CHUNK == 0:
                self.blocks.append(np.zeros((CHUNK, self.width), dtype=np.float32))
            self.blocks[-1][self.n % CHUNK] = row
        for name, value in values.items():
            self.values.setdefault(name, array("d")).append(value)
        if len(self.docs) <= DOC_IDS_KEPT:
            self.docs.append(doc)
        self.n += 1

    def add_rows(self, docs: list[str], rows: np.ndarray, **values: np.ndarray) -> None:
        """Consecutive documents' rows at once (``rows[k]`` the counts of ``docs[k]``, columns as ``add`` lays
        them out) and their per-document values; the same tally as adding them one by one."""
        self.sums += rows.sum(axis=0)
        if self.keep_rows:
            done = 0
            while done < len(rows):
                if self.n % CHUNK == 0:
                    self.blocks.append(np.zeros((CHUNK, self.width), dtype=np.float32))
                at = self.n % CHUNK
                step = min(CHUNK - at, len(rows) - done)
                self.blocks[-1][at:at + step] = rows[done:done + step]
                done += step
                self.n += step
        else:
            self.n += len(rows)
        for name, column in values.items():
            self.values.setdefault(name, array("d")).extend(column.tolist())
        self.docs.extend(docs[: DOC_IDS_KEPT + 1 - len(self.docs)])

    def total(self, key: str) -> np.ndarray:
        return self.sums[self.column[key]:self.column[key] + 4]

    def row_blocks(self) -> list[np.ndarray]:
        """The stored rows as consecutive blocks (the last one cut to its filled part)."""
        if not self.keep_rows:
            raise ValueError("this tally kept sums only")
        out = list(self.blocks)
        if out and self.n % CHUNK:
            out[-1] = out[-1][: self.n % CHUNK]
        return out

    def units(self, key: str) -> np.ndarray:
        """Document × 4 float64 matrix of one key's counts."""
        c = self.column[key]
        return np.concatenate([b[:, c:c + 4] for b in self.row_blocks()]).astype(np.float64)

    def per_document(self, name: str) -> np.ndarray:
        return np.array(self.values.get(name, []), dtype=np.float64)


def merge(parts: list[Tally]) -> Tally:
    """The tally of consecutive parts of a corpus, in order: equal to counting the whole in one go."""
    first = parts[0]
    out = Tally(first.keys, first.keep_rows)
    for part in parts:
        out.sums += part.sums
        if out.keep_rows:
            for block in part.row_blocks():
                for row in block:
                    if out.n % CHUNK == 0:
                        out.blocks.append(np.zeros((CHUNK, out.width), dtype=np.float32))
                    out.blocks[-1][out.n % CHUNK] = row
                    out.n += 1
        else:
            out.n += part.n
        for name, values in part.values.items():
            out.values.setdefault(name, array("d")).extend(values)
        out.docs.extend(part.docs[: DOC_IDS_KEPT + 1 - len(out.docs)])
        out.flags |= part.flags
        out.confusion += part.confusion
    return out
