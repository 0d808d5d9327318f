"""Every command on a dataset folder made by ``newsprep import``: validate-data, summary, score (in this process and
on a Dask cluster), compare, report, export, release-check, ``npe.load``/``records``/``folds``,
``datasets.load_dataset`` and mlcroissant.

Two folders are imported once per module from brat folders written here: ``full`` (boilerplate, entities with
entity ids and a pairs file: all eight layers) and ``entities`` (entities alone: no boilerplate, no ids, no
pairs, so four layers). Each expectation is stated from the brat files, not from what the import wrote.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import newsprep.eval as npe
from newsprep.eval import Mention, PairPrediction, Span
from newsprep.eval.data.dataset import CONFIGS
from newsprep.eval.export import FORMATS as EXPORT_FORMATS
from tests.conftest import run_cli, started
from tests.png import read_png

# The documents of the brat folders, by file name (doc ids d000, d001, d002 in name order) ...
TEXTS = {
    "alpha": "Putin met Kim in Moscow.\nHome | News\nThe talks ended on Monday.\n",
    "beta": "Kim flew back to Pyongyang.\nHome | News\nPutin praised the talks in Moscow.\n",
    "gamma": "Putin met Kim in Moscow on Monday.\nShare this article on Facebook\nThe two leaders signed a deal.\n",
}
IDS = {"alpha": "d000", "beta": "d001", "gamma": "d002"}
# ... and their annotations in text order: (surface, label, entity id); a boilerplate category as the label
# stands for a brat "Boilerplate" span with that Category attribute. Facebook is a mention inside boilerplate.
BOILERPLATE = ("navigation", "sharing")
ANNOTATIONS = {
    "alpha": [("Putin", "PERSON", "vladimir_putin"), ("Kim", "PERSON", "kim_jong_un"), ("Moscow", "GPE", "moscow"),
              ("Home | News", "navigation", None), ("Monday", "DATE", None)],
    "beta": [("Kim", "PERSON", "kim_jong_un"), ("Pyongyang", "GPE", "pyongyang"), ("Home | News", "navigation", None),
             ("Putin", "PERSON", "vladimir_putin"), ("Moscow", "GPE", "moscow")],
    "gamma": [("Putin", "PERSON", "vladimir_putin"), ("Kim", "PERSON", "kim_jong_un"), ("Moscow", "GPE", "moscow"),
              ("Monday", "DATE", None), ("Share this article on Facebook", "sharing", None), ("Facebook", "ORG", "facebook")],
}
# Duplicate pairs of content segments (each line of these texts is one segment: s001, s002, s003).
PAIRS = [  # in (a, b) order, as the layer keeps them
    {"a": "d000-s001", "b": "d001-s003", "label": "paraphrase", "score": 3.5},
    {"a": "d000-s001", "b": "d002-s001", "label": "near_duplicate", "score": 4.75},
    {"a": "d000-s003", "b": "d002-s003", "label": "related", "score": 1.5},
]
LAYERS = {"full": list(CONFIGS), "entities": ["documents", "segments", "entities", "tokens"]}
FOLDER_NAMES = {"full": "mine-full", "entities": "mine-entities"}
KINDS = ["full", "entities"]


def spans(name: str) -> list[tuple[int, int, str, str, str | None]]:
    """``(start, end, surface, label, entity id)`` of each annotation of document ``name``, found in text order
    (each after the start of the one before: a span may lie inside another)."""
    out, at = [], 0
    for surface, label, entity_id in ANNOTATIONS[name]:
        start = TEXTS[name].index(surface, at)
        at = start + 1
        out.append((start, start + len(surface), surface, label, entity_id))
    return out


def ann_text(name: str, *, full: bool) -> str:
    """The brat ``.ann`` of ``name``; without ``full``, the mentions alone, with no entity ids."""
    lines, t, a, n = [], 0, 0, 0
    for start, end, surface, label, entity_id in spans(name):
        if label in BOILERPLATE and not full:
            continue
        t += 1
        if label in BOILERPLATE:
            a += 1
            lines += [f"T{t}\tBoilerplate {start} {end}\t{surface}", f"A{a}\tCategory T{t} {label}"]
            continue
        lines.append(f"T{t}\t{label} {start} {end}\t{surface}")
        if full and entity_id:
            n += 1
            lines.append(f"#{n}\tAnnotatorNotes T{t}\t{entity_id}")
    return "\n".join(lines) + "\n"


def expected_mentions(kind: str) -> list[dict]:
    """The entities records the brat files state: one per document, ids only in the full corpus."""
    return [{"doc": IDS[name], "mentions": [
        {"start": s, "end": e, "text": surface, "type": label, "entity_id": eid if kind == "full" else None}
        for s, e, surface, label, eid in spans(name) if label not in BOILERPLATE]} for name in TEXTS]


def expected_boilerplate() -> list[dict]:
    return [{"doc": IDS[name], "spans": [{"start": s, "end": e, "text": surface, "category": label}
                                         for s, e, surface, label, _ in spans(name) if label in BOILERPLATE]}
            for name in TEXTS]


def titles() -> dict[str, str]:
    return {IDS[name]: text.split("\n", 1)[0] for name, text in TEXTS.items()}


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """The two imported folders, by kind, each made by ``newsprep import --format brat`` from a brat folder."""
    tmp = tmp_path_factory.mktemp("imported")
    pairs = tmp / "pairs.jsonl"
    pairs.write_text("".join(json.dumps(p) + "\n" for p in PAIRS), encoding="utf-8")
    out = {}
    for kind in KINDS:
        src = tmp / f"brat-{kind}"
        src.mkdir()
        for name, text in TEXTS.items():
            (src / f"{name}.txt").write_text(text, encoding="utf-8")
            (src / f"{name}.ann").write_text(ann_text(name, full=kind == "full"), encoding="utf-8")
        out[kind] = tmp / FOLDER_NAMES[kind]
        extra = ["--pairs", pairs] if kind == "full" else []
        made = run_cli("import", "--format", "brat", src, "--out", out[kind], *extra)
        assert made.code == 0, made.err
    return out


@pytest.fixture(scope="module")
def submissions(folders) -> dict[tuple[str, str], Path]:
    """A perfect submission (the folder's own records) and an empty one (no span, no pair) for each folder."""
    out = {}
    for kind, root in folders.items():
        entities = {r["doc"]: [Mention(m["start"], m["end"], m["type"], m["entity_id"]) for m in r["mentions"]]
                    for r in npe.records("entities", root=root)}
        perfect: dict = {"entities": entities}
        empty: dict = {"entities": {doc: [] for doc in entities}}
        if kind == "full":
            perfect["boilerplate"] = {r["doc"]: [Span(s["start"], s["end"], s["category"]) for s in r["spans"]]
                                      for r in npe.records("boilerplate", root=root)}
            perfect["duplicates"] = [PairPrediction(r["a"], r["b"], r["label"], r["score"])
                                     for r in npe.records("duplicate_pairs", root=root) if r["label"] != "related"]
            empty["boilerplate"] = {doc: [] for doc in entities}
        for name, given in (("perfect", perfect), ("empty", empty)):
            out[kind, name] = npe.write_submission(root.parent / f"{kind}-{name}.jsonl", system=name, root=root, **given)
    return out


def rows(report_json: str) -> dict[tuple[str, str, str, str, str], float]:
    """The rows of a ``score --format json`` report by (task, view, metric, average, statistic)."""
    return {(r["task"], r["view"], r["metric"], r["average"], r["statistic"]): r["value"]
            for r in json.loads(report_json)["rows"]}


# --- the folders -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_each_folder_holds_the_layers_of_its_corpus(folders, kind):
    """The import wrote the data files of the layers the brat folder has, and the card and croissant.json name
    those configs and no other."""
    root = folders[kind]
    assert sorted(p.name for p in (root / "data").iterdir()) == sorted(Path(CONFIGS[c].path).name for c in LAYERS[kind])
    assert (root / "annotation" / "sources.jsonl").is_file()
    assert npe.load("documents", root=root).num_rows == 3
    croissant = json.loads((root / "croissant.json").read_text(encoding="utf-8"))
    assert [rs["name"] for rs in croissant["recordSet"]] == LAYERS[kind]
    block = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["imported"]
    assert block["omitted"] == sorted(set(CONFIGS) - set(LAYERS[kind]))
    assert block["entity_ids"] is (kind == "full")


@pytest.mark.parametrize("kind", KINDS)
def test_records_are_what_the_brat_files_said(folders, kind):
    """``npe.records`` of the folder gives each document's text, mentions (with their ids in the full corpus),
    boilerplate spans and pairs exactly as the brat files and the pairs file stated them."""
    root = folders[kind]
    assert [(d["id"], d["text"]) for d in npe.records("documents", root=root)] == [(IDS[n], t) for n, t in TEXTS.items()]
    assert npe.records("entities", root=root) == expected_mentions(kind)
    if kind == "full":
        assert npe.records("boilerplate", root=root) == expected_boilerplate()
        assert [{k: r[k] for k in ("a", "b", "label", "score")} for r in npe.records("duplicate_pairs", root=root)] == PAIRS
        assert {r["entity_id"] for r in npe.records("entity_table", root=root)} == {
            "vladimir_putin", "kim_jong_un", "moscow", "pyongyang", "facebook"}
    flags = {s["text"]: s["boilerplate"] for s in npe.records("segments", root=root)}
    assert flags["Home | News"] is (kind == "full") and flags["Putin met Kim in Moscow."] is False


# --- validate-data, summary ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_validate_data_passes_the_folder(folders, kind):
    """``validate-data --root`` checks every file the manifest lists and names the data by the corpus's name."""
    out = run_cli("validate-data", "--root", folders[kind])
    assert out.code == 0, out.err
    assert f"OK — data 0.1.0+{FOLDER_NAMES[kind]}, {len(LAYERS[kind])} files" in out.out


@pytest.mark.parametrize("kind", KINDS)
def test_summary_lists_every_document(folders, kind):
    """``summary --root`` describes the folder, not the embedded dataset: its three documents with their titles."""
    out = run_cli("summary", "--root", folders[kind])
    assert out.code == 0, out.err
    assert f"data 0.1.0+{FOLDER_NAMES[kind]}" in out.out and "3 documents" in out.out
    lines = out.out.splitlines()
    for doc, title in titles().items():
        assert any(line.startswith(doc) and line.endswith(title) for line in lines), (doc, out.out)
    assert "d003" not in out.out  # the embedded dataset's documents are not listed


# --- score, compare, report ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_a_perfect_submission_scores_one_and_an_empty_one_recalls_nothing(folders, submissions, kind):
    """``score --gold`` against the folder: the folder's own records score 1.0 on every task they hold (entity
    ids included), a submission with no span recalls nothing; without gold boilerplate, the entities' content
    view is the whole text."""
    root = folders[kind]
    perfect = run_cli("score", submissions[kind, "perfect"], "--gold", root, "--resamples", "0", "--format", "json")
    empty = run_cli("score", submissions[kind, "empty"], "--gold", root, "--resamples", "0", "--format", "json")
    assert perfect.code == 0 and empty.code == 0, perfect.err + empty.err
    assert json.loads(perfect.out)["data_version"] == f"0.1.0+{FOLDER_NAMES[kind]}"
    best, worst = rows(perfect.out), rows(empty.out)
    assert best["entities", "all", "strict", "micro", "f1"] == 1.0
    assert best["entities", "all", "strict", "micro", "support"] == sum(
        len(r["mentions"]) for r in expected_mentions(kind))
    assert worst["entities", "all", "strict", "micro", "recall"] == 0.0
    if kind == "full":
        assert best["entities", "all", "entity_id", "micro", "accuracy"] == 1.0
        assert best["boilerplate", "all", "chars", "micro", "f1"] == 1.0
        assert best["duplicates", "near_duplicate", "pairs", "micro", "f1"] == 1.0
        assert best["duplicates", "same_content", "pairs", "micro", "f1"] == 1.0
        assert worst["boilerplate", "all", "chars", "micro", "recall"] == 0.0
        assert best["entities", "content", "strict", "micro", "support"] < best["entities", "all", "strict", "micro",
                                                                                "support"]
    else:
        assert not any(key[0] in ("boilerplate", "duplicates") for key in best)
        content = {k[2:]: v for k, v in best.items() if k[:2] == ("entities", "content")}
        assert content == {k[2:]: v for k, v in best.items() if k[:2] == ("entities", "all")}


def test_a_task_whose_gold_layer_the_folder_lacks_is_refused_by_name(folders, submissions):
    """Scoring boilerplate against the entities-only folder says that it has no gold boilerplate layer: one
    message, no traceback, nothing scored."""
    for command in (["score", "--resamples", "0"], ["report", "--html", folders["entities"].parent / "no.html"]):
        out = run_cli(command[0], submissions["full", "perfect"], "--gold", folders["entities"], "--task", "boilerplate",
                      *command[1:])
        assert out.code == 1 and out.out == ""
        assert "has no gold 'boilerplate' layer (data/boilerplate.jsonl is absent)" in out.err
    assert not (folders["entities"].parent / "no.html").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_compare_finds_the_perfect_submission_better(folders, submissions, kind):
    """``compare --gold``: the empty submission is worse by 1.0 on every headline metric of the entities (and of
    the boilerplate in the full corpus), with exact p-values over the folder's three documents."""
    out = run_cli("compare", submissions[kind, "perfect"], submissions[kind, "empty"], "--gold", folders[kind],
                  "--resamples", "20", "--format", "json")
    assert out.code == 0, out.err
    found = json.loads(out.out)["rows"]
    assert {r["task"] for r in found} == ({"boilerplate", "entities"} if kind == "full" else {"entities"})
    headline = [r for r in found if (r["task"], r["view"], r["metric"], r["average"]) in (
        ("entities", "all", "strict", "micro"), ("boilerplate", "all", "chars", "macro-docs"))]
    assert len(headline) == (2 if kind == "full" else 1)
    for row in headline:
        assert (row["a"], row["b"], row["delta"], row["units"]) == (1.0, 0.0, -1.0, 3)


@pytest.mark.parametrize("kind", KINDS)
def test_report_writes_the_page_and_the_plots(folders, submissions, kind, tmp_path):
    """``report --gold --html --plots``: a page that shows the folder's articles and names its data, and one PNG
    per task of the submission."""
    page, plots = tmp_path / "page.html", tmp_path / "plots"
    out = run_cli("report", submissions[kind, "perfect"], "--gold", folders[kind], "--html", page, "--plots", plots,
                  "--resamples", "20")
    assert out.code == 0, out.err
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and f"data 0.1.0+{FOLDER_NAMES[kind]}" in html
    shown = re.sub(r"<[^>]+>", "", html)  # the articles' text, without the marks
    assert all(f'<section id="doc-{doc}">' in html and title in shown for doc, title in titles().items())
    assert html.count('<mark class="tp"') >= sum(len(r["mentions"]) for r in expected_mentions(kind))
    expected = {"entity_type_f1.png"} | ({"boilerplate_category_recall.png", "duplicates_precision_recall.png"}
                                         if kind == "full" else set())
    assert {p.name for p in plots.iterdir()} == expected
    for png in plots.iterdir():
        assert read_png(png)["width"] > 0


@pytest.mark.slow  # a Dask cluster of worker processes
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="checks for leftover processes through /proc")
@pytest.mark.parametrize("kind", KINDS)
def test_a_dask_cluster_scores_the_folder_as_one_process_does(folders, submissions, kind):
    """``score --gold FOLDER --num-proc 2`` (a local Dask cluster, in a command of its own, whose process group is
    killed when the test ends) gives the report of one process, byte for byte."""
    pytest.importorskip("distributed")
    args = ["score", str(submissions[kind, "perfect"]), "--gold", str(folders[kind]), "--resamples", "20",
            "--format", "json"]
    one = run_cli(*args)
    assert one.code == 0, one.err
    command = [sys.executable, "-m", "newsprep.eval", *args, "--num-proc", "2"]
    with started(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert out == one.out


# --- export, release-check ----------------------------------------------------------------------------------

# The file each export format writes, which ``newsprep import`` reads (brat: the folder itself)
EXPORTS = {"conll": "newsprep.conll", "docbin": "newsprep.spacy", "doccano": "newsprep.jsonl",
           "labelstudio": "newsprep.labelstudio.json"}


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
@pytest.mark.parametrize("kind", KINDS)
def test_export_writes_each_format_and_it_imports_back(folders, kind, fmt, tmp_path):
    """``export --root`` in every format; the export imports back to the folder's own mentions (and boilerplate,
    where the format carries it) — CoNLL by surface and type, since it joins tokens with spaces."""
    if fmt == "docbin":
        pytest.importorskip("spacy")
    out = tmp_path / "export"
    done = run_cli("export", "--format", fmt, "--root", folders[kind], "--out", out)
    assert done.code == 0, done.err
    assert (out / "VERSION").is_file()
    src = out / EXPORTS[fmt] if fmt in EXPORTS else out
    if fmt == "brat":
        assert sorted(p.name for p in out.glob("*.txt")) == ["d000.txt", "d001.txt", "d002.txt"]
    back = tmp_path / "back"
    again = run_cli("import", "--format", fmt, src, "--out", back)
    assert again.code == 0, again.err

    def mentions(root: Path, keys: tuple[str, ...]) -> list[list[tuple]]:
        return [[tuple(m[k] for k in keys) for m in r["mentions"]] for r in npe.records("entities", root=root)]

    if fmt == "conll":
        assert mentions(back, ("text", "type")) == mentions(folders[kind], ("text", "type"))
        return
    ids = fmt in ("brat", "docbin") and kind == "full"  # the formats that carry entity ids
    keys = ("start", "end", "text", "type", *(("entity_id",) if ids else ()))
    assert mentions(back, keys) == mentions(folders[kind], keys)
    assert [d["text"] for d in npe.records("documents", root=back)] == list(TEXTS.values())
    if kind == "full":
        assert npe.records("boilerplate", root=back) == npe.records("boilerplate", root=folders[kind])


@pytest.mark.parametrize("kind", KINDS)
def test_release_check_of_the_folder_passes(folders, kind):
    """``release-check --root`` checks the folder alone: manifest, card, changelog and croissant.json agree."""
    out = run_cli("release-check", "--root", folders[kind])
    assert out.code == 0, out.err
    assert f"OK — version 0.1.0 of {folders[kind]}" in out.out


def test_release_check_of_the_folder_names_each_disagreement(folders, tmp_path):
    """That check could fail: a config's version in the card, the changelog's top entry, croissant.json's version
    and its citeAs each named by file, line and field; a folder without a manifest is refused; --root and --repo
    are one or the other."""
    root = tmp_path / "copy"
    shutil.copytree(folders["full"], root)
    card = root / "README.md"
    lines = card.read_text(encoding="utf-8").split("\n")
    at = lines.index("- config_name: entities") + 1
    assert lines[at] == "  version: 0.1.0"
    lines[at] = "  version: 0.1.1"
    card.write_text("\n".join(lines), encoding="utf-8")
    changelog = root / "CHANGELOG.md"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace("## 0.1.0", "## 0.2.0"), encoding="utf-8")
    croissant = json.loads((root / "croissant.json").read_text(encoding="utf-8"))
    croissant["version"] = "1.0.0"
    croissant["citeAs"] = croissant["citeAs"].replace("Version 0.1.0", "Version 0.0.9")
    (root / "croissant.json").write_text(json.dumps(croissant), encoding="utf-8")
    out = run_cli("release-check", "--root", root)
    assert out.code == 1 and out.out == ""
    assert out.err.splitlines() == [
        f"README.md:{at + 1}: configs.entities.version: version-agrees ('0.1.1' here, manifest.json says '0.1.0')",
        "CHANGELOG.md:3: version: version-agrees ('0.2.0' here, manifest.json says '0.1.0')",
        "croissant.json: version: version-agrees ('1.0.0' here, manifest.json says '0.1.0')",
        "croissant.json: citeAs: version-agrees ('0.0.9' here, manifest.json says '0.1.0')",
        "newsprep release-check: 4 problem(s)",
    ]
    (root / "manifest.json").unlink()
    gone = run_cli("release-check", "--root", root)
    assert gone.code == 1 and "is not a dataset folder (no manifest.json)" in gone.err
    both = run_cli("release-check", "--root", folders["full"], "--repo", folders["full"])
    assert both.code == 2 and "not allowed with argument" in both.err


