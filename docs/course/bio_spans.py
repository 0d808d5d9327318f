"""The checker of the exercise bio-spans: ``tags_to_spans`` on hand-made tag sequences (an ``I-`` after ``O``,
after another type, two ``B-`` in a row) and on every segment of the token view, against the gold mentions;
``misaligned`` on hand-made spans and on the gold with shifted boundaries, against ``tokenize``.

>>> from newsprep.course.exercises import check, solution_path
>>> print(check("bio-spans", solution_path("bio-spans")))
PASS bio-spans: 233 checks passed
  all 217 segments of the token view give back their 604 gold mentions
  of the gold mentions with their end moved one character left, 599 of 604 are misaligned
"""
from __future__ import annotations

from newsprep.course.student import Student
from newsprep.eval.data.dataset import documents, load, records
from newsprep.eval.data.tokens import tags_to_spans, tokenize

TEXT = "Putin visited Ho Chi Minh City on Thursday"
# (what the case shows, the tags of TEXT's eight tokens, a hint if the answer is wrong)
TAG_CASES = [
    ("B- and I- of one type", ["B-PERSON", "O", "B-GPE", "I-GPE", "I-GPE", "I-GPE", "O", "B-DATE"], ""),
    ("an I- right after O starts a mention", ["I-PERSON", "O", "O", "I-GPE", "I-GPE", "O", "O", "I-DATE"],
     "an I- tag that continues nothing starts a mention, as the CoNLL script reads it"),
    ("an I- of another type starts a mention", ["B-PERSON", "I-GPE", "B-FAC", "I-FAC", "I-GPE", "I-GPE", "O", "O"],
     "I-X continues only a mention of type X"),
    ("two B- in a row are two mentions", ["B-PERSON", "O", "B-GPE", "B-GPE", "I-GPE", "B-GPE", "O", "B-DATE"],
     "every B- tag starts a new mention"),
    ("no mention at all", ["O"] * 8, ""),
]


def as_triples(value) -> list[tuple]:
    try:
        return [tuple(span) for span in value]
    except TypeError:
        return value


def check(student: Student) -> list[str]:
    """Run every case; raises ``CaseFailed`` at the first wrong one; returns the notes of the report."""
    tokens = tokenize(TEXT)
    for what, tags, hint in TAG_CASES:
        case = f"tags_to_spans for {TEXT!r} with {tags} ({what})"
        student.expect(case, as_triples(student.call("tags_to_spans", tokens, tags, case=case)),
                       tags_to_spans(tokens, tags), hint=hint)
    rows = load("tokens")
    names = rows.features["ner_tags"].feature.names
    gold = {r["doc"]: [(m["start"], m["end"], m["type"]) for m in r["mentions"]] for r in records("entities")}
    found = 0
    for row in rows:
        triples = list(zip(row["tokens"], row["starts"], row["ends"]))
        tags = [names[t] for t in row["ner_tags"]]
        inside = [m for m in gold[row["doc"]] if row["starts"][:1] and row["starts"][0] <= m[0] and m[1] <= row["ends"][-1]]
        case = f"tags_to_spans of segment {row['id']} against its gold mentions"
        student.expect(case, as_triples(student.call("tags_to_spans", triples, tags, case=case)), inside)
        found += len(inside)

    hand = [(0, 5, "PERSON"), (14, 28, "GPE"), (15, 30, "GPE"), (34, 42, "DATE"), (14, 30, "GPE")]
    case = f"misaligned({TEXT!r}, {hand})"
    student.expect(case, as_triples(student.call("misaligned", TEXT, hand, case=case)), [hand[1], hand[2]],
                   hint="a span's start must be some token's start and its end some token's end")
    texts = {doc: d["text"] for doc, d in documents().items()}
    moved = 0
    for doc, mentions in gold.items():
        case = f"misaligned(text of {doc}, its gold mentions): gold mentions fall on token boundaries"
        student.expect(case, as_triples(student.call("misaligned", texts[doc], mentions, case=case)), [])
        shifted = [(s, e - 1, t) for s, e, t in mentions]
        starts, ends = {s for _, s, _ in tokenize(texts[doc])}, {e for _, _, e in tokenize(texts[doc])}
        expected = [m for m in shifted if m[0] not in starts or m[1] not in ends]
        case = f"misaligned(text of {doc}, its gold mentions with the end one character to the left)"
        student.expect(case, as_triples(student.call("misaligned", texts[doc], shifted, case=case)), expected,
                       hint="check the end as well as the start")
        moved += len(expected)
    return [f"all {rows.num_rows} segments of the token view give back their {found} gold mentions",
            f"of the gold mentions with their end moved one character left, {moved} of {found} are misaligned"]
