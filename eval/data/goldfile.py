"""Gold files read one record at a time, so that scoring a corpus needs memory for one document.

>>> from newsprep.eval.data.dataset import dataset_dir
>>> layer = Layer(dataset_dir() / "data" / "entities.jsonl")
>>> [layer.get(d)["doc"] for d in ("d000", "d001", "d000")]
['d000', 'd001', 'd000']
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsprep.eval.data.dataset import CONFIGS, dataset_dir
from newsprep.eval.data.manifest import count_records
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.io.jsonl import iter_jsonl_at, parse_validated, read_at


class Layer:
    """A gold file with one record per document, looked up by document id.

    Reading goes forward while documents are asked for in file order (the
    usual case); asking for the first document again starts a new pass; any
    other jump builds an index of byte offsets (one integer per document).
    """

    def __init__(self, path: Path, key: str = "doc"):
        self.path, self.key = Path(path), key
        self.handle = open(self.path, "rb")
        self.index: dict[str, int] | None = None
        self.first: str | None = None
        self.last: tuple[str, dict] | None = None

    def close(self) -> None:
        self.handle.close()

    def next_record(self) -> dict | None:
        while raw := self.handle.readline():
            if raw.strip():
                record = parse_validated(raw)
                if self.first is None:
                    self.first = record[self.key]
                return record
        return None

    def skip(self, count: int) -> None:
        """Go forward over ``count`` records without parsing them."""
        while count and (raw := self.handle.readline()):
            count -= bool(raw.strip())

    def get(self, doc: str) -> dict | None:
        if self.last is None or self.last[0] != doc:
            record = self.find(doc)
            self.last = None if record is None else (doc, record)
        return self.last[1] if self.last else None

    def find(self, doc: str) -> dict | None:
        if self.index is None:
            record = self.next_record()
            if record is not None and record[self.key] == doc:
                return record
            if doc == self.first:  # a new pass from the start
                self.handle.seek(0)
                record = self.next_record()
                if record is not None and record[self.key] == doc:
                    return record
            self.index = {r[self.key]: at for _, at, r, _ in iter_jsonl_at(self.path) if r is not None}
        offset = self.index.get(doc)
        return None if offset is None else read_at(self.handle, offset)


class DocumentTexts:
    """The document texts of a dataset by id, read on demand: what the submission reader needs."""

    def __init__(self, root: Path | None = None):
        self.path = (root or dataset_dir()) / CONFIGS["documents"].path
        self.layer = Layer(self.path, key="id")
        self.count: int | None = None

    def __contains__(self, doc: object) -> bool:
        return isinstance(doc, str) and self.layer.get(doc) is not None

    def __getitem__(self, doc: str) -> str:
        record = self.layer.get(doc)
        if record is None:
            raise KeyError(doc)
        return record["text"]

    def __iter__(self) -> Iterator[str]:
        for _, _, record, _ in iter_jsonl_at(self.path):
            if record is not None:
                yield record["id"]

    def __len__(self) -> int:
        if self.count is None:
            self.count = count_records(self.path)
        return self.count


def in_order(layer: Layer, doc: str) -> dict:
    """The gold record of ``doc``; a scored dataset has one per document (``validate-data`` checks it)."""
    record = layer.get(doc)
    if record is None:
        raise NewsPrepError(f"{layer.path}: no record for {doc!r}; run newsprep validate-data on the dataset")
    return record
