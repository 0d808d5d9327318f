"""The documents config: exact texts, declared features, offline loading."""
import hashlib
import os
import subprocess
import sys

import datasets

from newsprep.eval import load
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


def test_build_reproduces_committed_files(data_copy):
    from newsprep.eval.maintain.build import build

    before = {p.name: p.read_bytes() for p in (data_copy / "data").glob("*.jsonl")}
    for name in ("manifest.json", "croissant.json"):
        before[name] = (data_copy / name).read_bytes()
    build(data_copy)
    after = {p.name: p.read_bytes() for p in (data_copy / "data").glob("*.jsonl")}
    for name in ("manifest.json", "croissant.json"):
        after[name] = (data_copy / name).read_bytes()
    assert after == before
