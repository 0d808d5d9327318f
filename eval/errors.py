"""Problems found in data or submissions, and the exceptions that carry them.

The library never prints and never exits: it raises these exceptions. Only the
CLI (``newsprep.eval.cli.main``) turns them into messages and exit codes.
"""
from __future__ import annotations

from dataclasses import dataclass

IN_MEMORY = "<records>"  # the "file" of records given in memory; such a problem reads "record N: field: rule"


@dataclass(frozen=True)
class Problem:
    """One broken rule, located as precisely as possible.

    >>> str(Problem("data/documents.jsonl", 3, "sha256", "checksum", "expected 6cd7…"))
    'data/documents.jsonl:3: sha256: checksum (expected 6cd7…)'
    >>> str(Problem(IN_MEMORY, 2, "mentions[0].end", "offset-in-range"))
    'record 2: mentions[0].end: offset-in-range'
    """

    file: str  # the file, or IN_MEMORY for records held in memory
    line: int | None  # 1-based line (or record) number; None for whole-file problems
    field: str  # JSON path inside the record, e.g. "spans[2].end"; "-" if none
    rule: str  # short name of the rule that failed, e.g. "offset-in-range"
    detail: str = ""  # the bad value and what was expected

    def __str__(self) -> str:
        if self.file == IN_MEMORY:
            where = f"record {self.line}" if self.line is not None else "records"
        else:
            where = f"{self.file}:{self.line}" if self.line is not None else self.file
        tail = f" ({self.detail})" if self.detail else ""
        return f"{where}: {self.field}: {self.rule}{tail}"


MAX_PROBLEMS = 1000  # a reader stops at this many problems in one file: memory and output stay bounded


def stop_problem(file: str, line: int | None) -> Problem:
    """The last problem of a file whose reader gave up after ``MAX_PROBLEMS``."""
    return Problem(file, line, "-", "too-many-problems", f"stopped reading after {MAX_PROBLEMS} problems; fix these first")


class NewsPrepError(Exception):
    """Base class of every error the package raises on purpose; catch it to catch them all.

    >>> import newsprep.eval as npe
    >>> try:
    ...     npe.load("no-such-config")
    ... except npe.NewsPrepError as err:
    ...     print(type(err).__name__)
    UnknownConfig
    """


class InvalidInput(NewsPrepError):
    """Data or a submission broke one or more rules; ``problems`` lists them all.

    >>> import newsprep.eval as npe
    >>> try:
    ...     npe.score([{"task": "entities", "doc": "d000"}])
    ... except npe.InvalidInput as err:
    ...     print(err.problems[0])
    record 1: mentions: schema:required ('mentions' is a required property)
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s)"
        super().__init__(head + "".join(f"\n  {p}" for p in self.problems[:50]))


class UnknownConfig(NewsPrepError):
    """A dataset config name that the card does not declare.

    >>> import newsprep.eval as npe
    >>> npe.records("sentences")
    Traceback (most recent call last):
    newsprep.eval.errors.UnknownConfig: unknown config 'sentences'; known: documents, boilerplate, segments, entities, entity_table, tokens, duplicate_pairs, document_pairs
    """


class UsageError(NewsPrepError):
    """A command-line argument that cannot work, such as an output folder that does not exist (exit status 2).

    >>> from newsprep.eval.io.atomic import check_output
    >>> check_output("/no/such/folder/report.txt")
    Traceback (most recent call last):
    newsprep.eval.errors.UsageError: output /no/such/folder/report.txt: its folder does not exist
    """
