"""Where a dataset folder states its version besides the manifest: the card's YAML (its own ``version`` and each
config's, which ``datasets`` reports as ``info.version``) and the newest CHANGELOG entry.

Read by the data validator (every folder must state one version) and by the
maintainers' release check (every file of a release must agree): one reader
for both, so the two cannot read a file differently.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "CHANGELOG.md"
>>> _ = path.write_text("# Changelog\\n\\n## 0.4.2 (2024-07-01)\\n\\n## 0.4.1\\n")
>>> changelog_top(path)
(3, '0.4.2', '2024-07-01')
"""
from __future__ import annotations

import re
from pathlib import Path

CARD_VERSION = re.compile(r"^version:\s*(\S+)\s*$")  # the YAML key in the card's front matter
CONFIG_VERSION = re.compile(r"^  version:\s*(\S+)\s*$")  # the same key in an entry of ``configs``
CONFIG_NAME = re.compile(r"^- config_name:\s*(\S+)\s*$")
CHANGELOG_DATE = re.compile(r"^\((\d{4}-\d{2}-\d{2})\)$")


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8", "replace").splitlines()


def changelog_top(path: Path) -> tuple[int, str, str | None] | None:
    """Line number, version and release date (None if not given) of the first ``## `` heading; None if there is none."""
    for number, line in enumerate(_lines(path), 1):
        if line.startswith("## "):
            words = line[3:].split()
            if not words:
                return number, "", None
            date = CHANGELOG_DATE.match(words[1]) if len(words) == 2 else None
            return number, words[0], date.group(1) if date else None
    return None


def card_versions(path: Path) -> list[tuple[int, str, str]]:
    """Every version the card's front matter states, in order: ``(line, field, version)`` for its own
    ``version:`` (field ``version``) and for each entry of ``configs`` that names one (``configs.<name>.version``).

    Read line by line, not parsed, so that a card whose YAML does not parse still shows its versions.

    >>> import pathlib, tempfile
    >>> card = pathlib.Path(tempfile.mkdtemp()) / "README.md"
    >>> _ = card.write_text("---\\nversion: 1.2.0\\nconfigs:\\n- config_name: documents\\n  version: 1.1.0\\n---\\n")
    >>> card_versions(card)
    [(2, 'version', '1.2.0'), (5, 'configs.documents.version', '1.1.0')]
    """
    found: list[tuple[int, str, str]] = []
    section, config = None, None
    for number, line in enumerate(_lines(path), 1):
        if number > 1 and line.rstrip() == "---":
            break  # the end of the front matter
        if line[:1] not in ("", " ", "-", "#"):
            section = line.split(":", 1)[0]  # a top-level key
        if match := CARD_VERSION.match(line):
            found.append((number, "version", match.group(1)))
        elif section == "configs" and (named := CONFIG_NAME.match(line)):
            config = named.group(1)
        elif section == "configs" and config and (match := CONFIG_VERSION.match(line)):
            found.append((number, f"configs.{config}.version", match.group(1)))
    return found
