"""What newsprep import may write over, and what it refuses before any work: nothing that is not its own
(an init folder, or with --force an earlier import) is replaced, no input or dataset folder is written into,
a folder changed while the import ran is left alone, and a folder's permissions are kept."""
from __future__ import annotations

import json
import os
import shutil
import stat

import pytest

from newsprep.eval import import_corpus, init_corpus
from newsprep.eval.corpus.source import SourceDoc, SourceSpan
from newsprep.eval.corpus.write import import_documents
from newsprep.eval.data.dataset import dataset_dir
from newsprep.eval.errors import InvalidInput, NewsPrepError, UsageError
from newsprep.eval.io.atomic import write_folder
from tests.conftest import run_cli

TEXT = "Putin visits Hanoi\nVietnam and Russia signed deals."


def export(folder, name="x.jsonl", rows=None):
    path = folder / name
    rows = rows or [{"id": 1, "text": TEXT, "label": [[0, 5, "PERSON"], [13, 18, "GPE"]]}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def contents(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_force_replaces_an_earlier_import_and_nothing_else(tmp_path):
    src = export(tmp_path)
    import_corpus("doccano", src, tmp_path / "mine")
    with pytest.raises(UsageError, match="holds an earlier import; replace it with --force"):
        import_corpus("doccano", src, tmp_path / "mine")
    import_corpus("doccano", src, tmp_path / "mine", overwrite=True)  # an earlier import: replaced
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.tex").write_text("months of work", encoding="utf-8")
    before = contents(home)
    with pytest.raises(UsageError, match="holds files that neither newsprep init nor an import wrote"):
        import_corpus("doccano", src, home, overwrite=True)
    assert contents(home) == before


def test_a_dataset_folder_or_a_folder_inside_one_is_refused(tmp_path):
    src = export(tmp_path)
    copy = tmp_path / "dataset"
    shutil.copytree(dataset_dir(), copy)
    before = contents(copy)
    for out in (copy, copy / "data" / "inner", dataset_dir(), tmp_path / "mine" / "data"):
        if out == tmp_path / "mine" / "data":
            import_corpus("doccano", src, tmp_path / "mine")
        with pytest.raises(UsageError, match="would write into the dataset folder|neither newsprep init nor"):
            import_corpus("doccano", src, out, overwrite=True)
    assert contents(copy) == before


def test_an_input_inside_the_output_is_refused(tmp_path):
    src = export(tmp_path)
    import_corpus("doccano", src, tmp_path / "mine")
    (tmp_path / "mine" / "annotation").mkdir(exist_ok=True)
    labels = tmp_path / "mine" / "annotation" / "labels.csv"
    labels.write_text("PER,PERSON\n", encoding="utf-8")
    with pytest.raises(UsageError, match="the input .*labels.csv is, holds or lies inside it"):
        import_corpus("doccano", src, tmp_path / "mine", labels=labels, overwrite=True)
    assert labels.is_file()


def test_the_command_line_replaces_an_earlier_import_with_force_but_never_an_export(tmp_path):
    src = export(tmp_path)
    assert run_cli("import", "--format", "doccano", src, "--out", tmp_path / "mine").code == 0
    again = run_cli("import", "--format", "doccano", src, "--out", tmp_path / "mine", "--force")
    assert again.code == 0, again.err
    assert run_cli("export", "--format", "brat", "--out", tmp_path / "exp").code == 0
    (tmp_path / "exp" / "NOTES.txt").write_text("mine", encoding="utf-8")
    before = contents(tmp_path / "exp")
    ran = run_cli("import", "--format", "doccano", src, "--out", tmp_path / "exp", "--force")
    assert ran.code == 2 and "neither newsprep init nor an import wrote" in ran.err
    assert contents(tmp_path / "exp") == before


def test_a_file_written_into_the_output_while_it_is_made_stops_the_replacement(tmp_path):
    out = tmp_path / "out"
    out.mkdir()

    def fill(tmp):
        (tmp / "a.txt").write_text("new", encoding="utf-8")
        (out / "thesis.tex").write_text("written meanwhile", encoding="utf-8")
    with pytest.raises(NewsPrepError, match="changed while the new folder was being made"):
        write_folder(out, fill)
    assert contents(out) == {"thesis.tex": b"written meanwhile"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left


def test_a_folders_permissions_and_a_link_to_it_are_kept(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    private.chmod(0o700)
    init_corpus(private, name="mine")
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    (tmp_path / "link").symlink_to(private)
    import_corpus("doccano", export(tmp_path), tmp_path / "link")
    assert (tmp_path / "link").is_symlink() and (private / "manifest.json").is_file()
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_init_folder_with_a_broken_card_or_another_version_is_refused_before_any_work(tmp_path):
    src = export(tmp_path)
    init_corpus(tmp_path / "mine", name="mine")
    with pytest.raises(UsageError, match="CHANGELOG.md names 0.1.0 as its newest version"):
        import_corpus("doccano", src, tmp_path / "mine", version="2.0.0")
    card = tmp_path / "mine" / "README.md"
    card.write_text("---\npretty_name: [mine\n---\n", encoding="utf-8")
    before = contents(tmp_path / "mine")
    ran = run_cli("import", "--format", "doccano", src, "--out", tmp_path / "mine")
    assert ran.code == 1 and "README.md: front matter: card-front-matter" in ran.err
    card.write_text("---\n---\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="expected a mapping"):
        import_corpus("doccano", src, tmp_path / "mine")
    card.write_text("---\n- a list\n---\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="expected a mapping"):
        import_corpus("doccano", src, tmp_path / "mine")
    assert set(contents(tmp_path / "mine")) == set(before)


def test_names_and_versions_are_usage_errors_that_say_where_they_came_from(tmp_path):
    src = export(tmp_path)
    ran = run_cli("import", "--format", "doccano", src, "--out", tmp_path / "out", "--name", "My Corpus")
    assert ran.code == 2 and "--name 'My Corpus'" in ran.err
    with pytest.raises(UsageError, match="--version '1.0'"):
        import_corpus("doccano", src, tmp_path / "out", version="1.0")
    init_corpus(tmp_path / "mine", name="mine")
    card = tmp_path / "mine" / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace("version: 0.1.0", "version: '1.0'", 1), encoding="utf-8")
    with pytest.raises(UsageError, match="version of .*README.md '1.0'"):
        import_corpus("doccano", src, tmp_path / "mine")


def test_a_bad_pairs_file_is_found_before_any_work(tmp_path):
    src = export(tmp_path)
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("first,second\nd000-s001,d000-s002\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="pair-columns"):
        import_corpus("doccano", src, tmp_path / "out", pairs=pairs)
    pairs.write_text("\ufeffa, b, label, score\n", encoding="utf-8")  # a BOM and spaces: read, but no pair
    with pytest.raises(InvalidInput, match="not-empty .*holds no pair"):
        import_corpus("doccano", src, tmp_path / "out", pairs=pairs)
    assert not (tmp_path / "out").exists()


def test_a_document_given_twice_is_refused(tmp_path):
    row = {"id": 1, "text": TEXT, "label": [[0, 5, "PERSON"]]}
    with pytest.raises(InvalidInput) as err:
        import_corpus("doccano", export(tmp_path, rows=[row, row]), tmp_path / "out")
    assert [(p.line, p.rule) for p in err.value.problems] == [(2, "duplicate-document")]
    assert "x.jsonl:1" in err.value.problems[0].detail


def test_an_export_that_changes_between_the_two_readings_is_refused(tmp_path):
    readings = []

    def read():
        readings.append(1)
        docs = 1 if len(readings) == 1 else 2
        return iter([SourceDoc(str(k), TEXT, (SourceSpan(0, 5, "PERSON", "T1"),), "x") for k in range(docs)])
    with pytest.raises(InvalidInput, match="unchanged-while-read"):
        import_documents(read, tmp_path / "out", fmt="brat", name="mine", source="x")
    assert not (tmp_path / "out").exists()
    assert os.listdir(tmp_path) == []
