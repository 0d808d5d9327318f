"""Access to the embedded dataset: paths, configs, records and ``datasets`` loading.

Data is found through ``importlib.resources.files("newsprep.dataset")`` so the
same code works from a checkout, an editable install and an installed wheel.

>>> from newsprep.eval.data import dataset as data
>>> [doc["id"] for doc in data.records("documents")]
['d000', 'd001', 'd002', 'd003', 'd004']
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem, UnknownConfig, described, require_type
from newsprep.eval.io import progress
from newsprep.eval.io.jsonl import iter_jsonl, parse_validated


@dataclass(frozen=True)
class Config:
    """One dataset config: its JSONL file (relative to the dataset folder) and its schema."""

    name: str
    path: str
    schema: str


# The configs of the dataset card, one per layer, by name: the file of its records and their schema.
CONFIGS: dict[str, Config] = {
    c.name: c
    for c in [
        Config("documents", "data/documents.jsonl", "document.schema.json"),
        Config("boilerplate", "data/boilerplate.jsonl", "boilerplate.schema.json"),
        Config("segments", "data/segments.jsonl", "segment.schema.json"),
        Config("entities", "data/entities.jsonl", "entities.schema.json"),
        Config("entity_table", "data/entity_table.jsonl", "entity_table.schema.json"),
        Config("tokens", "data/tokens.jsonl", "tokens.schema.json"),
        Config("duplicate_pairs", "data/duplicate_pairs.jsonl", "duplicate_pairs.schema.json"),
        Config("document_pairs", "data/document_pairs.jsonl", "document_pairs.schema.json"),
    ]
}


def dataset_dir() -> Path:
    """The folder holding the dataset card, ``data/`` and ``manifest.json``."""
    return Path(str(files("newsprep.dataset")))


def folder(root: str | os.PathLike | None, *, function: str = "folder", name: str = "root") -> Path:
    """The dataset folder ``root`` names: the embedded one for None. Anything but a path or None raises
    ``InvalidInput`` naming ``function``'s argument ``name``.

    >>> folder(None) == dataset_dir(), folder("some/dir")
    (True, PosixPath('some/dir'))
    """
    require_type(function, name, root, (str, os.PathLike, type(None)), "a dataset folder (a str or os.PathLike path), "
                 "or None for the embedded dataset")
    return dataset_dir() if root is None else Path(root)


def resolve_root(root: str | os.PathLike | None, *, function: str = "resolve_root", name: str = "root") -> Path | None:
    """A dataset folder given by a user (None: the embedded one), checked to hold a ``manifest.json``; anything but
    a path or None raises ``InvalidInput`` naming ``function``'s argument ``name``."""
    if root is None:
        return None
    folder(root, function=function, name=name)
    path = Path(root)
    if str(root) == "" or not (path / "manifest.json").is_file():
        raise NewsPrepError(f"{str(root)!r} is not a dataset folder (no manifest.json)")
    return path


def schema_dir() -> Path:
    """The folder holding the JSON Schemas."""
    return Path(str(files("newsprep.schema")))


def load_schema(name: str) -> dict:
    """Parse one JSON Schema by file name, e.g. ``"document.schema.json"``."""
    return json.loads((schema_dir() / name).read_text(encoding="utf-8"))


def manifest(root: str | os.PathLike | None = None) -> dict:
    """The checksum manifest: ``{"version": ..., "files": {path: {"sha256", "records"}}}``.

    A manifest that cannot be read or is not a JSON object raises ``InvalidInput`` (``manifest-readable``);
    ``validate_data`` checks the rest of its shape.
    """
    path = folder(root, function="manifest") / "manifest.json"
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as err:
        detail = "nested too deeply" if isinstance(err, RecursionError) else (
            f"{err.strerror}" if isinstance(err, OSError) and err.strerror else str(err)[:200])
        raise InvalidInput([Problem(str(path), None, "-", "manifest-readable", detail)]) from None
    if not isinstance(found, dict):
        raise InvalidInput([Problem(str(path), None, "-", "manifest-readable", f"expected a JSON object, not {type(found).__name__}")])
    return found


