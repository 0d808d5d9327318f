"""newsprep release-check: every file stating the version agrees, and each disagreement is named."""
import json
import re
import shutil

import pytest

from newsprep.eval.maintain.release import release_problems
from tests.conftest import REPO, run_cli


@pytest.fixture
def repo_copy(tmp_path):
    """The files release-check reads, copied so that a test may break them."""
    root = tmp_path / "repo"
    for name in ("pyproject.toml", "README.md", "DATASHEET.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "dataset", root / "dataset", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "results").mkdir()
    shutil.copy(REPO / "results" / "leaderboard.json", root / "results" / "leaderboard.json")
    return root


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def version():
    return re.search(r'^version = "(.+)"', (REPO / "pyproject.toml").read_text(), re.M).group(1)


def found(problems):
    return {(p.file, p.field, p.rule) for p in problems}


def test_the_repository_is_consistent():
    assert release_problems(REPO) == []


def test_cli_release_check_passes_on_the_repository():
    out = run_cli("release-check")
    assert out.code == 0, out.err
    assert f"version {version()} agrees" in out.out


def test_card_version_disagreeing_is_named_with_its_line(repo_copy):
    edit(repo_copy / "dataset/README.md", f"version: {version()}", "version: 9.9.9")
    problems = release_problems(repo_copy)
    assert found(problems) == {("dataset/README.md", "version", "version-agrees")}
    assert problems[0].line is not None and "'9.9.9'" in problems[0].detail


@pytest.mark.parametrize("rel, old, field", [
    ("DATASHEET.md", "describes NewsPrep version {v}", "version"),
    ("README.md", "## Leaderboard (data {v})", "Leaderboard heading"),
    ("dataset/README.md", "**Version {v}.**", "Version line"),
    ("dataset/README.md", "note   = {{Version {v}}}", "citation"),
])
def test_each_stated_version_is_checked(repo_copy, rel, old, field):
    edit(repo_copy / rel, old.format(v=version()), old.format(v="0.0.1"))
    assert found(release_problems(repo_copy)) == {(rel, field, "version-agrees")}


def test_manifest_and_croissant_versions_are_checked(repo_copy):
    for rel in ("dataset/manifest.json", "dataset/croissant.json"):
        meta = json.loads((repo_copy / rel).read_text())
        meta["version"] = "0.0.1"
        (repo_copy / rel).write_text(json.dumps(meta, indent=2) + "\n")
    assert {("dataset/manifest.json", "version", "version-agrees"),
            ("dataset/croissant.json", "version", "version-agrees")} <= found(release_problems(repo_copy))


def test_bumping_only_pyproject_names_every_other_place(repo_copy):
    edit(repo_copy / "pyproject.toml", f'version = "{version()}"', 'version = "99.0.0"')
    files = {p.file for p in release_problems(repo_copy) if p.rule == "version-agrees"}
    assert files == {"dataset/README.md", "DATASHEET.md", "README.md", "dataset/manifest.json",
                     "dataset/CHANGELOG.md", "dataset/croissant.json", "results/leaderboard.json",
                     "installed package"}


def test_changelog_entry_needs_a_release_date(repo_copy):
    path = repo_copy / "dataset/CHANGELOG.md"
    text = path.read_text()
    path.write_text(re.sub(r"^## (\S+) \(\d{4}-\d{2}-\d{2}\)$", r"## \1", text, count=1, flags=re.M))
    problems = release_problems(repo_copy)
    assert ("dataset/CHANGELOG.md", "newest entry", "release-date") in found(problems)


def test_croissant_out_of_sync_is_reported(repo_copy):
    meta = json.loads((repo_copy / "dataset/croissant.json").read_text())
    meta["description"] = "edited by hand"
    (repo_copy / "dataset/croissant.json").write_text(json.dumps(meta))
    assert found(release_problems(repo_copy)) == {("dataset/croissant.json", "description", "croissant-in-sync")}


def test_changed_data_file_breaks_the_manifest_checksum(repo_copy):
    with open(repo_copy / "dataset/data/segments.jsonl", "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert ("dataset/data/segments.jsonl", "-", "manifest-checksum") in found(release_problems(repo_copy))


def test_cli_reports_problems_without_traceback(repo_copy):
    edit(repo_copy / "dataset/README.md", f"version: {version()}", "version: 9.9.9")
    out = run_cli("release-check", "--repo", str(repo_copy))
    assert out.code == 1
    assert re.search(r"dataset/README.md:\d+: version: version-agrees \('9.9.9'", out.err)
    assert re.search(r"^newsprep release-check: \d+ problem\(s\)$", out.err, re.M)
    assert "Traceback" not in out.err and out.out == ""


@pytest.mark.parametrize("rel, rule", [("dataset/CHANGELOG.md", "changelog-present"),
                                       ("dataset/croissant.json", "croissant-present"),
                                       ("dataset/README.md", "card-present")])
def test_missing_release_file_traceback(repo_copy, rel, rule):
    """Regression: release-check raised FileNotFoundError for a missing changelog or croissant.json."""
    (repo_copy / rel).unlink()
    out = run_cli("release-check", "--repo", str(repo_copy))
    assert out.code == 1 and "Traceback" not in out.err
    assert f"{rel}: -: {rule} (file is missing)" in out.err


@pytest.mark.parametrize("old", ["0.4.3", "0.5.0", "previous minor"])
def test_a_submission_made_for_an_earlier_minor_version_is_refused_naming_both(old):
    """0.5.0 changed gold spans and pairs, 0.6.0 the duplicate pairs again: a submission made for 0.4 or 0.5 must
    not be scored on the current data."""
    import newsprep.eval as npe
    from newsprep.eval.data.dataset import data_version

    major, minor, _ = (int(x) for x in data_version().split("."))
    if old == "previous minor":
        old = f"{major}.{minor - 1}.3"
    assert old.split(".")[:2] != [str(major), str(minor)]
    records = [{"task": "header", "dataset_version": old, "system": "s"}]
    records += [{"task": "entities", "doc": d, "mentions": []} for d in ("d000", "d001", "d002", "d003", "d004")]
    with pytest.raises(npe.InvalidInput) as err:
        npe.score(records, resamples=0)
    assert [p.rule for p in err.value.problems] == ["dataset-version"]
    assert f"submission made for {old}, data is {data_version()}" in str(err.value.problems[0])
