"""``newsprep import`` on exports in the exact shape the annotation tools themselves write them (brat, CoNLL-2003,
doccano, Label Studio, ``spacy convert``), not NewsPrep's own exports.

Each fixture (``tests/fixtures/real_exports/``; where each shape comes from: ``SOURCES.md`` there) imports with a
label map from the tool's labels to NewsPrep's, gives exactly the texts and spans the export states, and passes
the data validator. A few defects real exports carry are accepted as the rules of ``docs/own-corpus.md`` say, or
refused in the export's own coordinates with nothing written. A test marked ``xfail(strict=True)`` is a bug found
here: a faithful export whose import fails or gives a wrong result.
"""
import json
import shutil
from pathlib import Path

import pytest

import newsprep.eval as npe
from newsprep.eval.errors import InvalidInput, Problem

FIX = Path(__file__).parent / "fixtures" / "real_exports"
CONLL_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "ignore"}  # the decision docs/own-corpus.md asks for
BRAT_LABELS = "Person,PERSON\nOrganization,ORG\nGPE,GPE\nMoney,MONEY\nDate,DATE\nTransfer-money,ignore\nMerge-org,ignore\n"
BRAT_MAP = dict(line.split(",") for line in BRAT_LABELS.splitlines())  # the same map as a dict
LS_EXPORT = FIX / "labelstudio" / "project-3-at-2024-05-14-09-12-5e1f2a9b.json"


# --- helpers --------------------------------------------------------------------------------------------------

def imported(fmt: str, src: Path, out: Path, labels) -> dict:
    """Import ``src`` as ``out``; the folder passes the data validator. Returns the manifest."""
    manifest = npe.import_corpus(fmt, src, out, labels=labels)
    assert npe.validate_data(out) == []
    return manifest


def refused(fmt: str, src: Path, out: Path, labels) -> list[Problem]:
    """The problems of an import that is refused; nothing is written."""
    with pytest.raises(InvalidInput) as err:
        npe.import_corpus(fmt, src, out, labels=labels)
    assert not out.exists()
    return err.value.problems


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def texts(out: Path) -> list[str]:
    return [d["text"] for d in jsonl(out / "data/documents.jsonl")]


def mentions(out: Path) -> list[list[tuple]]:
    """Per document, in order: ``(start, end, text, type)`` of each mention."""
    return [[(m["start"], m["end"], m["text"], m["type"]) for m in r["mentions"]] for r in jsonl(out / "data/entities.jsonl")]


def segments(out: Path) -> list[list[str]]:
    by_doc: dict[str, list[str]] = {}
    for s in jsonl(out / "data/segments.jsonl"):
        by_doc.setdefault(s["doc"], []).append(s["text"])
    return list(by_doc.values())


def sources(out: Path) -> list[tuple]:
    return [(s["name"], s["file"], s["line"]) for s in jsonl(out / "annotation/sources.jsonl")]


def located(problems: list[Problem]) -> set[tuple]:
    """``(file name, line, field, rule)`` of each problem: the export's own coordinates."""
    return {(Path(p.file).name, p.line, p.field, p.rule) for p in problems}


def copy(src: Path, tmp_path: Path) -> Path:
    """A copy of a fixture to alter (a folder or a file), beside the import's ``--out``."""
    dest = tmp_path / "export" / src.name
    if src.is_dir():
        shutil.copytree(src, dest)
    else:
        dest.parent.mkdir(parents=True)
        shutil.copy(src, dest)
    return dest


def stated_brat_spans(folder: Path, labels: dict[str, str]) -> list[list[tuple]]:
    """The mentions a brat folder states, read here on their own: every single-fragment ``T`` line whose label the
    map does not ignore, ``(start, end, surface, type)``, documents in name order, spans in offset order."""
    out = []
    for ann in sorted(folder.glob("*.ann")):
        text = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        spans = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _, typed, surface = line.split("\t")
                label, start, end = typed.split(" ")
                assert text[int(start):int(end)] == surface  # the fixture is what brat would write
                if labels[label] != "ignore":
                    spans.append((int(start), int(end), surface, labels[label]))
        out.append(sorted(spans))
    return out


