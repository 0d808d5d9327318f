"""Dataset access (``newsprep.eval.data.dataset``): configs, records, documents, versions and ``datasets``
loading; the documents config holds the exact texts."""
import hashlib
import json
import os
import re
import subprocess
import sys

import datasets
import pytest

from newsprep.eval import (
    CONFIGS,
    TYPES,
    InvalidInput,
    NewsPrepError,
    UnknownConfig,
    data_version,
    documents,
    load,
    records,
)
from newsprep.eval.data import dataset as data
from tests.conftest import REPO


def test_texts_equal_raw_articles_byte_for_byte():
    raw = sorted((data.dataset_dir() / "raw").glob("*.txt"))
    docs = data.records("documents")
    assert len(raw) == len(docs) == 5
    for path, doc in zip(raw, docs):
        assert doc["seed_file"] == path.name
        assert doc["text"].encode("utf-8") == path.read_bytes()


def test_raw_articles_match_the_checksums_they_came_with():
    raw = data.dataset_dir() / "raw"
    for line in (raw / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((raw / name).read_bytes()).hexdigest() == digest


def test_document_ids_follow_seed_order():
    assert [d["id"] for d in data.records("documents")] == ["d000", "d001", "d002", "d003", "d004"]


def test_outlet_and_date_only_where_the_text_shows_them():
    docs = data.documents()
    for doc in docs.values():
        if doc["outlet"]:
            assert doc["outlet"] in doc["text"]
    assert docs["d004"]["published"] == "2024-06-20" and "20.06.2024" in docs["d004"]["text"]
    assert docs["d003"]["published"] == "2024-06-19" and "/2024/6/19/" in docs["d003"]["text"]
    assert [d["id"] for d in docs.values() if d["published"] is None] == ["d000", "d001", "d002"]


def test_card_features_are_applied_by_datasets():
    ds = load("documents")
    assert isinstance(ds, datasets.Dataset)
    assert ds.features["num_chars"] == datasets.Value("int32")
    assert ds.features["text"] == datasets.Value("string")
    assert ds.num_rows == 5
    assert ds[2]["text"] == data.documents()["d002"]["text"]


def test_load_dataset_from_checkout_offline(tmp_path):
    script = (
        "import datasets; ds = datasets.load_dataset('dataset', 'documents', split='test');"
        "print(ds.num_rows, ds.features['num_chars'].dtype)"
    )
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["5", "int32"]


def test_configs_name_a_file_and_schema_that_exist():
    assert list(CONFIGS) == ["documents", "boilerplate", "segments", "entities", "entity_table", "tokens",
                             "duplicate_pairs", "document_pairs"]
    for name, config in CONFIGS.items():
        assert config.name == name
        assert (data.dataset_dir() / config.path).is_file()
        assert (data.schema_dir() / config.schema).is_file()
        assert data.load_schema(config.schema)["$schema"].endswith("2020-12/schema")


def test_records_of_every_config_match_the_manifest():
    files = data.manifest()["files"]
    for name, config in CONFIGS.items():
        assert len(records(name)) == files[config.path]["records"], name


def test_unknown_config_is_named_with_the_known_ones():
    for call in (lambda: records("entitys"), lambda: load("entitys"), lambda: data.config("entitys")):
        with pytest.raises(UnknownConfig, match="unknown config 'entitys'; known: documents, boilerplate, "):
            call()


def test_records_of_an_unreadable_file_raise_invalid_input(data_copy):
    (data_copy / "data/segments.jsonl").write_text('{"id": "d000-s000"}\n{"id": \n', encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        records("segments", data_copy)
    assert [(p.file, p.line, p.rule) for p in err.value.problems] == [("data/segments.jsonl", 2, "json")]


def test_documents_are_keyed_by_id_in_order():
    docs = documents()
    assert list(docs) == ["d000", "d001", "d002", "d003", "d004"]
    assert all(doc["id"] == key for key, doc in docs.items())


def test_version_label_and_synthetic_block(data_copy):
    version = data_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert data_version(data_copy) == version and data.data_label() == version
    assert data.synthetic() is None
    manifest = json.loads((data_copy / "manifest.json").read_text())
    manifest["synthetic"] = {"docs": 7, "seed": 3, "omitted": []}
    (data_copy / "manifest.json").write_text(json.dumps(manifest))
    assert data.synthetic(data_copy) == {"docs": 7, "seed": 3, "omitted": []}
    assert data.data_label(data_copy) == f"{version}+synthetic-n7-s3"
    (data_copy / "manifest.json").write_text("[" * 100_000)  # unreadable: the validator reports it, not this
    assert data.synthetic(data_copy) is None


def test_folder_and_resolve_root(data_copy, tmp_path):
    assert data.folder(None) == data.dataset_dir() and data.folder(str(data_copy)) == data_copy
    assert data.resolve_root(None) is None
    assert data.resolve_root(str(data_copy)) == data_copy
    for bad in ("", tmp_path / "nowhere", tmp_path):
        with pytest.raises(NewsPrepError, match=r"is not a dataset folder \(no manifest.json\)"):
            data.resolve_root(bad)


def test_load_gives_the_records_with_types_as_class_labels():
    ds = load("entities")
    assert ds.num_rows == len(records("entities"))
    first = records("entities")[0]
    types = ds.features["mentions"].feature["type"]
    assert list(types.names) == list(TYPES)
    assert ds[0]["doc"] == first["doc"]
    assert [(m["start"], types.int2str(m["type"])) for m in ds[0]["mentions"]] == \
        [(m["start"], m["type"]) for m in first["mentions"]]
