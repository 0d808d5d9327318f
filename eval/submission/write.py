"""Writing a submission file in the format of ``schema/README.md``."""
from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import newsprep.eval.tasks as registry
from newsprep.eval.data import dataset as data
from newsprep.eval.errors import ARGUMENTS, InvalidInput, NewsPrepError, Problem, wrong_argument
from newsprep.eval.io.atomic import write_jsonl
from newsprep.eval.types import Mention, PairPrediction, Span

PAIR_RECORD = 'a PairPrediction, or a record as pair_records gives it: {"a": ..., "b": ..., "label": ..., "score": ...}'


def pair_predictions(duplicates: object) -> list[PairPrediction]:
    """``duplicates`` as ``PairPrediction``s: those given as they are, pair records (``pair_records``) read; every
    item that is neither is named in ``InvalidInput``."""
    if isinstance(duplicates, (str, bytes, Mapping)) or not isinstance(duplicates, Sequence):
        raise wrong_argument("write_submission", "duplicates", f"a list of pairs, each {PAIR_RECORD}", duplicates)
    out, problems = [], []
    for i, pair in enumerate(duplicates):
        if isinstance(pair, PairPrediction):
            out.append(pair)
            continue
        where = f"write_submission(duplicates)[{i}]"
        if not isinstance(pair, Mapping):
            problems.append(Problem(ARGUMENTS, None, where, "pair", f"expected {PAIR_RECORD}, got {type(pair).__name__}"))
            continue
        score = pair.get("score")
        wrong = [key for key in ("a", "b", "label") if not isinstance(pair.get(key), str)]
        task = pair.get("task")
        if task is not None and (task not in registry.names() or registry.get(task).per_document):
            problems.append(Problem(ARGUMENTS, None, f"{where}.task", "pair",
                                    f"{pair.get('task')!r}: only duplicates pairs go here; give the mentions or "
                                    "spans of a document to entities= or boilerplate="))
        elif wrong:
            problems.append(Problem(ARGUMENTS, None, f"{where}.{wrong[0]}", "pair",
                                    f"{pair.get(wrong[0])!r} is not a str; expected {PAIR_RECORD}"))
        elif score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))
                                    or not math.isfinite(score)):
            problems.append(Problem(ARGUMENTS, None, f"{where}.score", "pair", f"{score!r} is not a finite number"))
        else:
            out.append(PairPrediction(pair["a"], pair["b"], pair["label"], score))
    if problems:
        raise InvalidInput(problems[:50])
    return out


def write_submission(path: str | os.PathLike, *, system: str, settings: dict | None = None,
                     boilerplate: dict[str, Sequence[Span]] | None = None,
                     entities: dict[str, Sequence[Mention]] | None = None,
                     duplicates: Sequence[PairPrediction | Mapping] | None = None, root: Path | None = None,
                     label_set: str = "ontonotes5") -> Path:
    """Write a submission file whole or not at all; surfaces are filled in from the documents
    (of the dataset at ``root``), so the file checks itself; ``label_set="conll2003"`` declares CoNLL-2003
    entity types in the header. ``duplicates`` takes ``PairPrediction``s or the records ``pair_records``
    gives. Returns the path.

    >>> import tempfile, pathlib
    >>> from newsprep.eval import Mention, pair_records
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sys.jsonl"
    >>> _ = write_submission(path, system="demo", entities={"d000": [Mention(0, 7, "PERSON")]})
    >>> path.read_text().splitlines()[1][:60]
    '{"task": "entities", "doc": "d000", "mentions": [{"start": 0'
    >>> pairs = pair_records({("d000-s004", "d001-s004"): 0.91}, threshold=0.8)
    >>> _ = write_submission(path, system="demo", duplicates=pairs)
    >>> path.read_text().splitlines()[1]
    '{"task": "duplicates", "a": "d000-s004", "b": "d001-s004", "label": "paraphrase", "score": 0.91}'
    """
    pairs = pair_predictions(duplicates) if duplicates is not None else []
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
    for p in sorted(pairs, key=lambda p: (p.a, p.b)):
        rows.append({"task": "duplicates", "a": p.a, "b": p.b, "label": p.label,
                     **({"score": round(float(p.score), 6)} if p.score is not None else {})})
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise NewsPrepError(f"cannot write {path}: folder {path.parent}: {err.strerror or err}") from None
    write_jsonl(path, rows)
    return path
