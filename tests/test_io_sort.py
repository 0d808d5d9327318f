"""The external sort (``newsprep.eval.io.sort``): sorted, stable, the same in one run or many."""
import random

import pytest

from newsprep.eval.io.sort import Unsortable, sort_lines


def key(line: bytes) -> tuple:
    return (line.split(b" ")[0],)


@pytest.mark.parametrize("run_bytes", [1, 50, 10**6])
def test_sorted_and_stable_in_one_run_or_many(tmp_path, run_bytes):
    rng = random.Random(run_bytes)
    lines = [b"%d %d\n" % (rng.randint(0, 20), n) for n in range(500)]  # equal keys, told apart by their place
    source = tmp_path / "in.txt"
    source.write_bytes(b"".join(lines))
    assert sort_lines(source, tmp_path / "out.txt", key=key, run_bytes=run_bytes) == 500
    assert (tmp_path / "out.txt").read_bytes().splitlines(keepends=True) == sorted(lines, key=key)  # sorted() is stable


def test_a_last_line_without_newline_gets_one(tmp_path):
    (tmp_path / "in.txt").write_bytes(b"b 1\na 2")
    sort_lines(tmp_path / "in.txt", tmp_path / "out.txt", key=key)
    assert (tmp_path / "out.txt").read_bytes() == b"a 2\nb 1\n"


def test_a_line_the_key_cannot_place_stops_the_sort_and_leaves_no_run(tmp_path):
    (tmp_path / "in.txt").write_bytes(b"b 1\n?\na 2\n")
    with pytest.raises(Unsortable, match="line 2"):
        sort_lines(tmp_path / "in.txt", tmp_path / "out.txt", key=lambda line: None if line.startswith(b"?") else key(line),
                   run_bytes=1)
    assert not (tmp_path / "out.txt").exists()
