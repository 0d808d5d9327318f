"""Rebuild the derived data files from their sources, then the manifest.

``documents.jsonl`` is derived from the raw articles in ``dataset/raw`` (kept
byte for byte, with their ``SHA256SUMS``); ``tokens.jsonl`` from the gold
segments and entity spans; ``duplicate_pairs.jsonl`` and ``document_pairs.jsonl``
from the two labelling passes and the adjudication records in ``annotation/``
(see ``build_duplicates``); ``croissant.json`` from the manifest and
the card. Running the build on an unchanged
checkout must reproduce the committed files exactly; a test checks that.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .build_duplicates import derive, document_pairs
from .croissant import write_croissant
from .check_entities import review_report, token_rows
from .data import dataset_dir, data_version
from .manifest import write_manifest

# Outlet and publication date, only where the article text itself shows them.
# d003 opens with "(Al Jazeera Media Network)" and ends with an aljazeera.com
# URL whose path holds the date 2024/6/19; d004 carries "Status: 20.06.2024".
# Nothing in d000, d001 or d002 names the outlet or the date, so they stay null.
SHOWN_IN_TEXT = {
    "d003": {"outlet": "Al Jazeera", "published": "2024-06-19"},
    "d004": {"outlet": None, "published": "2024-06-20"},
}


def raw_files(root: Path) -> list[Path]:
    return sorted((root / "raw").glob("*.txt"))


def document_record(index: int, path: Path) -> dict:
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    doc_id = f"d{index:03d}"
    shown = SHOWN_IN_TEXT.get(doc_id, {})
    return {
        "id": doc_id,
        "seed_file": path.name,
        "title": text.split("\n", 1)[0],
        "text": text,
        "language": "en",
        "outlet": shown.get("outlet"),
        "published": shown.get("published"),
        "num_chars": len(text),
        "sha256": hashlib.sha256(raw).hexdigest(),
    }


def dump_jsonl(path: Path, rows: list[dict]) -> None:
    lines = [json.dumps(row, ensure_ascii=False, separators=(", ", ": ")) + "\n" for row in rows]
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("".join(lines), encoding="utf-8", newline="\n")
    tmp.replace(path)


def build(root: Path | None = None) -> None:
    root = root or dataset_dir()
    version = data_version(root)
    docs = [document_record(i, p) for i, p in enumerate(raw_files(root))]
    dump_jsonl(root / "data" / "documents.jsonl", docs)
    texts = {d["id"]: d["text"] for d in docs}
    segments = read_rows(root / "data" / "segments.jsonl")
    mentions = {r["doc"]: r["mentions"] for r in read_rows(root / "data" / "entities.jsonl")}
    dump_jsonl(root / "data" / "tokens.jsonl", token_rows(texts, segments, mentions))
    boiler = {r["doc"]: [(s["start"], s["end"]) for s in r["spans"]] for r in read_rows(root / "data" / "boilerplate.jsonl")}
    notes = root / "annotation"
    pairs = derive(*(read_rows(notes / f"duplicates.{name}.jsonl") for name in ("pass_a", "pass_b", "adjudication")))
    dump_jsonl(root / "data" / "duplicate_pairs.jsonl", pairs)
    dump_jsonl(root / "data" / "document_pairs.jsonl", document_pairs(segments, pairs))
    (root / "annotation" / "entity_review.md").write_text(review_report(texts, mentions, boiler), encoding="utf-8")
    write_manifest(root, version)
    write_croissant(root)


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