def listed_records(name: str, root: str | os.PathLike | None = None) -> int | None:
    """The records of config ``name`` that the manifest lists (a progress bar's total), or None where the
    manifest cannot say; ``validate_data`` names what is wrong with it.

    >>> listed_records("documents")
    5
    """
    try:
        count = manifest(root)["files"][CONFIGS[name].path]["records"]
    except (NewsPrepError, KeyError, TypeError):
        return None
    return count if type(count) is int else None


def data_version(root: str | os.PathLike | None = None) -> str:
    """The semantic version of the data, as written in the manifest (the embedded data for ``root=None``).

    A folder without a readable manifest naming a version raises ``InvalidInput``.

    >>> data_version().count(".")
    2
    >>> try:
    ...     data_version("/no/such/folder")
    ... except InvalidInput as err:
    ...     print(err.problems[0])
    /no/such/folder/manifest.json: -: manifest-readable (No such file or directory)
    """
    folder(root, function="data_version")
    found = manifest(root)
    version = found.get("version")
    if not isinstance(version, str):
        path = str(folder(root) / "manifest.json")
        raise InvalidInput([Problem(path, None, "version", "manifest-shape", f"expected a version string, got {described(version)}")])
    return version


def manifest_block(key: str, root: str | os.PathLike | None = None) -> dict | None:
    """The object the manifest holds under ``key``; None where it holds none or cannot be read (the validator
    reports an unreadable manifest)."""
    try:
        block = manifest(root).get(key)
    except (OSError, ValueError, AttributeError, RecursionError, NewsPrepError):
        return None
    return block if isinstance(block, dict) else None


def synthetic(root: str | os.PathLike | None = None) -> dict | None:
    """The ``synthetic`` block of the manifest of a dataset made by ``newsprep synth``; None for real data."""
    return manifest_block("synthetic", root)


def imported(root: str | os.PathLike | None = None) -> dict | None:
    """The ``imported`` block of the manifest of a corpus of one's own (``newsprep import``); None otherwise."""
    return manifest_block("imported", root)


def kind(root: str | os.PathLike | None = None) -> str:
    """``"synthetic"`` (``newsprep synth``), ``"imported"`` (``newsprep import``) or ``"real"`` (NewsPrep's release).

    >>> kind()
    'real'
    """
    return "synthetic" if synthetic(root) is not None else "imported" if imported(root) is not None else "real"


# What a document carries in each kind of folder: (a "synthetic" field, no seed file).
MARKERS = {"real": (False, False), "synthetic": (True, True), "imported": (False, True)}


def doc_id(index: int, *, kind: str, count: int) -> str:
    """The id of the document at 0-based ``index`` of ``count``: ``d000`` …, as many digits as the last needs
    (at least three); ``synth-0000000`` … in a synthetic corpus.

    >>> doc_id(4, kind="real", count=5), doc_id(7, kind="imported", count=12000), doc_id(2, kind="synthetic", count=3)
    ('d004', 'd00007', 'synth-0000002')
    """
    if kind == "synthetic":
        return f"synth-{index:07d}"
    return f"d{index:0{max(3, len(str(count - 1)))}d}"


def data_label(root: str | os.PathLike | None = None) -> str:
    """The data version as reports and signatures name it; a synthetic dataset or one's own corpus says so.

    >>> data_label() == data_version()
    True
    """
    version, block = data_version(root), synthetic(root)
    if block is None:
        own = imported(root)
        return version if own is None else f"{version}+{own.get('name')}"
    return f"{version}+synthetic-n{block.get('docs')}-s{block.get('seed')}"


def config(name: str, *, function: str = "config") -> Config:
    """The config called ``name``: ``UnknownConfig`` for a name the card does not declare, ``InvalidInput`` for
    anything but a str (``function`` is the public function it was given to)."""
    require_type(function, "name", name, str, "a config name (a str), one of " + ", ".join(CONFIGS))
    try:
        return CONFIGS[name]
    except KeyError:
        raise UnknownConfig(f"unknown config {name!r}; known: {', '.join(CONFIGS)}") from None


