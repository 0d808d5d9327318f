"""The card, the datasheet, the guidelines and the Croissant metadata say the same thing about who assigned the labels.

The one statement is ``ANNOTATED_BY`` (and ``AGREEMENT_CAVEAT`` beside the agreement figures) in
``newsprep.eval.maintain.croissant``: each markdown document quotes it word for word (line breaks aside),
the Croissant responsible-AI fields are built from it, and no document says anything that contradicts it.
"""
import json
import re

import pytest

from newsprep.eval.data import dataset as data
from newsprep.eval.maintain.croissant import AGREEMENT_CAVEAT, ANNOTATED_BY

ROOT = data.dataset_dir()
DOCUMENTS = {
    "dataset card": ROOT / "README.md",
    "datasheet": ROOT.parent / "DATASHEET.md",
    "guidelines": ROOT / "ANNOTATION_GUIDELINES.md",
}

# Phrases that would say a person, or code, assigned labels, or that the passes were independent judges.
CONTRADICTIONS = [
    r"assigned by (?:a |one )?(?:person|people|human)",
    r"human annotat",
    r"annotated by (?:a |one )?(?:person|people|human|hand)",
    r"(?:labell?ed|annotated|reviewed|checked) (?:by hand|manually)",
    r"\bmanual(?:ly)? (?:annotat|label)",
    r"\bcrowd ?workers (?:annotated|labell?ed)",
    r"independent (?:passes|annotators|annotations)",
    r"two annotators",
    r"human (?:review|check)",
]


def flat(text: str) -> str:
    """Markdown wrapped at any width, read as one line: runs of white space become one space."""
    return re.sub(r"\s+", " ", text)


def contradictions(text: str) -> list[str]:
    found = [m.group(0) for pattern in CONTRADICTIONS for m in re.finditer(pattern, flat(text), re.I)]
    # The "Datasheets for Datasets" question names "manual human curation" as one possible mechanism; asking it is no claim.
    return [f for f in found if "manual human curation" not in f]


def croissant() -> dict:
    return json.loads((ROOT / "croissant.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_quotes_the_one_statement(name):
    text = flat(DOCUMENTS[name].read_text(encoding="utf-8"))
    assert ANNOTATED_BY in text, f"the {name} does not quote ANNOTATED_BY word for word"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_agreement_figures_come_with_the_caveat(name):
    text = flat(DOCUMENTS[name].read_text(encoding="utf-8"))
    assert AGREEMENT_CAVEAT in text, f"the {name} gives agreement figures without AGREEMENT_CAVEAT"
    if name == "guidelines":  # each Agreement section the entity and boilerplate layers own says it beside its table
        for section in ("## Agreement: boilerplate", "## Agreement: entities"):
            body = text[text.index(section):]
            body = body[:body.index(" ## ", 3)]
            assert AGREEMENT_CAVEAT in body, section


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_no_document_contradicts_the_statement(name):
    assert contradictions(DOCUMENTS[name].read_text(encoding="utf-8")) == []


def test_croissant_fields_are_built_from_the_statement():
    meta = croissant()
    assert ANNOTATED_BY in meta["rai:annotatorDemographics"]
    assert ANNOTATED_BY in meta["rai:machineAnnotationTools"]
    assert AGREEMENT_CAVEAT in meta["rai:dataAnnotationProtocol"]
    rai = " ".join(str(v) for k, v in meta.items() if k.startswith("rai:"))
    assert contradictions(rai) == []
    assert "machine-generated" in DOCUMENTS["dataset card"].read_text(encoding="utf-8").split("---")[1]


def test_the_checker_finds_what_the_0_4_3_croissant_said():
    """The check can fail: the sentence that 0.4.3 shipped, and the other ways of saying it, are caught."""
    assert contradictions("Candidate duplicate pairs were proposed by code; every label was assigned by a person.")
    assert contradictions("No human annotator has yet checked\nthe whole gold.")
    assert contradictions("Each layer was annotated in two independent passes.")
    assert contradictions("The labels were annotated by hand.")
    assert not contradictions("What mechanisms were used (for example, manual human curation, software programs)?")
    assert not contradictions(ANNOTATED_BY + " " + AGREEMENT_CAVEAT)


def test_statement_is_plain_text_a_markdown_file_can_quote():
    """No markup, file name or line break inside the statement, so that quoting it word for word is possible."""
    for sentence in (ANNOTATED_BY, AGREEMENT_CAVEAT):
        assert not re.search(r"[`*_\[\]\n]|\.md\b", sentence)
