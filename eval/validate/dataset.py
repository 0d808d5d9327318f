"""The data validator: every file a dataset folder ships, against its schema, the manifest and the layer rules.

>>> from newsprep.eval import validate_data
>>> validate_data()
[]

What ``newsprep validate-data`` (``validate_data``) checks:

- ``manifest.json``: its shape and semantic version; each listed file inside the folder, present, with
  the manifest's sha256 and record count; every data file listed; the ``synthetic`` block's fields
  and types;
- what the folder holds (``newsprep.eval.validate.release``): a release's entries and nothing else at its
  top, and every file of ``annotation/``, ``raw/`` and the guidelines listed in the manifest with its sha256;
- the files that describe the data (``newsprep.eval.validate.card``): the card ``README.md`` (front
  matter, ``configs`` and ``dataset_info`` features against the schemas), ``CHANGELOG.md`` and
  ``croissant.json`` (conformance, one ``FileObject`` with the right sha256 per data file); each
  states the manifest's version. A synthetic folder has no changelog, no ``croissant.json`` and no
  ``dataset_info``; those are required of real data only;
- ``raw/SHA256SUMS``: the raw articles are the ones received (real data);
- each data file, record by record, against its JSON Schema;
- the rules across layers: offsets, tiling, entities, tokens, pairs (``validate.pairs``).

``data_warnings`` lists what a person should look at but is not an error: chains of same-content
duplicate pairs whose ends are labelled different (same content is not an equivalence relation).

Each problem names ``file:line: field: rule``. Records that break their schema
are left out of the later, cross-record checks, so one bad record yields one
clear message instead of a cascade.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from newsprep.eval.data import dataset as data
from newsprep.eval.data.dataset import CONFIGS, Config
from newsprep.eval.data.manifest import count_records, sha256_file
from newsprep.eval.data.versions import card_versions, changelog_top
from newsprep.eval.errors import MAX_PROBLEMS, Problem, stop_problem
from newsprep.eval.io.jsonl import (
    MAX_LINE_BYTES,
    STREAMED_BYTES,
    DuplicateKey,
    duplicate_key_path,
    file_problem,
    iter_jsonl,
    parse,
)
from newsprep.eval.io.progress import Progress, require_progress
from newsprep.eval.validate.card import (
    check_card,
    check_changelog,
    check_croissant,
    check_imported_block,
    check_synthetic_block,
    omitted_configs,
)
from newsprep.eval.validate.entities import check_entities, check_entity_table, check_tokens
from newsprep.eval.validate.files import input_problem, inside
from newsprep.eval.validate.layers import check_boilerplate, check_segments
from newsprep.eval.validate.pairs import check_document_pairs, check_duplicate_pairs
from newsprep.eval.validate.quick import quick_check
from newsprep.eval.validate.raw import check_against_raw
from newsprep.eval.validate.release import check_release
from newsprep.eval.validate.schema import schema_problems, validator
from newsprep.eval.validate.stream import Pass

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")

# A loaded config: (line number, record) pairs that passed their schema.
Rows = list[tuple[int, dict]]
Check = Callable[[dict[str, Rows], Path], Iterable[Problem]]


def read_config(root: Path, config: Config) -> tuple[Rows, list[Problem]]:
    path = root / config.path
    problem = input_problem(path, config.path)
    if problem:
        return [], [problem]
    check, quick = validator(config.schema), quick_check(config.schema)
    rows: Rows = []
    problems: list[Problem] = []
    line = 0
    for line, record, problem in iter_jsonl(path, label=config.path):
        if len(problems) >= MAX_PROBLEMS:
            return rows, problems[:MAX_PROBLEMS] + [stop_problem(config.path, line)]
        if problem:
            problems.append(problem)
            continue
        assert record is not None  # iter_jsonl gives exactly one of record and problem
        found = [] if quick(record) else schema_problems(record, check, config.path, line)
        problems.extend(found)
        if not found:
            rows.append((line, record))
    if not line:
        problems.append(Problem(config.path, None, "-", "not-empty", "the file holds no records"))
    return rows, problems


def read_manifest(root: Path) -> tuple[dict | None, list[Problem]]:
    """The manifest if it is a readable JSON object of the right shape, and its problems."""
    name = "manifest.json"
    problem = input_problem(root / name, name, max_bytes=MAX_LINE_BYTES)
    if problem:
        return None, [Problem(name, None, "-", "manifest-readable", f"{problem.rule}: {problem.detail}")]
    try:
        found = parse((root / name).read_bytes().decode("utf-8"))
    except DuplicateKey as err:
        return None, [Problem(name, None, duplicate_key_path((root / name).read_bytes()), "duplicate-key", str(err))]
    except (OSError, ValueError, RecursionError) as err:
        detail = "nested too deeply" if isinstance(err, RecursionError) else str(err)[:200]
        return None, [Problem(name, None, "-", "manifest-readable", detail)]
    shape = '{"version": "X.Y.Z", "files": {"data/NAME.jsonl": {"sha256": "…", "records": N}}}'
    if not isinstance(found, dict) or not isinstance(found.get("files"), dict):
        return None, [Problem(name, None, "files", "manifest-shape", f"expected {shape}")]
    bad = [rel for rel, entry in found["files"].items() if not well_formed(entry)]
    return found, [Problem(name, None, f"files.{rel}", "manifest-shape", f"expected {shape}") for rel in bad]


def well_formed(entry: object) -> bool:
    """A manifest entry: ``{"sha256": str, "records": int}``."""
    return isinstance(entry, dict) and isinstance(entry.get("sha256"), str) and type(entry.get("records")) is int


def check_manifest(root: Path, known: dict[str, tuple[str, int]] | None = None) -> list[Problem]:
    """The manifest's rules; ``known`` gives the sha256 and record count of data files already read whole."""
    name = "manifest.json"
    known = known or {}
    found, problems = read_manifest(root)
    if found is None:
        return problems
    problems.extend(check_synthetic_block(found) + check_imported_block(found))
    version = found.get("version")
    if not isinstance(version, str) or not SEMVER.match(version):
        problems.append(Problem(name, None, "version", "semver", repr(version)[:40]))
    else:
        problems.extend(check_versions(root, version))
    files = found["files"]
    for rel, entry in files.items():
        if not well_formed(entry):
            continue  # reported by read_manifest
        path = root / rel
        if not inside(rel):
            problems.append(Problem(name, None, f"files.{rel}", "manifest-path", "a relative path inside the dataset folder"))
        elif not path.exists() and not path.is_symlink():
            problems.append(Problem(name, None, f"files.{rel}", "file-exists", "listed file is missing"))
        elif unusable := file_problem(path, rel, max_bytes=STREAMED_BYTES):  # hashed and counted a line at a time
            problems.append(unusable)
        elif (digest := known[rel][0] if rel in known else sha256_file(path)) != entry["sha256"]:
            problems.append(Problem(rel, None, "-", "manifest-checksum", f"sha256 {digest[:12]}… != manifest {entry['sha256'][:12]}…"))
        elif (count := known[rel][1] if rel in known else count_records(path)) != entry["records"]:  # only a file that is the manifest's: one message each
            problems.append(Problem(name, None, f"files.{rel}.records", "manifest-count", f"{entry['records']} here, the file holds {count} records"))
    for path in sorted((root / "data").glob("*")):
        if path.relative_to(root).as_posix() not in files:
            problems.append(Problem(path.relative_to(root).as_posix(), None, "-", "manifest-listed", "file is not in the manifest"))
    return problems