# --- the Python API, datasets, mlcroissant -------------------------------------------------------------------

def named(value, feature):
    """A value of a ``datasets`` row as the data file holds it: each class label's number turned into its name."""
    import datasets

    if isinstance(feature, datasets.ClassLabel):
        return feature.int2str(value)
    if isinstance(feature, dict):
        return {key: named(value[key], inner) for key, inner in feature.items()}
    if isinstance(feature, (datasets.List, datasets.Sequence)):
        return [named(item, feature.feature) for item in value]
    return value


def loaded_rows(loaded) -> list[dict]:
    return [named(row, loaded.features) for row in loaded]


@pytest.mark.parametrize("kind", KINDS)
def test_npe_load_gives_the_records_of_every_layer(folders, kind):
    """``npe.load(config, root=...)`` gives, for each layer of the folder, its records with the card's features
    (class labels for the entity types and tags), and the folder's version."""
    root = folders[kind]
    for name in LAYERS[kind]:
        loaded = npe.load(name, root=root)
        assert loaded_rows(loaded) == npe.records(name, root=root), name
        assert str(loaded.info.version) == "0.1.0"
    assert npe.load("entities", root=root).features["mentions"].feature["type"].names == list(npe.TYPES)


def test_npe_folds_hold_out_each_document_of_the_folder(folders):
    """``npe.folds(root=...)`` gives one fold per document of the folder; a pair is a test row of the folds of
    both its documents and a training row only of the fold that holds out neither."""
    root = folders["full"]
    assert [(f.held_out, f.train.num_rows, f.test.num_rows) for f in npe.folds("documents", root=root)] == [
        ("d000", 2, 1), ("d001", 2, 1), ("d002", 2, 1)]
    pairs = {f.held_out: f for f in npe.folds("duplicate_pairs", root=root)}
    assert [(d, pairs[d].train.num_rows, pairs[d].test.num_rows) for d in pairs] == [
        ("d000", 0, 3), ("d001", 2, 1), ("d002", 1, 2)]
    assert (pairs["d001"].test[0]["a"], pairs["d001"].test[0]["b"]) == ("d000-s001", "d001-s003")
    tokens = npe.folds("tokens", root=folders["entities"])
    assert [sorted(set(f.test["doc"])) for f in tokens] == [["d000"], ["d001"], ["d002"]]