def records(name: str, root: str | os.PathLike | None = None) -> list[dict]:
    """All records of a config as plain dicts, read with the standard library.

    Raises ``InvalidInput`` if a line cannot be read; run ``validate_data`` for
    the full set of rules.

    >>> first = records("entities")[0]
    >>> first["doc"], first["mentions"][0]["type"]
    ('d000', 'PERSON')
    """
    path = folder(root, function="records") / config(name, function="records").path
    rows, problems = [], []
    for _, record, problem in iter_jsonl(path, label=config(name).path):
        if problem:
            problems.append(problem)
        else:
            assert record is not None  # iter_jsonl gives exactly one of record and problem
            rows.append(record)
    if problems:
        raise InvalidInput(problems)
    return rows


def validated_records(name: str, root: str | os.PathLike | None = None) -> list[dict]:
    """``records`` of a folder that passed ``validate_data`` (``validate.gold.require_valid`` said so): each line
    parsed without checking the line rules again (``io.jsonl.parse_validated``), for a scorer reading large layers.

    >>> validated_records("entities") == records("entities")
    True
    """
    return list(iter_validated_records(name, root))


def iter_validated_records(name: str, root: str | os.PathLike | None = None) -> Iterator[dict]:
    """``validated_records`` one at a time: memory for one record, whatever the file's size."""
    with open(folder(root) / config(name).path, "rb") as handle:
        for line in handle:
            if line.strip():
                yield parse_validated(line)


def documents(root: str | os.PathLike | None = None) -> dict[str, dict]:
    """The documents keyed by id, in id order.

    >>> docs = documents()
    >>> list(docs)[:2], docs["d000"]["language"]
    (['d000', 'd001'], 'en')
    """
    folder(root, function="documents")
    return {doc["id"]: doc for doc in records("documents", root)}


# The one split of every config (the card's ``data_files``): NewsPrep is an evaluation set.
SPLIT = "test"


def card_info(name: str, root: str | os.PathLike | None = None):
    """The ``datasets.DatasetInfo`` the card of a dataset folder declares for one config (its ``dataset_info``
    entry): features, description and citation.

    Parsed as ``datasets.load_dataset`` parses a card: ``huggingface_hub.DatasetCard`` reads the YAML
    front matter and ``datasets``' ``DatasetInfosDict.from_dataset_card_data`` turns each entry into a
    ``DatasetInfo``, so ClassLabels, int32 columns and lists of span dicts come out exactly as
    ``datasets`` would apply them.

    >>> info = card_info("entities")
    >>> info.description.startswith("NewsPrep is a small"), info.citation.startswith("@misc{newsprep,")
    (True, True)
    """
    from datasets.info import DatasetInfosDict  # imported here: the validator and CLI start faster without it
    from huggingface_hub import DatasetCard

    config(name)  # raises UnknownConfig for a name the harness does not know
    card = folder(root) / "README.md"
    if not card.is_file():  # DatasetCard.load would take a missing path for a Hub repository id
        raise NewsPrepError(f"{card} not found: a dataset folder needs its card to be loaded with datasets")
    infos = DatasetInfosDict.from_dataset_card_data(DatasetCard(card.read_text(encoding="utf-8")).data)
    info = infos.get(name)
    if info is None or info.features is None:
        raise NewsPrepError(f"{card} declares no dataset_info features for config {name!r}")
    return info


def card_features(name: str, root: str | os.PathLike | None = None):
    """The ``datasets.Features`` the card of a dataset folder declares for one config (``card_info``'s).

    >>> card_features("boilerplate")["spans"].feature["category"].names[:2]
    ['navigation', 'sharing']
    """
    return card_info(name, root).features


