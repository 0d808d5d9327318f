"""What a dataset folder holds: a release's files and nothing else, each covered by the manifest.

A release of NewsPrep (the embedded ``dataset/`` folder, or a copy of it) holds
exactly these entries at its top:

- ``README.md`` (the dataset card), ``CHANGELOG.md``, ``croissant.json``: they
  describe the release and are checked by their own rules (``validate.card``);
- ``ANNOTATION_GUIDELINES.md``: how the gold was annotated; like the card, a
  page that may be corrected without a new release of the data;
- ``manifest.json``: the sha256 of every file the data is or was made from:
- ``data/``: the data files, each with its sha256 and record count under ``files``;
- ``annotation/`` (every annotation pass and adjudication the gold was made
  from) and ``raw/`` (the articles as received, with their ``SHA256SUMS``):
  each file with its sha256 under ``release``;
- ``__init__.py``, the marker that makes the folder package data (optional).

A synthetic corpus (``newsprep synth``) holds ``README.md``, ``manifest.json``,
``data/`` and, optionally, ``annotation/``; an imported corpus (``newsprep import``) holds what a release
holds but ``raw/`` (its ``annotation/`` keeps where each document came from). Anything else at the top (a stray
file, an output written there), a missing entry, a file under a covered folder
that the manifest does not list, or a listed file missing or changed is a
problem: ``release-contents``, ``manifest-listed``, ``file-exists`` or
``manifest-checksum``. ``__pycache__`` folders are ignored.
"""
from __future__ import annotations

import os
from pathlib import Path

from newsprep.eval.data.manifest import RELEASE_COVERED, release_files, sha256_file
from newsprep.eval.errors import Problem
from newsprep.eval.io.jsonl import file_problem

IGNORED = "__pycache__"
# The top of a release: name -> True for a folder, False for a file.
REAL = {"README.md": False, "CHANGELOG.md": False, "croissant.json": False, "manifest.json": False, "data": True,
        "ANNOTATION_GUIDELINES.md": False, "annotation": True, "raw": True}
SYNTHETIC = {"README.md": False, "manifest.json": False, "data": True}
IMPORTED = {"README.md": False, "CHANGELOG.md": False, "croissant.json": False, "manifest.json": False, "data": True,
            "ANNOTATION_GUIDELINES.md": False, "annotation": True}
OPTIONAL = {"__init__.py": False}
OPTIONAL_IN_SYNTHETIC = {"annotation": True}
LAYOUTS = {"real": REAL, "synthetic": SYNTHETIC, "imported": IMPORTED}


def layout(kind: str) -> str:
    names = [f"{n}/" if folder else n for n, folder in LAYOUTS[kind].items()]
    holder = {"real": "a release", "synthetic": "a synthetic corpus", "imported": "an imported corpus"}[kind]
    return f"{holder} holds " + ", ".join(names)


def check_release(root: Path, manifest: dict | None, *, kind: str) -> list[Problem]:
    """The folder's top entries against a release's (or a synthetic or imported corpus's), and the files the
    manifest's ``release`` map covers (real data). ``manifest`` is the manifest if it could be read, else None."""
    required = LAYOUTS[kind]
    allowed = {**required, **OPTIONAL, **(OPTIONAL_IN_SYNTHETIC if kind == "synthetic" else {})}
    problems: list[Problem] = []
    present = {entry.name: entry for entry in os.scandir(root)} if root.is_dir() else {}
    for name in sorted(present):
        if name == IGNORED:
            continue
        if name not in allowed:
            entry = "folder" if present[name].is_dir() else "file"
            problems.append(Problem(name, None, "-", "release-contents",
                                    f"a {entry} that is not part of the dataset ({layout(kind)}); move it out of the folder"))
        elif allowed[name] and not present[name].is_dir():
            problems.append(Problem(name, None, "-", "release-contents", "not a folder; " + layout(kind)))
    described = {"README.md", "CHANGELOG.md", "croissant.json", "manifest.json", "data"}  # each has its own message
    for name, folder in required.items():
        if name not in present and name not in described:
            problems.append(Problem(name, None, "-", "release-contents",
                                    f"{'folder' if folder else 'file'} is missing; " + layout(kind)))
    if kind != "synthetic" and manifest is not None:
        problems += covered_problems(root, manifest, gone={n for n in REAL if n not in present})
    return problems


def covered_problems(root: Path, manifest: dict, gone: set[str]) -> list[Problem]:
    """The files of the manifest's ``release`` map: present, unchanged, and none unlisted."""
    listed = manifest.get("release")
    shape = '{"release": {"annotation/NAME": "sha256", ...}}'
    if not isinstance(listed, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in listed.items()):
        return [Problem("manifest.json", None, "release", "manifest-shape",
                        f"expected {shape}, every file of annotation/ and raw/ with its sha256 "
                        "(newsprep build-data writes it)")]
    problems = []
    for rel, digest in sorted(listed.items()):
        top = rel.split("/", 1)[0]
        if top in gone:
            continue  # the folder or file is missing: one message above
        if top not in RELEASE_COVERED or "/" not in rel or ".." in rel.split("/") or rel.startswith("/"):
            problems.append(Problem("manifest.json", None, f"release.{rel}", "manifest-path",
                                    "a file of annotation/ or raw/"))
            continue
        path = root / rel
        if not path.exists() and not path.is_symlink():
            problems.append(Problem("manifest.json", None, f"release.{rel}", "file-exists", "listed file is missing"))
        elif unusable := file_problem(path, rel):
            problems.append(unusable)
        elif (found := sha256_file(path)) != digest:
            problems.append(Problem(rel, None, "-", "manifest-checksum", f"sha256 {found[:12]}… != manifest {digest[:12]}…"))
    for rel in release_files(root):
        if rel not in listed:
            problems.append(Problem(rel, None, "-", "manifest-listed", "file is not in the manifest"))
    return problems
