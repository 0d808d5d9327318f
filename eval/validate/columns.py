"""A validated folder's gold read as columns: the document texts and the span layers scoring counts (entities,
boilerplate), written once per content as arrays and opened by memory map, so that scoring parses no gold JSON.

The cache lives beside the validation records (``gold.cache_dir()``), in ``columns/<fingerprint>/``, where the
fingerprint is the one ``require_valid`` vouches for (every file's content and the validator's rules): a folder
whose content changed, or a package whose rules changed, has another name and never meets an old cache. Each
folder is made under a temporary name and renamed into place whole, with a ``complete.json`` that lists the
lengths its arrays must have; a folder that is incomplete or disagrees with it is not used (scoring then reads
the JSON, as it does without a cache).

**Bounded.** At most ``KEEP`` contents are held; making a new one removes the least recently used beyond it.
Each takes about the size of its folder's texts plus 8 bytes for each document and 24 for each span.
**Cleared** by ``newsprep validate-data --clear-cache`` (``clear()``), or by removing the folder; a cache that
cannot be written (read-only, full disk, a dataset folder) costs only the parse it would have saved.

Layout (raw int64 files, their lengths in ``complete.json``; the ids a numpy ``.npy``; the texts UTF-8 with
byte ``offsets``). A layer (``LayerColumns``): ``rows[i]:rows[i + 1]`` are document i's spans, in the order of
its record; ``start`` and ``end``; each other field as codes into its vocabulary (the values seen, ``ABSENT``
for a field a span lacks).

>>> from newsprep.eval.data.dataset import dataset_dir
>>> import tempfile
>>> folder = write(dataset_dir(), Path(tempfile.mkdtemp()) / "cols")
>>> cols = GoldColumns.open(folder)
>>> cols.ids[:2].tolist(), cols.layers["entities"].record(0)["mentions"][0]["type"]
(['d000', 'd001'], 'PERSON')
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsprep.eval.data.dataset import CONFIGS
from newsprep.eval.io.jsonl import parse_validated

# The span layers held as columns: config -> (the record's list, the fields other than start and end)
SPAN_LAYERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "entities": ("mentions", ("type", "entity_id")),
    "boilerplate": ("spans", ("category",)),
}
KEEP = 4  # contents held at most; the least recently used beyond it is removed
FORMAT = 1  # the layout written here; another number is not read


@dataclass(frozen=True)
class LayerColumns:
    """One span layer of a folder, for every document (see the module docstring)."""

    items: str  # the record's list ("mentions", "spans")
    rows: np.ndarray
    start: np.ndarray
    end: np.ndarray
    codes: dict[str, np.ndarray]
    vocab: dict[str, list]

    def rows_of(self, position: int) -> Rows:
        return Rows(self, int(self.rows[position]), int(self.rows[position + 1]))

    def record(self, position: int) -> dict:
        """Document ``position``'s record as its JSON gives it, the fields held here only (for readers of dicts)."""
        return {self.items: self.rows_of(position).items()}


@dataclass(frozen=True)
class Rows:
    """The spans ``lo:hi`` of a layer: one document's, handed to a counter in place of its record."""

    layer: LayerColumns
    lo: int
    hi: int

    def __len__(self) -> int:
        return self.hi - self.lo

    def items(self) -> list[dict]:
        """The spans as the record's objects, each field the record had."""
        out = []
        for k in range(self.lo, self.hi):
            span = {"start": int(self.layer.start[k]), "end": int(self.layer.end[k])}
            for name, codes in self.layer.codes.items():
                value = self.layer.vocab[name][codes[k]]
                if value is not ABSENT:
                    span[name] = value
            out.append(span)
        return out


