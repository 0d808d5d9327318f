"""Gold files read a record at a time (``newsprep.eval.data.goldfile``), in order or not."""
from newsprep.eval.data import dataset as data
from newsprep.eval.data.goldfile import DocumentTexts, Layer


def test_layer_in_order_out_of_order_and_missing():
    layer = Layer(data.dataset_dir() / "data" / "boilerplate.jsonl")
    truth = {r["doc"]: r for r in data.records("boilerplate")}
    for doc in ["d000", "d001", "d002", "d000", "d001", "d004", "d002", "d003"]:
        assert layer.get(doc) == truth[doc]
    assert layer.index is not None  # the jump from d004 back to d002 needed the index
    assert layer.get("d999") is None


def test_layer_skips_without_parsing():
    layer = Layer(data.dataset_dir() / "data" / "entities.jsonl")
    layer.skip(3)
    assert layer.next_record()["doc"] == "d003" and layer.index is None


def test_document_texts_behave_like_a_dict():
    texts = DocumentTexts()
    plain = {d["id"]: d["text"] for d in data.records("documents")}
    assert len(texts) == 5 and list(texts) == list(plain)
    assert "d003" in texts and "d009" not in texts and 7 not in texts
    assert all(texts[d] == plain[d] for d in ["d004", "d000", "d002"])
