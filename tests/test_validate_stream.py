"""The streaming pass of the data validator: memory that does not grow with the corpus, the exact validator for
what it cannot prove, layers out of document order, the quick schema check against jsonschema, and progress."""
import copy
import json
import tracemalloc

import pytest

from newsprep.eval.data import dataset as data
from newsprep.eval.validate.dataset import validate_data
from newsprep.eval.validate.quick import quick_check
from newsprep.eval.validate.schema import validator
from newsprep.eval.validate.stream import Pass
from tests.conftest import rebuild_metadata, rules

DOCS, BOILER = "data/documents.jsonl", "data/boilerplate.jsonl"


def swap_lines(root, rel, first, second):
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[first - 1], lines[second - 1] = lines[second - 1], lines[first - 1]
    path.write_text("\n".join(lines), encoding="utf-8")
    rebuild_metadata(root)


def peak_bytes(root) -> int:
    tracemalloc.start()
    try:
        assert validate_data(root) == []
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_corpus(tmp_path):
    """Four times the documents, about the same peak allocation: one document of each layer is held at a time."""
    from newsprep.eval.synth.write import write_corpus

    small, large = tmp_path / "small", tmp_path / "large"
    write_corpus(small, docs=30, seed=3, pairs=False, validate=False)
    write_corpus(large, docs=120, seed=3, pairs=False, validate=False)
    assert Pass(large, omitted={"duplicate_pairs", "document_pairs"}, kind="synthetic").certain
    validate_data(small)  # imports, schemas and compiled checks made before measuring
    little, big = peak_bytes(small), peak_bytes(large)
    assert big < 1.5 * little, (little, big)


def test_the_embedded_dataset_is_proved_valid_in_one_pass():
    run = Pass(data.dataset_dir(), omitted=set(), kind="real")
    assert run.certain
    manifest = data.manifest()
    assert run.files == {rel: (entry["sha256"], entry["records"]) for rel, entry in manifest["files"].items()}


def test_documents_out_of_order_get_the_id_order_message(data_copy):
    swap_lines(data_copy, DOCS, 1, 2)
    found = rules(validate_data(data_copy))
    assert {(DOCS, 1, "id", "id-order"), (DOCS, 2, "id", "id-order")} <= found


def test_a_layer_out_of_document_order_is_read_again_and_stays_valid(data_copy):
    """The order of a per-document layer is no rule: the pass cannot join it, and the exact reading finds nothing."""
    swap_lines(data_copy, BOILER, 1, 2)
    assert not Pass(data_copy, omitted=set(), kind="real").certain
    assert validate_data(data_copy) == []


def test_a_broken_folder_gets_the_exact_messages(data_copy):
    path = data_copy / BOILER
    lines = path.read_text(encoding="utf-8").split("\n")
    record = json.loads(lines[0])
    record["spans"][0]["end"] = record["spans"][0]["start"]
    lines[0] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")
    rebuild_metadata(data_copy)
    assert not Pass(data_copy, omitted=set(), kind="real").certain
    assert (BOILER, 1, "spans[0].end", "offset-order") in rules(validate_data(data_copy))


def broken(record: dict):
    """Records one edit away from ``record``: a key dropped or added, a value of another type or out of range."""
    for key, value in record.items():
        yield {k: v for k, v in record.items() if k != key}
        for other in (None, True, 5.0, -1, "", "x" * 400, [], {}, [None], ["Z"], [-1], [0.5], [{"start": 0.0}]):
            yield {**record, key: other}
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for inner in value[0]:
                item = {k: v for k, v in value[0].items() if k != inner}
                yield {**record, key: [item, *value[1:]]}
                for other in (None, True, 5.0, -1, "", "lower", "PERSON"):
                    yield {**record, key: [{**value[0], inner: other}, *value[1:]]}
                yield {**record, key: [{**value[0], "extra": 1}, *value[1:]]}
    yield {**record, "extra": 1}


@pytest.mark.parametrize("name", list(data.CONFIGS))
def test_the_quick_check_accepts_only_what_jsonschema_accepts(name):
    config = data.CONFIGS[name]
    quick, exact = quick_check(config.schema), validator(config.schema)
    records = data.records(name)[:3]
    for record in records:
        assert quick(record)  # the real records pass quickly
        for changed in broken(copy.deepcopy(record)):
            if quick(changed):
                assert not list(exact.iter_errors(changed)), (name, changed)


class Counter:
    def __init__(self):
        self.done = 0

    def update(self, n=1):
        self.done += n


def test_progress_is_told_of_every_document():
    counter = Counter()
    assert validate_data(progress=counter) == []
    assert counter.done == len(data.records("documents"))


def test_data_files_past_the_file_size_limit_are_streamed(tmp_path, monkeypatch):
    """The limit on an input file's size guards what is held whole; the pass holds a line at a time, so a million
    documents' files (gigabytes each) are proved valid, and only the exact validator, which holds a file, keeps the
    limit (a broken folder of such files is named by it)."""
    from newsprep.eval.io import jsonl
    from newsprep.eval.synth.write import write_corpus

    root = tmp_path / "corpus"
    write_corpus(root, docs=30, seed=4, validate=False)
    monkeypatch.setitem(jsonl.file_problem.__kwdefaults__, "max_bytes", 2000)  # every data file is larger
    assert validate_data(root) == []
    with (root / BOILER).open("a", encoding="utf-8") as handle:  # a broken folder goes to the exact validator
        handle.write("{}\n")
    assert ("data/boilerplate.jsonl", None, "-", "file-size") in rules(validate_data(root))
