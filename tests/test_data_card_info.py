"""What ``datasets`` reads from the card besides the rows: every config reports the data version as
``info.version``, and the card's opening paragraph and citation as ``info.description`` and ``info.citation``,
loaded with plain ``load_dataset`` or with ``npe.load``; the version of each config is checked like the card's
own. ``npe.load`` draws no progress bar when standard error is not a terminal, and leaves the setting as it
found it. The card's advice to validate a folder before loading it holds: on a damaged line, ``datasets``
fails without naming it, the validator names it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import datasets
import pytest

import newsprep.eval as npe
from newsprep.eval.data import dataset as data
from newsprep.eval.data.card import front_matter
from newsprep.eval.data.versions import card_versions
from newsprep.eval.maintain.release import stated_versions
from tests.conftest import REPO, bars_off_while_loading, on_a_terminal

CARD_PATH = data.dataset_dir() / "README.md"
CARD = CARD_PATH.read_text(encoding="utf-8")
BODY = CARD[len(front_matter(CARD)) + 8:]  # after the closing '---' line
FRESH = {"download_mode": "force_redownload", "keep_in_memory": True}  # the card's arguments for a local folder


@pytest.fixture(autouse=True)
def _offline(offline_datasets_cache):
    """Every test here: a private datasets cache, no network (``offline_datasets_cache`` in conftest)."""


def words(text: str) -> str:
    return " ".join(text.split())


def opening_paragraph() -> str:
    """The first paragraph after the card's title."""
    after_title = BODY[BODY.index("\n# NewsPrep\n") + len("\n# NewsPrep\n"):]
    return after_title.strip().split("\n\n")[0]


def citation_block() -> str:
    """The BibTeX entry of the card's "Citation" section."""
    return re.search(r"## Citation\n\n```bibtex\n(.*?)\n```", BODY, re.S).group(1)


def test_the_card_text_the_info_is_compared_with():
    assert opening_paragraph().startswith("NewsPrep is a small, exactly annotated benchmark")
    assert citation_block().startswith("@misc{newsprep,") and f"{{Version {data.data_version()}}}" in citation_block()


def test_plain_load_dataset_reports_the_version_description_and_citation_of_every_config(data_copy):
    version = data.data_version()
    default = datasets.load_dataset(str(data_copy), split="test", **FRESH)
    assert default.info.config_name == "documents" and str(default.info.version) == version
    for name in data.CONFIGS:
        info = datasets.load_dataset(str(data_copy), name, split="test", **FRESH).info
        assert str(info.version) == version, name
        assert words(info.description) == words(opening_paragraph()), name
        assert info.citation == citation_block(), name


@pytest.mark.parametrize("options", [{}, {"streaming": True}, {"split": "test[:2]"}])
def test_npe_load_reports_the_same_info(options):
    for name in ("documents", "tokens"):
        info = npe.load(name, **options).info
        assert str(info.version) == data.data_version()
        assert words(info.description) == words(opening_paragraph()) and info.citation == citation_block()


def test_a_changed_card_changes_the_info_of_both_loaders(data_copy):
    card = data_copy / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace("NewsPrep is a small,", "NewsPrep, edited, is a small,", 1),
                    encoding="utf-8")
    plain = datasets.load_dataset(str(data_copy), "entities", split="test", **FRESH)
    assert plain.info.description.startswith("NewsPrep, edited, is a small,")
    assert npe.load("entities", root=data_copy).info.description.startswith("NewsPrep, edited, is a small,")


def test_every_config_names_the_cards_version():
    versions = card_versions(CARD_PATH)
    assert versions[0][1:] == ("version", data.data_version())
    assert [field for _, field, _ in versions[1:]] == [f"configs.{name}.version" for name in data.CONFIGS]
    assert {found for _, _, found in versions} == {data.data_version()}
    lines = CARD.splitlines()
    for line, field, found in versions:
        assert lines[line - 1].strip() == f"version: {found}", field


