"""The data validator: every data file against its schema, the manifest and the layer rules.

>>> from newsprep.eval import validate_data
>>> validate_data()
[]

Each problem names ``file:line: field: rule``. Records that break their schema
are left out of the later, cross-record checks, so one bad record yields one
clear message instead of a cascade.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable, Iterable

from jsonschema import Draft202012Validator

from .check_entities import check_entities, check_entity_table, check_tokens
from .check_layers import check_boilerplate, check_segments
from .check_pairs import check_document_pairs, check_duplicate_pairs
from . import data
from .data import CONFIGS, Config, dataset_dir, load_schema
from .errors import Problem
from .jsonl import iter_jsonl
from .manifest import sha256_file

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")

# A loaded config: (line number, record) pairs that passed their schema.
Rows = list[tuple[int, dict]]
Check = Callable[[dict[str, Rows], Path], Iterable[Problem]]


def json_path(parts: Iterable) -> str:
    """``["spans", 2, "end"]`` -> ``"spans[2].end"``; the empty path -> ``"-"``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"


def schema_problems(record: dict, validator: Draft202012Validator, file: str, line: int) -> list[Problem]:
    problems = []
    for error in sorted(validator.iter_errors(record), key=lambda e: list(map(str, e.absolute_path))):
        field = json_path(error.absolute_path)
        if error.validator == "required":  # name the missing key, not its parent
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            field = json_path([*error.absolute_path, *missing[:1]])
        problems.append(Problem(file, line, field, f"schema:{error.validator}", error.message[:200]))
    return problems


def read_config(root: Path, config: Config) -> tuple[Rows, list[Problem]]:
    path = root / config.path
    if not path.is_file():
        return [], [Problem(config.path, None, "-", "file-exists", "listed config has no file")]
    validator = Draft202012Validator(load_schema(config.schema))
    rows, problems = [], []
    for line, record, problem in iter_jsonl(path, label=config.path):
        if problem:
            problems.append(problem)
            continue
        found = schema_problems(record, validator, config.path, line)
        problems.extend(found)
        if not found:
            rows.append((line, record))
    return rows, problems


