"""``newsprep synth`` on Dask: the same bytes as one process whatever the number of workers and parts.

One local cluster of two worker processes serves the module.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsprep.eval.synth import write
from newsprep.eval.synth.generate import Pool, load_pool
from newsprep.eval.synth.write import part_ranges, write_corpus
from tests.conftest import run_cli

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow  # a local Dask cluster of two processes, started once for the module

DOCS, SEED = 60, 3


@pytest.fixture(scope="module")
def client():
    from newsprep.eval.parallel.cluster import cluster

    with cluster(num_proc=2) as started:
        yield started


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The corpus written by one process, pair layers included."""
    out = tmp_path_factory.mktemp("synth-one") / "corpus"
    write_corpus(out, docs=DOCS, seed=SEED, pairs=True, validate=False)
    return out


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_files(root: Path, reference: Path) -> None:
    got, want = files(root), files(reference)
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []


@pytest.mark.parametrize("parts", [1, 2, 4])
def test_dask_writes_the_same_bytes_as_one_process(tmp_path, client, reference, parts):
    out = tmp_path / "corpus"
    manifest = write_corpus(out, docs=DOCS, seed=SEED, pairs=True, validate=False, client=client, parts=parts)
    assert_same_files(out, reference)
    assert manifest == json.loads((reference / "manifest.json").read_text(encoding="utf-8"))
    assert {"data/duplicate_pairs.jsonl", "data/document_pairs.jsonl", "data/tokens.jsonl"} <= set(manifest["files"])


def test_one_process_in_several_parts_writes_the_same_bytes(tmp_path, reference):
    out = tmp_path / "corpus"
    write_corpus(out, docs=DOCS, seed=SEED, pairs=True, validate=False, parts=7)
    assert_same_files(out, reference)


def test_scoring_only_corpus_is_the_same_on_dask(tmp_path, client):
    one, many = tmp_path / "one", tmp_path / "many"
    write_corpus(one, docs=25, seed=4, scoring_only=True, validate=False)
    write_corpus(many, docs=25, seed=4, scoring_only=True, validate=False, client=client, parts=3)
    assert_same_files(many, one)
    assert not (many / "data" / "tokens.jsonl").exists()


def test_parts_cover_every_index_once_in_order():
    for docs, parts in [(1, 4), (10, 3), (60, 4), (1000, 7)]:
        ranges = part_ranges(docs, parts)
        assert [i for a, b in ranges for i in range(a, b)] == list(range(docs))
        assert len(ranges) == min(docs, parts) and all(a < b for a, b in ranges)


def test_cli_synth_on_two_processes(tmp_path, reference):
    out = tmp_path / "corpus"
    made = run_cli("synth", "--docs", DOCS, "--seed", SEED, "--pairs", "--no-validate", "--num-proc", "2", "--out", out)
    assert made.code == 0, made.err
    assert f"{DOCS} SYNTHETIC documents" in made.out
    assert_same_files(out, reference)


def test_a_failing_part_leaves_no_folder(tmp_path, client, monkeypatch):
    """A part that fails on a worker stops the command with its error; the folder is not made."""
    pool = load_pool()
    broken = Pool(pool.version, (), pool.content, pool.boilerplate)  # no titles: the first draw fails
    monkeypatch.setattr(write, "load_pool", lambda root=None: broken)
    out = tmp_path / "corpus"
    with pytest.raises(IndexError):
        write_corpus(out, docs=20, seed=1, validate=False, client=client, parts=4)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_scheduler_is_a_message(tmp_path, monkeypatch):
    from newsprep.eval.parallel import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    out = tmp_path / "corpus"
    made = run_cli("synth", "--docs", "2", "--scheduler", "tcp://127.0.0.1:9", "--out", out)
    assert made.code == 2 and "scheduler tcp://127.0.0.1:9: cannot connect" in made.err
    assert not out.exists()


def test_one_process_does_not_import_dask(tmp_path):
    code = ("import sys\nfrom newsprep.eval.synth.write import write_corpus\n"
            f"write_corpus({str(tmp_path / 'c')!r}, docs=3, seed=1, validate=False)\n"
            "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
