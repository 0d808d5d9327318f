"""The files that describe a dataset folder besides its data: the card, the changelog, ``croissant.json``
and the manifest's ``synthetic`` block.

Rules, each a ``Problem`` naming the file, the card line where there is one, and the field:

- ``card-present``, ``card-readable``: ``README.md`` is there and is UTF-8 text.
- ``card-front-matter``: the card opens with ``---``, closes its YAML front matter with another
  ``---`` line, and the YAML parses (``yaml.safe_load``) to a mapping.
- ``card-config``: ``configs`` lists every config of ``CONFIGS`` that the folder holds, once, with its
  one split ``test`` at its data file, and no other config.
- ``card-feature``: ``dataset_info`` declares features for each of those configs, and they agree with
  the config's JSON Schema: the same top-level fields (no feature the schema lacks, no required field
  without a feature), and each type fits (integer: an int dtype; number: a float dtype; string: string
  or a ClassLabel; boolean: bool; enum: a ClassLabel of exactly its values, or string; array: a list or
  sequence of what fits its items; object: a struct of named features, compared field by field).
- ``changelog-present``, ``changelog-readable``, ``changelog-version``: ``CHANGELOG.md`` is there and
  names its newest version in a ``## `` heading (that this version is the manifest's is the
  ``version-agrees`` rule of ``check_versions``).
- ``croissant-present``, ``croissant-readable``: ``croissant.json`` is there and is a JSON object.
- ``croissant-conforms``: its ``conformsTo`` is Croissant 1.0, as the builder writes it.
- ``croissant-file``: its ``distribution`` has a ``FileObject`` for every data file of the manifest, and
  none for another file.
- ``croissant-checksum``: each of those FileObjects carries the sha256 of its file (checked where the
  file matches the manifest; a file that does not is the manifest's ``manifest-checksum``).
- ``version-agrees``: its ``version`` (and the version its ``citeAs`` names) is the manifest's.
- ``manifest-field``: the manifest's ``synthetic`` block, where there is one, is an object with integer
  ``docs`` (at least 1) and ``seed``, a list ``omitted`` of config names, and ``scoring_only`` a boolean
  if present.

A synthetic dataset folder (``newsprep synth``) holds a card of its own with ``configs`` but no
``dataset_info``, and no changelog or ``croissant.json``: ``dataset_info``, ``CHANGELOG.md`` and
``croissant.json`` are required of real data only, and checked in a synthetic folder only where it has
them. Its card lists just the configs the folder holds (those not in ``synthetic.omitted``).

>>> from newsprep.eval.data.dataset import dataset_dir
>>> check_card(dataset_dir(), set(), real=True), check_changelog(dataset_dir(), real=True)
([], [])
>>> check_synthetic_block({"synthetic": {"docs": 20, "seed": "1", "omitted": []}})
[Problem(file='manifest.json', line=None, field='synthetic.seed', rule='manifest-field', detail='expected an integer, got "1"')]
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from newsprep.eval.data.card import DuplicateYamlKey, Located, front_matter, parse_front_matter
from newsprep.eval.data.croissant import CONFORMS_TO, FILE_OBJECT
from newsprep.eval.data.dataset import CONFIGS, SPLIT, Config, load_schema
from newsprep.eval.data.manifest import sha256_file
from newsprep.eval.data.versions import changelog_top
from newsprep.eval.errors import Problem
from newsprep.eval.io.jsonl import STREAMED_BYTES, DuplicateKey, duplicate_key_path, file_problem, parse
from newsprep.eval.validate.features import CARD, Schema, compare_fields, line_of, shown
from newsprep.eval.validate.files import inside, missing, read_text

CHANGELOG, CROISSANT, MANIFEST = "CHANGELOG.md", "croissant.json", "manifest.json"

# --- the card -------------------------------------------------------------------------------------------

def check_card(root: Path, omitted: set[str], *, real: bool) -> list[Problem]:
    """The card's front matter: present, closed, a mapping; its ``configs`` and ``dataset_info``.

    ``omitted`` names the configs a synthetic dataset leaves out; ``dataset_info`` is required when ``real``.
    """
    text, problems = read_text(root, CARD, "card")
    if text is None:
        return problems
    try:
        front_text = front_matter(text)
    except ValueError as err:  # no front matter, or never closed
        return [Problem(CARD, 1, "-", "card-front-matter", str(err))]
    try:
        front = parse_front_matter(front_text)
    except DuplicateYamlKey as err:
        line = err.problem_mark.line + 1 if err.problem_mark else None
        return [Problem(CARD, line, err.key, "duplicate-key", f"{err.problem}; YAML readers disagree on which value wins")]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        detail = " ".join(str(part) for part in (getattr(err, "context", None), getattr(err, "problem", None)) if part)
        return [Problem(CARD, mark.line + 1 if mark else None, "-", "card-front-matter",
                        f"the YAML does not parse: {detail or str(err)[:200]}")]
    except RecursionError:
        return [Problem(CARD, None, "-", "card-front-matter", "the YAML is nested too deeply")]
    except ValueError as err:  # a value YAML cannot build, such as the date 2024-13-01
        return [Problem(CARD, None, "-", "card-front-matter", f"the YAML does not parse: {str(err)[:200]}")]
    if not isinstance(front, Located):
        return [Problem(CARD, 2, "-", "card-front-matter", f"the front matter is {type(front).__name__}, not a mapping of keys")]
    expected = {name: config for name, config in CONFIGS.items() if name not in omitted}
    return list(check_configs(front, expected)) + list(check_features(front, expected, required=real))


def data_files_problem(files: object, config: Config) -> str | None:
    """What is wrong with a config's ``data_files``: it must be the one split ``test`` at the config's file."""
    want = f"one entry, split {SPLIT} at {config.path}"
    if files is None:
        return f"missing; expected {want}"
    if not (isinstance(files, list) and len(files) == 1 and isinstance(files[0], dict)):
        return f"expected {want}"
    split, path = files[0].get("split"), files[0].get("path")
    if split != SPLIT:
        return f"split {shown(split)}, expected {SPLIT!r}"
    if path != config.path and path != [config.path]:
        return f"path {shown(path)}, expected {config.path!r}"
    return None


def named_entries(entries: list, *, section: str, rule: str, needs: str, twice: str, line: int | None,
                  expected: dict[str, Config] | None = None) -> Iterator[Problem | tuple[str, dict, int | None]]:
    """The entries of a card list of ``config_name`` mappings (``configs``, ``dataset_info``), in order: a problem
    for an entry with no name, an unknown config, one a synthetic folder omits (where ``expected`` is given)
    or a config named again; ``(name, entry, line)`` for every other."""
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        at = line_of(entry, default=line)
        name = entry.get("config_name") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            yield Problem(CARD, at, f"{section}[{index}]", rule, f"an entry needs a config_name and its {needs}")
        elif name not in CONFIGS:
            yield Problem(CARD, at, f"{section}.{name}", rule, f"unknown config; known: {', '.join(CONFIGS)}")
        elif expected is not None and name not in expected:
            yield Problem(CARD, at, f"{section}.{name}", rule,
                          "this synthetic dataset omits the config (synthetic.omitted in manifest.json)")
        elif name in seen:
            yield Problem(CARD, at, f"{section}.{name}", rule, twice)
        else:
            seen.add(name)
            yield name, entry, at


def check_configs(front: Located, expected: dict[str, Config]) -> Iterator[Problem]:
    """``configs``: each expected config once, with its data file, and no config the folder does not hold."""
    configs = front.get("configs")
    line = front.key_line("configs") if "configs" in front else None
    if not isinstance(configs, list):
        yield Problem(CARD, line, "configs", "card-config",
                      "the front matter has no configs" if configs is None else "expected a list of {config_name, data_files}")
        return
    listed: set[str] = set()
    for item in named_entries(configs, section="configs", rule="card-config", needs="data_files", twice="listed twice",
                              line=line, expected=expected):
        if isinstance(item, Problem):
            yield item
            continue
        name, entry, at = item
        listed.add(name)
        wrong = data_files_problem(entry.get("data_files"), expected[name])
        if wrong:
            yield Problem(CARD, line_of(entry, "data_files", at), f"configs.{name}.data_files", "card-config", wrong)
    for name in expected:
        if name not in listed:
            yield Problem(CARD, line, f"configs.{name}", "card-config", "the config is missing from the card")


def check_features(front: Located, expected: dict[str, Config], *, required: bool) -> Iterator[Problem]:
    """``dataset_info``: features for each expected config, agreeing with its schema (required if ``required``)."""
    infos = front.get("dataset_info")
    if infos is None and not required:
        return  # a synthetic card may declare no features
    line = front.key_line("dataset_info") if "dataset_info" in front else None
    infos = [infos] if isinstance(infos, dict) else infos  # one config may be given as a mapping
    if not isinstance(infos, list):
        yield Problem(CARD, line, "dataset_info", "card-feature",
                      "the front matter has no dataset_info" if infos is None else "expected a list of {config_name, features}")
        return
    declared: set[str] = set()
    for item in named_entries(infos, section="dataset_info", rule="card-feature", needs="features", twice="declared twice",
                              line=line):
        if isinstance(item, Problem):
            yield item
            continue
        name, info, at = item
        declared.add(name)
        features = info.get("features")
        where = line_of(info, "features", at)
        if not isinstance(features, list):
            yield Problem(CARD, where, f"dataset_info.{name}.features", "card-feature", "expected a list of named features")
            continue
        schema_name = CONFIGS[name].schema
        schema = load_schema(schema_name)
        yield from compare_fields(features, schema, Schema(schema, schema_name), f"dataset_info.{name}", where)
    for name in expected:
        if name not in declared:
            yield Problem(CARD, line, f"dataset_info.{name}", "card-feature", "no features declared for the config")


# --- the changelog and croissant.json --------------------------------------------------------------------

def check_changelog(root: Path, *, real: bool) -> list[Problem]:
    """``CHANGELOG.md`` is there (real data only: ``newsprep synth`` writes none) and names its newest version.

    That this version is the manifest's is checked with the card's by ``check_versions``.
    """
    if not real and missing(root / CHANGELOG):
        return []
    text, problems = read_text(root, CHANGELOG, "changelog")
    if text is None:
        return problems
    if changelog_top(root / CHANGELOG) is None:
        return [Problem(CHANGELOG, None, "version", "changelog-version", "no '## X.Y.Z (YYYY-MM-DD)' heading names the newest version")]
    return []


def check_croissant(root: Path, files: dict | None, version: str | None, *, real: bool) -> list[Problem]:
    """``croissant.json`` (real data only: ``newsprep synth`` writes none) against the manifest.

    ``files`` is the manifest's ``files`` and ``version`` its version; None where the manifest cannot
    tell (its own problems say why), which leaves those comparisons out.
    """
    if not real and missing(root / CROISSANT):
        return []
    text, problems = read_text(root, CROISSANT, "croissant")
    if text is None:
        return problems
    try:
        meta = parse(text)
    except DuplicateKey as err:
        return [Problem(CROISSANT, None, duplicate_key_path(text), "duplicate-key", str(err))]
    except RecursionError:
        return [Problem(CROISSANT, None, "-", "croissant-readable", "nested too deeply")]
    except ValueError as err:
        return [Problem(CROISSANT, None, "-", "croissant-readable", str(err)[:200])]
    if not isinstance(meta, dict):
        return [Problem(CROISSANT, None, "-", "croissant-readable", f"expected a JSON object, not {type(meta).__name__}")]
    if meta.get("conformsTo") != CONFORMS_TO:
        problems.append(Problem(CROISSANT, None, "conformsTo", "croissant-conforms",
                                f"{meta.get('conformsTo')!r:.80}, expected {CONFORMS_TO!r}"))
    if version is not None:
        if meta.get("version") != version:
            problems.append(Problem(CROISSANT, None, "version", "version-agrees",
                                    f"{meta.get('version')!r:.40} here, manifest.json says {version!r}"))
        cited = re.search(r"\{Version ([^}]*)\}", meta["citeAs"]) if isinstance(meta.get("citeAs"), str) else None
        if cited and cited.group(1) != version:
            problems.append(Problem(CROISSANT, None, "citeAs", "version-agrees",
                                    f"{cited.group(1)!r:.40} here, manifest.json says {version!r}"))
    if files is not None:
        problems.extend(check_distribution(root, meta.get("distribution"), files))
    return problems


def check_distribution(root: Path, distribution: object, files: dict) -> Iterator[Problem]:
    """One ``FileObject`` per data file of the manifest (by ``contentUrl``), with the file's sha256."""
    if not isinstance(distribution, list):
        yield Problem(CROISSANT, None, "distribution", "croissant-file", "expected a list of FileObjects")
        return
    objects: dict[str, dict] = {}
    for entry in distribution:
        if isinstance(entry, dict) and entry.get("@type") == FILE_OBJECT and isinstance(entry.get("contentUrl"), str):
            objects.setdefault(entry["contentUrl"], entry)
    for rel, entry in sorted(files.items()):
        if not inside(rel):
            continue  # the manifest's manifest-path
        found = objects.get(rel)
        if found is None:
            yield Problem(CROISSANT, None, f"distribution.{rel}", "croissant-file", "no FileObject for this data file of the manifest")
            continue
        listed = entry.get("sha256") if isinstance(entry, dict) else None
        if not isinstance(listed, str) or file_problem(root / rel, rel, max_bytes=STREAMED_BYTES):
            continue  # a malformed manifest entry or an unusable file: the manifest's problems
        digest = sha256_file(root / rel)
        if digest == listed and found.get("sha256") != digest:
            yield Problem(CROISSANT, None, f"distribution.{rel}.sha256", "croissant-checksum",
                          f"{str(found.get('sha256'))[:12]}… here, the file's sha256 is {digest[:12]}…")
    for rel in sorted(set(objects) - set(files)):
        yield Problem(CROISSANT, None, f"distribution.{rel}", "croissant-file", "not a data file of the manifest")


