"""The MinHash LSH duplicate baseline (``duplicates.minhash``) on a Dask cluster, for corpora larger than one
worker's memory (optional extras ``minhash`` and ``dask``).

The steps of large-scale near-duplicate detection, each on the workers:

1. the segments file(s) are read in blocks of lines (``blocksize`` bytes, any
   path or glob ``fsspec`` opens); each block's content segments get their
   MinHash signatures: datasketch's ``MinHash`` with the baseline's
   ``num_perm`` and ``seed`` over the same word 3-shingles, so every
   signature is the one the baseline computes;
2. LSH banding as a shuffle: each signature gives ``b`` band keys
   ``(band, its r hash values)``, with the ``b`` and ``r`` that datasketch's
   ``MinHashLSH`` chooses for ``lsh_threshold`` and ``num_perm``; the keys are
   shuffled so that equal keys meet in one partition, and a bucket of two or
   more segments gives all its pairs (as numbers given to the segments when
   read, so that the pairs are cheap to handle). Two segments share a bucket
   exactly when ``MinHashLSH.query`` returns one for the other (it buckets the
   same slices of the hash values), so the candidates are the baseline's;
3. a pair sharing several buckets is kept once (per partition, then in a
   shuffle on the pair); the candidates are joined with their two signatures
   (shuffles on the segment number) and scored with the estimated Jaccard
   similarity, the share of equal hash values, as ``MinHash.jaccard`` does.

Copies share every bucket, so most of the work on a corpus of many copies is
removing the repeats of their pairs (``b`` of each).

Only the scored candidate pairs come back to this process
(``minhash_candidates``). ``minhash_dask`` is the whole baseline: it also
scores every pair of content segments, block by block of signatures on the
workers, because the baseline gives every pair a score and fits its
thresholds on all of them; that part, and its answer, grow with the square of
the number of segments, so it is for corpora like the released one and small
synthetic ones. Its result equals ``duplicates.minhash`` on the same folder.

>>> from distributed import Client, LocalCluster
>>> with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as c, Client(c) as client:
...     found = minhash_candidates(client)
>>> len(found) > 0, list(found.columns)
(True, ['a', 'b', 'score'])
"""
from __future__ import annotations

import functools
import json
import os
from importlib.resources import files
from typing import Any

import numpy as np
import pandas as pd

from newsprep.baselines.duplicates import minhash_labels, shingles
from newsprep.eval import CONFIGS, PairPrediction

BLOCKSIZE = 32 * 2**20  # bytes of segment lines read and signed by one task
HASH = np.dtype("<u4")  # datasketch's hash values (its default scheme draws them below 2**32), stored little-endian
COMPARE_CELLS = 2**25  # hash values compared at once when every pair is scored (bytes of the comparison)


def segments_path(root: str | os.PathLike | None) -> str:
    """The segments file of a dataset folder (a local path or an ``fsspec`` URL; None: the embedded data)."""
    folder = str(files("newsprep.dataset")) if root is None else os.fspath(root)
    return f"{folder.rstrip('/')}/{CONFIGS['segments'].path}"


@functools.lru_cache(maxsize=8)
def lsh_params(lsh_threshold: float, num_perm: int) -> tuple[int, int]:
    """The bands ``b`` and rows ``r`` datasketch's ``MinHashLSH`` chooses for the threshold (default weights)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    return lsh.b, lsh.r


BINARY = "binary[pyarrow]"  # the signatures' column: bytes, which Dask keeps as they are


def hash_matrix(column: pd.Series, num_perm: int) -> np.ndarray:
    """The hash values of a column of signatures, one row each (read from the Arrow buffer, every value
    being ``num_perm`` hash values long)."""
    import pyarrow as pa  # type: ignore[import-untyped]

    values = pa.array(column.array)
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if len(values) == 0:
        return np.zeros((0, num_perm), dtype=HASH)
    width = np.dtype(np.int64 if pa.types.is_large_binary(values.type) else np.int32)
    offsets = np.frombuffer(values.buffers()[1], dtype=width, count=len(values) + 1, offset=values.offset * width.itemsize)
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    if values.null_count or offsets[-1] - offsets[0] != len(values) * num_perm * HASH.itemsize:
        raise ValueError("signatures of different lengths")
    return data.view(HASH).reshape(len(values), num_perm)


def signatures(block: bytes, *, part: int = 0, num_perm: int, seed: int) -> pd.DataFrame:
    """The content segments of block ``part`` of the segment lines: ``code`` (a number for the segment,
    ``part`` * 2**32 + its row), ``id`` and ``sig``, the ``num_perm`` hash values of its signature as bytes."""
    from datasketch import MinHash

    template = MinHash(num_perm=num_perm, seed=seed)  # the permutations, made once per block
    ids, values = [], []
    for line in block.decode("utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record["boilerplate"]:
            continue
        m = template.copy()
        m.update_batch([s.encode("utf-8") for s in sorted(shingles(record["text"]))])
        ids.append(record["id"])
        values.append(m.hashvalues.astype(HASH, casting="safe").tobytes())
    return pd.DataFrame({"code": np.arange(len(ids), dtype=np.int64) + (part << 32), "id": pd.Series(ids, dtype="str"),
                         "sig": pd.Series(values, dtype=BINARY)})


def band_keys(frame: pd.DataFrame, *, num_perm: int, bands: int, rows: int) -> pd.DataFrame:
    """``bands`` rows per signature: ``band``, ``k0`` ... the band's hash values, ``code``."""
    n = len(frame)
    hashes = hash_matrix(frame["sig"], num_perm)
    keys = hashes[:, : bands * rows].reshape(n * bands, rows)  # signature by signature, band by band
    out = pd.DataFrame(keys, columns=[f"k{j}" for j in range(rows)])
    out.insert(0, "band", np.tile(np.arange(bands, dtype=np.int32), n))
    out["code"] = np.repeat(frame["code"].to_numpy(), bands)
    return out


