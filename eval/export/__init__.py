"""The gold layers in the formats course tools read, one module per format, and a reader for each.

``export`` validates the data first (``require_valid``), builds every file in
memory, then writes them to a temporary folder beside the target and renames
it: an export is complete or absent.

- ``conll``: CoNLL-2003-style BIO text (``newsprep.conll``), of NewsPrep's tokens or of the text's words;
- ``brat``: brat standoff, ``dNNN.txt`` and ``dNNN.ann`` per document plus ``annotation.conf``;
- ``docbin``: a spaCy ``DocBin`` (``newsprep.spacy``, needs the ``spacy`` extra);
- ``doccano``: doccano's sequence-labelling JSONL (``newsprep.jsonl``);
- ``labelstudio``: Label Studio's JSON tasks with one annotation each (``newsprep.labelstudio.json``).

>>> import pathlib, tempfile
>>> out = pathlib.Path(tempfile.mkdtemp()) / "conll"
>>> [p.name for p in export("conll", out)]
['newsprep.conll', 'VERSION']
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from newsprep.eval.data.dataset import data_version
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.export.brat import BratDoc, brat_ann, brat_files, read_brat, read_brat_ann
from newsprep.eval.export.conll import conll_files, conll_text, read_conll
from newsprep.eval.export.docbin import docbin_files, read_docbin, spacy_docs
from newsprep.eval.export.doccano import doccano_files, doccano_record
from newsprep.eval.export.gold import GoldDoc, Sentence, load_gold
from newsprep.eval.export.labelstudio import labelstudio_files, labelstudio_task
from newsprep.eval.io.atomic import write_folder
from newsprep.eval.io.progress import Progress, require_progress
from newsprep.eval.validate.gold import require_valid

__all__ = ["FORMATS", "export", "load_gold", "GoldDoc", "Sentence", "conll_text", "read_conll", "brat_ann", "BratDoc",
           "read_brat", "read_brat_ann", "spacy_docs", "read_docbin", "doccano_record", "labelstudio_task"]


# Each format's files from the documents; every builder takes ``progress=`` (conll also ``content_only=`` and ``tokens=``)
FORMATS: dict[str, Callable[..., dict[str, bytes]]] = {
    "conll": conll_files, "brat": brat_files, "docbin": docbin_files, "doccano": doccano_files,
    "labelstudio": labelstudio_files}
CONLL_TOKENS = ("newsprep", "words")  # conll's tokens: the token layer's, or runs of non-white-space cut at mentions


def export(fmt: str, out: str | os.PathLike, *, root: Path | None = None, content_only: bool = False,
           tokens: str = "newsprep", overwrite: bool = False, progress: Progress | None = None) -> list[Path]:
    """Export the gold layers of the dataset at ``root`` (default: the embedded one) as ``fmt`` into ``out``.

    The data is validated first (``InvalidInput`` lists every problem);
    ``content_only`` and ``tokens`` (``"newsprep"``: the token layer; ``"words"``: runs of non-white-space
    characters, cut where a mention starts or ends) apply to ``conll`` only. ``progress`` (an object with
    ``update(n)``, such as a ``tqdm`` bar) is told of each document exported;
    it changes nothing in the files. Returns the paths written.
    """
    if fmt not in FORMATS:
        raise NewsPrepError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if content_only and fmt != "conll":
        raise NewsPrepError("content_only applies to the conll format only")
    if tokens != "newsprep" and fmt != "conll":
        raise NewsPrepError("tokens applies to the conll format only")
    if tokens not in CONLL_TOKENS:
        raise NewsPrepError(f"unknown tokens {tokens!r}; known: {', '.join(CONLL_TOKENS)}")
    require_progress("export", progress)
    require_valid(root)
    docs = load_gold(root)
    words = {"tokens": tokens} if tokens != "newsprep" else {}  # passed only when asked for
    files = (conll_files(docs, content_only=content_only, progress=progress, **words) if fmt == "conll"
             else FORMATS[fmt](docs, progress=progress))
    files["VERSION"] = (f"NewsPrep data {data_version(root)}, format {fmt}{', content only' if content_only else ''}"
                        f"{', tokens ' + tokens if words else ''}\n").encode()

    def fill(tmp: Path) -> list[Path]:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
        return [Path(out) / name for name in files]
    return write_folder(out, fill, overwrite=overwrite, hint="choose another folder, or overwrite it (--force)")
