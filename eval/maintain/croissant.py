"""Croissant 1.0 metadata (``dataset/croissant.json``), derived from the manifest and the card.

Everything a Croissant consumer needs is built from files the project already
keeps: one ``FileObject`` per manifest entry (path and sha256), one
``RecordSet`` per config with its fields typed from the card's ``dataset_info``
features, and the responsible-AI (``rai:``) fields, which summarise
``DATASHEET.md``. ``newsprep build-data`` writes the file; ``release-check``
and a test compare the committed file with a fresh build, so it cannot drift.

Flat configs (one value per column) are fully described and load with
``mlcroissant``; the configs whose rows hold lists of spans (``boilerplate``,
``entities``, ``tokens``) describe their scalar columns and name the list
columns in the record set's description, since Croissant 1.0 has no portable
way to read a JSON list of objects out of a JSON Lines column.

>>> meta = build_croissant()                                # doctest: +SKIP
>>> [f["name"] for f in meta["distribution"]][:2]           # doctest: +SKIP
['data/boilerplate.jsonl', 'data/document_pairs.jsonl']
"""
from __future__ import annotations

import json
from pathlib import Path

from newsprep.eval.data.card import front_matter
from newsprep.eval.data.croissant import CONFORMS_TO, distribution
from newsprep.eval.data.dataset import CONFIGS, dataset_dir, manifest
from newsprep.eval.data.versions import changelog_top

CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

# Card dtypes as Croissant data types. ClassLabel columns are stored as their names.
DATA_TYPES = {"string": "sc:Text", "int32": "sc:Integer", "float32": "sc:Float", "bool": "sc:Boolean"}

DESCRIPTIONS = {
    "documents": "One article: its exact text (byte for byte the raw file), seed file name, title, and outlet "
                 "and date only where the text shows them.",
    "boilerplate": "One document's gold boilerplate spans ([start, end) code points, surface text, category).",
    "segments": "One gold sentence segment of a document, with a flag telling whether it lies in boilerplate.",
    "entities": "One document's gold entity mentions in the 18 OntoNotes 5 types, with dataset-wide entity ids.",
    "entity_table": "One referent: id, canonical name, type, English Wikipedia title or null.",
    "tokens": "One segment as gold tokens with their code-point offsets and IOB2 entity tags.",
    "duplicate_pairs": "One unordered pair of content segments: near_duplicate, paraphrase or related, "
                       "with an STS-style 0-5 score.",
    "document_pairs": "One unordered pair of documents with a 0-5 grade derived from the segment pairs.",
}

# Who or what assigned the labels: the one statement of it. The dataset card, the datasheet and the
# annotation guidelines quote both sentences word for word, and the Croissant fields below are built
# from them; tests/test_annotation_statements.py checks that every document agrees.
ANNOTATED_BY = ("Every label in the gold was assigned by AI language-model assistants working from the written "
                "annotation guidelines: each layer was annotated in two passes, each made by a separate assistant "
                "instance, and the disagreements that the written rules do not settle were adjudicated by another "
                "instance. Code proposed the candidate pairs of the duplicate layer (TF-IDF, Jaccard and "
                "shared-name similarity signals) and derives the token view and the document pairs from the gold; "
                "it assigns no label of its own. No person has reviewed the whole gold.")
AGREEMENT_CAVEAT = ("Both passes followed the same written guidelines, so the agreement figures measure how "
                    "consistently the guidelines were applied, not independent judgement.")

