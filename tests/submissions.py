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


def imperfect_predictions(root=None):
    """Gold entities and boilerplate of a dataset, spoiled by rule: every 5th mention dropped, every 7th
    retyped, every 9th cut to its first token; every 4th boilerplate span dropped."""
    from newsprep.eval.data import gold
    from newsprep.eval.data.tokens import tokenize
    from newsprep.eval.types import Mention

    texts = gold.texts(root)
    entities, k = {}, 0
    for doc, mentions in gold.entities(root).items():
        out = []
        for m in mentions:
            k += 1
            if k % 5 == 0:
                continue
            if k % 7 == 0:
                m = Mention(m.start, m.end, "ORG" if m.type != "ORG" else "GPE", m.entity_id)
            elif k % 9 == 0:
                first = tokenize(texts[doc], m.start, m.end)[0]
                m = Mention(m.start, first[2], m.type)
            out.append(m)
        entities[doc] = out
    boilerplate = {doc: [s for i, s in enumerate(spans) if i % 4 != 3] for doc, spans in gold.boilerplate(root).items()}
    return {"entities": entities, "boilerplate": boilerplate}
