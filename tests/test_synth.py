"""Synthetic corpora (``newsprep synth``): valid, reproducible, label preserving, clearly marked.

The checks read the written files and compare them with the released gold
line by line, so they do not reuse the generator's own bookkeeping.
"""
import json
import re
from collections import defaultdict

import pytest

from newsprep.eval import validate_data
from newsprep.eval.data import dataset as data
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.synth.generate import change_case, load_pool, make_document, split_lines
from newsprep.eval.synth.write import write_corpus
from tests.conftest import edit_jsonl, rules, run_cli


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "corpus"
    write_corpus(out, docs=40, seed=7)  # validates before the folder appears
    return out


def rows(root, name):
    return data.records(name, root)


def source_lines():
    """Gold lines of the released data by "dNNN:L", with absolute annotations relative to the line."""
    out = {}
    texts = {d["id"]: d["text"] for d in data.records("documents")}
    layer = lambda name, key: {r["doc"]: r[key] for r in data.records(name)}  # noqa: E731
    boiler, mentions = layer("boilerplate", "spans"), layer("entities", "mentions")
    for doc, text in texts.items():
        pos = 0
        for number, line in enumerate(text.split("\n")):
            end = pos + len(line)
            out[f"{doc}:{number}"] = {
                "text": line,
                "mentions": [m for m in mentions[doc] if pos <= m["start"] and m["end"] <= end],
                "boilerplate": [s for s in boiler[doc] if pos <= s["start"] and s["end"] <= end],
            }
            pos = end + 1
    return out


def synthetic_lines(doc):
    """The non-blank lines of a synthetic document with their offsets."""
    pos, out = 0, []
    for line in doc["text"].split("\n"):
        if line.strip():
            out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def test_small_corpus_validates_and_is_marked_synthetic(corpus):
    assert validate_data(corpus) == []
    manifest = data.manifest(corpus)
    assert manifest["synthetic"]["docs"] == 40 and manifest["synthetic"]["seed"] == 7
    assert manifest["synthetic"]["omitted"] == []
    assert data.data_label(corpus) == f"{data.data_version()}+synthetic-n40-s7"
    docs = rows(corpus, "documents")
    assert [d["id"] for d in docs] == [f"synth-{i:07d}" for i in range(40)]
    assert all(d["seed_file"] is None and d["synthetic"]["generator"] == "newsprep synth" for d in docs)
    assert "SYNTHETIC" in (corpus / "README.md").read_text(encoding="utf-8")


