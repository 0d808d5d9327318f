"""``newsprep.eval.load`` returns exactly the current files of the folder it is given, never rows cached
from an earlier content or another folder of the same name; and the card's plain ``datasets`` snippet
does the same with the arguments the card tells it to pass (the claims of its "Loading" section)."""
import ast
import json
import os
import pickle
import re
import shutil
from pathlib import Path

import datasets
import pytest

from newsprep.eval import CONFIGS, NewsPrepError, data_version, load, records
from newsprep.eval.data import dataset as data
from tests.conftest import REPO

CARD = (data.dataset_dir() / "README.md").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _offline(offline_datasets_cache):
    """Every test here: a private datasets cache, no network (``offline_datasets_cache`` in conftest)."""


def copy_folder(dest: Path) -> Path:
    """A copy of the embedded dataset folder at ``dest``, file times kept (as ``cp -a`` or a checkout would)."""
    shutil.copytree(data.dataset_dir(), dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def retitle(root: Path, doc: str, title: str, *, keep_time: bool = True) -> None:
    """Change one document's ``title`` in ``data/documents.jsonl``; by default its modification time is kept."""
    path = root / "data/documents.jsonl"
    before = path.stat()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        if row["id"] == doc:
            row["title"] = title
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    if keep_time:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def titles(ds) -> dict[str, str]:
    return {row["id"]: row["title"] for row in ds}


def test_an_edited_file_is_seen_at_once(data_copy):
    first = load("documents", root=data_copy)
    old = first[1]["title"]
    retitle(data_copy, "d001", "Edited title", keep_time=True)
    assert titles(load("documents", root=data_copy))["d001"] == "Edited title"
    retitle(data_copy, "d001", "Edited again", keep_time=False)
    assert titles(load("documents", root=data_copy))["d001"] == "Edited again"
    # the earlier dataset keeps its own rows, in this process and reopened from its cache file
    assert first[1]["title"] == old and pickle.loads(pickle.dumps(first))[1]["title"] == old


def test_the_same_content_reuses_its_cache_and_another_content_does_not(data_copy):
    one, two = load("documents", root=data_copy), load("documents", root=data_copy)
    assert one.cache_files == two.cache_files  # nothing rebuilt for an unchanged file
    assert load("documents").cache_files == one.cache_files  # equal content: the embedded folder shares it
    retitle(data_copy, "d000", "Other")
    assert load("documents", root=data_copy).cache_files != one.cache_files


def test_two_folders_of_the_same_name_give_their_own_rows(tmp_path):
    a, b = copy_folder(tmp_path / "a" / "dataset"), copy_folder(tmp_path / "b" / "dataset")
    retitle(b, "d003", "Only in b")
    rows_a, rows_b = load("documents", root=a), load("documents", root=b)
    assert titles(rows_b)["d003"] == "Only in b"
    assert titles(rows_a)["d003"] == titles(load("documents"))["d003"] != "Only in b"
    assert titles(load("documents", root=a)) == titles(rows_a)  # loading b did not change a's
    assert titles(rows_a) == {r["id"]: r["title"] for r in records("documents", a)}
    assert titles(rows_b) == {r["id"]: r["title"] for r in records("documents", b)}


def test_streaming_gives_the_same_rows_with_the_same_features_and_version():
    for name in CONFIGS:
        ds, stream = load(name), load(name, streaming=True)
        assert isinstance(ds, datasets.Dataset) and isinstance(stream, datasets.IterableDataset)
        assert list(stream) == list(ds), name
        assert stream.features == ds.features, name
        assert stream.info.version == ds.info.version, name


def test_info_version_is_the_manifest_version(data_copy):
    for ds in (load("segments"), load("segments", streaming=True)):
        assert isinstance(ds.info.version, datasets.Version)
        assert ds.info.version == datasets.Version(data_version()) and str(ds.info.version) == data_version()
    manifest = json.loads((data_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["version"] = "9.8.7"
    (data_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert str(load("segments", root=data_copy).info.version) == "9.8.7"  # a new version is a new cache entry


def test_features_are_the_cards_for_every_config(data_copy):
    for name in CONFIGS:
        ds = load(name)
        assert ds.features == data.card_features(name), name
        # the features datasets itself applies when it loads the folder with its card
        reference = datasets.load_dataset(str(data_copy), name, split="test", download_mode="force_redownload",
                                          keep_in_memory=True)
        assert ds.features == reference.features, name
        assert list(ds) == list(reference), name
        assert ds.num_rows == len(records(name)) and ds.info.config_name == name
    spans = load("boilerplate").features["spans"]
    span = spans.feature if hasattr(spans, "feature") else spans[0]  # datasets.List (>= 4) or a list of one dict
    assert span["start"] == datasets.Value("int32") and isinstance(span["category"], datasets.ClassLabel)


def test_the_card_decides_the_features(data_copy):
    card = data_copy / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace(
        "  - name: num_chars\n    dtype: int32\n", "  - name: num_chars\n    dtype: int64\n", 1), encoding="utf-8")
    assert load("documents", root=data_copy).features["num_chars"] == datasets.Value("int64")
    assert load("documents").features["num_chars"] == datasets.Value("int32")


def test_split_slices_and_errors(data_copy, tmp_path):
    assert [row["id"] for row in load("documents", split="test[:2]")] == ["d000", "d001"]
    with pytest.raises(NewsPrepError, match="not a dataset folder"):
        load("documents", root=tmp_path / "nowhere")
    (data_copy / "README.md").unlink()
    with pytest.raises(NewsPrepError, match="README.md not found"):
        load("documents", root=data_copy)


# The card's plain ``datasets`` snippet: what it passes, and why (each claim of the card is checked).

def card_fresh_arguments() -> dict:
    """The ``fresh = {...}`` arguments the card's loading block passes to every ``load_dataset`` call."""
    block = re.search(r"```python\n(from datasets import load_dataset\n.*?)```", CARD, re.S).group(1)
    fresh = ast.literal_eval(re.search(r"^fresh = (\{.*\})$", block, re.M).group(1))
    assert block.count("load_dataset(\"dataset\"") == block.count("**fresh)")  # every call passes them
    return fresh


def test_the_card_snippet_arguments_make_plain_datasets_current(tmp_path):
    fresh = card_fresh_arguments()
    assert fresh == {"download_mode": "force_redownload", "keep_in_memory": True}
    for doc in ("README.md", "DATASHEET.md"):  # the other places that show a plain load_dataset of the folder
        calls = re.findall(r'load_dataset\("dataset"[^)]*\)', (REPO / doc).read_text(encoding="utf-8"))
        assert calls, doc
        for call in calls:
            assert 'download_mode="force_redownload"' in call and "keep_in_memory=True" in call, (doc, call)
    a, b = copy_folder(tmp_path / "a" / "dataset"), copy_folder(tmp_path / "b" / "dataset")
    retitle(b, "d003", "Only in b")
    rows_a = datasets.load_dataset(str(a), "documents", split="test", **fresh)
    rows_b = datasets.load_dataset(str(b), "documents", split="test", **fresh)
    assert titles(rows_b)["d003"] == "Only in b" != titles(rows_a)["d003"]
    retitle(a, "d000", "Edited in a")
    assert titles(datasets.load_dataset(str(a), "documents", split="test", **fresh))["d000"] == "Edited in a"
    # in memory: the rebuilds of the shared cache file did not change the earlier datasets, pickled or not
    assert titles(pickle.loads(pickle.dumps(rows_b)))["d003"] == "Only in b"
    assert titles(pickle.loads(pickle.dumps(rows_a)))["d000"] != "Edited in a"


def test_without_the_card_arguments_plain_datasets_is_stale_as_the_card_says(tmp_path):
    """The card's reason for its arguments, shown: if datasets ever keys local folders by content, reword it."""
    a, b = copy_folder(tmp_path / "a" / "dataset"), copy_folder(tmp_path / "b" / "dataset")
    first = datasets.load_dataset(str(a), "documents", split="test")
    retitle(a, "d000", "Edited in a", keep_time=False)  # a new modification time does not help either
    assert titles(datasets.load_dataset(str(a), "documents", split="test"))["d000"] == first[0]["title"]
    retitle(b, "d000", "Only in b", keep_time=False)
    assert titles(datasets.load_dataset(str(b), "documents", split="test"))["d000"] == first[0]["title"]
    # without keep_in_memory the rows live in the one cache file of that folder name, which a rebuild replaces
    kept = datasets.load_dataset(str(a), "documents", split="test", download_mode="force_redownload")
    assert kept[0]["title"] == "Edited in a"
    datasets.load_dataset(str(b), "documents", split="test", download_mode="force_redownload")
    assert pickle.loads(pickle.dumps(kept))[0]["title"] == "Only in b"
