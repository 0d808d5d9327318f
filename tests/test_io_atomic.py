"""Writing output whole or not at all, and refusing an unusable -o before any work."""
import os
import stat

import pytest

from newsprep.eval.errors import NewsPrepError, UsageError
from newsprep.eval.io.atomic import check_output, write_atomic


def names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_new_file_gets_the_usual_permissions(tmp_path):
    """Regression: the temporary file of mkstemp is 0600, and the report kept that mode."""
    old = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "report.txt", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_existing_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.txt"
    target.write_text("old\n")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(NewsPrepError, match="cannot write .*No space left on device; nothing was written"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n" and names(tmp_path) == ["report.txt"]


def test_interrupted_write_leaves_no_temporary(tmp_path, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "report.txt", "new\n")
    assert names(tmp_path) == []


def test_symlink_is_followed_not_replaced(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    (tmp_path / "link.txt").symlink_to(real)
    write_atomic(tmp_path / "link.txt", "new\n")
    assert (tmp_path / "link.txt").is_symlink() and real.read_text() == "new\n"


@pytest.mark.parametrize("target, message", [
    ("missing/report.txt", "its folder does not exist"),
    (".", "a folder"),
    ("input.jsonl", "is the input"),
])
def test_check_output_refuses(tmp_path, target, message):
    (tmp_path / "input.jsonl").write_text("{}\n")
    with pytest.raises(UsageError, match=message):
        check_output(tmp_path / target, inputs=(tmp_path / "input.jsonl",))


def test_check_output_sees_through_a_link_to_the_input(tmp_path):
    (tmp_path / "input.jsonl").write_text("{}\n")
    (tmp_path / "alias.jsonl").symlink_to(tmp_path / "input.jsonl")
    with pytest.raises(UsageError, match="is the input"):
        check_output(tmp_path / "alias.jsonl", inputs=(str(tmp_path / "input.jsonl"),))


def test_check_output_accepts_a_new_or_existing_file(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    assert check_output(tmp_path / "new.txt") == tmp_path.resolve() / "new.txt"
    assert check_output(tmp_path / "old.txt") == tmp_path.resolve() / "old.txt"
