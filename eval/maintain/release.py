"""``newsprep release-check``: every place that states the version must agree.

One number names a release: the package, the data and every score computed
with them (the policy is in DATASHEET.md, "Maintenance"). It is written in
``pyproject.toml``, the installed package's metadata, the dataset card (YAML
``version``, each config's ``version`` and the "Version X" line), ``manifest.json``, the top entry of
``CHANGELOG.md`` (with its release date), ``croissant.json`` (which must also
equal a fresh build from the manifest and card), ``DATASHEET.md``, and the
leaderboard in ``results/`` and the README. ``release_problems`` lists every
disagreement as a ``Problem``; an empty list means the release is consistent.

>>> release_problems(repo_root())   # doctest: +SKIP
[]
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from newsprep.eval.data.dataset import dataset_dir
from newsprep.eval.data.versions import card_versions, changelog_top
from newsprep.eval.errors import NewsPrepError, Problem
from newsprep.eval.maintain.croissant import build_croissant
from newsprep.eval.settings import __version__
from newsprep.eval.validate.dataset import check_manifest


def repo_root() -> Path:
    """The checkout holding the embedded dataset; release-check needs one (a wheel has no pyproject)."""
    root = dataset_dir().parent
    if not (root / "pyproject.toml").is_file():
        raise NewsPrepError(f"release-check runs in a source checkout; no pyproject.toml beside {dataset_dir()}")
    return root


def find_line(path: Path, pattern: str) -> tuple[int, str] | None:
    """The first line (1-based number, matched group 1) that matches ``pattern``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = re.search(pattern, line)
        if match:
            return number, match.group(1)
    return None


def stated_versions(repo: Path) -> list[tuple[str, int | None, str, str | None]]:
    """Every place that states the version: ``(file, line, field, version or None if absent)``."""
    v = r"(\d+\.\d+\.\d+)"
    places = [
        ("pyproject.toml", rf'^version = "{v}"', "project.version"),
        ("dataset/README.md", rf"\*\*Version {v}\.\*\*", "Version line"),
        ("dataset/README.md", rf"note\s*= \{{Version {v}\}}", "citation"),
        ("DATASHEET.md", rf"describes NewsPrep version {v}", "version"),
        ("README.md", rf"^## Leaderboard \(data {v}\)", "Leaderboard heading"),
    ]
    out: list[tuple[str, int | None, str, str | None]] = []
    for rel, pattern, field in places:
        found = find_line(repo / rel, pattern) if (repo / rel).is_file() else None
        out.append((rel, found[0] if found else None, field, found[1] if found else None))
    card = card_versions(repo / "dataset/README.md") if (repo / "dataset/README.md").is_file() else []
    stated: list[tuple[str, int | None, str, str | None]] = [
        ("dataset/README.md", line, field, found) for line, field, found in card]  # the card's version, then each config's
    out[1:1] = stated or [("dataset/README.md", None, "version", None)]
    manifest = json.loads((repo / "dataset/manifest.json").read_text(encoding="utf-8"))
    out.append(("dataset/manifest.json", None, "version", manifest.get("version")))
    top = changelog_top(repo / "dataset/CHANGELOG.md")
    out.append(("dataset/CHANGELOG.md", top[0] if top else None, "newest entry", top[1] if top else None))
    croissant = json.loads((repo / "dataset/croissant.json").read_text(encoding="utf-8"))
    out.append(("dataset/croissant.json", None, "version", croissant.get("version")))
    leaderboard = repo / "results/leaderboard.json"
    if leaderboard.is_file():
        out.append(("results/leaderboard.json", None, "data_version",
                    json.loads(leaderboard.read_text(encoding="utf-8")).get("data_version")))
    out.append(("installed package", None, "newsprep.__version__", __version__))
    return out


def version_problems(repo: Path) -> list[Problem]:
    """Each place whose version is missing or differs from ``pyproject.toml``'s."""
    places = stated_versions(repo)
    expected = places[0][3]
    problems = []
    for rel, line, field, version in places:
        if version is None:
            problems.append(Problem(rel, line, field, "version-stated", "no version found"))
        elif version != expected:
            hint = "; reinstall: pip install -e ." if rel == "installed package" else ""
            problems.append(Problem(rel, line, field, "version-agrees", f"{version!r}, pyproject.toml has {expected!r}{hint}"))
    return problems


def changelog_problems(repo: Path) -> list[Problem]:
    top = changelog_top(repo / "dataset/CHANGELOG.md")
    if top and top[2] is None:
        return [Problem("dataset/CHANGELOG.md", top[0], "newest entry", "release-date",
                        f"heading '## {top[1]}' needs a date: '## {top[1]} (YYYY-MM-DD)'")]
    return []


def manifest_problems(repo: Path) -> list[Problem]:
    """The manifest's rules as ``validate-data`` checks them, and croissant.json against a fresh build."""
    root = repo / "dataset"
    problems = [Problem(f"dataset/{p.file}", p.line, p.field, p.rule, p.detail) for p in check_manifest(root)
                if p.rule != "version-agrees"]  # every stated version is compared with pyproject's by version_problems
    committed = json.loads((root / "croissant.json").read_text(encoding="utf-8"))
    fresh = build_croissant(root)
    for key in sorted(set(committed) | set(fresh)):
        if committed.get(key) != fresh.get(key):
            problems.append(Problem("dataset/croissant.json", None, key, "croissant-in-sync",
                                    "differs from a fresh build; run: newsprep build-data"))
    return problems


# Files that release-check reads as a whole: when one is missing or unreadable, that is all it reports.
UNREADABLE = {"manifest-readable", "manifest-shape", "card-present", "card-readable", "changelog-present",
              "changelog-readable", "croissant-present", "croissant-readable"}


def release_problems(repo: Path) -> list[Problem]:
    """Every disagreement between the places that describe a release; ``[]`` when consistent."""
    from newsprep.eval.validate.dataset import validate_data

    unreadable = [Problem(f"dataset/{p.file}", p.line, p.field, p.rule, p.detail)
                  for p in validate_data(repo / "dataset") if p.rule in UNREADABLE]
    if unreadable:
        return unreadable
    return version_problems(repo) + changelog_problems(repo) + manifest_problems(repo)