def test_a_config_naming_another_version_is_reported_with_its_line(data_copy):
    card = data_copy / "README.md"
    text = card.read_text(encoding="utf-8")
    block = "- config_name: tokens\n  version: "
    card.write_text(text.replace(block + data.data_version(), block + "0.5.0", 1), encoding="utf-8")
    line = text[:text.index(block)].count("\n") + 2
    shown = [str(p) for p in npe.validate_data(data_copy)]
    assert shown == [f"README.md:{line}: configs.tokens.version: version-agrees "
                     f"('0.5.0' here, manifest.json says '{data.data_version()}')"]


def test_release_check_reads_every_configs_version():
    card = [(field, found) for rel, _, field, found in stated_versions(REPO) if rel == "dataset/README.md"]
    assert ("configs.tokens.version", data.data_version()) in card
    assert len([field for field, _ in card if field.startswith("configs.")]) == len(data.CONFIGS)


# --- progress bars ---------------------------------------------------------------------------------------

LOAD = "import newsprep.eval as npe; print(npe.load('segments', root=%r).num_rows)"


def child_env(cache: Path) -> dict[str, str]:
    env = {**os.environ, "HF_DATASETS_CACHE": str(cache), "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    env.pop("HF_DATASETS_DISABLE_PROGRESS_BARS", None)
    return env


def test_a_first_load_into_a_pipe_draws_no_progress_bar(data_copy, tmp_path):
    run = subprocess.run([sys.executable, "-c", LOAD % str(data_copy)], capture_output=True, text=True,
                         env=child_env(tmp_path / "cache"), timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "217"
    assert (tmp_path / "cache" / "newsprep").is_dir(), "the config was built, not found in a cache"
    assert "Generating" not in run.stderr and "%|" not in run.stderr, run.stderr


def test_a_first_load_in_a_terminal_draws_its_progress_bar(data_copy, tmp_path):
    """The other side of the test above: what a pipe does not get, a terminal does."""
    run, drawn = on_a_terminal([sys.executable, "-c", LOAD % str(data_copy)], env=child_env(tmp_path / "cache"))
    assert run.returncode == 0 and run.stdout.strip() == "217"
    assert b"Generating test split" in drawn


def test_npe_load_leaves_the_progress_bar_setting_as_it_found_it(data_copy, monkeypatch):
    monkeypatch.setattr(datasets.config, "HF_DATASETS_DISABLE_PROGRESS_BARS", None)
    assert not sys.stderr.isatty()  # pytest captures standard error
    assert bars_off_while_loading(monkeypatch, data_copy) == [True] and not datasets.utils.are_progress_bars_disabled()
    try:
        off = bars_off_while_loading(monkeypatch, data_copy, enabled=False)
        assert off == [True] and datasets.utils.are_progress_bars_disabled()
    finally:
        datasets.enable_progress_bars()


# --- validate before loading -----------------------------------------------------------------------------

def test_the_card_tells_to_validate_a_folder_before_loading_it(monkeypatch, capsys):
    loading = BODY[BODY.index("## Loading"):BODY.index("## Limitations")]
    block = re.search(r"```python\n(import newsprep.eval as npe\n\nfor problem in npe.validate_data.*?)```", loading, re.S)
    assert block and "damaged" in loading and "newsprep validate-data --root dataset" in loading
    monkeypatch.chdir(REPO)
    exec(block.group(1), {})
    assert capsys.readouterr().out == ""  # a sound folder: nothing to print


def test_on_a_broken_line_datasets_names_no_line_and_the_validator_does(data_copy):
    path = data_copy / "data" / "segments.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2][: len(lines[2]) // 2] + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(Exception) as failed:
        datasets.load_dataset(str(data_copy), "segments", split="test", **FRESH)
    assert "segments.jsonl:3" not in str(failed.value)
    shown = [str(p) for p in npe.validate_data(data_copy)]
    assert any(s.startswith("data/segments.jsonl:3: ") for s in shown), shown