def bucket_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """The codes of every pair of segments that share a bucket (equal ``band`` and band hash values), each once,
    the smaller code as ``a``."""
    keys = [c for c in frame.columns if c != "code"]
    shared = frame[frame.duplicated(keys, keep=False)].sort_values([*keys, "code"])
    codes = shared["code"].to_numpy()
    group = shared.groupby(keys, sort=False).ngroup().to_numpy()
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else np.array([], dtype=np.int64)
    sizes = np.diff(np.r_[starts, len(group)])
    a_parts, b_parts = [np.array([], dtype=np.int64)], [np.array([], dtype=np.int64)]
    for size in np.unique(sizes):  # the buckets of one size at once: all their pairs by index arithmetic
        first = starts[sizes == size]
        i, j = np.triu_indices(int(size), 1)
        a_parts.append(codes[(first[:, None] + i[None, :]).ravel()])
        b_parts.append(codes[(first[:, None] + j[None, :]).ravel()])
    return pd.DataFrame({"a": np.concatenate(a_parts), "b": np.concatenate(b_parts)}).drop_duplicates(ignore_index=True)


def pair_scores(frame: pd.DataFrame, *, num_perm: int) -> pd.DataFrame:
    """The two segment ids, ``a < b``, and the estimated Jaccard similarity of their signatures (the share of
    equal hash values)."""
    same = np.count_nonzero(hash_matrix(frame["sig_a"], num_perm) == hash_matrix(frame["sig_b"], num_perm), axis=1)
    first, second = frame["id_a"].to_numpy(dtype=object), frame["id_b"].to_numpy(dtype=object)
    swap = first > second
    return pd.DataFrame({"a": pd.Series(np.where(swap, second, first), dtype="str"),
                         "b": pd.Series(np.where(swap, first, second), dtype="str"),
                         "score": same.astype(np.float64) / float(num_perm)})


def signature_frame(segments: str | list[str], *, num_perm: int, seed: int, blocksize: int | str) -> Any:
    """The signatures of the content segments in ``segments`` as a Dask DataFrame, one partition per block."""
    import dask.dataframe as dd
    from dask import delayed
    from dask.bytes import read_bytes

    _, blocks = read_bytes(segments, delimiter=b"\n", blocksize=blocksize, sample=False)
    parts = [delayed(signatures)(block, part=k, num_perm=num_perm, seed=seed)
             for k, block in enumerate(block for per_file in blocks for block in per_file)]
    return dd.from_delayed(parts, meta=signatures(b"", num_perm=num_perm, seed=seed), verify_meta=False)


def candidate_frame(sigs: Any, *, num_perm: int, lsh_threshold: float, min_score: float | None) -> Any:
    """The LSH candidate pairs of the signatures, each once, scored (a lazy Dask DataFrame)."""
    bands, rows = lsh_params(lsh_threshold, num_perm)
    keyed = sigs.map_partitions(band_keys, num_perm=num_perm, bands=bands, rows=rows,
                                meta=band_keys(sigs._meta, num_perm=num_perm, bands=bands, rows=rows))
    buckets = keyed.shuffle(on=["band", *(f"k{j}" for j in range(rows))], npartitions=sigs.npartitions)
    pairs = buckets.map_partitions(bucket_pairs, meta=bucket_pairs(keyed._meta))
    pairs = pairs.drop_duplicates(split_out=True)
    side = {s: sigs.rename(columns={"code": s, "id": f"id_{s}", "sig": f"sig_{s}"}) for s in ("a", "b")}
    joined = pairs.merge(side["a"], on="a", how="inner").merge(side["b"], on="b", how="inner")
    scored = joined.map_partitions(pair_scores, num_perm=num_perm, meta=pair_scores(joined._meta, num_perm=num_perm))
    return scored if min_score is None else scored[scored["score"] >= min_score]


