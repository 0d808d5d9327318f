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


def imperfect_corpus(folder: Path, *, docs: int, seed: int) -> tuple[Path, Path]:
    """A synthetic scoring corpus of ``docs`` documents in ``folder/corpus`` and an imperfect system's submission
    for it (``folder/sys.jsonl``, records in document order)."""
    from newsprep.eval.submission.write import write_submission
    from newsprep.eval.synth.write import write_corpus

    root = folder / "corpus"
    write_corpus(root, docs=docs, seed=seed, pairs=False, validate=False)
    return root, write_submission(folder / "sys.jsonl", system="imperfect", root=root, **imperfect_predictions(root))


def shuffled_copy(path: Path, out: Path, seed: int = 1) -> Path:
    """``path``'s records after its header, shuffled with ``seed``, written to ``out``."""
    import random

    lines = path.read_text(encoding="utf-8").splitlines()
    body = lines[1:]
    random.Random(seed).shuffle(body)
    out.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    return out