def test_loading_a_layer_the_folder_lacks_is_an_error_that_names_it(folders):
    """``npe.load``/``npe.folds`` of a layer the entities-only folder does not have: a NewsPrepError naming it
    (it was a bare FileNotFoundError)."""
    with pytest.raises(npe.NewsPrepError, match="has no 'boilerplate' layer"):
        npe.load("boilerplate", root=folders["entities"])
    with pytest.raises(npe.NewsPrepError, match="has no 'boilerplate' layer"):
        npe.folds("boilerplate", root=folders["entities"])


@pytest.mark.parametrize("kind", KINDS)
def test_datasets_load_dataset_reads_the_folder_by_its_card(folders, kind, offline_datasets_cache):
    """``datasets.load_dataset(str(folder), config, split="test")``, offline, reads each config of the card with
    its rows; a layer the corpus lacks is no config of it."""
    import datasets

    root = folders[kind]
    for name in LAYERS[kind]:
        loaded = datasets.load_dataset(str(root), name, split="test", cache_dir=str(offline_datasets_cache))
        assert loaded_rows(loaded) == npe.records(name, root=root), name
    missing = sorted(set(CONFIGS) - set(LAYERS[kind]))
    for name in missing:
        with pytest.raises(ValueError, match=name):
            datasets.load_dataset(str(root), name, split="test", cache_dir=str(offline_datasets_cache))


@pytest.mark.parametrize("kind", KINDS)
def test_mlcroissant_validates_and_loads_the_croissant_file(folders, kind):
    """mlcroissant reads the folder's croissant.json without an error, with a record set per layer, and the rows
    of the flat record sets equal the data files'."""
    mlc = pytest.importorskip("mlcroissant")
    root = folders[kind]
    dataset = mlc.Dataset(jsonld=str(root / "croissant.json"))
    assert dataset.metadata.ctx.issues.errors == set()
    assert [rs.name for rs in dataset.metadata.record_sets] == LAYERS[kind]
    for name in ("documents", "segments", "duplicate_pairs") if kind == "full" else ("documents", "segments"):
        prefix = f"{name}/"
        loaded = [{k[len(prefix):]: v.decode("utf-8") if isinstance(v, bytes) else v for k, v in row.items()}
                  for row in dataset.records(name)]
        assert loaded == npe.records(name, root=root), name


def test_the_folders_are_left_as_imported(folders):
    """No command above wrote into a folder: each still validates and matches its manifest."""
    for root in folders.values():
        assert npe.validate_data(root) == []
        assert not any(p.name.startswith(".") for p in root.rglob("*")), os.listdir(root)
