"""Reference solution of the exercise token-view (for instructors; the tests check it passes)."""
from collections import Counter

import newsprep.eval as npe


def tagged(row: dict, names: list[str]) -> list[tuple[str, str]]:
    """The (token, tag) pairs of the row's entity tokens, tags as strings."""
    tags = [names[t] for t in row["ner_tags"]]
    return [(token, tag) for token, tag in zip(row["tokens"], tags) if tag != "O"]


def mentions_per_type(rows, names: list[str]) -> dict[str, int]:
    """Entity mentions per type over all rows: one per B- tag (IOB2 starts every mention with B-)."""
    counts: Counter[str] = Counter()
    for row in rows:
        for tag_id in row["ner_tags"]:
            tag = names[tag_id]
            if tag.startswith("B-"):
                counts[tag[2:]] += 1
    return dict(counts)


if __name__ == "__main__":
    rows = npe.load("tokens")
    names = rows.features["ner_tags"].feature.names
    print(tagged(rows[3], names))
    print(mentions_per_type(rows, names))
