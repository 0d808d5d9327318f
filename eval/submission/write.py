"""Writing a submission file in the format of ``schema/README.md``."""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from newsprep.eval.data import dataset as data
from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem
from newsprep.eval.io.atomic import write_jsonl
from newsprep.eval.types import Mention, PairPrediction, Span


def write_submission(path: str | os.PathLike, *, system: str, settings: dict | None = None,
                     boilerplate: dict[str, Sequence[Span]] | None = None,
                     entities: dict[str, Sequence[Mention]] | None = None,
                     duplicates: Sequence[PairPrediction] | None = None, root: Path | None = None,
                     label_set: str = "ontonotes5") -> Path:
    """Write a submission file whole or not at all; surfaces are filled in from the documents
    (of the dataset at ``root``), so the file checks itself; ``label_set="conll2003"`` declares CoNLL-2003
    entity types in the header. Returns the path.

    >>> import tempfile, pathlib
    >>> from newsprep.eval import Mention
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sys.jsonl"
    >>> _ = write_submission(path, system="demo", entities={"d000": [Mention(0, 7, "PERSON")]})
    >>> path.read_text().splitlines()[1][:60]
    '{"task": "entities", "doc": "d000", "mentions": [{"start": 0'
    """
    texts = {doc["id"]: doc["text"] for doc in data.records("documents", root)}
    unknown = sorted((set(boilerplate or {}) | set(entities or {})) - set(texts))
    if unknown:
        raise InvalidInput([Problem(str(path), None, "doc", "known-document", f"{d!r} is not a document id")
                            for d in unknown[:10]])
    rows: list[dict] = [{"task": "header", "dataset_version": data.data_version(root), "system": system,
                         "settings": settings or {}, **({"label_set": label_set} if label_set != "ontonotes5" else {})}]
    for doc, spans in sorted((boilerplate or {}).items()):
        rows.append({"task": "boilerplate", "doc": doc, "spans": [
            {"start": s.start, "end": s.end, "text": texts[doc][s.start:s.end], **({"category": s.label} if s.label else {})}
            for s in sorted(spans)]})
    for doc, mentions in sorted((entities or {}).items()):
        rows.append({"task": "entities", "doc": doc, "mentions": [
            {"start": m.start, "end": m.end, "text": texts[doc][m.start:m.end], "type": m.type,
             **({"entity_id": m.entity_id} if m.entity_id else {})} for m in sorted(mentions)]})
    for p in sorted(duplicates or [], key=lambda p: (p.a, p.b)):
        rows.append({"task": "duplicates", "a": p.a, "b": p.b, "label": p.label,
                     **({"score": round(float(p.score), 6)} if p.score is not None else {})})
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise NewsPrepError(f"cannot write {path}: folder {path.parent}: {err.strerror or err}") from None
    write_jsonl(path, rows)
    return path