# --- the manifest's synthetic block ----------------------------------------------------------------------

def omitted_configs(block: dict | None) -> set[str]:
    """The configs a synthetic or imported dataset's block says it leaves out; only known names count."""
    omitted = block.get("omitted") if block else None
    return {name for name in omitted if isinstance(name, str) and name in CONFIGS} if isinstance(omitted, list) else set()


NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")  # the name of an imported corpus
IMPORTED_FIELDS = (
    ("name", "a name of lower-case letters, digits, '-', '_' or '.'", lambda v: isinstance(v, str) and NAME.fullmatch(v)),
    ("format", "a string", lambda v: isinstance(v, str)),
    ("omitted", "a list of config names", lambda v: isinstance(v, list) and all(isinstance(n, str) and n in CONFIGS for n in v)),
    ("entity_ids", "a boolean", lambda v: isinstance(v, bool)),
)


def check_imported_block(manifest: dict) -> list[Problem]:
    """The ``imported`` block of a corpus of one's own (``newsprep import``): an object with ``name``,
    ``format``, ``omitted`` and ``entity_ids`` (whether named mentions carry cross-document ids); a folder
    is synthetic or imported, not both.

    >>> print(check_imported_block({"imported": {"name": "Mine", "format": "brat", "omitted": [], "entity_ids": False}})[0])
    manifest.json: imported.name: manifest-field (expected a name of lower-case letters, digits, '-', '_' or '.', got "Mine")
    """
    if "imported" not in manifest:
        return []
    block = manifest["imported"]
    if not isinstance(block, dict):
        return [Problem(MANIFEST, None, "imported", "manifest-field",
                        f'expected an object {{"name": …, "format": …, "omitted": […], "entity_ids": …}}, '
                        f"got {json.dumps(block)[:40]}")]
    if "synthetic" in manifest:
        return [Problem(MANIFEST, None, "imported", "manifest-field", "a folder is synthetic or imported, not both")]
    problems = []
    for key, wanted, fits in IMPORTED_FIELDS:
        if key not in block:
            problems.append(Problem(MANIFEST, None, f"imported.{key}", "manifest-field", f"missing; expected {wanted}"))
        elif not fits(block[key]):
            problems.append(Problem(MANIFEST, None, f"imported.{key}", "manifest-field",
                                    f"expected {wanted}, got {json.dumps(block[key], ensure_ascii=False)[:60]}"))
    return problems