class GoldColumns:
    """A folder's documents (ids and texts) and span layers, opened from a cache folder made by ``write``."""

    def __init__(self, ids: np.ndarray, text: np.ndarray, offsets: np.ndarray, layers: dict[str, LayerColumns]):
        self.ids, self.text, self.offsets, self.layers = ids, text, offsets, layers

    def __len__(self) -> int:
        return len(self.ids)

    def text_of(self, position: int) -> str:
        return self.text[self.offsets[position]:self.offsets[position + 1]].tobytes().decode("utf-8")

    def document(self, position: int) -> dict:
        """Document ``position`` as the fields of its record that counting reads: ``id`` and ``text``."""
        return {"id": str(self.ids[position]), "text": self.text_of(position)}

    @classmethod
    def open(cls, folder: Path) -> GoldColumns:
        """The columns in ``folder``, memory-mapped; ``ValueError`` if it is not a complete cache of this format."""
        try:
            complete = json.loads((folder / "complete.json").read_text(encoding="utf-8"))
            if complete.get("format") != FORMAT:
                raise ValueError(f"{folder}: format {complete.get('format')!r}, not {FORMAT}")
            load = lambda name: mapped(folder / f"{name}.bin", np.int64)  # noqa: E731
            ids = np.load(folder / "documents.ids.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
            offsets, text = load("documents.offsets"), mapped(folder / "documents.text.bin", np.uint8)
            layers = {}
            for name, (items, fields) in SPAN_LAYERS.items():
                if name not in complete["layers"]:
                    continue
                vocab = json.loads((folder / f"{name}.vocab.json").read_text(encoding="utf-8"))
                layers[name] = LayerColumns(items, load(f"{name}.rows"), load(f"{name}.start"), load(f"{name}.end"),
                                            {f: load(f"{name}.{f}") for f in fields}, {f: values(vocab[f]) for f in fields})
        except (OSError, KeyError, TypeError, json.JSONDecodeError) as err:
            raise ValueError(f"{folder}: not a complete column cache ({err})") from None
        docs = complete["documents"]
        if len(ids) != docs or len(offsets) != docs + 1 or int(offsets[-1]) != len(text):
            raise ValueError(f"{folder}: documents disagree with complete.json")
        for name, layer in layers.items():
            spans = complete["layers"][name]
            if len(layer.rows) != docs + 1 or int(layer.rows[-1]) != spans or len(layer.start) != spans or len(layer.end) != spans \
                    or any(len(c) != spans or (spans and int(c.max()) >= len(layer.vocab[f])) for f, c in layer.codes.items()):
                raise ValueError(f"{folder}: layer {name} disagrees with complete.json")
        return cls(ids, text, offsets, layers)


def mapped(path: Path, dtype: type) -> np.ndarray:
    """A file of raw values, memory-mapped and read as a plain array (numpy's memmap class costs a Python call
    per index)."""
    if path.stat().st_size == 0:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r").view(np.ndarray)


class Column:
    """Integers written to ``path`` as raw int64, a chunk at a time, so that writing holds no column whole."""

    CHUNK = 1 << 16

    def __init__(self, path: Path, first: tuple[int, ...] = ()):
        self.handle, self.values, self.count = open(path, "wb"), array("q", first), len(first)

    def append(self, value: int) -> None:
        self.values.append(value)
        self.count += 1
        if len(self.values) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        self.handle.write(self.values.tobytes())
        self.values = array("q")

    def close(self) -> None:
        self.flush()
        self.handle.close()


class Absent:
    """The value of a field a span lacks (``None`` is a field given as null)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = Absent()


def values(vocab: dict) -> list:
    """A field's vocabulary as written (``{"values": [...], "absent": k}``), ``ABSENT`` at index ``k``."""
    out = list(vocab["values"])
    if vocab["absent"] is not None:
        out[vocab["absent"]] = ABSENT
    return out


def opened(folder: Path | None) -> GoldColumns | None:
    """The columns at ``folder``, or None where there is none or it is not whole (the reader then reads the JSON)."""
    if folder is None:
        return None
    try:
        return GoldColumns.open(folder)
    except ValueError:
        return None


def records(path: Path) -> Iterator[dict]:
    with open(path, "rb") as handle:
        for raw in handle:
            if raw.strip():
                yield parse_validated(raw)


def write(root: Path, folder: Path, unchanged: Callable[[], bool] = lambda: True) -> Path:
    """Write the columns of the validated folder ``root`` into the new folder ``folder`` (made here, renamed into
    place whole: a reader sees all of it or nothing); returns ``folder``. A layer the folder lacks is left out.
    ``unchanged()`` is asked once all is read: False (the files changed meanwhile) writes nothing."""
    tmp = folder.with_name(f".{folder.name}.{secrets.token_hex(6)}.tmp")
    tmp.mkdir(parents=True)
    try:
        ids: list[str] = []
        offsets, at = Column(tmp / "documents.offsets.bin", (0,)), 0
        with open(tmp / "documents.text.bin", "wb") as text:
            for doc in records(root / CONFIGS["documents"].path):
                ids.append(doc["id"])
                at += text.write(doc["text"].encode("utf-8"))
                offsets.append(at)
        offsets.close()
        np.save(tmp / "documents.ids.npy", np.array(ids, dtype=f"<U{max(map(len, ids), default=1)}"))
        layers = {}
        for name, (items, fields) in SPAN_LAYERS.items():
            path = root / CONFIGS[name].path
            if path.is_file():
                layers[name] = write_layer(path, tmp, name, items, fields, ids)
        (tmp / "complete.json").write_text(json.dumps({"format": FORMAT, "documents": len(ids), "layers": layers}),
                                           encoding="utf-8")
        if not unchanged():
            raise ValueError(f"{root}: files changed while their columns were written")
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def write_layer(path: Path, tmp: Path, name: str, items: str, fields: tuple[str, ...], ids: list[str]) -> int:
    """One span layer's arrays; its records are one per document, in the documents' order (validated)."""
    columns = {part: Column(tmp / f"{name}.{part}.bin", (0,) if part == "rows" else ())
               for part in ("rows", "start", "end", *fields)}
    vocab: dict[str, dict] = {f: {} for f in fields}
    spans = 0
    try:
        for position, record in enumerate(records(path)):
            if position >= len(ids) or record["doc"] != ids[position]:
                raise ValueError(f"{path}: record {position + 1} is not for {ids[position] if position < len(ids) else 'no document'}")
            for span in record[items]:
                columns["start"].append(span["start"])
                columns["end"].append(span["end"])
                for f in fields:
                    columns[f].append(vocab[f].setdefault(span.get(f, ABSENT), len(vocab[f])))
            spans += len(record[items])
            columns["rows"].append(spans)
    finally:
        for column in columns.values():
            column.close()
    if columns["rows"].count != len(ids) + 1:
        raise ValueError(f"{path}: {columns['rows'].count - 1} records for {len(ids)} documents")
    written = {f: {"values": [None if v is ABSENT else v for v in vocab[f]], "absent": vocab[f].get(ABSENT)} for f in fields}
    (tmp / f"{name}.vocab.json").write_text(json.dumps(written), encoding="utf-8")
    return spans


def cached(root: Path, base: Path | None, fingerprint: str, unchanged: Callable[[], bool] = lambda: True) -> Path | None:
    """The column folder of the validated content ``fingerprint`` of ``root`` under the cache ``base`` (None: no
    cache may be used), made now if it is missing; None where it cannot be made, or where ``unchanged()`` (is the
    content still the one ``fingerprint`` names?) says no once it is read. Using a folder marks it recent; making
    one removes the least recently used beyond ``KEEP``."""
    if base is None:
        return None
    folder = base / "columns" / fingerprint
    if (folder / "complete.json").is_file():
        with contextlib.suppress(OSError):
            os.utime(folder)
        return folder
    try:
        write(root, folder, unchanged)
    except (OSError, ValueError, KeyError, TypeError):  # not writable, or made by another process first
        return folder if (folder / "complete.json").is_file() else None
    prune(base / "columns")
    return folder


def prune(columns: Path, keep: int = KEEP) -> None:
    """Remove the least recently used column folders beyond ``keep`` (and temporary folders of an hour ago)."""
    with contextlib.suppress(OSError):
        held = sorted((p for p in columns.iterdir() if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in held[keep:]:
            shutil.rmtree(old, ignore_errors=True)


def clear(base: Path) -> int:
    """Remove every column folder under the cache ``base``; returns how many there were."""
    columns = base / "columns"
    if not columns.is_dir():
        return 0
    held = [p for p in columns.iterdir() if p.is_dir()]
    for folder in held:
        shutil.rmtree(folder, ignore_errors=True)
    return sum(1 for p in held if not p.name.startswith("."))