RAI = {
    "rai:dataCollection": "Five English news reports of one event (the Russian president's state visit to "
                          "Vietnam, 19-20 June 2024), scraped from the web as plain text by an unknown "
                          "extractor and kept byte for byte, noise included.",
    "rai:dataCollectionType": "Web scraping (secondary data); no new text was written.",
    "rai:dataCollectionTimeframe": "2024-06-19/2024-06-20",
    "rai:dataPreprocessingProtocol": "None on the text: it is the raw file decoded as UTF-8, checked against "
                                     "the SHA-256 sums it arrived with. Derived layers (tokens, document pairs) "
                                     "are computed by code from the gold spans.",
    "rai:dataAnnotationProtocol": "Three layers on the unchanged text: boilerplate spans in 7 categories, "
                                  "entity mentions in 18 OntoNotes types with ids and Wikipedia titles, and "
                                  "labelled segment pairs. Each layer was annotated in two passes made apart "
                                  "from each other, both following ANNOTATION_GUIDELINES.md, and adjudicated; "
                                  "agreement is reported there (boilerplate character F1 1.000, entities strict "
                                  "F1 0.993, duplicate labels Cohen's kappa 0.710). " + AGREEMENT_CAVEAT
                                  + " In 0.6.0 the 199 contested duplicate pairs were judged again in two blind "
                                  "passes that saw only the two segments, the articles and general definitions "
                                  "(same content or not: Cohen's kappa 0.643 between them); pairs are judged "
                                  "one by one, and same content is not treated as transitive.",
    "rai:dataAnnotationPlatform": "Plain JSON Lines files checked by the project's validator; no crowd platform.",
    "rai:annotationsPerItem": "2 passes by separate assistant instances following the same guidelines, then "
                              "adjudication",
    "rai:annotatorDemographics": "AI language-model assistants annotating in English from written guidelines; "
                                 "no crowd workers or paid annotators. " + ANNOTATED_BY,
    "rai:machineAnnotationTools": "AI language-model assistants assigned every label (see "
                                  "rai:annotatorDemographics). " + ANNOTATED_BY,
    "rai:dataUseCases": "Evaluation only (single test split): boilerplate removal, named-entity recognition "
                        "and linking, near-duplicate and paraphrase detection, and teaching these tasks. Five "
                        "documents cannot support training or fine-grained model rankings.",
    "rai:dataLimitations": "Five documents from one event and one week: scores have wide intervals and do not "
                           "generalise to other topics, periods or varieties of English. Outlets are known "
                           "for one document only; one article reads as a translation from German.",
    "rai:dataBiases": "The reporting is by Western and state-aligned outlets about a politically charged "
                      "visit; the framing of the texts is kept, not balanced.",
    "rai:personalSensitiveInformation": "42 named persons, as the published texts name them: mostly public "
                                        "figures in public roles, also journalists and photographers in "
                                        "credits and people in teaser headlines. Political opinions and a "
                                        "war are reported. No identification numbers, health or financial "
                                        "data of private persons.",
    "rai:dataSocialImpact": "Low: a small evaluation set. Entity links name real politicians; the texts "
                            "describe a war and sanctions and must not be read as a balanced account.",
    "rai:dataReleaseMaintenancePlan": "Semantic versioning of the data (see CHANGELOG.md and the release "
                                      "policy in DATASHEET.md); errata are fixed in a new version, never in "
                                      "place, and every score names the version it was computed on.",
}


def _features(root: Path) -> dict[str, list[dict]]:
    """The card's ``dataset_info`` features, by config name."""
    import yaml

    front = yaml.safe_load(front_matter((root / "README.md").read_text(encoding="utf-8")))
    return {info["config_name"]: info["features"] for info in front["dataset_info"]}


def _data_type(feature: dict) -> str | None:
    """The Croissant type of a scalar feature; ``None`` for a list column."""
    dtype = feature.get("dtype")
    if isinstance(dtype, str):
        return DATA_TYPES[dtype]
    if isinstance(dtype, dict) and "class_label" in dtype:
        return "sc:Text"
    return None


def record_set(name: str, features: list[dict]) -> dict:
    """One ``RecordSet``: a field per scalar column of the config's JSON Lines file."""
    path = CONFIGS[name].path
    fields, lists = [], []
    for feature in features:
        data_type = _data_type(feature)
        if data_type is None:
            lists.append(feature["name"])
            continue
        fields.append({
            "@type": "cr:Field", "@id": f"{name}/{feature['name']}", "name": feature["name"],
            "dataType": data_type,
            "source": {"fileObject": {"@id": path}, "extract": {"column": feature["name"]}},
        })
    description = DESCRIPTIONS[name]
    if lists:
        description += f" List columns not described as fields: {', '.join(lists)} (see the dataset card)."
    return {"@type": "cr:RecordSet", "@id": name, "name": name, "description": description, "field": fields}


def build_croissant(root: Path | None = None) -> dict:
    """The Croissant metadata of the dataset folder ``root`` (default: the embedded one)."""
    root = root or dataset_dir()
    meta = manifest(root)
    features = _features(root)
    top = changelog_top(root / "CHANGELOG.md")
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": "NewsPrep",
        "description": "A small, exactly annotated benchmark of five scraped English news reports of one event, "
                       "with gold layers for boilerplate, named entities and duplicate segment pairs on the "
                       "unchanged text. Every span is [start, end) in Unicode code points.",
        "version": meta["version"],
        "datePublished": top[2] if top else None,
        "license": ["https://creativecommons.org/licenses/by/4.0/",
                    "The annotations are CC BY 4.0; the code is MIT; the article texts remain the copyright of "
                    "their publishers and are included unchanged for research and teaching (see DATASHEET.md)."],
        "citeAs": "@misc{newsprep, title={NewsPrep: an exactly annotated news benchmark}, "
                  f"author={{The NewsPrep authors}}, year={{2026}}, note={{Version {meta['version']}}}}}",
        "inLanguage": "en",
        "keywords": ["boilerplate removal", "named-entity recognition", "entity linking",
                     "near-duplicate detection", "paraphrase", "news", "benchmark"],
        "isLiveDataset": False,
        **RAI,
        "distribution": distribution(meta["files"]),
        "recordSet": [record_set(name, features[name]) for name in CONFIGS],
    }


def croissant_text(root: Path | None = None) -> str:
    """The file as written: indented JSON with a final newline."""
    return json.dumps(build_croissant(root), indent=2, ensure_ascii=False) + "\n"


def write_croissant(root: Path | None = None) -> None:
    root = root or dataset_dir()
    tmp = root / "croissant.json.tmp"
    tmp.write_text(croissant_text(root), encoding="utf-8")
    tmp.replace(root / "croissant.json")