def check_versions(root: Path, version: str) -> list[Problem]:
    """The card (its own version and each config's) and the changelog name the manifest's version, so no
    folder mixes two versions."""
    problems = []
    for rel, read in (("README.md", card_versions), ("CHANGELOG.md", changelog_version)):
        if not (root / rel).exists() or file_problem(root / rel, rel, max_bytes=MAX_LINE_BYTES):
            continue  # a missing or unreadable card or changelog is check_card's or check_changelog's problem
        for line, field, found in read(root / rel):
            if found != version:
                problems.append(Problem(rel, line, field, "version-agrees", f"{found!r} here, manifest.json says {version!r}"))
    return problems


def changelog_version(path: Path) -> list[tuple[int, str, str]]:
    """The changelog's newest version as ``card_versions`` gives the card's: ``[(line, "version", version)]``."""
    top = changelog_top(path)
    return [(top[0], "version", top[1])] if top else []


# The rule of what a document carries in each kind of folder (``data.dataset.MARKERS``).
MARKER_RULES = {"real": "a document of the released data must name its seed file and carry no 'synthetic' field",
                "synthetic": "a synthetic dataset's documents carry 'synthetic' and no seed file",
                "imported": "an imported corpus's documents name no seed file (annotation/sources.jsonl does) and "
                            "carry no 'synthetic' field"}


