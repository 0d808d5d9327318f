"""The dataset card's YAML front matter: the lines of ``README.md`` between its first line ``---`` and the next.

One reader for every user of the card's metadata (the data validator and the
``croissant.json`` builder), so that no two of them find the front matter in
different places. ``parse_front_matter`` reads it with PyYAML's safe loader and
also records where each mapping, and each key of it, stands in the card.

>>> card = "---\\nversion: 1.2.3\\nconfigs:\\n- config_name: documents\\n---\\n# NewsPrep\\n"
>>> front_matter(card)
'version: 1.2.3\\nconfigs:\\n- config_name: documents'
>>> meta = parse_front_matter(front_matter(card))
>>> meta["version"], meta.key_line("configs"), meta["configs"][0].line
('1.2.3', 3, 4)
>>> front_matter("# no front matter\\n")
Traceback (most recent call last):
ValueError: the card does not start with a '---' line opening its YAML front matter
"""
from __future__ import annotations

import yaml

FENCE = "---"  # the line that opens and closes the front matter


def front_matter(text: str) -> str:
    """The YAML text of the front matter; ``ValueError`` if the card has none or never closes it.

    Both ``---`` lines may carry trailing white space; line ends may be ``\\n`` or ``\\r\\n``.
    """
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != FENCE:
        raise ValueError(f"the card does not start with a {FENCE!r} line opening its YAML front matter")
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            return "\n".join(lines[1:number])
    raise ValueError(f"the front matter opened on line 1 is never closed by a {FENCE!r} line")


class Located(dict):
    """A YAML mapping of the card that knows the card line it starts on and the line of each of its keys."""

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[object, int] = {}

    def key_line(self, key: object) -> int:
        """The card line of ``key``; the mapping's own line if the key is absent."""
        return self.lines.get(key, self.line)


class CardLoader(yaml.SafeLoader):
    """``yaml.safe_load``'s loader whose mappings are ``Located``; it builds nothing else."""


class DuplicateYamlKey(yaml.constructor.ConstructorError):
    """A mapping of the card holds one key twice: YAML readers disagree on which value wins."""

    def __init__(self, key: str, mark):
        super().__init__(None, None, f"key {key!r} appears twice in one mapping", mark)
        self.key = key


def _located_mapping(loader: CardLoader, node: yaml.MappingNode):
    data = Located(node.start_mark.line + 1)
    yield data
    seen: set[object] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                raise DuplicateYamlKey(key.value, key.start_mark)
            seen.add(key.value)
    data.update(loader.construct_mapping(node))
    data.lines = {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}


CardLoader.add_constructor("tag:yaml.org,2002:map", _located_mapping)


def parse_front_matter(front: str) -> object:
    """The front matter (as ``front_matter`` returns it) parsed; its mappings are ``Located`` with card line numbers.

    Raises what ``yaml.safe_load`` raises: ``yaml.YAMLError`` (its marks count the card's lines from 0),
    ``ValueError`` (an impossible date) or ``RecursionError`` (nested too deeply).
    """
    # A blank first line stands for the opening '---', so that YAML's line numbers are the card's.
    return yaml.load("\n" + front, Loader=CardLoader)  # a SafeLoader: it builds only plain data
