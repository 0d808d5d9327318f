"""A validated folder's gold read as columns: the document texts and the span layers scoring counts (entities,
boilerplate), written once per content as arrays and read a window at a time, so that scoring parses no gold JSON.

The cache lives beside the validation records (``gold.cache_dir()``), in ``columns/<fingerprint>/``, where the
fingerprint is the one ``require_valid`` vouches for (every file's content and the validator's rules): a folder
whose content changed, or a package whose rules changed, has another name and never meets an old cache. Each
folder is made under a temporary name and renamed into place whole, with a ``complete.json`` that lists the
lengths its arrays must have; a folder that is incomplete or disagrees with it is not used (scoring then reads
the JSON, as it does without a cache).

**Bounded.** At most ``KEEP`` contents are held; making a new one removes the least recently used beyond it.
Each takes about the size of its folder's texts plus 8 bytes a value: a few for each document, four for each
mention, three for each boilerplate span (15 MB for 10,000 synthetic documents, whose gold JSON is 34 MB).
In memory, a reader holds one window of each file and each field's vocabulary: the entity types and the
boilerplate categories are a handful, but the entity ids are as many as the corpus names (about 110 bytes
each; writing also holds the document ids, about 70 bytes each).
**Cleared** by ``newsprep validate-data --clear-cache`` (``clear()``), or by removing the folder; a cache that
cannot be written (read-only, full disk, a dataset folder) costs only the parse it would have saved. Only what
the cache writes is ever removed (folders named by a fingerprint, its temporary folders), and a ``columns`` that
is a link is not used, so that no removal can reach another folder.

**Trust** is that of the validation records (``gold``): whoever can write the cache folder can change what is
scored. Damage is found where it can be without reading the whole cache: sizes against ``complete.json`` when a
folder opens (a folder that fails is not read), and, as each window is read, values below 0 or past a
vocabulary, rows and offsets that go back, texts that are not UTF-8 (``NewsPrepError`` naming the file and
``--clear-cache``).

Layout: raw files of fixed-size values (int64; the ids as fixed-width UTF-32; the texts UTF-8 with byte
``offsets``), their lengths in ``complete.json``, read by ``Window`` a window at a time. A layer (``LayerColumns``): ``rows[i]:rows[i + 1]`` are document i's spans, in the order of
its record; ``start`` and ``end``; each other field as codes into its vocabulary (the values seen, ``ABSENT``
for a field a span lacks).

>>> from newsprep.eval.data.dataset import dataset_dir
>>> import tempfile
>>> folder = write(dataset_dir(), Path(tempfile.mkdtemp()) / "cols")
>>> cols = GoldColumns.open(folder)
>>> cols.ids[0:2].tolist(), cols.layers["entities"].record(0)["mentions"][0]["type"]
(['d000', 'd001'], 'PERSON')
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import secrets
import shutil
import stat
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsprep.eval.data.dataset import CONFIGS, iter_validated_records
from newsprep.eval.errors import NewsPrepError

# The span layers held as columns: config -> (the record's list, the fields other than start and end)
SPAN_LAYERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "entities": ("mentions", ("type", "entity_id")),
    "boilerplate": ("spans", ("category",)),
}
KEEP = 4  # contents held at most; the least recently used beyond it is removed
FORMAT = 1  # the layout written here; another number is not read


def damaged(path: Path, what: str) -> NewsPrepError:
    """A column file found wrong while scoring reads it (it passed ``GoldColumns.open``'s checks)."""
    return NewsPrepError(f"{path}: the gold column cache is damaged ({what}); run newsprep validate-data --clear-cache")


class Window:
    """A column file of ``length`` values read a window at a time, forward as a reader goes: memory for one window,
    whatever the file's size (the pages of a memory map would count in the process's resident size, growing with
    the corpus). Indexed by a position, a slice or an array of positions; ``below``: every value must be under it
    (a code of a vocabulary of that size), checked as each window is read."""

    SIZE = 1 << 18  # values a window holds at least (2 MiB of int64); integers are checked to be at least 0

    def __init__(self, path: Path, dtype: str | type, length: int, *, below: int | None = None, size: int | None = None):
        self.path, self.dtype, self.length, self.below = path, np.dtype(dtype), length, below
        self.size = size or self.SIZE
        if path.stat().st_size != length * self.dtype.itemsize:
            raise ValueError(f"{path}: {path.stat().st_size} bytes, not {length} values")
        self.lo, self.values = 0, np.zeros(0, dtype=self.dtype)

    def __len__(self) -> int:
        return self.length

    def read(self, lo: int, hi: int) -> np.ndarray:
        """Values ``lo:hi`` (``0 <= lo <= hi <= length``)."""
        if not 0 <= lo <= hi <= self.length:
            raise damaged(self.path, f"values {lo}:{hi} asked of {self.length}")
        if lo < self.lo or hi > self.lo + len(self.values):
            count = min(max(hi - lo, self.size), self.length - lo)
            self.values = np.fromfile(self.path, dtype=self.dtype, count=count, offset=lo * self.dtype.itemsize)
            self.lo = lo
            if len(self.values) != count:
                raise damaged(self.path, f"{len(self.values)} values read, not {count}")
            if count and self.dtype.kind == "i" and (int(self.values.min()) < 0 or (
                    self.below is not None and int(self.values.max()) >= self.below)):
                raise damaged(self.path, f"a value outside [0, {self.below if self.below is not None else 'inf'})")
        return self.values[lo - self.lo:hi - self.lo]

    def __getitem__(self, key: int | slice | np.ndarray) -> Any:
        if isinstance(key, slice):
            lo, hi, _ = key.indices(self.length)
            return self.read(lo, max(lo, hi))
        if isinstance(key, np.ndarray):
            if not len(key):
                return np.zeros(0, dtype=self.dtype)
            lo = int(key.min())
            return self.read(lo, int(key.max()) + 1)[key - lo]
        return self.read(key, key + 1)[0]

    def __iter__(self) -> Iterator[Any]:
        for lo in range(0, self.length, self.size):
            yield from self.read(lo, min(lo + self.size, self.length)).tolist()


@dataclass(frozen=True)
class LayerColumns:
    """One span layer of a folder, for every document (see the module docstring)."""

    items: str  # the record's list ("mentions", "spans")
    rows: Window
    start: Window
    end: Window
    codes: dict[str, Window]
    vocab: dict[str, list]

    def rows_of(self, position: int) -> Rows:
        lo, hi = self.rows.read(position, position + 2).tolist()
        if lo > hi:
            raise damaged(self.rows.path, f"rows {lo}:{hi} of document {position}")
        return Rows(self, lo, hi)

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
        layer = self.layer
        columns = {name: layer.codes[name][self.lo:self.hi].tolist() for name in layer.codes}
        out = []
        for k, (start, end) in enumerate(zip(layer.start[self.lo:self.hi].tolist(), layer.end[self.lo:self.hi].tolist())):
            span = {"start": start, "end": end}
            for name, codes in columns.items():
                value = layer.vocab[name][codes[k]]
                if value is not ABSENT:
                    span[name] = value
            out.append(span)
        return out


class GoldColumns:
    """A folder's documents (ids and texts) and span layers, opened from a cache folder made by ``write``."""

    def __init__(self, ids: Window, text: Window, offsets: Window, layers: dict[str, LayerColumns]):
        self.ids, self.text, self.offsets, self.layers = ids, text, offsets, layers

    def __len__(self) -> int:
        return len(self.ids)

    def text_of(self, position: int) -> str:
        lo, hi = self.offsets.read(position, position + 2).tolist()
        if lo > hi:
            raise damaged(self.offsets.path, f"bytes {lo}:{hi} of document {position}")
        try:
            return self.text.read(lo, hi).tobytes().decode("utf-8")
        except UnicodeDecodeError as err:
            raise damaged(self.text.path, f"document {position} is not UTF-8 ({err.reason})") from None

    def document(self, position: int) -> dict:
        """Document ``position`` as the fields of its record that counting reads: ``id`` and ``text``."""
        return {"id": str(self.ids[position]), "text": self.text_of(position)}

    @classmethod
    def open(cls, folder: Path) -> GoldColumns:
        """The columns in ``folder``; ``ValueError`` if it is not a complete cache of this format."""
        try:
            complete = json.loads((folder / "complete.json").read_text(encoding="utf-8"))
            if not isinstance(complete, dict) or complete.get("format") != FORMAT:
                raise ValueError(f"{folder}: not a complete.json of format {FORMAT}")
            docs = complete["documents"]
            ids = Window(folder / "documents.ids.bin", f"<U{complete['id_width']}", docs, size=1 << 14)
            offsets = Window(folder / "documents.offsets.bin", np.int64, docs + 1)
            text = Window(folder / "documents.text.bin", np.uint8, int(offsets[docs]))
            layers = {}
            for name, (items, fields) in SPAN_LAYERS.items():
                if name not in complete["layers"]:
                    continue
                spans = complete["layers"][name]
                vocab = json.loads((folder / f"{name}.vocab.json").read_text(encoding="utf-8"))
                rows = Window(folder / f"{name}.rows.bin", np.int64, docs + 1)
                if rows[docs] != spans:
                    raise ValueError(f"{folder}: layer {name} disagrees with complete.json")
                column = functools.partial(span_column, folder, name, spans)
                layers[name] = LayerColumns(items, rows, column("start"), column("end"),
                                            {f: column(f, below=len(vocab[f]["values"])) for f in fields},
                                            {f: values(vocab[f]) for f in fields})
        except (OSError, KeyError, TypeError, IndexError, ValueError) as err:
            raise ValueError(f"{folder}: not a complete column cache ({err})") from None
        return cls(ids, text, offsets, layers)


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


def span_column(folder: Path, layer: str, spans: int, part: str, *, below: int | None = None) -> Window:
    return Window(folder / f"{layer}.{part}.bin", np.int64, spans, below=below)


def opened(folder: Path | None) -> GoldColumns | None:
    """The columns at ``folder``, or None where there is none or it is not whole (the reader then reads the JSON)."""
    if folder is None:
        return None
    try:
        return GoldColumns.open(folder)
    except ValueError:
        return None


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
            for doc in iter_validated_records("documents", root):
                ids.append(doc["id"])
                at += text.write(doc["text"].encode("utf-8"))
                offsets.append(at)
        offsets.close()
        width = max(map(len, ids), default=1)
        np.array(ids, dtype=f"<U{width}").tofile(tmp / "documents.ids.bin")
        layers = {}
        for name, (items, fields) in SPAN_LAYERS.items():
            path = root / CONFIGS[name].path
            if path.is_file():
                layers[name] = write_layer(root, tmp, name, items, fields, ids)
        (tmp / "complete.json").write_text(json.dumps({"format": FORMAT, "documents": len(ids), "id_width": width,
                                                       "layers": layers}),
                                           encoding="utf-8")
        if not unchanged():
            raise ValueError(f"{root}: files changed while their columns were written")
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def write_layer(root: Path, tmp: Path, name: str, items: str, fields: tuple[str, ...], ids: list[str]) -> int:
    """One span layer's arrays; its records are one per document, in the documents' order (validated)."""
    path = root / CONFIGS[name].path
    columns = {part: Column(tmp / f"{name}.{part}.bin", (0,) if part == "rows" else ())
               for part in ("rows", "start", "end", *fields)}
    vocab: dict[str, dict] = {f: {} for f in fields}
    spans = 0
    try:
        for position, record in enumerate(iter_validated_records(name, root)):
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


FINGERPRINT = re.compile(r"[0-9a-f]{64}")  # the name of a content's column folder
TEMPORARY = re.compile(r"\.[0-9a-f]{64}\.[0-9a-f]{12}\.tmp")  # one being written (``write``)
STALE_SECONDS = 3600  # a temporary folder this old was left by a writer that was stopped


def columns_folder(base: Path) -> Path | None:
    """``base/columns``, made if missing; None unless it is a folder of its own there: a link (which would lead
    the cache's removals into the folder it names, a dataset folder say) or a file is not used."""
    folder = base / "columns"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or os.path.realpath(folder) != os.path.join(os.path.realpath(base), "columns"):
        return None
    return folder


def whole(folder: Path) -> bool:
    """``folder`` is a folder of its own (not a link) holding a ``complete.json`` file."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode) and stat.S_ISREG(os.lstat(folder / "complete.json").st_mode)
    except OSError:
        return False


def remove(path: Path) -> bool:
    """Remove a cache entry: a folder with what it holds, a file or a link (never what a link names)."""
    try:
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        return False
    return True


def entries(columns: Path) -> list[Path]:
    """What the cache wrote under ``columns``: folders named by a fingerprint, temporary folders; nothing else
    there is touched."""
    try:
        return [p for p in columns.iterdir() if FINGERPRINT.fullmatch(p.name) or TEMPORARY.fullmatch(p.name)]
    except OSError:
        return []


def cached(root: Path, base: Path | None, fingerprint: str, unchanged: Callable[[], bool] = lambda: True) -> Path | None:
    """The column folder of the validated content ``fingerprint`` of ``root`` under the cache ``base`` (None: no
    cache may be used), made now if it is missing; None where it cannot be made, or where ``unchanged()`` (is the
    content still the one ``fingerprint`` names?) says no once it is read. Using a folder marks it recent; making
    one removes the least recently used beyond ``KEEP``."""
    columns = columns_folder(base) if base is not None and FINGERPRINT.fullmatch(fingerprint) else None
    if columns is None:
        return None
    folder = columns / fingerprint
    if whole(folder):
        with contextlib.suppress(OSError):
            os.utime(folder)
        return folder
    if os.path.lexists(folder):  # a file, a link or an unfinished folder by that name: made again
        remove(folder)
    try:
        write(root, folder, unchanged)
    except (OSError, ValueError, KeyError, TypeError):  # not writable, or made by another process first
        return folder if whole(folder) else None
    prune(columns)
    return folder


def prune(columns: Path, keep: int = KEEP) -> None:
    """Remove the least recently used column folders beyond ``keep``, and temporary folders an hour old."""
    now, held = time.time(), []
    for path in entries(columns):
        try:
            modified = os.lstat(path).st_mtime
        except OSError:
            continue
        if TEMPORARY.fullmatch(path.name):
            if now - modified > STALE_SECONDS:
                remove(path)
        else:
            held.append((modified, path))
    for _, old in sorted(held, reverse=True)[keep:]:
        remove(old)


def clear(base: Path) -> int:
    """Remove every column folder under the cache ``base`` (and temporary ones); returns how many contents were
    removed. A ``columns`` that is a link or a file is left alone."""
    columns = base / "columns"
    try:
        if not stat.S_ISDIR(os.lstat(columns).st_mode):
            return 0
    except OSError:
        return 0
    return sum(remove(path) and bool(FINGERPRINT.fullmatch(path.name)) for path in entries(columns))