@contextmanager
def progress_bars_off_unless_terminal():
    """``datasets``' progress bars off inside the block where NewsPrep shows none (``progress.shown``: standard
    error is not a terminal, such as a pipe, a log file or a notebook's kernel, or ``NEWSPREP_PROGRESS=0``), and
    back as they were after it.

    A bar drawn into a pipe or a log is a line of noise per update. Where NewsPrep's own bars are shown (a
    terminal, or ``NEWSPREP_PROGRESS=1``), and wherever the user has decided for ``datasets``
    (``HF_DATASETS_DISABLE_PROGRESS_BARS`` set, or ``datasets.disable_progress_bars()`` called), nothing changes.
    """
    import datasets

    if (datasets.config.HF_DATASETS_DISABLE_PROGRESS_BARS is not None or datasets.utils.are_progress_bars_disabled()
            or progress.shown()):
        yield
        return
    datasets.utils.disable_progress_bars()
    try:
        yield
    finally:
        datasets.utils.enable_progress_bars()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _snapshot(source: bytes, path: Path) -> None:
    """Make ``path`` hold exactly ``source``: kept if it already does, else written whole (atomically)."""
    if path.is_file() and _sha256(path.read_bytes()) == _sha256(source):
        return  # kept as it is, with its modification time, so that datasets reuses the arrow files built from it
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(source)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(name: str, *, root: str | os.PathLike | None = None, split: str = SPLIT, streaming: bool = False):
    """Load one config of a dataset folder as a ``datasets.Dataset`` with the features declared in its card.

    ``root`` is a dataset folder (default: the embedded one); the rows are those of its data file as it
    is when ``load`` is called, never rows cached from an earlier version of the file or from another
    folder. ``split`` is the card's split, ``"test"``, or a slice of it such as ``"test[:2]"``. With
    ``streaming=True`` the result is a ``datasets.IterableDataset`` over the same rows. Works offline,
    from a checkout or an installed wheel; ``info.version`` is the data version of the manifest, and
    ``info.description`` and ``info.citation`` are the card's (``card_info``). Progress bars are drawn only
    when standard error is a terminal (``progress_bars_off_unless_terminal``).

    Why it cannot be stale: ``datasets.load_dataset(folder, name)`` caches a local folder under the
    folder's *name*, the config and the card, not the content of its data files, so a file edited after
    a first load, or another folder also called ``dataset``, gives the rows cached before. Here the config's
    data file is read once, and its bytes decide everything: the cache folder is
    ``<datasets cache>/newsprep/<config>-<key>``, where ``key`` is the sha256 of the config name, the
    manifest version, the sha256 of those bytes and the sha256 of the card's features (as JSON); the
    bytes are copied into that folder and the packaged ``json`` builder builds from the copy, with the
    card's features. A cache folder therefore only ever holds arrow files built from the one content
    its name hashes: different bytes or features give another folder, equal ones reuse the arrow
    files (a later call costs reading and hashing the file, no rebuild), and even a file changed while
    ``load`` runs cannot mix old and new rows, since the builder reads the copy that was hashed. This
    is cheaper than ``download_mode="force_redownload"`` (a rebuild on every call, into a cache file
    shared by every folder of that name that the next rebuild overwrites) and keeps the rows memory-mapped
    rather than in memory (``keep_in_memory``). Folders of old contents stay in the cache until removed.

    >>> ds = load("documents")          # doctest: +SKIP
    >>> ds.features["num_chars"].dtype  # doctest: +SKIP
    'int32'
    >>> str(ds.info.version) == data_version()  # doctest: +SKIP
    True
    """
    import datasets  # imported here: the validator and CLI start faster without it

    config(name, function="load")
    require_type("load", "split", split, str, 'a split name (a str): "test", or a slice such as "test[:2]"')
    require_type("load", "streaming", streaming, bool, "True or False")
    root = resolve_root(root, function="load")  # a folder without manifest.json is refused with a NewsPrepError
    path = folder(root) / config(name).path  # config() raises UnknownConfig for an unknown name
    if not path.is_file():
        raise NewsPrepError(f"{root} has no {name!r} layer ({config(name).path} is absent): a corpus of one's own holds "
                            "only the layers it was annotated with")
    source = path.read_bytes()
    info = card_info(name, root)
    features = info.features
    version = data_version(root)
    features_sha = _sha256(json.dumps(features.to_dict(), sort_keys=True).encode("utf-8"))
    key = _sha256(json.dumps([name, version, _sha256(source), features_sha]).encode("utf-8"))
    cache = Path(datasets.config.HF_DATASETS_CACHE) / "newsprep" / f"{name}-{key}"
    copy = cache / Path(config(name).path).name
    _snapshot(source, copy)
    with progress_bars_off_unless_terminal():
        loaded = datasets.load_dataset(
            "json", name=name, data_files={SPLIT: str(copy)}, features=features, version=datasets.Version(version),
            cache_dir=str(cache), split=split, streaming=streaming,
        )
    loaded.info.description, loaded.info.citation = info.description, info.citation  # the card's, as load_dataset gives
    return loaded