def check_documents(loaded: dict[str, Rows], root: Path) -> Iterable[Problem]:
    """Ids in order, checksums, lengths and titles; texts equal the raw articles (real data) or
    every document carries its synthetic marker (a dataset made by ``newsprep synth``)."""
    file = CONFIGS["documents"].path
    kind = data.kind(root)
    if kind == "real":
        yield from check_against_raw(loaded, root)
    for line, doc in loaded["documents"]:
        index = line - 1  # one document per line, in order
        text = doc["text"]
        expected = data.doc_id(index, kind=kind, count=len(loaded["documents"]))
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
        if ("synthetic" in doc, doc["seed_file"] is None) != data.MARKERS[kind]:
            yield Problem(file, line, "synthetic", "synthetic-marker", MARKER_RULES[kind])
        copy_of = doc.get("synthetic", {}).get("copy_of")
        if copy_of is not None and not copy_of < doc["id"]:
            yield Problem(file, line, "synthetic.copy_of", "copy-of-earlier", f"{copy_of!r} is not an earlier document")


def check_raw_checksums(root: Path) -> Iterable[Problem]:
    """The raw articles still match the checksums they were received with."""
    label = "raw/SHA256SUMS"
    sums = root / label
    problem = input_problem(sums, label, max_bytes=MAX_LINE_BYTES)
    if problem:
        yield problem
        return
    raw = sums.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        yield Problem(label, None, "-", "utf-8", f"byte {err.start}: {raw[err.start:err.start + 1]!r} is not UTF-8")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        digest, _, name = line.partition("  ")
        path = root / "raw" / name
        if not name or "/" in name or file_problem(path, name) or sha256_file(path) != digest:
            yield Problem(label, number, name[:80] or "-", "raw-checksum", "raw article missing or changed")


# Layer checks run after every file has been read; later layers append theirs.
LAYER_CHECKS: list[Check] = [check_documents, check_boilerplate, check_segments, check_entities, check_entity_table,
                             check_tokens, check_duplicate_pairs, check_document_pairs]
# The pair layers grow with the square of the corpus, so a large synthetic dataset may leave them out;
# a scoring-only one (``write_corpus(scoring_only=True)``, for benchmarks) keeps just what scoring reads.
OPTIONAL_IN_SYNTHETIC = {"duplicate_pairs", "document_pairs"}
OPTIONAL_IN_SCORING_ONLY = OPTIONAL_IN_SYNTHETIC | {"segments", "entity_table", "tokens"}
# A corpus of one's own holds the layers it was annotated with: documents, segments and whatever else it has.
OPTIONAL_IN_IMPORTED = OPTIONAL_IN_SYNTHETIC | {"boilerplate", "entities", "entity_table", "tokens"}
# An omitted boilerplate or entity layer reads as none to the checks of the layers built on it (segments
# are then all content; tokens are left out with the entities).
STAND_INS = {"boilerplate": "spans", "entities": "mentions"}
# The layer each check is about: it is skipped when that layer is omitted. A check that also reads an
# omitted layer skips the rules that need it (``check_entities`` without segments or the entity table).
LAYER_OF: dict[Check, str] = {check_duplicate_pairs: "duplicate_pairs", check_document_pairs: "document_pairs",
                              check_segments: "segments", check_entity_table: "entity_table", check_tokens: "tokens",
                              check_boilerplate: "boilerplate", check_entities: "entities"}