def code_point(text: str, unit: int) -> int:
    """A UTF-16 offset (what doccano writes) as a code point offset, computed apart from the reader's own."""
    return len(text.encode("utf-16-le")[:2 * unit].decode("utf-16-le"))


def ls_tasks(path: Path = LS_EXPORT) -> list[dict]:
    return json.loads(path.read_bytes())


def write_ls(tasks: list[dict], path: Path) -> Path:
    """Tasks written as Label Studio writes its JSON export (ujson: one line, no spaces, '/' escaped)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(json.dumps(tasks, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/").encode("utf-8"))
    return path


# --- brat -----------------------------------------------------------------------------------------------------

def test_brat_tutorial_shaped_folder_imports_its_entities_as_stated(tmp_path):
    """T lines for entities and event triggers, E, R (with brat's trailing tab), A, N and * lines, annotation.conf:
    the entities come out exactly as the T lines state them, the triggers mapped to ignore; the rest is left."""
    folder = FIX / "brat"
    labels = tmp_path / "labels.csv"
    labels.write_text(BRAT_LABELS, encoding="utf-8")
    manifest = imported("brat", folder, tmp_path / "out", labels)
    out = tmp_path / "out"
    assert texts(out) == [(folder / f"{n}.txt").read_bytes().decode("utf-8") for n in ("000-salinas", "010-merger")]
    assert mentions(out) == stated_brat_spans(folder, BRAT_MAP)
    assert (134, 158, "former Mexican president", "PERSON") in mentions(out)[0]  # brat's Mention=Nominal attribute is not read
    assert sources(out) == [("000-salinas", "000-salinas.ann", None), ("010-merger", "010-merger.ann", None)]
    # no AnnotatorNotes: no entity ids (the N1 normalization line is not one)
    assert manifest["imported"]["entity_ids"] is False and "entity_table" in manifest["imported"]["omitted"]
    assert all(m["entity_id"] is None for r in jsonl(out / "data/entities.jsonl") for m in r["mentions"])
    assert segments(out) == [
        ["Citibank moved funds for Salinas brother",
         "Citibank was involved in moving about $100 million for Raul Salinas de Gortari, brother of a former Mexican "
         "president, to banks in Switzerland."],
        ["Merger talk", "YouTube and DoubleClick merged with Google on Tuesday.",
         "Orville Wright and Wilbur Wright were pioneers in aviation."]]


def test_brat_event_triggers_the_map_does_not_name_are_refused_by_file_and_t_id(tmp_path):
    """brat stores an event's trigger as a T line of the event type: a map of the entity types alone is refused."""
    labels = {"Person": "PERSON", "Organization": "ORG", "GPE": "GPE", "Money": "MONEY", "Date": "DATE"}
    problems = refused("brat", FIX / "brat", tmp_path / "out", labels)
    assert located(problems) == {("000-salinas.ann", None, "T4", "unknown-label"),
                                 ("010-merger.ann", None, "T4", "unknown-label")}
    assert "add a line Transfer-money,TARGET to --labels" in str(problems[0])


def test_brat_discontinuous_span_across_words_is_refused_naming_file_line_and_t_id(tmp_path):
    """brat's own example of a discontinuous annotation (standoff.html: "North and South America", ``0 5;16 23``):
    its fragments have words between them, which no NewsPrep mention can hold."""
    folder = copy(FIX / "brat", tmp_path)
    (folder / "020-america.txt").write_bytes(b"Trade in North and South America\n")
    (folder / "020-america.ann").write_bytes(b"T1\tGPE 9 14;25 32\tNorth America\n")
    problems = refused("brat", folder, tmp_path / "out", BRAT_MAP)
    assert located(problems) == {("020-america.ann", 1, "T1", "discontinuous")}
    assert "between 14 and 25 lies ' and South '" in problems[0].detail


def test_brat_free_text_annotator_notes_do_not_stop_the_import(tmp_path):
    folder = FIX / "brat_notes"
    labels = {"Person": "PERSON", "Organization": "ORG", "GPE": "GPE", "Money": "MONEY"}
    imported("brat", folder, tmp_path / "out", labels)
    assert mentions(tmp_path / "out") == stated_brat_spans(folder, labels)


NAMED = ["T1", "T2", "T3", "T6", "T7"]  # YouTube, DoubleClick, Google, Orville Wright, Wilbur Wright


def merger_with_notes(tmp_path: Path, ids: list[str]) -> Path:
    """``010-merger`` alone, with an AnnotatorNotes line on each of its five named mentions (the date has none)."""
    folder = copy(FIX / "brat", tmp_path)
    for path in folder.glob("000-salinas.*"):
        path.unlink()
    ann = folder / "010-merger.ann"
    notes = "".join(f"#{k}\tAnnotatorNotes {tid}\t{eid}\n" for k, (tid, eid) in enumerate(zip(NAMED, ids), start=1))
    ann.write_bytes(ann.read_bytes() + notes.encode("utf-8"))
    return folder


def test_brat_annotator_notes_in_newsprep_id_form_are_the_entity_ids(tmp_path):
    """Notes that are ids of NewsPrep's form (as ``newsprep export --format brat`` writes them) give the mentions
    their ids and the entity table."""
    ids = ["youtube", "doubleclick", "google", "orville_wright", "wilbur_wright"]
    out = tmp_path / "out"
    manifest = imported("brat", merger_with_notes(tmp_path, ids), out, BRAT_MAP)
    assert manifest["imported"]["entity_ids"] is True
    [record] = jsonl(out / "data/entities.jsonl")
    assert [(m["text"], m["entity_id"]) for m in record["mentions"]] == [
        ("YouTube", "youtube"), ("DoubleClick", "doubleclick"), ("Google", "google"), ("Tuesday", None),
        ("Orville Wright", "orville_wright"), ("Wilbur Wright", "wilbur_wright")]
    assert [(e["entity_id"], e["name"], e["type"]) for e in jsonl(out / "data/entity_table.jsonl")] == [
        ("doubleclick", "DoubleClick", "ORG"), ("google", "Google", "ORG"), ("orville_wright", "Orville Wright", "PERSON"),
        ("wilbur_wright", "Wilbur Wright", "PERSON"), ("youtube", "YouTube", "ORG")]


def test_brat_wikidata_ids_in_annotator_notes_are_the_entity_ids(tmp_path):
    out = tmp_path / "out"
    imported("brat", merger_with_notes(tmp_path, ["Q866", "Q1142968", "Q95", "Q35820", "Q35823"]), out, BRAT_MAP)
    [record] = jsonl(out / "data/entities.jsonl")
    assert len({m["entity_id"] for m in record["mentions"] if m["type"] != "DATE"}) == 5


# --- CoNLL-2003 -----------------------------------------------------------------------------------------------

EU = ("EU rejects German call to boycott British lamb .\nPeter Blackburn\nBRUSSELS 1996-08-22\n"
      "The European Commission said on Thursday it disagreed with German advice to consumers to shun British lamb "
      "until scientists determine whether mad cow disease can be transmitted to sheep .")
EU_MENTIONS = [(0, 2, "EU", "ORG"), (49, 64, "Peter Blackburn", "PERSON"), (65, 73, "BRUSSELS", "GPE"),
               (89, 108, "European Commission", "ORG")]


def test_conll2003_original_eng_train_in_iob1_imports_as_stated(tmp_path):
    """The original file: ``-DOCSTART- -X- O O``, four columns, IOB1 chunk and entity tags (I-ORG starts a span)."""
    out = tmp_path / "out"
    manifest = imported("conll", FIX / "conll2003" / "eng.train", out, CONLL_LABELS)
    assert texts(out) == [EU]
    assert mentions(out) == [EU_MENTIONS]  # MISC (German, British) ignored, as the map says
    assert segments(out) == [EU.split("\n")]  # CoNLL keeps its own sentences
    assert sources(out) == [("document 1", "eng.train", 1)]
    assert manifest["imported"]["labels"] == CONLL_LABELS


@pytest.mark.parametrize(("iob1", "iob2"), [("eng.train", "train.txt"), ("eng.testb", "test.txt")])
def test_conll2003_iob1_original_and_iob2_conversion_give_the_same_layers(tmp_path, iob1, iob2):
    one, two = tmp_path / "iob1", tmp_path / "iob2"
    imported("conll", FIX / "conll2003" / iob1, one, CONLL_LABELS)
    imported("conll", FIX / "conll2003_iob2" / iob2, two, CONLL_LABELS)
    for layer in ("data/documents.jsonl", "data/entities.jsonl", "data/segments.jsonl", "data/tokens.jsonl"):
        assert (one / layer).read_bytes() == (two / layer).read_bytes(), layer


def test_conll2003_eng_testb_document(tmp_path):
    out = tmp_path / "out"
    imported("conll", FIX / "conll2003" / "eng.testb", out, CONLL_LABELS)
    [text] = texts(out)
    assert text.split("\n")[:3] == ["SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .", "Nadim Ladki",
                                    "AL-AIN , United Arab Emirates 1996-12-06"]
    assert [(m[2], m[3]) for m in mentions(out)[0]] == [
        ("JAPAN", "GPE"), ("CHINA", "PERSON"), ("Nadim Ladki", "PERSON"), ("AL-AIN", "GPE"),
        ("United Arab Emirates", "GPE"), ("Japan", "GPE"), ("Syria", "GPE")]  # CHINA is I-PER in the gold, kept as stated
    assert all(text[s:e] == surface for s, e, surface, _ in mentions(out)[0])


def test_conll_iob1_b_tag_between_two_entities_of_one_type_splits_them(tmp_path):
    """IOB1, as the original CoNLL-2003 files: B-X only where an X entity follows another X entity directly."""
    src = tmp_path / "export" / "eng.iob1"
    src.parent.mkdir()
    src.write_text("-DOCSTART- -X- O O\n\nKohl NNP I-NP I-PER\nChirac NNP B-NP B-PER\nmeeting NN I-NP O\n"
                   "ends VBZ I-VP O\n. . O O\n\n", encoding="utf-8")
    out = tmp_path / "out"
    imported("conll", src, out, CONLL_LABELS)
    assert mentions(out) == [[(0, 4, "Kohl", "PERSON"), (5, 11, "Chirac", "PERSON")]]


def test_conll_splits_concatenated_give_one_document_per_docstart_line(tmp_path):
    """``cat eng.train eng.testb``, as users merge splits: each -DOCSTART- block is a document, named by its line."""
    train = (FIX / "conll2003" / "eng.train").read_bytes()
    src = tmp_path / "export" / "all.conll"
    src.parent.mkdir()
    src.write_bytes(train + (FIX / "conll2003" / "eng.testb").read_bytes())
    out = tmp_path / "out"
    imported("conll", src, out, CONLL_LABELS)
    assert texts(out)[0] == EU and texts(out)[1].startswith("SOCCER - JAPAN")
    assert sources(out) == [("document 1", "all.conll", 1), ("document 2", "all.conll", train.count(b"\n") + 1)]


def test_label_studio_conll2003_export_is_one_document_of_all_tasks(tmp_path):
    """Label Studio's CONLL2003 export writes one ``-DOCSTART- -X- O`` line for the whole project and a blank line
    after each task: by the CoNLL rule (-DOCSTART- between documents) its tasks become the sentences of one
    document."""
    out = tmp_path / "out"
    imported("conll", FIX / "labelstudio_conll" / "result.conll", out, CONLL_LABELS)
    assert texts(out) == ["Putin arrived in Hanoi on Wednesday .\nVietnam and Russia signed 11 deals on Thursday ."]
    assert mentions(out) == [[(0, 5, "Putin", "PERSON"), (17, 22, "Hanoi", "GPE"), (38, 45, "Vietnam", "GPE"),
                              (50, 56, "Russia", "GPE")]]
    assert segments(out) == [texts(out)[0].split("\n")]


def test_conll_loc_left_out_of_the_map_passes_as_ontonotes_loc(tmp_path):
    """A trap: CoNLL-2003's LOC (countries and cities too) has the name of an OntoNotes type (LOC: not GPE), so a map
    that forgets it is not refused (only MISC is): BRUSSELS comes in as LOC, where OntoNotes has GPE."""
    out = tmp_path / "out"
    imported("conll", FIX / "conll2003" / "eng.train", out, {"PER": "PERSON", "MISC": "ignore"})
    assert (65, 73, "BRUSSELS", "LOC") in mentions(out)[0]


# --- doccano --------------------------------------------------------------------------------------------------

def doccano_stated(path: Path, labels: dict[str, str]) -> list[list[tuple]]:
    """The spans each doccano line states, converted from UTF-16 code units here, on their own."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        items = record["label"] if "label" in record else [
            (e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"]]
        spans = [(code_point(text, s), code_point(text, e), labels.get(x, x)) for s, e, x in items]
        out.append(sorted((s, e, text[s:e], x) for s, e, x in spans))
    return out


def test_doccano_jsonl_without_relations_imports_as_stated(tmp_path):
    """``admin.jsonl`` of doccano's export zip: pandas' compact JSON with ``\\/``, ``label`` triples, ``Comments``,
    a meta key (``null`` where a row lacks it); one text with an emoji flag, whose offsets count UTF-16 units."""
    src, out = FIX / "doccano" / "admin.jsonl", tmp_path / "out"
    imported("doccano", src, out, {"MISC": "NORP"})
    assert texts(out) == [json.loads(line)["text"] for line in src.read_text(encoding="utf-8").splitlines()]
    assert mentions(out) == doccano_stated(src, {"MISC": "NORP"})
    assert mentions(out)[3] == [(3, 8, "Putin", "PERSON"), (20, 25, "Hanoi", "GPE"), (41, 47, "To Lam", "PERSON")]
    assert sources(out) == [(str(i), "admin.jsonl", i) for i in range(1, 5)]


def test_doccano_jsonl_with_relations_imports_its_entities(tmp_path):
    """``all.jsonl`` of a project with relations: ``entities`` objects with their ids; relations and comments (as
    ``{"id", "comment"}``) left; no newline after the last line."""
    src, out = FIX / "doccano" / "all.jsonl", tmp_path / "out"
    assert not src.read_bytes().endswith(b"\n")
    imported("doccano", src, out, {"LOC": "GPE"})
    assert mentions(out) == doccano_stated(src, {"LOC": "GPE"})
    assert mentions(out)[0] == [(0, 6, "Google", "ORG"), (22, 39, "September 4, 1998", "DATE"),
                                (44, 54, "Larry Page", "PERSON"), (59, 70, "Sergey Brin", "PERSON")]
    assert sources(out) == [("7", "all.jsonl", 1), ("8", "all.jsonl", 2)]


def test_doccano_span_selected_with_its_trailing_space_is_trimmed(tmp_path):
    """doccano keeps a selection as dragged, space included (``"EU "``): rule 4 trims it."""
    src = copy(FIX / "doccano" / "admin.jsonl", tmp_path)
    src.write_bytes(src.read_bytes().replace(b'"label":[[0,2,"ORG"]', b'"label":[[0,3,"ORG"]', 1))
    out = tmp_path / "out"
    imported("doccano", src, out, {"MISC": "NORP"})
    assert mentions(out)[0][0] == (0, 2, "EU", "ORG")


def test_doccano_collaborative_export_with_one_span_twice_is_refused_by_line_and_label(tmp_path):
    """A collaborative project exports every member's spans together: two annotators' ``[0, 2, "ORG"]`` twice."""
    src = copy(FIX / "doccano" / "admin.jsonl", tmp_path)
    src.write_bytes(src.read_bytes().replace(b'"label":[[0,2,"ORG"]', b'"label":[[0,2,"ORG"],[0,2,"ORG"]', 1))
    problems = refused("doccano", src, tmp_path / "out", {"MISC": "NORP"})
    assert located(problems) == {("admin.jsonl", 1, "label 1", "no-overlap")}


def test_doccano_offsets_after_an_emoji_sequence_are_utf16_units(tmp_path):
    """doccano issue #2290's own example: in "👨🏻‍🚒 firemen drive firetrucks" doccano puts "firetrucks" at 22-32
    (UTF-16 units), Python at 19-29."""
    src = tmp_path / "export" / "issue2290.jsonl"
    src.parent.mkdir()
    text = "\U0001F468\U0001F3FB\u200d\U0001F692 firemen drive firetrucks"
    src.write_text(json.dumps({"id": 1, "text": text, "label": [[22, 32, "VEHICLE"]], "Comments": []},
                              ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    imported("doccano", src, out, {"VEHICLE": "PRODUCT"})
    assert mentions(out) == [[(19, 29, "firetrucks", "PRODUCT")]]


# --- Label Studio ---------------------------------------------------------------------------------------------

LS_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "ignore", "DATE": "DATE"}


def ls_stated(tasks: list[dict]) -> list[list[tuple]]:
    """Per task, the ``labels`` results of its one annotation that is not cancelled, as stated."""
    out = []
    for task in tasks:
        [annotation] = [a for a in task["annotations"] if not a["was_cancelled"]]
        out.append(sorted((r["value"]["start"], r["value"]["end"], r["value"]["text"], LS_LABELS[r["value"]["labels"][0]])
                          for r in annotation["result"] if r["type"] == "labels"))
    return out


def test_label_studio_json_export_imports_the_annotations_as_stated(tmp_path):
    """One line of ujson with ``\\/``; every key a real export has; ``data`` with title and url beside text; choices
    and relation results; a prediction with a span the annotator dropped; a cancelled annotation and a draft;
    emoji (offsets in code points)."""
    out = tmp_path / "out"
    imported("labelstudio", LS_EXPORT, out, LS_LABELS)
    tasks = ls_tasks()
    assert LS_EXPORT.read_bytes().count(b"\n") == 0 and b"https:\\/\\/example.com" in LS_EXPORT.read_bytes()
    assert texts(out) == [t["data"]["text"] for t in tasks]
    assert mentions(out) == ls_stated(tasks)
    assert (79, 96, "Vietnam's leaders", "ORG") not in mentions(out)[0]  # only in the prediction
    assert mentions(out)[2] == [(3, 10, "Vietnam", "GPE"), (20, 25, "Putin", "PERSON")]
    assert sources(out) == [("41", LS_EXPORT.name, None), ("42", LS_EXPORT.name, None), ("43", LS_EXPORT.name, None)]


def test_label_studio_snapshot_with_prediction_and_draft_ids_only(tmp_path):
    """A snapshot export made with "Only IDs" for drafts and predictions lists their ids alone."""
    tasks = ls_tasks()
    tasks[0]["predictions"], tasks[1]["drafts"] = [12], [5]
    src = write_ls(tasks, tmp_path / "export" / "snapshot.json")
    out = tmp_path / "out"
    imported("labelstudio", src, out, LS_LABELS)
    assert mentions(out) == ls_stated(ls_tasks())


def second_annotation(tasks: list[dict], *, ground_truth: bool) -> list[dict]:
    """Task 42 annotated by a second annotator too (who marked Russia as ORG)."""
    first = next(a for a in tasks[1]["annotations"] if a["id"] == 19)
    other = json.loads(json.dumps(first))
    other.update(id=21, completed_by=2, updated_by=2, ground_truth=ground_truth)
    for result in other["result"]:
        if result["value"]["text"] == "Russia":
            result["value"]["labels"] = ["ORG"]
    tasks[1]["annotations"].append(other)
    return tasks


def test_label_studio_task_with_two_annotations_is_refused_naming_the_task_and_both_ids(tmp_path):
    src = write_ls(second_annotation(ls_tasks(), ground_truth=False), tmp_path / "export" / "two.json")
    problems = refused("labelstudio", src, tmp_path / "out", LS_LABELS)
    assert located(problems) == {("two.json", None, "[1].annotations", "one-annotation")}
    assert "task 42 has 2 annotations (19, 21)" in problems[0].detail


def test_label_studio_task_with_two_annotations_one_ground_truth_takes_that_one(tmp_path):
    src = write_ls(second_annotation(ls_tasks(), ground_truth=True), tmp_path / "export" / "two.json")
    out = tmp_path / "out"
    imported("labelstudio", src, out, LS_LABELS)
    assert (27, 33, "Russia", "ORG") in mentions(out)[1]


def test_label_studio_snapshot_with_an_unannotated_task_is_refused(tmp_path):
    """Snapshots include the tasks nobody annotated (Label Studio's export docs): such a task is refused."""
    tasks = ls_tasks()
    tasks.append({**tasks[2], "id": 44, "inner_id": 4, "annotations": [], "total_annotations": 0})
    src = write_ls(tasks, tmp_path / "export" / "snapshot.json")
    problems = refused("labelstudio", src, tmp_path / "out", LS_LABELS)
    assert located(problems) == {("snapshot.json", None, "[3].annotations", "annotated")}


def test_label_studio_project_whose_text_is_not_data_text_is_refused(tmp_path):
    """``<Text name="text" value="$article"/>`` over data with other string columns: the export does not say which
    column the offsets count in, and the import does not guess."""
    tasks = ls_tasks()
    for task in tasks:
        task["data"]["article"] = task["data"].pop("text")
    src = write_ls(tasks, tmp_path / "export" / "article.json")
    problems = refused("labelstudio", src, tmp_path / "out", LS_LABELS)
    assert located(problems) == {("article.json", None, f"[{i}].data", "text") for i in range(3)}


def test_label_studio_before_1_3_utf16_offsets_are_read_where_the_surface_agrees(tmp_path):
    """Label Studio issue #1347's own example: before 1.3 the offsets after an emoji count UTF-16 units ("annotation"
    at 13-23 in "💩This is an annotation."); the stated surface tells them apart from code points (12-22)."""
    tasks = [{"id": 1, "data": {"text": "\U0001F4A9This is an annotation."}, "annotations": [{"id": 2, "result": [
        {"value": {"start": 13, "end": 23, "text": "annotation", "labels": ["Annotation"]}, "id": "Z9x-0aB1cD",
         "from_name": "label", "to_name": "text", "type": "labels"}], "was_cancelled": False, "ground_truth": False,
        "lead_time": 8.416, "task": 1}]}]
    out = tmp_path / "out"
    imported("labelstudio", write_ls(tasks, tmp_path / "export" / "issue1347.json"), out, {"Annotation": "ORG"})
    assert mentions(out) == [[(12, 22, "annotation", "ORG")]]


# --- spaCy DocBin ---------------------------------------------------------------------------------------------

@pytest.fixture
def spacy():
    return pytest.importorskip("spacy")


def test_spacy_convert_docbin_imports_its_entities_as_stated(tmp_path, spacy):
    """``spacy convert eng.train -c ner``: one Doc, its words joined by spaces with one after the last, no user
    data. The text is kept as spaCy made it; the entities fall where the CoNLL import of the same file puts them."""
    out = tmp_path / "out"
    imported("docbin", FIX / "docbin" / "eng.spacy", out, CONLL_LABELS)
    assert texts(out) == [EU.replace("\n", " ") + " "]
    assert mentions(out) == [EU_MENTIONS]
    assert sources(out) == [("doc 0", "eng.spacy", None)]


def test_spacy_convert_docbin_keeps_the_docs_sentences_as_segments(tmp_path, spacy):
    out = tmp_path / "out"
    imported("docbin", FIX / "docbin" / "eng.spacy", out, CONLL_LABELS)
    assert segments(out) == [EU.split("\n")]


def test_docbin_whose_entities_are_copied_into_a_span_group_imports_them_once(tmp_path, spacy):
    out = tmp_path / "out"
    imported("docbin", FIX / "docbin" / "eng_spans.spacy", out, CONLL_LABELS)
    assert mentions(out) == [EU_MENTIONS]


def test_spacy_entity_linking_docbin_imports_its_kb_ids_as_entity_ids(tmp_path, spacy):
    """explosion/projects tutorials/nel_emerson ``create_corpus.py``: one Doc per sentence, one entity each with its
    Wikidata id as ``kb_id``; the three Emersons are three entities."""
    out = tmp_path / "out"
    manifest = imported("docbin", FIX / "docbin" / "emerson_nel.spacy", out, {})
    assert manifest["imported"]["entity_ids"] is True
    ids = [r["mentions"][0]["entity_id"] for r in jsonl(out / "data/entities.jsonl")]
    assert ids[0] == ids[2] and len(set(ids)) == 3 and None not in ids