def check_synthetic_block(manifest: dict) -> list[Problem]:
    """The ``synthetic`` block of a manifest, if it has one, with the fields and types ``newsprep synth`` writes.

    A block that is not an object would make the folder pass for real data.
    """
    if "synthetic" not in manifest:
        return []
    block = manifest["synthetic"]
    if not isinstance(block, dict):
        return [Problem(MANIFEST, None, "synthetic", "manifest-field",
                        f'expected an object {{"docs": N, "seed": N, "omitted": [config, …]}}, got {json.dumps(block)[:40]}')]
    problems = []
    for key, wanted, fits in (
        ("docs", "an integer ≥ 1", lambda v: type(v) is int and v >= 1),
        ("seed", "an integer", lambda v: type(v) is int),
        ("omitted", "a list of config names", lambda v: isinstance(v, list) and all(isinstance(n, str) and n in CONFIGS for n in v)),
        ("scoring_only", "a boolean", lambda v: isinstance(v, bool)),
    ):
        if key not in block:
            if key != "scoring_only":
                problems.append(Problem(MANIFEST, None, f"synthetic.{key}", "manifest-field", f"missing; expected {wanted}"))
        elif not fits(block[key]):
            problems.append(Problem(MANIFEST, None, f"synthetic.{key}", "manifest-field",
                                    f"expected {wanted}, got {json.dumps(block[key], ensure_ascii=False)[:60]}"))
    return problems
