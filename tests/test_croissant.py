"""dataset/croissant.json: in sync with the manifest and card, valid for mlcroissant, loadable."""
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsprep.eval.data import dataset as data
from newsprep.eval.maintain.croissant import build_croissant, croissant_text

CROISSANT = data.dataset_dir() / "croissant.json"
FLAT = ["documents", "segments", "entity_table", "duplicate_pairs", "document_pairs"]
RAI_FIELDS = ["rai:dataCollection", "rai:dataCollectionType", "rai:dataAnnotationProtocol",
              "rai:annotatorDemographics", "rai:dataUseCases", "rai:dataLimitations", "rai:dataBiases",
              "rai:personalSensitiveInformation", "rai:dataSocialImpact", "rai:dataReleaseMaintenancePlan"]


def committed() -> dict:
    return json.loads(CROISSANT.read_text(encoding="utf-8"))


def mlcroissant_cli() -> str:
    exe = Path(sys.executable).with_name("mlcroissant")
    return str(exe) if exe.exists() else shutil.which("mlcroissant")


def test_committed_file_equals_a_fresh_build():
    assert CROISSANT.read_text(encoding="utf-8") == croissant_text()


def test_every_manifest_file_is_described_with_its_checksum():
    manifest = data.manifest()["files"]
    files = {f["contentUrl"]: f["sha256"] for f in committed()["distribution"]}
    assert files == {path: entry["sha256"] for path, entry in manifest.items()}
    for path, digest in files.items():
        assert hashlib.sha256((data.dataset_dir() / path).read_bytes()).hexdigest() == digest


def test_version_and_release_date_come_from_manifest_and_changelog():
    meta = committed()
    assert meta["version"] == data.data_version()
    changelog = (data.dataset_dir() / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {meta['version']} ({meta['datePublished']})" in changelog


def test_responsible_ai_fields_are_filled():
    meta = committed()
    assert [k for k in RAI_FIELDS if not meta.get(k)] == []


def test_record_set_fields_are_the_scalar_card_features():
    sets = {rs["name"]: [f["name"] for f in rs["field"]] for rs in committed()["recordSet"]}
    assert list(sets) == list(data.CONFIGS)
    assert sets["documents"] == ["id", "seed_file", "title", "text", "language", "outlet", "published",
                                 "num_chars", "sha256"]
    assert sets["entities"] == ["doc"]  # mentions is a list column, named in the description
    assert "mentions" in {rs["name"]: rs for rs in committed()["recordSet"]}["entities"]["description"]


def test_mlcroissant_validates_the_file():
    out = subprocess.run([mlcroissant_cli(), "validate", "--jsonld", str(CROISSANT)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "error" not in out.stderr.lower().replace("0 error", "")


def test_mlcroissant_rejects_a_broken_copy(tmp_path):
    """The validation above could fail: a bad data type makes mlcroissant exit non-zero."""
    meta = committed()
    meta["recordSet"][0]["field"][0]["dataType"] = "sc:NoSuchType"
    broken = tmp_path / "croissant.json"
    broken.write_text(json.dumps(meta), encoding="utf-8")
    out = subprocess.run([mlcroissant_cli(), "validate", "--jsonld", str(broken)], capture_output=True, text=True)
    assert out.returncode != 0
    assert "dataType" in out.stderr


@pytest.mark.parametrize("config", FLAT)
def test_mlcroissant_loads_flat_record_sets_equal_to_the_data(config):
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(CROISSANT))
    prefix = f"{config}/"
    loaded = [{k[len(prefix):]: v.decode("utf-8") if isinstance(v, bytes) else v for k, v in row.items()}
              for row in dataset.records(config)]
    expected = data.records(config)
    assert len(loaded) == len(expected) == data.manifest()["files"][data.CONFIGS[config].path]["records"]
    for got, want in zip(loaded, expected):
        for key, value in got.items():
            if want[key] is None:
                assert value is None, (config, key)
            elif isinstance(want[key], float):
                assert value == pytest.approx(want[key])
            else:
                assert value == want[key], (config, key)


def test_build_croissant_follows_a_changed_manifest(data_copy):
    """The generator reads the manifest: a new checksum shows up in the metadata."""
    manifest = json.loads((data_copy / "manifest.json").read_text())
    manifest["files"]["data/segments.jsonl"]["sha256"] = "0" * 64
    (data_copy / "manifest.json").write_text(json.dumps(manifest))
    files = {f["contentUrl"]: f["sha256"] for f in build_croissant(data_copy)["distribution"]}
    assert files["data/segments.jsonl"] == "0" * 64
