"""The examples quoted in the annotation guidelines are real gold data."""
import re
from collections import Counter

from newsprep.eval.data import dataset as data

GUIDE = (data.dataset_dir() / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8")
PART3 = GUIDE[GUIDE.index("## Part 3: entities"):GUIDE.index("## Agreement: entities")]
PART4 = GUIDE[GUIDE.index("## Part 4: duplicate pairs"):GUIDE.index("## Agreement: duplicate pairs")]


def gold_mentions():
    return {(r["doc"], m["text"]) for r in data.records("entities") for m in r["mentions"]}


def test_entity_examples_are_gold_mentions_of_that_document():
    """Every "`span` (dNNN)" in Part 3 is a gold mention with that surface in that document."""
    quoted = re.findall(r"`([^`\n]+)` (?:\[\d+, \d+\) )?\((d00\d)\b", PART3)
    assert len(quoted) > 30
    missing = [q[::-1] for q in quoted if q[::-1] not in gold_mentions()]
    assert not missing


def test_entity_type_counts_match_the_gold():
    counts = Counter(m["type"] for r in data.records("entities") for m in r["mentions"])
    table = dict(re.findall(r"^\| ([A-Z_]+) \| (\d+) \|", PART3, re.M))
    assert table and {t: int(n) for t, n in table.items()} == {t: counts.get(t, 0) for t in table}
    assert re.search(rf"^\| total \| {sum(counts.values())} \|", PART3, re.M)


PAIR = re.compile(r"(d00\d-s\d{3})[^/;(\n]{0,200} / (d00\d-s\d{3})")


def test_duplicate_examples_are_gold_pairs():
    """Each "dNNN-sNNN / dNNN-sNNN" named in Part 4 is a gold pair."""
    gold = {(r["a"], r["b"]): r["label"] for r in data.records("duplicate_pairs")}
    named = PAIR.findall(PART4)
    assert len(named) >= 8
    assert [p for p in named if tuple(sorted(p)) not in gold] == []


def test_label_table_examples_have_that_label():
    gold = {(r["a"], r["b"]): r["label"] for r in data.records("duplicate_pairs")}
    for label in ("near_duplicate", "paraphrase", "related"):
        row = re.search(rf"^\| `{label}` \|.*$", PART4, re.M).group(0)
        pairs = PAIR.findall(row)
        assert pairs, label
        assert {gold[tuple(sorted(p))] for p in pairs} == {label}
