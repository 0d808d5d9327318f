"""Each entity, entity-table and token-view rule fires on a broken copy of the data."""
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newsprep.eval import records, validate_data
from tests.conftest import edit_jsonl, rules

ENT, TABLE, TOK = "data/entities.jsonl", "data/entity_table.jsonl", "data/tokens.jsonl"


def mention_index(doc_line: int, text: str) -> int:
    mentions = records("entities")[doc_line - 1]["mentions"]
    return next(i for i, m in enumerate(mentions) if m["text"] == text)


def edit_mention(i, **changes):
    def edit(record):
        record["mentions"][i] = {**record["mentions"][i], **changes}
        return record
    return edit


def rebuild(root):
    from newsprep.eval.maintain.build import build
    build(root)


def test_span_that_splits_a_token(data_copy):
    i = mention_index(1, "Putin")
    m = records("entities")[0]["mentions"][i]
    edit_jsonl(data_copy, ENT, 1, edit_mention(i, end=m["end"] - 1, text=m["text"][:-1]))
    assert (ENT, 1, f"mentions[{i}].start", "token-boundary") in rules(validate_data(data_copy))


def test_mention_across_segments(data_copy):
    """'partner. His' spans the end of segment d000-s004 and the start of d000-s005."""
    text = records("documents")[0]["text"]
    start = text.index("partner. His")
    new = {"start": start, "end": start + 12, "text": "partner. His", "type": "DATE", "entity_id": None}
    edit_jsonl(data_copy, ENT, 1, lambda r: {**r, "mentions": sorted(r["mentions"] + [new], key=lambda m: m["start"])})
    i = next(k for k, m in enumerate(json.loads((data_copy / ENT).read_text().split("\n")[0])["mentions"]) if m == new)
    assert (ENT, 1, f"mentions[{i}].end", "within-segment") in rules(validate_data(data_copy))


def test_named_mention_without_id_and_value_with_id(data_copy):
    i = mention_index(1, "Putin")
    j = mention_index(1, "2017")
    edit_jsonl(data_copy, ENT, 1, edit_mention(i, entity_id=None))
    edit_jsonl(data_copy, ENT, 1, edit_mention(j, entity_id="year_2017"))
    found = rules(validate_data(data_copy))
    assert (ENT, 1, f"mentions[{i}].entity_id", "entity-id-required") in found
    assert (ENT, 1, f"mentions[{j}].entity_id", "entity-id-null") in found


def test_unknown_entity_id_and_type_clash(data_copy):
    i = mention_index(1, "Putin")
    j = mention_index(1, "Hanoi")
    edit_jsonl(data_copy, ENT, 1, edit_mention(i, entity_id="vladimir_putln"))
    edit_jsonl(data_copy, ENT, 1, edit_mention(j, type="LOC"))
    found = rules(validate_data(data_copy))
    assert (ENT, 1, f"mentions[{i}].entity_id", "known-entity") in found
    assert (ENT, 1, f"mentions[{j}].type", "entity-type-consistent") in found


def test_unannotated_repeat_is_an_inconsistency(data_copy):
    mentions = records("entities")[2]["mentions"]
    hanoi = [i for i, m in enumerate(mentions) if m["text"] == "Hanoi"]
    assert len(hanoi) >= 2
    edit_jsonl(data_copy, ENT, 3, lambda r: {**r, "mentions": [m for k, m in enumerate(r["mentions"]) if k != hanoi[-1]]})
    found = validate_data(data_copy)
    assert (ENT, 3, "mentions", "consistency") in rules(found)
    assert any("'Hanoi'" in p.detail for p in found)


def test_listed_exception_silences_the_linter(data_copy):
    mentions = records("entities")[2]["mentions"]
    last = [m for m in mentions if m["text"] == "Hanoi"][-1]
    edit_jsonl(data_copy, ENT, 3, lambda r: {**r, "mentions": [m for m in r["mentions"] if m != last]})
    (data_copy / "annotation" / "consistency_exceptions.jsonl").write_text(
        json.dumps({"doc": "d002", "start": last["start"], "end": last["end"], "text": "Hanoi", "reason": "test"}) + "\n")
    rebuild(data_copy)
    assert not any(p.rule == "consistency" for p in validate_data(data_copy))


def test_overlapping_and_unsorted_mentions(data_copy):
    def dup(r):
        r["mentions"].insert(1, dict(r["mentions"][0]))
        return r
    edit_jsonl(data_copy, ENT, 1, dup)
    assert (ENT, 1, "mentions[1].start", "no-overlap") in rules(validate_data(data_copy))


def test_entity_table_rules(data_copy):
    first = records("entity_table")[0]
    path = data_copy / TABLE
    path.write_text(path.read_text(encoding="utf-8") + json.dumps(first) + "\n"
                    + json.dumps({**first, "entity_id": "nobody"}) + "\n", encoding="utf-8")
    from tests.conftest import data, write_manifest
    write_manifest(data_copy, data.data_version(data_copy))
    found = rules(validate_data(data_copy))
    n = len(records("entity_table"))
    assert (TABLE, n + 1, "entity_id", "unique-id") in found
    assert (TABLE, n + 2, "entity_id", "used") in found


def test_wikipedia_title_not_url(data_copy):
    edit_jsonl(data_copy, TABLE, 1, lambda r: {**r, "wikipedia": "https://en.wikipedia.org/wiki/X_Y"})
    assert (TABLE, 1, "wikipedia", "schema:pattern") in rules(validate_data(data_copy))


def test_token_view_must_equal_derivation(data_copy):
    edit_jsonl(data_copy, TOK, 1, lambda r: {**r, "ner_tags": ["O"] * len(r["ner_tags"])})
    assert (TOK, 1, "ner_tags", "derived") in rules(validate_data(data_copy))


def test_gold_change_without_rebuilt_tokens_is_caught(data_copy):
    i = mention_index(1, "Putin")
    edit_jsonl(data_copy, ENT, 1, edit_mention(i, type="ORG", entity_id="kremlin"))
    found = rules(validate_data(data_copy))
    assert (TOK, 1, "ner_tags", "derived") in found


# The consistency linter skips a surface whose every occurrence is annotated (a count, not a regex);
# on random texts it must find exactly what the plain search finds.

def plain_unannotated(text, mentions):
    import re

    spans = {(m["start"], m["end"]) for m in mentions}
    out = []
    for surface in sorted({m["text"] for m in mentions}):
        for match in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
            s, e = match.span()
            if (s, e) not in spans and not any(m["start"] <= s and e <= m["end"] for m in mentions):
                out.append((s, e, surface))
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .", min_size=1, max_size=30), st.lists(st.tuples(st.integers(0, 29), st.integers(1, 5)), max_size=6))
def test_unannotated_occurrences_equal_the_plain_search(text, raw):
    from newsprep.eval.validate.entities import unannotated_occurrences

    mentions, last = [], 0
    for start, length in sorted(raw):
        end = min(len(text), start + length)
        if start >= last and start < end:
            mentions.append({"start": start, "end": end, "text": text[start:end]})
            last = end
    assert unannotated_occurrences("d", text, mentions) == plain_unannotated(text, mentions)
