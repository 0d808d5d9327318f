"""The gold column cache (``newsprep.eval.validate.columns``): it holds what the JSON holds, scoring from it gives
the reports scoring from the JSON gives (byte for byte, in order and shuffled, in partitions), it is keyed by the
folder's content, bounded, cleared, and a cache that is not whole is never read."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from newsprep.eval.data import dataset as data
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.render.text import FORMATS
from newsprep.eval.scoring.api import score_file
from newsprep.eval.tasks.batch import Side
from newsprep.eval.types import CATEGORIES
from newsprep.eval.validate import columns, gold
from tests.conftest import run_cli
from tests.submissions import imperfect_corpus, shuffled_copy

as_json = FORMATS["json"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("columns")
    root, ordered = imperfect_corpus(tmp, docs=300, seed=5)
    return root, ordered, shuffled_copy(ordered, tmp / "shuffled.jsonl", seed=2)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache of the test's own (validation records and columns)."""
    monkeypatch.setenv("NEWSPREP_CACHE", str(tmp_path / "cache"))
    gold.forget()
    yield tmp_path / "cache"
    gold.forget()


def without_cache(monkeypatch, tmp_path) -> None:
    """No cache may be used (it is a file): scoring reads the JSON."""
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setenv("NEWSPREP_CACHE", str(tmp_path / "not-a-folder"))
    gold.forget()


def held(cache: Path) -> list[Path]:
    folder = cache / "columns"
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


@pytest.mark.parametrize("root", [None, "synthetic"], ids=["embedded", "synthetic"])
def test_the_columns_hold_every_document_and_span_as_the_json_gives_them(root, corpus, tmp_path):
    folder = corpus[0] if root else data.dataset_dir()
    cols = columns.GoldColumns.open(columns.write(folder, tmp_path / "cols"))
    docs = list(data.records("documents", folder))
    assert list(cols.ids) == [d["id"] for d in docs]
    assert [cols.text_of(k) for k in range(len(cols))] == [d["text"] for d in docs]
    for name, (items, fields) in columns.SPAN_LAYERS.items():
        for k, record in enumerate(data.records(name, folder)):
            want = [{key: span[key] for key in ("start", "end", *fields) if key in span} for span in record[items]]
            assert cols.layers[name].record(k) == {items: want}, (name, record["doc"])


@pytest.mark.parametrize("which", ["ordered", "shuffled"])
@pytest.mark.parametrize("partitions", [None, 3])
def test_scoring_from_the_columns_gives_the_report_of_the_json(which, partitions, corpus, cache, monkeypatch, tmp_path):
    root, ordered, shuffled = corpus
    path = ordered if which == "ordered" else shuffled
    from_columns = as_json(score_file(path, gold=root, resamples=20, partitions=partitions))
    assert len(held(cache)) == 1  # made by that run
    without_cache(monkeypatch, tmp_path)
    assert as_json(score_file(path, gold=root, resamples=20, partitions=partitions)) == from_columns


def test_scoring_reads_no_gold_json_once_the_columns_are_made(corpus, cache, monkeypatch):
    from newsprep.eval.data import goldfile

    root, ordered, _ = corpus
    first = as_json(score_file(ordered, gold=root, resamples=0))
    read = []
    original = goldfile.Layer.__init__

    def spy(self, path, key="doc"):
        read.append(Path(path).name)
        original(self, path, key)

    monkeypatch.setattr(goldfile.Layer, "__init__", spy)
    assert as_json(score_file(ordered, gold=root, resamples=0)) == first
    assert read == []


