"""What ``croissant.json`` says about the files of a dataset folder, derived from its manifest alone.

The builder (``newsprep.eval.maintain.croissant``) writes these entries and the
data validator checks a folder's ``croissant.json`` against them, so both
derive the ``distribution`` in one way.

>>> distribution({"data/documents.jsonl": {"sha256": "ab12", "records": 5}})[0]["sha256"]
'ab12'
"""
from __future__ import annotations

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"  # the Croissant version the metadata follows (``conformsTo``)
FILE_OBJECT = "cr:FileObject"
ENCODING = "application/jsonlines"


def file_object(path: str, sha256: str) -> dict:
    """The ``FileObject`` of one data file: its path (relative to the dataset folder) as id, name and URL, and its sha256."""
    return {"@type": FILE_OBJECT, "@id": path, "name": path, "contentUrl": path, "encodingFormat": ENCODING,
            "sha256": sha256}


def distribution(files: dict) -> list[dict]:
    """One ``FileObject`` per entry of the manifest's ``files``, sorted by path."""
    return [file_object(path, entry["sha256"]) for path, entry in sorted(files.items())]
