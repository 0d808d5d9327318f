"""Label Studio JSON (``newsprep.labelstudio.json``), what Label Studio imports as tasks with annotations and
exports: one array, a task per document, ``{"id": K, "data": {"text": ..., "newsprep_id": "d000"},
"annotations": [{"id": K, "was_cancelled": false, "result": [...]}]}`` (K from 1), with one ``labels`` result
per mention (ids ``m1``, ``m2``, ...; label its OntoNotes type) and per boilerplate span (``b1``, ...;
``boilerplate:CATEGORY``), each for ``<Labels name="label" toName="text">`` on ``<Text name="text"
value="$text">``, with its surface as ``value.text``. Offsets are code points, as Label Studio counts them
(since the end of 2021). Label Studio has no field for an entity id: ids are not carried.

>>> from newsprep.eval.export.gold import load_gold
>>> labelstudio_task(load_gold()[0], 1)["annotations"][0]["result"][0]["value"]
{'start': 0, 'end': 5, 'text': 'Putin', 'labels': ['PERSON']}
"""
from __future__ import annotations

import json

from newsprep.eval.export.gold import GoldDoc
from newsprep.eval.io.progress import Progress, advance


def labelstudio_task(doc: GoldDoc, number: int) -> dict:
    """Task ``number`` (from 1): ``doc`` with its one annotation (see the module docstring)."""
    spans = ([(f"m{i}", m.start, m.end, m.type) for i, m in enumerate(doc.mentions, start=1)]
             + [(f"b{i}", b.start, b.end, f"boilerplate:{b.label}") for i, b in enumerate(doc.boilerplate, start=1)])
    result = [{"id": rid, "type": "labels", "from_name": "label", "to_name": "text",
               "value": {"start": s, "end": e, "text": doc.text[s:e], "labels": [label]}} for rid, s, e, label in spans]
    return {"id": number, "data": {"text": doc.text, "newsprep_id": doc.id},
            "annotations": [{"id": number, "was_cancelled": False, "result": result}]}


def labelstudio_files(docs: list[GoldDoc], *, progress: Progress | None = None) -> dict[str, bytes]:
    """The file of a Label Studio export: ``newsprep.labelstudio.json``, the array of ``labelstudio_task``."""
    tasks = []
    for number, doc in enumerate(docs, start=1):
        tasks.append(labelstudio_task(doc, number))
        advance(progress, 1)
    return {"newsprep.labelstudio.json": (json.dumps(tasks, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")}
