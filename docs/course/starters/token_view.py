"""Exercise token-view (entities, easy): read the token view of the gold entities.

The ``tokens`` config holds the gold entities as IOB2 tags, one row per gold
segment (a sentence or a heading): ``tokens``, their offsets ``starts`` and
``ends`` into the document's text, and ``ner_tags``. Loaded with
``npe.load("tokens")``, each tag is an integer of a ``ClassLabel``, whose
``names`` turn it back into a string:

    rows = npe.load("tokens")
    names = rows.features["ner_tags"].feature.names   # ['O', 'B-PERSON', 'I-PERSON', ...]

Write two functions.

1. ``tagged(row, names)``: the ``(token, tag)`` pairs of one row, each tag as
   a string, for the tokens inside an entity only (leave out the ``O``
   tokens). For segment d000-s004 it begins
   ``[('Russian', 'B-NORP'), ('Vladimir', 'B-PERSON'), ('Putin', 'I-PERSON'), ...]``.
2. ``mentions_per_type(rows, names)``: how many entity mentions of each type
   the rows hold, as a dict such as ``{"GPE": 202, "PERSON": 116, ...}``. A
   mention is a ``B-`` tag with the ``I-`` tags that follow it, so a mention
   of three tokens counts once.

Run this file to try them; check them with

    newsprep exercise check token-view token_view.py
"""
import newsprep.eval as npe


def tagged(row: dict, names: list[str]) -> list[tuple[str, str]]:
    """The (token, tag) pairs of the row's entity tokens, tags as strings."""
    raise NotImplementedError("tagged: your code here")


def mentions_per_type(rows, names: list[str]) -> dict[str, int]:
    """Entity mentions per type over all rows (a datasets.Dataset, or a list of row dicts)."""
    raise NotImplementedError("mentions_per_type: your code here")


if __name__ == "__main__":
    rows = npe.load("tokens")
    names = rows.features["ner_tags"].feature.names
    print(tagged(rows[3], names))
    print(mentions_per_type(rows, names))
