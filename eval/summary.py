"""A plain-text table describing the embedded dataset (what ``make run`` prints first)."""
from __future__ import annotations

from . import data


def format_table(header: list[str], rows: list[list[object]]) -> str:
    """Left-align text, right-align numbers, one space-padded column each.

    >>> print(format_table(["a", "n"], [["x", 1], ["yy", 22]]))
    a    n
    --  --
    x    1
    yy  22
    """
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(isinstance(row[i], (int, float)) for row in rows) for i in range(len(header))]

    def fmt(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric)).rstrip()

    return "\n".join([fmt(cells[0]), fmt(["-" * w for w in widths])] + [fmt(r) for r in cells[1:]])


def summary_table() -> str:
    docs = data.documents()
    rows = []
    for doc in docs.values():
        text = doc["text"]
        rows.append([doc["id"], doc["seed_file"], doc["outlet"] or "-", doc["published"] or "-",
                     doc["num_chars"], text.count("\n") + 1, len(text.split()), doc["title"][:48]])
    header = ["id", "seed file", "outlet", "published", "chars", "lines", "words", "title"]
    from . import __version__

    head = f"NewsPrep data {data.data_version()} (package {__version__}): {len(docs)} documents"
    return head + "\n\n" + format_table(header, rows)