def test_same_docs_and_seed_give_identical_bytes(tmp_path, corpus):
    again = tmp_path / "again"
    write_corpus(again, docs=40, seed=7, validate=False)
    files = sorted(p.relative_to(corpus) for p in corpus.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        assert (corpus / rel).read_bytes() == (again / rel).read_bytes(), rel
    other = tmp_path / "other"
    write_corpus(other, docs=40, seed=8, validate=False)
    assert (other / "data/documents.jsonl").read_bytes() != (corpus / "data/documents.jsonl").read_bytes()


def test_a_document_depends_on_seed_and_index_only():
    pool = load_pool()
    assert make_document(pool, seed=3, index=17) == make_document(pool, seed=3, index=17)
    assert make_document(pool, seed=3, index=17).text != make_document(pool, seed=4, index=17).text


def test_every_line_is_a_gold_line_with_its_labels(corpus):
    """Each synthetic line is its source line up to case and added spaces, and carries exactly the
    source's mentions and boilerplate spans, surfaces transformed the same way."""
    sources = source_lines()
    entities = {r["doc"]: r["mentions"] for r in rows(corpus, "entities")}
    boiler = {r["doc"]: r["spans"] for r in rows(corpus, "boilerplate")}
    cases = set()
    for doc in rows(corpus, "documents"):
        lines = synthetic_lines(doc)
        assert len(lines) == len(doc["synthetic"]["lines"])
        for (start, end, text), origin in zip(lines, doc["synthetic"]["lines"]):
            source, case = sources[origin["source"]], origin["case"]
            cases.add(case)
            assert text.split() == change_case(source["text"], case).split()
            assert len(text) - len(source["text"]) == origin["spaces"]
            for layer, theirs, key in (("mentions", entities, "type"), ("boilerplate", boiler, "category")):
                mine = [m for m in theirs[doc["id"]] if start <= m["start"] and m["end"] <= end]
                assert len(mine) == len(source[layer]), (doc["id"], origin)
                for m, s in zip(mine, source[layer]):
                    assert m["text"] == doc["text"][m["start"]:m["end"]]
                    assert m["text"].split() == change_case(s["text"], case).split()
                    assert m[key] == s[key]
                    if layer == "mentions":
                        assert m["entity_id"] == s["entity_id"]
    assert cases == {"none", "upper", "lower"}  # the corpus exercises case noise


def test_syndicated_copies_keep_content_change_boilerplate_and_carry_pairs(corpus):
    docs = {d["id"]: d for d in rows(corpus, "documents")}
    copies = [d for d in docs.values() if d["synthetic"]["copy_of"]]
    assert copies
    boilerplate_sources = {line.source for line in load_pool().boilerplate}
    for copy in copies:
        original = docs[copy["synthetic"]["copy_of"]]
        content = lambda d: [(l["source"], l["case"]) for l in d["synthetic"]["lines"] if l["source"] not in boilerplate_sources]  # noqa: E731
        boiler = lambda d: sorted(l["source"] for l in d["synthetic"]["lines"] if l["source"] in boilerplate_sources)  # noqa: E731
        assert content(copy) == content(original)
        assert boiler(copy) != boiler(original) and boiler(copy)
    # Pairs: segments with the same gold source are near duplicates; gold pairs carry over to copies.
    # A line's segments are its source line's gold segments, in order.
    gold_segments = defaultdict(list)
    for g in data.records("segments"):
        gold_segments[g["doc"]].append(g)
    segments = rows(corpus, "segments")
    source_of = {}
    for doc in docs.values():
        for (start, end, _), origin in zip(synthetic_lines(doc), doc["synthetic"]["lines"]):
            src_doc, number = origin["source"].split(":")
            line_start = sum(len(l) + 1 for l in data.documents()[src_doc]["text"].split("\n")[:int(number)])
            line_end = line_start + len(data.documents()[src_doc]["text"].split("\n")[int(number)])
            theirs = [g for g in gold_segments[src_doc] if line_start <= g["start"] and g["end"] <= line_end]
            mine = [s for s in segments if s["doc"] == doc["id"] and start <= s["start"] and s["end"] <= end]
            assert len(mine) == len(theirs)
            for m, g in zip(mine, theirs):
                assert m["text"].split() == change_case(g["text"], origin["case"]).split()
                assert m["boilerplate"] == g["boilerplate"]
                if not m["boilerplate"]:
                    source_of[m["id"]] = g["id"]
    pairs = {(r["a"], r["b"]): r for r in rows(corpus, "duplicate_pairs")}
    gold = {(r["a"], r["b"]): r for r in data.records("duplicate_pairs")}
    ids = sorted(source_of)
    expected = {}
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            sa, sb = source_of[a], source_of[b]
            if sa == sb:
                expected[(a, b)] = ("near_duplicate", 5.0)
            elif tuple(sorted((sa, sb))) in gold:
                g = gold[tuple(sorted((sa, sb)))]
                expected[(a, b)] = (g["label"], g["score"])
    assert {k: (v["label"], v["score"]) for k, v in pairs.items()} == expected
    assert all(r["found_by"] == "synthetic" for r in pairs.values())


def test_case_noise_keeps_every_length():
    text = "Straße İstanbul ﬁnal Hà Nội"
    for case in ("upper", "lower"):
        assert len(change_case(text, case)) == len(text)
    assert change_case("Putin", "upper") == "PUTIN"


def test_lines_of_the_pool_hold_their_annotations():
    """A pool line's relative spans point at the same characters as the gold spans."""
    doc = data.records("documents")[0]
    mentions = data.records("entities")[0]["mentions"]
    lines = split_lines(doc["id"], doc["text"], [], [], [(m["start"], m["end"], m["type"], m["entity_id"]) for m in mentions])
    found = [line.text[s:e] for line in lines for s, e, *_ in line.mentions]
    assert found == [m["text"] for m in mentions]


def test_large_corpus_leaves_out_pair_layers_and_still_validates(tmp_path):
    out = tmp_path / "nopairs"
    manifest = write_corpus(out, docs=6, seed=1, pairs=False)
    assert manifest["synthetic"]["omitted"] == ["duplicate_pairs", "document_pairs"]
    assert not (out / "data/duplicate_pairs.jsonl").exists()
    assert validate_data(out) == []
    from newsprep.eval.data import gold

    with pytest.raises(NewsPrepError, match="no gold 'duplicate_pairs' layer"):
        gold.duplicate_pairs(out)


def test_existing_folder_is_refused_and_nothing_is_left(tmp_path):
    out = tmp_path / "full"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    with pytest.raises(NewsPrepError, match="exists and is not empty"):
        write_corpus(out, docs=2, seed=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_synthetic_marker_cannot_enter_the_released_data(data_copy):
    edit_jsonl(data_copy, "data/documents.jsonl", 2,
               lambda d: {**d, "synthetic": {"generator": "newsprep synth", "seed": 1, "copy_of": None, "lines": []}})
    assert ("data/documents.jsonl", 2, "synthetic", "synthetic-marker") in rules(validate_data(data_copy))


def test_released_data_cannot_pass_as_synthetic(data_copy):
    manifest = json.loads((data_copy / "manifest.json").read_text())
    manifest["synthetic"] = {"docs": 5, "seed": 0, "omitted": []}
    (data_copy / "manifest.json").write_text(json.dumps(manifest))
    found = rules(validate_data(data_copy))
    assert ("data/documents.jsonl", 1, "id", "id-order") in found
    assert ("data/documents.jsonl", 1, "synthetic", "synthetic-marker") in found


def test_cli_writes_a_valid_corpus(tmp_path):
    out = tmp_path / "cli"
    made = run_cli("synth", "--docs", "4", "--seed", "2", "--out", out, "--paragraphs", "1", "2")
    assert made.code == 0, made.err
    assert "SYNTHETIC" in made.out and "validated" in made.out
    checked = run_cli("validate-data", "--root", out)
    assert checked.code == 0, checked.err
    assert f"data {data.data_version()}+synthetic-n4-s2," in checked.out  # the OK line says what was checked
    lines = [len(synthetic_lines(d)) for d in data.records("documents", out)]
    assert all(2 <= n <= 2 + 2 + 3 for n in lines)  # title, 1-2 content lines, up to 3 boilerplate lines
    again = run_cli("synth", "--docs", "4", "--out", out)
    assert again.code == 2 and "would write into the dataset folder" in again.err and "Traceback" not in again.err


def test_cli_refuses_paragraphs_out_of_order(tmp_path):
    out = run_cli("synth", "--docs", "2", "--out", tmp_path / "c", "--paragraphs", "3", "2")
    assert out.code == 2 and "newsprep synth: --paragraphs 3 2: needs 1 <= MIN <= MAX" in out.err
    assert not (tmp_path / "c").exists()


def test_consistency_exceptions_name_their_source_line(tmp_path):
    """Recombination can leave an annotated surface unannotated elsewhere; each such place is listed."""
    out = tmp_path / "exceptions"
    write_corpus(out, docs=300, seed=2, pairs=False, validate=False)
    notes = [json.loads(l) for l in (out / "annotation/consistency_exceptions.jsonl").read_text().splitlines()]
    assert notes  # this corpus has some (e.g. a URL's "putin" beside a lower-cased line)
    texts = {d["id"]: d["text"] for d in data.records("documents", out)}
    for note in notes:
        assert texts[note["doc"]][note["start"]:note["end"]] == note["text"]
        assert re.match(r"synthetic: from line d\d{3}:\d+", note["reason"])


def test_submission_for_other_data_lists_a_few_missing_ids_not_all(corpus):
    """Regression: scoring a released-data submission against a synthetic corpus listed every missing id
    in one message, which for a million documents is a line of megabytes."""
    from newsprep.eval import InvalidInput
    from newsprep.eval.submission.read import read_submission
    from tests.conftest import REPO

    with pytest.raises(InvalidInput) as refused:
        read_submission(REPO / "results" / "submissions" / "entities-rules.jsonl", root=corpus)
    [missing] = [p.detail for p in refused.value.problems if p.rule == "every-document"]
    assert missing.startswith("entities: no record for synth-0000000, synth-0000001,")
    assert "synth-0000009 and 30 more (a partial submission is not scored)" in missing and "synth-0000010" not in missing