def test_a_changed_gold_file_gets_columns_of_its_own(corpus, cache, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(corpus[0], root)
    before = as_json(score_file(corpus[1], gold=root, resamples=0))
    path = root / "data" / "boilerplate.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    k = next(k for k, line in enumerate(lines) if json.loads(line)["spans"])
    record = json.loads(lines[k])
    span = record["spans"][0]
    span["category"] = next(c for c in CATEGORIES if c != span["category"])  # still valid, another score
    lines[k] = json.dumps(record, ensure_ascii=False) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    manifest = json.loads((root / "manifest.json").read_text())
    from newsprep.eval.data.manifest import sha256_file
    manifest["files"]["data/boilerplate.jsonl"]["sha256"] = sha256_file(path)
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    after = as_json(score_file(corpus[1], gold=root, resamples=0))
    assert after != before
    assert len(held(cache)) == 2
    gold.forget()
    assert as_json(score_file(corpus[1], gold=root, resamples=0)) == after


def test_the_cache_keeps_the_most_recently_used_contents_only(cache):
    made = []
    for k in range(columns.KEEP):
        made.append(columns.cached(data.dataset_dir(), cache, f"{k:064x}"))
        os.utime(made[-1], (1000 + k, 1000 + k))
    assert columns.cached(data.dataset_dir(), cache, f"{0:064x}") == made[0]  # used again: now the most recent
    newest = columns.cached(data.dataset_dir(), cache, "f" * 64)  # one more: the least recently used goes
    assert held(cache) == sorted([made[0], *made[2:], newest])
    assert columns.clear(cache) == columns.KEEP
    assert held(cache) == []


@pytest.mark.parametrize("damage", ["no complete.json", "an array cut short", "another format", "a layer's rows"])
def test_a_cache_that_is_not_whole_is_not_read_and_the_json_is(damage, corpus, cache):
    root, ordered, _ = corpus
    want = as_json(score_file(ordered, gold=root, resamples=0))
    (folder,) = held(cache)
    if damage == "no complete.json":
        (folder / "complete.json").unlink()
    elif damage == "an array cut short":
        path = folder / "entities.start.bin"
        path.write_bytes(path.read_bytes()[:-8])
    elif damage == "another format":
        complete = json.loads((folder / "complete.json").read_text())
        (folder / "complete.json").write_text(json.dumps({**complete, "format": 0}))
    else:
        rows = np.fromfile(folder / "boilerplate.rows.bin", dtype=np.int64)
        rows[-1] += 1
        rows.tofile(folder / "boilerplate.rows.bin")
    with pytest.raises(ValueError, match="not a complete column cache"):
        columns.GoldColumns.open(folder)
    gold.forget()
    assert as_json(score_file(ordered, gold=root, resamples=0)) == want


def test_a_code_past_its_vocabulary_is_named_with_the_command_that_clears_the_cache(corpus, cache):
    """Codes are checked as they are read (reading them all when the cache opens would cost what it saves): a
    damaged code stops scoring with a message, and scoring after ``--clear-cache`` gives the report again."""
    root, ordered, _ = corpus
    want = as_json(score_file(ordered, gold=root, resamples=0))
    (folder,) = held(cache)
    codes = np.fromfile(folder / "entities.type.bin", dtype=np.int64)
    codes[0] = 10 ** 6
    codes.tofile(folder / "entities.type.bin")
    gold.forget()
    with pytest.raises(NewsPrepError, match=r"entities.type.bin: the gold column cache is damaged \(a value outside "
                                            r"\[0, \d+\)\); run newsprep validate-data --clear-cache"):
        score_file(ordered, gold=root, resamples=0)
    assert run_cli("validate-data", "--root", str(root), "--clear-cache").code == 0
    assert as_json(score_file(ordered, gold=root, resamples=0)) == want


def test_no_columns_are_written_inside_a_dataset_folder(corpus, monkeypatch):
    root = corpus[0]
    monkeypatch.setenv("NEWSPREP_CACHE", str(root / "cache"))
    gold.forget()
    assert gold.gold_columns(root) is None
    assert not (root / "cache").exists()


def test_validate_data_clear_cache_removes_every_column_folder(corpus, cache):
    root, ordered, _ = corpus
    score_file(ordered, gold=root, resamples=0)
    columns.cached(data.dataset_dir(), cache, "0" * 64)
    assert len(held(cache)) == 2
    done = run_cli("validate-data", "--root", str(root), "--clear-cache")
    assert done.code == 0, done.err
    assert f"removed 2 gold column cache(s) from {cache / 'columns'}" in done.err
    assert held(cache) == []
    assert (cache / "validated").is_dir()  # the validation records stay


def test_a_side_given_rows_and_objects_counts_them_as_objects_in_document_order(tmp_path):
    cols = columns.GoldColumns.open(columns.write(data.dataset_dir(), tmp_path / "cols"))
    layer = cols.layers["entities"]
    mixed, objects = Side(), Side()
    for k in range(len(cols)):
        given = layer.rows_of(k)
        mixed.add(k, given if k % 2 else given.items())
        objects.add(k, given.items())
    numbering = ({None: -1}, iter(range(10 ** 6)))
    assert mixed.docs().tolist() == objects.docs().tolist()
    assert mixed.ints("start").tolist() == objects.ints("start").tolist()
    assert list(mixed.values("type")) == list(objects.values("type"))
    assert mixed.numbers("entity_id", *numbering).tolist() == objects.numbers("entity_id", {None: -1}, iter(range(10 ** 6))).tolist()


def test_rows_read_as_arrays_give_what_their_objects_give(tmp_path):
    cols = columns.GoldColumns.open(columns.write(data.dataset_dir(), tmp_path / "cols"))
    for name, lookups in (("entities", ("type",)), ("boilerplate", ("category",))):
        layer = cols.layers[name]
        rows, objects = Side(), Side()
        for k in range(1, len(cols), 2):  # rows that do not follow each other
            rows.add(k, layer.rows_of(k))
            objects.add(k, layer.rows_of(k).items())
        for field in ("start", "end"):
            assert rows.ints(field).tolist() == objects.ints(field).tolist()
        every = Side()
        for k in range(len(cols)):
            every.add(k, layer.rows_of(k).items())
        for field in lookups:
            table = {v: k for k, v in enumerate(sorted(set(every.values(field))))}
            assert rows.ints(field, table).tolist() == objects.ints(field, table).tolist()
        if name == "entities":
            a = rows.numbers("entity_id", {None: -1}, iter(range(10 ** 6)))
            b = objects.numbers("entity_id", {None: -1}, iter(range(10 ** 6)))
            assert (a[:, None] == a[None, :]).tolist() == (b[:, None] == b[None, :]).tolist()


def test_columns_of_files_that_changed_while_they_were_read_are_not_kept(corpus, cache, tmp_path, monkeypatch):
    """Regression: the columns are named by the content that validated; a file changed between that check and the
    writing would have put another content's columns under that name."""
    root = tmp_path / "copy"
    shutil.copytree(corpus[0], root)
    content = gold.require_valid(root)
    real = columns.write_layer

    def edit_meanwhile(path, *args):
        (root / "NOTE.txt").write_text("a file added while the columns were read\n")
        return real(path, *args)

    monkeypatch.setattr(columns, "write_layer", edit_meanwhile)
    assert columns.cached(root, cache, content, unchanged=lambda: gold.fingerprint(root) == content) is None
    assert held(cache) == [] and list((cache / "columns").iterdir()) == []  # nor a temporary folder left


@pytest.mark.parametrize("size", [1, 3, 64])
def test_windows_of_any_size_give_the_report_of_the_json(size, corpus, cache, monkeypatch, tmp_path):
    """The columns are read a window at a time (memory for one window, not the corpus): a window smaller than a
    document's spans or text crosses every boundary, and the report is the JSON's."""
    root, ordered, shuffled = corpus
    real = columns.Window.__init__
    monkeypatch.setattr(columns.Window, "__init__", lambda self, *a, **k: real(self, *a, **{**k, "size": size}))
    from_columns = [as_json(score_file(path, gold=root, resamples=0, partitions=2)) for path in (ordered, shuffled)]
    assert len(held(cache)) == 1
    without_cache(monkeypatch, tmp_path)
    assert [as_json(score_file(path, gold=root, resamples=0, partitions=2)) for path in (ordered, shuffled)] == from_columns


def test_a_window_reads_what_the_array_holds_in_any_order(tmp_path, monkeypatch):
    rng = np.random.default_rng(7)
    values = rng.integers(0, 50, size=500)
    values.tofile(tmp_path / "v.bin")
    monkeypatch.setattr(columns.Window, "SIZE", 16)
    window = columns.Window(tmp_path / "v.bin", np.int64, len(values), below=50)
    for _ in range(300):
        lo = int(rng.integers(0, 500))
        hi = int(rng.integers(lo, 501))
        assert window[lo:hi].tolist() == values[lo:hi].tolist()
        assert window[lo if lo < 500 else 0] == values[lo if lo < 500 else 0]
        index = rng.integers(lo, max(lo + 1, hi), size=5) if lo < 500 else np.array([0])
        assert window[index].tolist() == values[index].tolist()
    assert list(window) == values.tolist()
    with pytest.raises(NewsPrepError, match="values 500:501 asked of 500"):
        window[500]
    with pytest.raises(ValueError, match="bytes, not 501 values"):
        columns.Window(tmp_path / "v.bin", np.int64, 501)


def test_a_columns_folder_that_is_a_link_is_neither_written_through_nor_cleared(corpus, cache, tmp_path):
    """Regression: with ``<cache>/columns`` a link to a dataset folder, a score wrote its column folder into it and
    the pruning deleted the folder's ``data/`` and ``annotation/``; ``--clear-cache`` did the same."""
    root, ordered, _ = corpus
    victim = tmp_path / "victim"
    shutil.copytree(root, victim)
    before = sorted(p.relative_to(victim).as_posix() for p in victim.rglob("*"))
    cache.mkdir()
    (cache / "columns").symlink_to(victim, target_is_directory=True)
    for k in range(columns.KEEP + 2):  # enough contents to prune
        columns.cached(data.dataset_dir(), cache, f"{k:064x}")
    want = as_json(score_file(ordered, gold=root, resamples=0))
    done = run_cli("validate-data", "--root", str(root), "--clear-cache")
    assert done.code == 0 and "removed 0 gold column cache(s)" in done.err
    assert sorted(p.relative_to(victim).as_posix() for p in victim.rglob("*")) == before
    (cache / "columns").unlink()
    gold.forget()
    assert as_json(score_file(ordered, gold=root, resamples=0)) == want  # the same report from columns made now
    assert len(held(cache)) == 1


def test_only_what_the_cache_wrote_is_removed_and_stale_temporary_folders_go(cache, tmp_path):
    mine = columns.cached(data.dataset_dir(), cache, "a" * 64)
    folder = cache / "columns"
    other = folder / "notes.txt"
    other.write_text("not the cache's")
    stale, fresh = folder / f".{'b' * 64}.{'0' * 12}.tmp", folder / f".{'c' * 64}.{'0' * 12}.tmp"
    stale.mkdir()
    fresh.mkdir()
    os.utime(stale, (0, 0))
    linked = folder / ("d" * 64)
    linked.symlink_to(tmp_path, target_is_directory=True)
    made = columns.cached(data.dataset_dir(), cache, "e" * 64)  # making one prunes
    assert not stale.exists() and fresh.exists() and other.exists()
    assert columns.cached(data.dataset_dir(), cache, "d" * 64) == linked and columns.whole(linked)  # the link replaced
    assert tmp_path.is_dir()
    assert columns.clear(cache) == 3 and sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert not mine.exists() and not made.exists()


@pytest.mark.parametrize("damage", ["offsets that go back", "a text that is not UTF-8", "a negative code",
                                    "rows that go back"])
def test_a_cache_damaged_inside_is_named_by_score_not_a_traceback(damage, corpus, cache):
    root, ordered, _ = corpus
    score_file(ordered, gold=root, resamples=0)
    (folder,) = held(cache)

    def edit(name: str, change) -> None:
        values = np.fromfile(folder / name, dtype=np.int64)
        change(values)
        values.tofile(folder / name)

    if damage == "offsets that go back":
        edit("documents.offsets.bin", lambda v: v.__setitem__(2, v[1] - 1))
        file = "documents.offsets.bin"
    elif damage == "a text that is not UTF-8":
        text = bytearray((folder / "documents.text.bin").read_bytes())
        text[0] = 0xFF
        (folder / "documents.text.bin").write_bytes(bytes(text))
        file = "documents.text.bin"
    elif damage == "a negative code":  # read from the end of the vocabulary, this gave another score, silently
        edit("entities.type.bin", lambda v: v.__setitem__(0, -1))
        file = "entities.type.bin"
    else:
        edit("entities.rows.bin", lambda v: v.__setitem__(2, v[1] - 1))
        file = "entities.rows.bin"
    gold.forget()
    done = run_cli("score", str(ordered), "--gold", str(root), "--resamples", "0")
    assert done.code == 1 and done.out == ""
    assert f"{file}: the gold column cache is damaged (" in done.err and "validate-data --clear-cache" in done.err


def test_a_complete_json_that_is_not_an_object_is_not_read(corpus, cache):
    root, ordered, _ = corpus
    want = as_json(score_file(ordered, gold=root, resamples=0))
    (folder,) = held(cache)
    (folder / "complete.json").write_text("[]")
    with pytest.raises(ValueError, match="not a complete column cache"):
        columns.GoldColumns.open(folder)
    gold.forget()
    assert as_json(score_file(ordered, gold=root, resamples=0)) == want
