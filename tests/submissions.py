"""Building submission files for tests."""
import json
from pathlib import Path

from newsprep.eval import data_version, records


def header(**changes) -> dict:
    return {"task": "header", "dataset_version": data_version(), "system": "test", **changes}


def gold_boilerplate_records() -> list[dict]:
    return [{"task": "boilerplate", "doc": r["doc"], "spans": r["spans"]} for r in records("boilerplate")]


def write(path: Path, rows: list, *, raw: bool = False) -> Path:
    """Write rows (dicts, or raw strings with ``raw``) as JSON Lines."""
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
