"""The MinHash duplicate baseline on synthetic corpora of growing size: time and memory.

    python benchmarks/bench_minhash.py --sizes 1000 10000 50000

The baseline's signatures (``baselines/duplicates.py``: word 3-shingles after
normalisation, 128 permutations, seed 1, datasketch) in the form that scales:
streaming near-duplicate detection. Each content segment is looked up in a
MinHash LSH index of the segments kept so far; if the index returns one, the
segment is flagged a duplicate, otherwise it is kept and inserted. The index
holds one segment per group of copies, so work grows with the corpus, not its
square (the baseline's all-pairs labelling does not scale: a synthetic corpus
of N documents has about 0.07 N² copy pairs).

Quality is measured against the provenance a SYNTHETIC corpus carries: a
segment is truly a duplicate when an earlier segment copies the same gold
segment (noise apart). Each size runs in a fresh process; memory is the growth
of its resident memory over the MinHash step (generation excluded). For
comparison, the baseline's own index (every segment inserted) is built too:
its memory grows with the number of segments.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from common import PARAGRAPHS, machine, save, table

LSH_THRESHOLD = 0.5


def rss_mb(field: str) -> float:
    status = open("/proc/self/status").read()
    return int(status.split(f"{field}:")[1].split()[0]) / 1024


def segments(size: int, seed: int) -> list[tuple[str, str]]:
    """``(text, gold source segment)`` of every content segment of ``size`` synthetic documents."""
    from newsprep.eval.synth.generate import load_pool, make_document
    from newsprep.eval.synth.write import layer_records

    pool, out = load_pool(), []
    for index in range(size):
        records = layer_records(make_document(pool, seed=seed, index=index, paragraphs=PARAGRAPHS), tokens=False)
        out += [(s["text"], records["sources"][s["id"]]) for s in records["segments"] if not s["boilerplate"]]
    return out


def signature(text: str):
    from datasketch import MinHash

    from newsprep.baselines.duplicates import shingles

    m = MinHash(num_perm=128, seed=1)
    m.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return m


def deduplicate(texts: list[str]) -> list[bool]:
    """Whether each text is flagged as a near duplicate of an earlier one."""
    from datasketch import MinHashLSH

    lsh, flags = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=128), []
    for k, text in enumerate(texts):
        m = signature(text)
        duplicate = bool(lsh.query(m))
        if not duplicate:
            lsh.insert(k, m)
        flags.append(duplicate)
    return flags


def index_all(texts: list[str]):
    """The baseline's index: every segment's signature inserted (queries left out: their answers grow
    with the square of the number of copies)."""
    from datasketch import MinHashLSH

    lsh, kept = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=128), []
    for k, text in enumerate(texts):
        m = signature(text)
        lsh.insert(k, m)
        kept.append(m)
    return lsh, kept


def child(size: int, seed: int) -> dict:
    import datasketch  # noqa: F401  (loaded before measuring: the libraries are not the step's memory)

    import newsprep.baselines.duplicates  # noqa: F401

    segs = segments(size, seed)
    texts = [t for t, _ in segs]
    before = rss_mb("VmRSS")
    started = time.perf_counter()
    flags = deduplicate(texts)
    seconds = time.perf_counter() - started
    grown = rss_mb("VmHWM") - before
    before = rss_mb("VmRSS")
    started = time.perf_counter()
    index = index_all(texts)
    index_seconds = time.perf_counter() - started
    index_grown = rss_mb("VmRSS") - before
    del index
    seen, truth = set(), []
    for _, source in segs:
        truth.append(source in seen)
        seen.add(source)
    hits = sum(f and t for f, t in zip(flags, truth))
    return {"docs": size, "segments": len(segs), "seconds": round(seconds, 2), "segments_per_s": round(len(segs) / seconds),
            "memory_mb": round(grown, 1), "index_all_seconds": round(index_seconds, 2),
            "index_all_memory_mb": round(index_grown, 1), "kept": flags.count(False), "flagged": sum(flags), "true_duplicates": sum(truth),
            "precision": round(hits / max(1, sum(flags)), 4), "recall": round(hits / max(1, sum(truth)), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="write the results here as JSON")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.seed)))
        return
    # The baseline's per-shingle updates and the batch update give the same signature.
    from datasketch import MinHash
    one, batch = MinHash(num_perm=128, seed=1), MinHash(num_perm=128, seed=1)
    for s in (b"putin arrives in", b"arrives in vietnam"):
        one.update(s)
    batch.update_batch([b"putin arrives in", b"arrives in vietnam"])
    assert (one.digest() == batch.digest()).all()
    results = {"machine": machine(), "paragraphs": list(PARAGRAPHS), "lsh_threshold": LSH_THRESHOLD, "sizes": []}
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(size), "--seed", str(args.seed)],
                             capture_output=True, text=True, check=True)
        results["sizes"].append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"{size} documents done", flush=True)
    rows = [[s["docs"], s["segments"], s["seconds"], s["segments_per_s"], s["memory_mb"], s["kept"], s["precision"], s["recall"],
             s["index_all_seconds"], s["index_all_memory_mb"]] for s in results["sizes"]]
    print(table(["documents", "content segments", "seconds", "segments/s", "memory MB", "kept", "precision", "recall",
                 "index-all seconds", "index-all memory MB"], rows))
    save(args.out, results)


if __name__ == "__main__":
    main()
