"""The dataset folder is ready for the Hugging Face Hub: the upload command the README documents selects
only data and documentation (no package marker, no byte code), adds the datasheet the card links to, and
the files it selects load with ``datasets`` offline, with no config name (the card's default) and with
each config name."""
import ast
import re
import shlex
import shutil
from pathlib import Path

import datasets
import pytest
import yaml
from huggingface_hub.utils import DEFAULT_IGNORE_PATTERNS, filter_repo_objects

from newsprep.eval.data import dataset as data
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## Publishing on the Hugging Face Hub"):]
SECTION = SECTION[:SECTION.index("\n## ", 1)]


@pytest.fixture(autouse=True)
def _offline(offline_datasets_cache):
    """Every test here: a private datasets cache, no network (``offline_datasets_cache`` in conftest)."""


def python_upload_calls() -> dict[str, dict]:
    """The keyword arguments of each ``api.<method>(...)`` call in the README's Python upload block."""
    block = re.search(r"```python\n(from huggingface_hub import HfApi\n.*?)```", SECTION, re.S).group(1)
    calls = {}
    for node in ast.walk(ast.parse(block)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr != "HfApi":
            calls[node.func.attr] = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
    return calls


def cli_upload_commands() -> list[list[str]]:
    block = re.search(r"```sh\n(hf upload .*?)```", SECTION, re.S).group(1)
    return [shlex.split(line) for line in block.splitlines() if line.strip()]


def upload_layout(source: Path, dest: Path) -> list[str]:
    """Copy into ``dest`` what the README's upload puts in the Hub repository; return the paths, sorted.

    The folder's files are listed and filtered exactly as ``HfApi.upload_folder`` does (every file under
    it, relative POSIX paths, the given ``ignore_patterns`` plus huggingface_hub's defaults); each
    ``upload_file`` call adds its file at its ``path_in_repo``.
    """
    calls = python_upload_calls()
    folder_call = calls["upload_folder"]
    assert folder_call["folder_path"] == "dataset" and folder_call["repo_type"] == "dataset"
    files = {p.relative_to(source).as_posix(): p for p in sorted(source.glob("**/*")) if p.is_file()}
    chosen = list(filter_repo_objects(files, ignore_patterns=folder_call["ignore_patterns"] + DEFAULT_IGNORE_PATTERNS))
    for rel in chosen:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(files[rel], dest / rel)
    file_call = calls["upload_file"]
    assert file_call["repo_type"] == "dataset"
    shutil.copyfile(REPO / file_call["path_or_fileobj"], dest / file_call["path_in_repo"])
    return sorted([*chosen, file_call["path_in_repo"]])


@pytest.fixture
def uploaded(tmp_path) -> tuple[Path, list[str]]:
    """The Hub repository as the README's command would fill it from a folder that also holds byte code."""
    source = tmp_path / "checkout" / "dataset"
    shutil.copytree(data.dataset_dir(), source)
    for junk in ("__pycache__/__init__.cpython-311.pyc", "data/__pycache__/x.cpython-311.pyc"):
        (source / junk).parent.mkdir(exist_ok=True)
        (source / junk).write_bytes(b"\0")
    dest = tmp_path / "hub" / "newsprep"
    return dest, upload_layout(source, dest)


def test_the_python_and_command_line_uploads_send_the_same_files():
    calls = python_upload_calls()
    repo = calls["create_repo"]
    assert calls["upload_folder"]["repo_id"] == calls["upload_file"]["repo_id"] == "OWNER/newsprep"
    datasheet, folder = cli_upload_commands()
    assert datasheet == ["hf", "upload", "OWNER/newsprep", calls["upload_file"]["path_or_fileobj"],
                         calls["upload_file"]["path_in_repo"], "--repo-type", "dataset"]
    assert folder[:5] == ["hf", "upload", "OWNER/newsprep", calls["upload_folder"]["folder_path"], "."]
    excludes = [folder[i + 1] for i, word in enumerate(folder) if word == "--exclude"]
    assert excludes == calls["upload_folder"]["ignore_patterns"]
    assert folder[folder.index("--repo-type") + 1] == "dataset" and repo == {"repo_type": "dataset", "exist_ok": True}


def test_only_data_and_documentation_are_uploaded(uploaded):
    _, paths = uploaded
    assert "__init__.py" not in paths
    assert not [p for p in paths if "__pycache__" in p or p.endswith((".py", ".pyc"))]
    expected = {"README.md", "DATASHEET.md", "manifest.json", "croissant.json", "CHANGELOG.md",
                "ANNOTATION_GUIDELINES.md"}
    assert expected <= set(paths)
    for config in data.CONFIGS.values():
        assert config.path in paths
    top = {p.split("/")[0] for p in paths}
    assert top == expected | {"data", "raw", "annotation"}


def test_the_cards_links_resolve_in_the_uploaded_folder(uploaded):
    dest, paths = uploaded
    card = (dest / "README.md").read_text(encoding="utf-8")
    links = [target for target in re.findall(r"\]\(([^)]+)\)", card) if "://" not in target]
    assert "DATASHEET.md" in links
    for target in links:
        assert (dest / target).is_file(), target
    assert (dest / "DATASHEET.md").read_bytes() == (REPO / "DATASHEET.md").read_bytes()


def test_the_card_has_a_default_config_and_a_license_link():
    meta = yaml.safe_load((data.dataset_dir() / "README.md").read_text(encoding="utf-8").split("---\n")[1])
    assert [c["config_name"] for c in meta["configs"] if c.get("default")] == ["documents"]
    assert meta["license"] == "other" and meta["license_link"].startswith("https://")


def test_the_uploaded_folder_loads_without_and_with_a_config_name(uploaded):
    dest, _ = uploaded
    files = data.manifest()["files"]
    default = datasets.load_dataset(str(dest), split="test")
    assert default.info.config_name == "documents"
    assert default.num_rows == files["data/documents.jsonl"]["records"]
    assert [row["id"] for row in default] == [row["id"] for row in data.records("documents")]
    whole = datasets.load_dataset(str(dest))
    assert list(whole) == ["test"] and whole["test"].num_rows == default.num_rows
    for name, config in data.CONFIGS.items():
        ds = datasets.load_dataset(str(dest), name, split="test")
        assert ds.num_rows == files[config.path]["records"], name
        assert ds.features == data.card_features(name), name