# The configs each layer check reads. A check runs only when all of them passed the line and schema
# rules, so that one broken record gives one message, not a cascade through the layers built on it.
READS: dict[Check, tuple[str, ...]] = {
    check_documents: ("documents",),
    check_boilerplate: ("boilerplate", "documents"),
    check_segments: ("segments", "documents", "boilerplate"),
    check_entities: ("entities", "documents", "entity_table", "segments"),
    check_entity_table: ("entity_table", "entities"),
    check_tokens: ("tokens", "documents", "entities", "segments"),
    check_duplicate_pairs: ("duplicate_pairs", "segments"),
    check_document_pairs: ("document_pairs", "documents", "boilerplate", "segments", "duplicate_pairs"),
}


def check_described(root: Path, omitted: set[str], *, real: bool) -> list[Problem]:
    """The card, the changelog and ``croissant.json`` (rules in ``newsprep.eval.validate.card``)."""
    found, _ = read_manifest(root)  # its problems are check_manifest's
    files = found["files"] if found else None
    version = found.get("version") if found else None
    version = version if isinstance(version, str) and SEMVER.match(version) else None
    return (check_card(root, omitted, real=real) + check_changelog(root, real=real)
            + check_croissant(root, files, version, real=real))


def data_warnings(root: str | os.PathLike | None = None) -> list[Problem]:
    """Warnings for a person, not errors, about data that passes ``validate_data``: the chains of
    same-content duplicate pairs whose ends are labelled different (``validate.pairs.chain_warnings``).

    >>> sorted({w.rule for w in data_warnings()}) <= ["chain-ends-related", "chain-ends-unlisted"]
    True
    """
    from newsprep.eval.validate.pairs import duplicate_warnings

    return duplicate_warnings(Path(root) if root is not None else None)


def validate_data(root: str | os.PathLike | None = None, *, progress: Progress | None = None) -> list[Problem]:
    """All problems in the dataset at ``root`` (default: the embedded dataset), each once.

    A synthetic dataset (``newsprep synth``) has no raw articles, and may omit the
    pair layers its manifest lists under ``synthetic.omitted``. ``progress`` (an object with
    ``update(n)``, such as a ``tqdm`` bar) is told of the documents done.

    >>> validate_data()
    []
    >>> validate_data("/no/such/folder")[0].rule
    'dataset-folder'
    """
    root = data.folder(root, function="validate_data")  # anything but a path or None raises InvalidInput
    progress = require_progress("validate_data", progress)
    if not root.is_dir():
        return [Problem(str(root), None, "-", "dataset-folder", "not a folder" if root.exists() else "no such folder")]
    synthetic, kind = data.synthetic(root), data.kind(root)
    block = synthetic if synthetic is not None else data.imported(root)
    optional = (OPTIONAL_IN_SCORING_ONLY if synthetic and synthetic.get("scoring_only") is True
                else OPTIONAL_IN_IMPORTED if kind == "imported" else OPTIONAL_IN_SYNTHETIC)
    omitted = omitted_configs(block) & optional
    proof = Pass(root, omitted=omitted, kind=kind, progress=progress)  # one streaming read
    problems = check_manifest(root, proof.files) + check_described(root, omitted, real=kind != "synthetic")
    problems += check_release(root, read_manifest(root)[0], kind=kind)
    problems += list(check_raw_checksums(root)) if kind == "real" else []
    if proof.certain:
        return list(dict.fromkeys(problems))  # the data files break no rule
    # The exact reading, for a folder the pass could not prove valid: every record in memory, each problem named.
    loaded: dict[str, Rows] = {}
    unread: set[str] = set()
    for config in CONFIGS.values():
        if config.name in omitted:
            continue  # absent from ``loaded``: the checks that read it know it was left out
        loaded[config.name], found = read_config(root, config)
        problems.extend(found)
        if found:
            unread.add(config.name)
    for name, key in STAND_INS.items():
        if name in omitted and "documents" not in unread:
            loaded[name] = [(0, {"doc": doc["id"], key: []}) for _, doc in loaded["documents"]]
    for check in LAYER_CHECKS:
        needed = omitted.intersection(READS[check]) - set(STAND_INS)
        if LAYER_OF.get(check) in omitted or (check is not check_entities and needed):
            continue
        if not unread.intersection(READS.get(check, CONFIGS)):
            problems.extend(check(loaded, root))
    return list(dict.fromkeys(problems))
