"""DATASHEET.md answers every question of Gebru et al. and gives a Bender & Friedman data
statement; its numbers are the data's. The dataset card has the metadata and loading examples."""
import os
import re
import subprocess
import sys
from collections import Counter

import yaml

from newsprep.eval.data import dataset as data
from tests.conftest import REPO

SHEET = (REPO / "DATASHEET.md").read_text(encoding="utf-8")
CARD = (data.dataset_dir() / "README.md").read_text(encoding="utf-8")

# The start of every question of "Datasheets for Datasets" (CACM 2021), by section.
QUESTIONS = {
    "Motivation": ["For what purpose", "Who created the dataset", "Who funded", "Any other comments"],
    "Composition": [
        "What do the instances", "How many instances", "Does the dataset contain all possible instances",
        "What data does each instance", "Is there a label or target", "Is any information missing",
        "Are relationships between individual instances", "Are there recommended data splits",
        "Are there any errors, sources of noise", "Is the dataset self-contained",
        "Does the dataset contain data that might be considered confidential",
        "Does the dataset contain data that, if viewed directly", "Does the dataset identify any subpopulations",
        "Is it possible to identify individuals", "Does the dataset contain data that might be considered sensitive",
        "Any other comments"],
    "Collection process": [
        "How was the data associated with each instance acquired", "What mechanisms or procedures",
        "If the dataset is a sample from a larger set", "Who was involved in the data collection",
        "Over what timeframe", "Were any ethical review processes", "Did you collect the data from the individuals",
        "Were the individuals in question notified", "Did the individuals in question consent",
        "If consent was obtained", "Has an analysis of the potential impact", "Any other comments"],
    "Preprocessing, cleaning and labelling": [
        "Was any preprocessing/cleaning/labeling", 'Was the "raw" data saved', "Is the software that was used",
        "Any other comments"],
    "Uses": [
        "Has the dataset been used for any tasks already", "Is there a repository that links",
        "What (other) tasks could", "Is there anything about the composition",
        "Are there tasks for which the dataset should not be used", "Any other comments"],
    "Distribution": [
        "Will the dataset be distributed to third parties", "How will the dataset be distributed",
        "When will the dataset be distributed", "Will the dataset be distributed under a copyright",
        "Have any third parties imposed", "Do any export controls", "Any other comments"],
    "Maintenance": [
        "Who will be supporting", "How can the owner", "Is there an erratum", "Will the dataset be updated",
        "If the dataset relates to people", "Will older versions", "If others want to extend",
        "Any other comments"],
}
STATEMENT = ["A. Curation rationale", "B. Language variety", "C. Speaker demographic", "D. Annotator demographic",
             "E. Speech situation", "F. Text characteristics", "G. Recording quality", "H. Other",
             "I. Provenance appendix"]


def section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def test_every_datasheet_question_is_asked_and_answered_in_its_section():
    for name, stems in QUESTIONS.items():
        body = section(SHEET, name)
        asked = re.findall(r"^\*\*(.+?\?)\*\*\n(.+)$", body, re.M)
        assert len(asked) == len(stems), name
        for (question, answer), stem in zip(asked, stems):
            assert question.startswith(stem), (name, question)
            assert question.endswith("?") and len(answer.strip()) > 10, (name, question)


def test_data_statement_has_every_part_and_a_bcp47_tag():
    body = section(SHEET, "Data statement")
    assert re.findall(r"^### (.+)$", body, re.M) == STATEMENT
    assert "BCP-47 tag: `en`" in body


def test_provenance_table_matches_the_documents():
    rows = re.findall(r"^\| (d00\d) \| `([^`]+)` \| ([^|]+) \| ([^|]+) \|$", SHEET, re.M)
    docs = data.documents()
    assert [r[0] for r in rows] == list(docs)
    for doc_id, seed, outlet, date in rows:
        assert seed == docs[doc_id]["seed_file"]
        assert outlet.strip() == (docs[doc_id]["outlet"] or "none")
        assert date.strip() == (docs[doc_id]["published"] or "none")


def glance() -> dict[str, int]:
    body = section(SHEET, "At a glance")
    return {k: int(v) for k, v in re.findall(r"^\| ([^|]+?) \| (\d+) \|$", body, re.M)}


def test_at_a_glance_numbers_are_the_data():
    docs = data.documents()
    boiler = [s for r in data.records("boilerplate") for s in r["spans"]]
    segments = data.records("segments")
    table = data.records("entity_table")
    assert glance() == {
        "documents": len(docs),
        "characters (code points)": sum(len(d["text"]) for d in docs.values()),
        "sentence segments": len(segments),
        "content segments": sum(not s["boilerplate"] for s in segments),
        "gold tokens": sum(len(r["tokens"]) for r in data.records("tokens")),
        "boilerplate spans": len(boiler),
        "boilerplate characters (white space included)": sum(s["end"] - s["start"] for s in boiler),
        "entity mentions": sum(len(r["mentions"]) for r in data.records("entities")),
        "entity ids": len(table),
        "entity ids with a Wikipedia title": sum(1 for e in table if e["wikipedia"]),
        "segment pairs": len(data.records("duplicate_pairs")),
        "document pairs": len(data.records("document_pairs")),
    }


def test_counts_quoted_in_the_prose_are_the_data():
    persons = sum(1 for e in data.records("entity_table") if e["type"] == "PERSON")
    assert f"{persons} referents are persons" in SHEET
    ids = Counter(m["entity_id"] for r in data.records("entities") for m in r["mentions"] if m["entity_id"])
    top4 = sum(n for _, n in ids.most_common(4))
    assert f"account for {top4} of the {sum(len(r['mentions']) for r in data.records('entities'))} mentions" in SHEET


def card_metadata() -> dict:
    return yaml.safe_load(CARD.split("---\n")[1])


def test_card_metadata_has_the_hub_fields():
    meta = card_metadata()
    for key in ("pretty_name", "language", "license", "license_name", "license_details", "task_categories",
                "task_ids", "size_categories", "annotations_creators", "configs", "dataset_info", "version"):
        assert meta.get(key), key
    assert [c["config_name"] for c in meta["configs"]] == list(data.CONFIGS)
    assert [c["config_name"] for c in meta["dataset_info"]] == list(data.CONFIGS)
    for section_name in ("## Tasks and metrics", "## Loading", "## Limitations", "## Licence", "## Versioning",
                         "## Citation"):
        assert section_name in CARD


def test_card_loading_example_runs_and_covers_every_config(tmp_path):
    block = re.search(r"```python\n(from datasets import load_dataset\n.*?)```", CARD, re.S).group(1)
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    script = block + "\nprint('same_content', same_content.num_rows, 'tags', tags.num_classes)\n"
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO / "dataset" / "..", env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    printed = dict(line.split(" ", 1) for line in out.stdout.splitlines())
    manifest = data.manifest()["files"]
    for name, config in data.CONFIGS.items():
        assert int(printed[name]) == manifest[config.path]["records"]
    same = sum(1 for p in data.records("duplicate_pairs") if p["label"] != "related")
    assert printed["same_content"] == f"{same} tags 37"
