"""Every import format end to end: NewsPrep's own export of the embedded gold imports as the gold; the imported
folder exported and imported again gives the same layers, byte for byte; and each format's bad exports are
refused with the export's own coordinates, nothing written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsprep.eval as npe
from newsprep.eval.corpus.write import import_corpus
from newsprep.eval.errors import InvalidInput
from newsprep.eval.export import export

FORMATS = ("brat", "conll", "doccano", "labelstudio", "docbin")
IDS = {"brat", "docbin"}  # the formats that carry entity ids
SRC = {"brat": "", "conll": "newsprep.conll", "doccano": "newsprep.jsonl", "labelstudio": "newsprep.labelstudio.json",
       "docbin": "newsprep.spacy"}


def needs(fmt):
    if fmt == "docbin":
        pytest.importorskip("spacy")


def exported(fmt, out, root=None):
    export(fmt, out, root=root, **({"tokens": "words"} if fmt == "conll" else {}))
    return out / SRC[fmt] if SRC[fmt] else out


def layers(root):
    return {p.name: p.read_bytes() for p in sorted((Path(root) / "data").glob("*.jsonl"))}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_of_the_gold_imports_as_the_gold_and_round_trips(fmt, tmp_path):
    needs(fmt)
    first = tmp_path / "first"
    import_corpus(fmt, exported(fmt, tmp_path / "x1"), first)
    again = tmp_path / "again"
    import_corpus(fmt, exported(fmt, tmp_path / "x2", root=first), again)
    assert layers(again) == layers(first)
    assert npe.validate_data(first) == []
    gold = {r["doc"]: [(m["start"], m["end"], m["type"], m["entity_id"]) for m in r["mentions"]] for r in npe.records("entities")}
    got = {r["doc"]: [(m["start"], m["end"], m["type"], m["entity_id"]) for m in r["mentions"]]
           for r in npe.records("entities", root=first)}
    if fmt == "conll":  # the text is rebuilt from the tokens: compare types and surfaces, spaces aside
        texts = {d["id"]: d["text"] for d in npe.records("documents")}
        mine = {d["id"]: d["text"] for d in npe.records("documents", root=first)}

        def seen(spans, text):
            return [(t, "".join(text[s:e].split())) for s, e, t, _ in spans]
        assert {d: seen(m, mine[d]) for d, m in got.items()} == {d: seen(m, texts[d]) for d, m in gold.items()}
        return
    assert [d["text"] for d in npe.records("documents", root=first)] == [d["text"] for d in npe.records("documents")]
    if fmt not in IDS:
        gold = {d: [(s, e, t, None) for s, e, t, _ in m] for d, m in gold.items()}
    assert got == gold
    assert npe.records("boilerplate", root=first) == npe.records("boilerplate")
    assert npe.records("segments", root=first) == npe.records("segments")  # the segment rule gives the gold's


# --- bad exports, in each format ---------------------------------------------------------------------

def brat(folder, text, ann, name="a"):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text if isinstance(text, bytes) else text.encode())
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")
    return folder


def doccano(path, *rows):
    path.write_bytes(b"".join(r if isinstance(r, bytes) else (json.dumps(r) + "\n").encode() for r in rows))
    return path


def labelstudio(path, text, *results, task=7):
    res = [{"id": rid, "type": "labels", "from_name": "label", "to_name": "text",
            "value": {"start": s, "end": e, "labels": [label], **({"text": surface} if surface else {})}}
           for rid, s, e, label, surface in results]
    path.write_text(json.dumps([{"id": task, "data": {"text": text},
                                 "annotations": [{"id": 1, "result": res}]}]), encoding="utf-8")
    return path


def docbin(path, text, ents=(), groups=()):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in ents]
    doc.spans["boilerplate"] = [doc.char_span(s, e, label=label) for s, e, label in groups]
    path.write_bytes(DocBin(docs=[doc]).to_bytes())
    return path


TEXT = "Putin visits Hanoi\nVietnam and Russia signed deals."

BAD = {
    "brat-overlap": ("brat", lambda d: brat(d / "src", TEXT, "T1\tGPE 13 18\tHanoi\nT2\tLOC 6 18\tvisits Hanoi\n"),
                     "a.ann", "T1", "no-overlap"),
    "brat-past-text": ("brat", lambda d: brat(d / "src", TEXT, "T1\tGPE 19 99\tx\n"), "a.ann", "T1", "offset-in-range"),
    "brat-surface": ("brat", lambda d: brat(d / "src", TEXT, "T1\tGPE 13 18\tHue\n"), "a.ann", "T1", "surface-text"),
    "brat-label": ("brat", lambda d: brat(d / "src", TEXT, "T1\tCity 13 18\tHanoi\n"), "a.ann", "T1", "unknown-label"),
    "brat-encoding": ("brat", lambda d: brat(d / "src", b"Putin \xff", "T1\tPERSON 0 5\tPutin\n"), "a.txt", "", "utf-8"),
    "conll-label": ("conll", lambda d: _write(d / "x.conll", "-DOCSTART- -X- O O\n\nPutin B-City\nleft O\n"),
                    "x.conll", "line 3", "unknown-label"),
    "conll-encoding": ("conll", lambda d: _write(d / "x.conll", b"-DOCSTART- -X- O O\n\nPutin\xff O\n"), "x.conll", "", "utf-8"),
    "doccano-overlap": ("doccano", lambda d: doccano(d / "x.jsonl", {"text": TEXT, "label": [[13, 18, "GPE"], [6, 18, "LOC"]]}),
                        "x.jsonl", "label 0", "no-overlap"),
    "doccano-past-text": ("doccano", lambda d: doccano(d / "x.jsonl", {"text": TEXT, "label": [[40, 90, "GPE"]]}),
                          "x.jsonl", "label 0", "offset-in-range"),
    "doccano-label": ("doccano", lambda d: doccano(d / "x.jsonl", {"text": TEXT, "label": [[13, 18, "City"]]}),
                      "x.jsonl", "label 0", "unknown-label"),
    "doccano-encoding": ("doccano", lambda d: doccano(d / "x.jsonl", b'{"text": "a\xff"}\n'), "x.jsonl", "", "utf-8"),
    "labelstudio-overlap": ("labelstudio", lambda d: labelstudio(d / "x.json", TEXT, ("r1", 13, 18, "GPE", "Hanoi"),
                                                                 ("r2", 6, 18, "LOC", None)),
                            "x.json", "task 7, result 'r1'", "no-overlap"),
    "labelstudio-past-text": ("labelstudio", lambda d: labelstudio(d / "x.json", TEXT, ("r1", 40, 90, "GPE", None)),
                              "x.json", "task 7, result 'r1'", "offset-in-range"),
    "labelstudio-surface": ("labelstudio", lambda d: labelstudio(d / "x.json", TEXT, ("r1", 13, 18, "GPE", "Hue")),
                            "x.json", "task 7, result 'r1'", "surface-text"),
    "labelstudio-label": ("labelstudio", lambda d: labelstudio(d / "x.json", TEXT, ("r1", 13, 18, "City", "Hanoi")),
                          "x.json", "task 7, result 'r1'", "unknown-label"),
    "labelstudio-encoding": ("labelstudio", lambda d: _write(d / "x.json", b'[{"id": 1, "data": {"text": "\xff"}}]'),
                             "x.json", "", "utf-8"),
    "docbin-overlap": ("docbin", lambda d: docbin(d / "x.spacy", TEXT, groups=[(0, 12, "navigation"), (6, 18, "navigation")]),
                       "x.spacy", "doc 0 spans[boilerplate][1]", "no-overlap"),
    "docbin-label": ("docbin", lambda d: docbin(d / "x.spacy", TEXT, ents=[(13, 18, "City")]), "x.spacy", "doc 0 ents[0]",
                     "unknown-label"),
    "docbin-not-a-docbin": ("docbin", lambda d: _write(d / "x.spacy", b"\xffnot a docbin"), "x.spacy", "", "docbin"),
}


def _write(path, content):
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_export_is_refused_in_its_own_coordinates_and_nothing_is_written(case, tmp_path):
    fmt, build, file, where, rule = BAD[case]
    needs(fmt)
    src = build(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(InvalidInput) as err:
        import_corpus(fmt, src, tmp_path / "out")
    found = [p for p in err.value.problems if p.rule == rule]
    assert found, [str(p) for p in err.value.problems]
    assert found[0].file.endswith(file) and (not where or found[0].field == where), str(found[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no output, no temporary folder


def test_the_command_line_says_the_same_with_the_file_and_exit_status_1(tmp_path):
    from tests.conftest import run_cli

    src = brat(tmp_path / "src", TEXT, "T1\tGPE 13 18\tHanoi\nT2\tLOC 6 18\tvisits Hanoi\n")
    ran = run_cli("import", "--format", "brat", src, "--out", tmp_path / "out")
    assert ran.code == 1 and ran.out == ""
    assert ran.err.splitlines() == [f"{src}/a.ann: T1: no-overlap (mention [13, 18) overlaps [6, 18) (T2))",
                                    "newsprep import: 1 problem(s); nothing was written"]
    assert not (tmp_path / "out").exists()
