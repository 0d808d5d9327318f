"""The MinHash LSH baseline on Dask equals the single-process baseline, on the gold and on a synthetic corpus.

One local cluster of two worker processes serves the module.
"""
from pathlib import Path

import pytest

from newsprep.baselines import duplicates
from newsprep.eval import records
from newsprep.eval.synth.write import write_corpus

pytest.importorskip("datasketch")
pytest.importorskip("distributed")

from newsprep.baselines import minhash_dask  # noqa: E402  (needs the two above)

pytestmark = pytest.mark.slow  # a local Dask cluster of two processes, started once for the module


@pytest.fixture(scope="module")
def client():
    from newsprep.eval.parallel.cluster import cluster

    with cluster(num_proc=2) as started:
        yield started


@pytest.fixture(scope="module")
def gold_minhash():
    return duplicates.minhash()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A small synthetic corpus with segments and gold pairs."""
    out = tmp_path_factory.mktemp("synth") / "corpus"
    write_corpus(out, docs=20, seed=5, pairs=True, validate=False)
    return out


def third(path) -> int:
    """A block size that reads the file in three partitions."""
    return path.stat().st_size // 3 + 1


def lsh_pairs(texts: dict[str, str]) -> dict[tuple[str, str], float]:
    """What datasketch's MinHashLSH proposes, in one process, with each pair's estimated Jaccard."""
    from datasketch import MinHash, MinHashLSH

    lsh, sig = MinHashLSH(threshold=0.1, num_perm=128), {}
    for sid, text in sorted(texts.items()):
        sig[sid] = MinHash(num_perm=128, seed=1)
        for sh in sorted(duplicates.shingles(text)):
            sig[sid].update(sh.encode("utf-8"))
        lsh.insert(sid, sig[sid])
    pairs = {tuple(sorted((a, b))) for a in sig for b in lsh.query(sig[a]) if a != b}
    return {(a, b): sig[a].jaccard(sig[b]) for a, b in pairs}


def test_the_dask_baseline_equals_the_baseline_on_the_gold(client, gold_minhash):
    got = minhash_dask.minhash_dask(client, blocksize=third(Path(minhash_dask.segments_path(None))))
    assert got == gold_minhash
    predictions, info = got
    assert info["lsh_candidates"] > 0 and any(p.label != "different" for p in predictions)


def test_candidates_are_the_lsh_index_candidates_with_their_jaccard(client):
    found = minhash_dask.minhash_candidates(client, blocksize=5000)
    want = lsh_pairs({s["id"]: s["text"] for s in records("segments") if not s["boilerplate"]})
    assert dict(zip(zip(found["a"], found["b"]), found["score"])) == want
    assert list(found["a"]) == sorted(found["a"]) and (found["a"] < found["b"]).all()


def test_lsh_bands_and_rows_are_datasketchs():
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=0.1, num_perm=128)
    assert minhash_dask.lsh_params(0.1, 128) == (lsh.b, lsh.r)


def test_the_dask_baseline_equals_the_baseline_on_a_synthetic_corpus(client, synthetic):
    want = duplicates.minhash(root=synthetic)
    got = minhash_dask.minhash_dask(client, synthetic, blocksize=third(synthetic / "data" / "segments.jsonl"))
    assert got == want
    assert want[1]["lsh_candidates"] > 0


def test_sharded_segment_files_give_the_same_candidates(client, synthetic, tmp_path):
    lines = (synthetic / "data" / "segments.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    half = len(lines) // 2
    (tmp_path / "part-0.jsonl").write_text("".join(lines[:half]), encoding="utf-8")
    (tmp_path / "part-1.jsonl").write_text("".join(lines[half:]), encoding="utf-8")
    whole = minhash_dask.minhash_candidates(client, synthetic)
    sharded = minhash_dask.minhash_candidates(client, segments=str(tmp_path / "part-*.jsonl"), blocksize=20_000)
    assert whole.equals(sharded) and len(whole) > 0


def test_min_score_keeps_the_candidates_that_reach_it(client, synthetic):
    every = minhash_dask.minhash_candidates(client, synthetic)
    close = minhash_dask.minhash_candidates(client, synthetic, min_score=0.5)
    assert close.equals(every[every["score"] >= 0.5].reset_index(drop=True))
    assert 0 < len(close) < len(every)