def check_manifest(root: Path) -> list[Problem]:
    from .data import manifest

    name = "manifest.json"
    try:
        found = manifest(root)
        version, files = found["version"], found["files"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        return [Problem(name, None, "-", "manifest-readable", str(err)[:200])]
    problems = []
    if not isinstance(version, str) or not SEMVER.match(version):
        problems.append(Problem(name, None, "version", "semver", repr(version)))
    for rel, entry in files.items():
        path = root / rel
        if not path.is_file():
            problems.append(Problem(name, None, f"files.{rel}", "file-exists", "listed file is missing"))
        elif sha256_file(path) != entry.get("sha256"):
            problems.append(Problem(rel, None, "-", "manifest-checksum",
                                    f"sha256 {sha256_file(path)[:12]}… != manifest {str(entry.get('sha256'))[:12]}…"))
    for path in sorted((root / "data").glob("*")):
        if path.relative_to(root).as_posix() not in files:
            problems.append(Problem(path.relative_to(root).as_posix(), None, "-", "manifest-listed", "file is not in the manifest"))
    return problems


def check_documents(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """Ids in order, checksums, lengths and titles; texts equal the raw articles (real data) or
    every document carries its synthetic marker (a dataset made by ``newsprep synth``)."""
    file = CONFIGS["documents"].path
    synthetic = data.synthetic(root) is not None
    if not synthetic:
        yield from check_against_raw(loaded, root)
    for line, doc in loaded["documents"]:
        index = line - 1  # one document per line, in order
        text = doc["text"]
        expected = f"synth-{index:07d}" if synthetic else f"d{index:03d}"
        if doc["id"] != expected:
            yield Problem(file, line, "id", "id-order", f"{doc['id']!r} at position {index}")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != doc["sha256"]:
            yield Problem(file, line, "sha256", "text-checksum", "sha256 of text does not match the sha256 field")
        if len(text) != doc["num_chars"]:
            yield Problem(file, line, "num_chars", "length", f"{doc['num_chars']} != len(text) {len(text)}")
        if doc["title"] != text.split("\n", 1)[0]:
            yield Problem(file, line, "title", "first-line", f"{doc['title'][:40]!r}")
        if "\r" in text:
            yield Problem(file, line, "text", "line-end", "text contains CR")
        marked = ("synthetic" in doc, doc["seed_file"] is None)
        if marked != (synthetic, synthetic):
            yield Problem(file, line, "synthetic", "synthetic-marker",
                          "a synthetic dataset's documents carry 'synthetic' and no seed file" if synthetic
                          else "a document of the released data must name its seed file and carry no 'synthetic' field")
        copy_of = doc.get("synthetic", {}).get("copy_of")
        if copy_of is not None and not copy_of < doc["id"]:
            yield Problem(file, line, "synthetic.copy_of", "copy-of-earlier", f"{copy_of!r} is not an earlier document")


def check_against_raw(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """One document per raw article, in seed order, byte for byte."""
    file = CONFIGS["documents"].path
    raw = sorted((root / "raw").glob("*.txt"))
    lines = [l for l in (root / file).read_bytes().split(b"\n") if l.strip()] if (root / file).is_file() else []
    if len(lines) != len(raw):
        yield Problem(file, None, "-", "document-count", f"{len(lines)} documents, {len(raw)} raw articles")
    for line, doc in loaded["documents"]:
        index = line - 1
        if index < len(raw):
            if doc["seed_file"] != raw[index].name:
                yield Problem(file, line, "seed_file", "provenance", f"{doc['seed_file']!r} != {raw[index].name!r}")
            elif raw[index].read_bytes() != doc["text"].encode("utf-8"):
                yield Problem(file, line, "text", "equals-raw", f"text differs from raw/{raw[index].name}")


def check_raw_checksums(root: Path) -> Iterable[Problem]:
    """The raw articles still match the checksums they were received with."""
    sums = root / "raw" / "SHA256SUMS"
    if not sums.is_file():
        yield Problem("raw/SHA256SUMS", None, "-", "file-exists", "checksum list of the raw articles is missing")
        return
    for number, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        path = root / "raw" / name
        if not path.is_file() or sha256_file(path) != digest:
            yield Problem("raw/SHA256SUMS", number, name, "raw-checksum", "raw article missing or changed")


# Layer checks run after every file has been read; later layers append theirs.
LAYER_CHECKS: list[Check] = [check_documents, check_boilerplate, check_segments, check_entities, check_entity_table,
                             check_tokens, check_duplicate_pairs, check_document_pairs]
# The pair layers grow with the square of the corpus, so a large synthetic dataset may leave them out.
OPTIONAL_IN_SYNTHETIC = {"duplicate_pairs", "document_pairs"}
LAYER_OF = {check_duplicate_pairs: "duplicate_pairs", check_document_pairs: "document_pairs"}


def validate_data(root: Path | None = None) -> list[Problem]:
    """All problems in the dataset at ``root`` (default: the embedded dataset).

    A synthetic dataset (``newsprep synth``) has no raw articles, and may omit the
    pair layers its manifest lists under ``synthetic.omitted``.
    """
    root = Path(root) if root else dataset_dir()
    synthetic = data.synthetic(root)
    omitted = set(synthetic.get("omitted", [])) & OPTIONAL_IN_SYNTHETIC if synthetic else set()
    problems = check_manifest(root) + ([] if synthetic else list(check_raw_checksums(root)))
    loaded: dict[str, Rows] = {}
    for config in CONFIGS.values():
        loaded[config.name], found = ([], []) if config.name in omitted else read_config(root, config)
        problems.extend(found)
    documents_readable = not any(p.file == CONFIGS["documents"].path and p.line is not None for p in problems)
    for check in LAYER_CHECKS:
        if LAYER_OF.get(check) in omitted:
            continue
        if check is check_documents or documents_readable:  # the layers need every document text
            problems.extend(check(loaded, root))
    return problems
