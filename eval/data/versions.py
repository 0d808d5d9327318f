"""Where a dataset folder states its version besides the manifest: the card's YAML and the newest CHANGELOG entry.

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


def card_version(path: Path) -> tuple[int, str] | None:
    """Line number and value of the card's ``version:`` key; None if it states none."""
    for number, line in enumerate(_lines(path), 1):
        match = CARD_VERSION.match(line)
        if match:
            return number, match.group(1)
    return None