def minhash_candidates(client: Any, root: str | os.PathLike | None = None, *, segments: str | list[str] | None = None,
                       num_perm: int = 128, seed: int = 1, lsh_threshold: float = 0.1, min_score: float | None = None,
                       blocksize: int | str = BLOCKSIZE) -> pd.DataFrame:
    """The MinHash LSH candidate pairs of content segments, found on the cluster of ``client`` (a
    ``distributed.Client``): a DataFrame of ``a < b`` and ``score``, the estimated Jaccard similarity,
    sorted by ``a`` and ``b``.

    ``segments``: the segment files (a path, a glob or a list, local or any
    ``fsspec`` URL the workers can open); default the segments of the dataset
    folder ``root`` (None: the embedded data). The candidates are the pairs the
    baseline's ``MinHashLSH`` proposes (same ``num_perm``, ``seed`` and
    ``lsh_threshold``); ``min_score`` keeps only those whose estimated Jaccard
    reaches it (the baseline keeps all). Memory here grows with the number of
    candidates only.
    """
    sigs = signature_frame(segments or segments_path(root), num_perm=num_perm, seed=seed, blocksize=blocksize)
    found = client.compute(candidate_frame(sigs, num_perm=num_perm, lsh_threshold=lsh_threshold, min_score=min_score),
                           sync=True)
    return found.sort_values(["a", "b"], ignore_index=True)


def block_scores(left: pd.DataFrame, right: pd.DataFrame | None, *, num_perm: int) -> pd.DataFrame:
    """The estimated Jaccard of every pair of a segment of ``left`` and one of ``right`` (None: pairs within
    ``left``), as ``a < b``, ``score``; a few rows of ``left`` at a time bound the memory."""
    x, x_ids = hash_matrix(left["sig"], num_perm), left["id"].to_numpy(dtype=object)
    y, y_ids = (x, x_ids) if right is None else (hash_matrix(right["sig"], num_perm), right["id"].to_numpy(dtype=object))
    rows = max(1, COMPARE_CELLS // max(1, len(y) * num_perm))
    a_out, b_out, s_out = [], [], []
    for start in range(0, len(x), rows):
        same = np.count_nonzero(x[start:start + rows, None, :] == y[None, :, :], axis=2)
        i, j = np.nonzero(np.ones_like(same, dtype=bool))
        if right is None:  # each pair once, never a segment with itself
            keep = j > i + start
            i, j = i[keep], j[keep]
        first, second = x_ids[i + start], y_ids[j]
        swap = first > second
        a_out.append(np.where(swap, second, first))
        b_out.append(np.where(swap, first, second))
        s_out.append(same[i, j].astype(np.float64) / float(num_perm))
    cat = (lambda parts, dtype: np.concatenate(parts) if parts else np.array([], dtype=dtype))  # noqa: E731
    return pd.DataFrame({"a": pd.Series(cat(a_out, object), dtype="str"), "b": pd.Series(cat(b_out, object), dtype="str"),
                         "score": cat(s_out, np.float64)})


def minhash_dask(client: Any, root: str | os.PathLike | None = None, *, num_perm: int = 128, seed: int = 1,
                 lsh_threshold: float = 0.1, blocksize: int | str = BLOCKSIZE) -> tuple[list[PairPrediction], dict]:
    """``duplicates.minhash`` on the cluster of ``client``: the same predictions and the same second value.

    Signatures, LSH candidates and every pair's estimated Jaccard are computed
    on the workers (the signatures stay there); the held-out thresholds are
    fitted here on the pairs' scores, as the baseline does. The answer has a
    score for every pair of content segments: use ``minhash_candidates`` for a
    corpus whose pairs do not fit in memory.
    """
    from dask import delayed

    sigs = client.persist(signature_frame(segments_path(root), num_perm=num_perm, seed=seed, blocksize=blocksize))
    found_frame = client.compute(candidate_frame(sigs, num_perm=num_perm, lsh_threshold=lsh_threshold, min_score=None),
                                 sync=True)
    parts = sigs.to_delayed()
    blocks = [delayed(block_scores)(parts[i], None if i == j else parts[j], num_perm=num_perm)
              for i in range(len(parts)) for j in range(i, len(parts))]
    scored = client.compute(blocks, sync=True)
    del sigs, parts  # the signatures held on the workers are released
    found = set(zip(found_frame["a"], found_frame["b"]))
    scores = {(a, b): float(s) for frame in scored for a, b, s in zip(frame["a"], frame["b"], frame["score"])}
    return minhash_labels(scores, found, root)
