"""The child process of ``newsprep.course.isolated``: ``python -m newsprep.course.check_child NAME FILE
DATA VERDICT`` makes the folder ``DATA`` this process's dataset, checks ``FILE`` for exercise ``NAME`` in
process, and writes the verdict to the file ``VERDICT``; then it ends at once."""
from __future__ import annotations

import sys
from pathlib import Path

from newsprep.course.isolated import use_dataset, write_verdict


def main(name: str, path: str, data: str, verdict: str) -> None:
    use_dataset(Path(data))  # before anything reads data: the checker and the student's code see the copy alone
    from newsprep.course.exercises import check

    result = check(name, path, isolated=False)
    write_verdict(verdict, result.checks, result.failure, result.notes)


if __name__ == "__main__":
    main(*sys.argv[1:5])
