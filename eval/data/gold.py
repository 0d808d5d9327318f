"""The gold layers in the shapes the metrics use; ``root`` is a dataset folder (default: the embedded one)."""
from __future__ import annotations

from pathlib import Path

from newsprep.eval.data.dataset import CONFIGS, data_version, records, validated_records
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.types import POSITION, Mention, Span


def require(config: str, root: Path | None = None) -> None:
    if config not in CONFIGS:
        raise NewsPrepError(f"data {data_version(root)} has no gold {config!r} layer yet")
    if root is not None and not (Path(root) / CONFIGS[config].path).is_file():
        raise NewsPrepError(f"{root} has no gold {config!r} layer ({CONFIGS[config].path} is absent)")


def texts(root: Path | None = None) -> dict[str, str]:
    return {doc["id"]: doc["text"] for doc in records("documents", root)}


def boilerplate_spans(spans: list[dict]) -> tuple[Span, ...]:
    """Spans of a boilerplate record (gold or submitted; a submission may leave out the category), sorted."""
    return tuple(sorted(Span(s["start"], s["end"], s.get("category", "")) for s in spans))


def mentions(items: list[dict]) -> tuple[Mention, ...]:
    """Mentions of an entities record (gold or submitted), sorted by position (validated mentions do not overlap)."""
    return tuple(sorted((Mention(m["start"], m["end"], m["type"], m.get("entity_id")) for m in items), key=POSITION))


def boilerplate(root: Path | None = None) -> dict[str, tuple[Span, ...]]:
    require("boilerplate", root)
    return {r["doc"]: boilerplate_spans(r["spans"]) for r in records("boilerplate", root)}


def entities(root: Path | None = None) -> dict[str, tuple[Mention, ...]]:
    require("entities", root)
    return {r["doc"]: mentions(r["mentions"]) for r in records("entities", root)}


def duplicate_pairs(root: Path | None = None, *, validated: bool = False) -> dict[tuple[str, str], tuple[str, float]]:
    """The gold pairs; ``validated``: the folder passed ``validate_data``, its lines are not checked again."""
    require("duplicate_pairs", root)
    read = validated_records if validated else records
    return {(r["a"], r["b"]): (r["label"], float(r["score"])) for r in read("duplicate_pairs", root)}


def segments(root: Path | None = None, *, validated: bool = False) -> list[dict]:
    return (validated_records if validated else records)("segments", root)
