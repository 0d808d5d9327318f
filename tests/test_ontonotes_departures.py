"""The entity layer's conventions against OntoNotes 5.0 (guidelines, Part 3, hard calls 17, 21, 22) hold in the gold,
and the counts the card, the datasheet and the guidelines give for them are the data."""
import re

from newsprep.eval.data import dataset as data

ROOT = data.dataset_dir()
DOCS = {d["id"]: d["text"] for d in data.records("documents")}
MENTIONS = {r["doc"]: r["mentions"] for r in data.records("entities")}
TEXTS = {
    "card": (ROOT / "README.md").read_text(encoding="utf-8"),
    "datasheet": (ROOT.parent / "DATASHEET.md").read_text(encoding="utf-8"),
    "guidelines": (ROOT / "ANNOTATION_GUIDELINES.md").read_text(encoding="utf-8"),
}


def covering(doc: str, start: int, end: int) -> list[dict]:
    return [m for m in MENTIONS[doc] if m["start"] <= start and end <= m["end"]]


def test_every_counting_one_is_cardinal():
    """Hard call 21: "one" outside a name is CARDINAL; none in these texts is the prop word or the generic pronoun."""
    seen = 0
    for doc, text in DOCS.items():
        for match in re.finditer(r"\b[Oo]ne\b", text):
            cover = covering(doc, *match.span())
            assert cover, f"{doc}:{match.start()} {text[match.start() - 30:match.end() + 30]!r} has no mention"
            if cover[0]["type"] != "WORK_OF_ART":  # "A Quiet Place: Day One"
                assert (cover[0]["type"], cover[0]["start"], cover[0]["end"]) == ("CARDINAL", *match.span())
                seen += 1
    assert seen == 4


def test_vague_periods_are_date():
    """Hard call 17: the periods that 0.4.3 left out are DATE."""
    for doc, surface in [("d003", "days"), ("d002", "years"), ("d002", "election day"),
                         ("d002", "a whole season"), ("d002", "full-year")]:
        assert any(m["text"] == surface and m["type"] == "DATE" for m in MENTIONS[doc]), (doc, surface)


def test_the_count_of_mentions_after_a_leading_the_is_the_one_quoted():
    """Hard call 22 (a): "at most N" mentions are affected by leaving "the" out, in all three documents."""
    after_the = sum(1 for doc, text in DOCS.items() for m in MENTIONS[doc] if text[:m["start"]].lower().endswith("the "))
    for name, text in TEXTS.items():
        flat = re.sub(r"\s+", " ", text)
        assert f"at most {after_the}" in flat.lower(), name


def test_the_two_eras_keep_their_names():
    """Hard call 22 (b): "the Cold War era" and "the Soviet era" are EVENT and NORP, with no DATE over them."""
    for doc, phrase, name, kind in [("d000", "the Cold War era", "Cold War", "EVENT"), ("d004", "the Soviet era", "Soviet", "NORP")]:
        start = DOCS[doc].index(phrase)
        inside = [m for m in MENTIONS[doc] if start <= m["start"] and m["end"] <= start + len(phrase)]
        assert [(m["text"], m["type"]) for m in inside] == [(name, kind)]
        assert not covering(doc, start, start + len(phrase))
