"""The gold layers in the shapes the metrics use."""
from __future__ import annotations

from .data import CONFIGS, data_version, records
from .errors import NewsPrepError
from .spans import Span
from .spans import Mention


def require(config: str) -> None:
    if config not in CONFIGS:
        raise NewsPrepError(f"data {data_version()} has no gold {config!r} layer yet")


def texts() -> dict[str, str]:
    return {doc["id"]: doc["text"] for doc in records("documents")}


def boilerplate() -> dict[str, tuple[Span, ...]]:
    return {r["doc"]: tuple(Span(s["start"], s["end"], s["category"]) for s in r["spans"]) for r in records("boilerplate")}


def entities() -> dict[str, tuple[Mention, ...]]:
    require("entities")
    return {r["doc"]: tuple(sorted(Mention(m["start"], m["end"], m["type"], m.get("entity_id")) for m in r["mentions"]))
            for r in records("entities")}


def duplicate_pairs() -> dict[tuple[str, str], tuple[str, float]]:
    require("duplicate_pairs")
    return {(r["a"], r["b"]): (r["label"], float(r["score"])) for r in records("duplicate_pairs")}


def segments() -> list[dict]:
    return records("segments")
