"""Maintainers' tools: rebuild derived data, the Croissant description and the release check. Users never need them."""
