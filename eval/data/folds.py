"""Leave-one-document-out folds: the five train/test splits of a config, as ``datasets.Dataset`` objects.

Five documents are too few for a held-out test set, so a learned system is
trained on four documents and scored on the fifth, five times: every document
is scored once, by a model that never saw it. ``folds`` gives those five
splits of any per-document config, so that "train on train, evaluate on test"
needs no hand-written loop.

A row belongs to a document by its ``doc`` field (``id`` for ``documents``). A
pair row (``duplicate_pairs``, ``document_pairs``) belongs to the documents of
both its members: it is a test row of each fold whose document it touches, and
a training row only where it touches no held-out document, so nothing of the
test document is ever trained on. ``entity_table`` lists referents across
documents and has no folds.

>>> [(f.held_out, f.train.num_rows, f.test.num_rows) for f in folds("documents")]
[('d000', 4, 1), ('d001', 4, 1), ('d002', 4, 1), ('d003', 4, 1), ('d004', 4, 1)]
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsprep.eval.data.dataset import config, documents, folder, load
from newsprep.eval.errors import NewsPrepError

if TYPE_CHECKING:
    import datasets

# The field naming a row's document, or the two fields naming a pair's members (segment or document ids).
DOCUMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "documents": ("id",), "boilerplate": ("doc",), "segments": ("doc",), "entities": ("doc",), "tokens": ("doc",),
    "duplicate_pairs": ("a", "b"), "document_pairs": ("a", "b"),
}


@dataclass(frozen=True, repr=False)
class Fold:
    """One leave-one-document-out split: ``test`` holds the rows of the document ``held_out``, ``train``
    the rows of the other four (both ``datasets.Dataset`` objects with the card's features).

    >>> fold = folds("entities")[2]
    >>> fold
    Fold(held_out='d002', train=4 rows, test=1 row)
    >>> fold.test[0]["doc"], sorted(set(fold.train["doc"]))
    ('d002', ['d000', 'd001', 'd003', 'd004'])
    """

    held_out: str
    train: datasets.Dataset
    test: datasets.Dataset

    def __repr__(self) -> str:
        def rows(n: int) -> str:
            return f"{n} row" + ("" if n == 1 else "s")
        return f"Fold(held_out={self.held_out!r}, train={rows(self.train.num_rows)}, test={rows(self.test.num_rows)})"


def row_documents(name: str, row: dict) -> set[str]:
    """The documents one row of config ``name`` belongs to (a segment id ``d000-s004`` names ``d000``).

    >>> sorted(row_documents("duplicate_pairs", {"a": "d000-s001", "b": "d003-s007"}))
    ['d000', 'd003']
    """
    return {str(row[key]).split("-")[0] for key in DOCUMENT_FIELDS[name]}


def folds(name: str = "documents", *, root: str | os.PathLike | None = None) -> list[Fold]:
    """The five leave-one-document-out folds of one config, in document order: a list of ``Fold``.

    Each fold's ``train`` and ``test`` are ``datasets.Dataset`` objects loaded with ``load`` (offline,
    the card's features); the test documents of the five folds are the five documents, each once.
    ``root`` is another dataset folder (default: the embedded one), which gives one fold per document.
    A pair (``duplicate_pairs``, ``document_pairs``) is a test row of the folds of both its documents and a
    training row only of the folds that hold out neither; ``entity_table`` has no folds (``NewsPrepError``).

    >>> for fold in folds("tokens"):
    ...     print(fold.held_out, fold.train.num_rows, fold.test.num_rows)
    d000 197 20
    d001 181 36
    d002 106 111
    d003 197 20
    d004 187 30

    A model trained on ``fold.train`` is scored on ``fold.test``: no document is seen twice.
    """
    config(name, function="folds")  # an unknown name raises UnknownConfig, anything but a str InvalidInput
    folder(root, function="folds")
    if name not in DOCUMENT_FIELDS:
        raise NewsPrepError(f"config {name!r} has no documents to hold out: it lists referents across "
                            f"documents; folds exist for {', '.join(DOCUMENT_FIELDS)}")
    rows = load(name, root=root)
    owners = [row_documents(name, row) for row in rows.select_columns(list(DOCUMENT_FIELDS[name]))]
    out = []
    for doc in documents(root):
        test = [i for i, found in enumerate(owners) if doc in found]
        train = [i for i, found in enumerate(owners) if doc not in found]
        out.append(Fold(doc, rows.select(train), rows.select(test)))
    return out
