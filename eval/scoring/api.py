"""What a user calls to score: records in memory, a file, or two systems against each other.

Every entry point validates first, with the rules of ``schema/README.md``, and
raises ``InvalidInput`` listing every problem; nothing is scored otherwise.

>>> from newsprep.eval import score
>>> records = [{"task": "entities", "doc": d, "mentions": []} for d in ("d000", "d001", "d002", "d003", "d004")]
>>> score(records, resamples=0).get("entities", "strict", "recall").value
0.0
"""
from __future__ import annotations

import functools
import os
from collections.abc import Iterable

from newsprep.eval.data.dataset import resolve_root
from newsprep.eval.errors import IN_MEMORY, InvalidInput, Problem, UsageError
from newsprep.eval.io.progress import Progress, require_progress
from newsprep.eval.io.sources import several
from newsprep.eval.parallel.cluster import cluster, job_failures, parse_address, workers
from newsprep.eval.scoring.compare import Comparison, compare_submissions
from newsprep.eval.scoring.details import submission_details
from newsprep.eval.scoring.report import Report
from newsprep.eval.scoring.score import score_file as _score_file
from newsprep.eval.scoring.score import score_submission
from newsprep.eval.settings import MAX_RESAMPLES, RESAMPLES, SEED
from newsprep.eval.submission.model import Submission
from newsprep.eval.submission.read import read_submission


def options(*, tasks: Iterable[str] | None, resamples: object, seed: object, num_proc: object = 1,
            partitions: object = 1, least_resamples: int = 0) -> tuple[str, ...] | None:
    """The requested tasks as a tuple, after checking every option as the command line does (``UsageError``)."""
    if isinstance(tasks, str):
        raise UsageError(f"tasks={tasks!r}: give a list of task names, e.g. [{tasks!r}]")
    for name, value, low, high in (("resamples", resamples, least_resamples, MAX_RESAMPLES),
                                   ("seed", seed, 0, 2**63 - 1), ("num_proc", num_proc, 1, 256),
                                   ("partitions", partitions, 1, 65536)):
        if type(value) is not int or not low <= value <= high:
            raise UsageError(f"{name}={value!r}: an integer from {low} to {high}")
    return tuple(tasks) if tasks else None


def score(records: Iterable[dict], *, tasks: Iterable[str] | None = None, resamples: int = RESAMPLES,
          seed: int = SEED, gold: str | os.PathLike | None = None) -> Report:
    """Validate and score submission records held in memory; returns a ``Report``.

    ``records`` are dicts in the submission format of ``schema/README.md``. The
    header record is optional: without it the system is called ``unnamed`` and
    the current data version is assumed. Every rule a file meets applies
    (schema, offsets, surfaces, overlaps, ids, every document covered,
    version); any problem raises ``InvalidInput`` whose problems read
    ``record N: field: rule``. ``tasks`` limits scoring to some of the tasks
    given (default: all of them); ``resamples=0`` gives values without
    intervals; ``gold`` is another dataset folder (default: the embedded data).

    >>> from newsprep.eval import score, records as gold_records
    >>> mine = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in gold_records("entities")]
    >>> score(mine, resamples=0).get("entities", "strict").value
    1.0
    """
    wanted = options(tasks=tasks, resamples=resamples, seed=seed)
    if isinstance(records, (str, bytes, os.PathLike)):
        raise InvalidInput([Problem(IN_MEMORY, None, "-", "records",
                                    f"score takes records in memory; for the file {str(records)[:80]!r} use score_file")])
    if isinstance(records, Submission):
        raise InvalidInput([Problem(IN_MEMORY, None, "-", "records",
                                    "score takes records; a Submission read already is scored by "
                                    "newsprep.eval.scoring.score.score_submission")])
    root = resolve_root(gold, function="score", name="gold")
    sub = read_submission(records, root=root)
    return score_submission(sub, tasks=wanted, resamples=resamples, seed=seed, root=root)


def score_file(path: str | os.PathLike, *, tasks: Iterable[str] | None = None, resamples: int = RESAMPLES,
               seed: int = SEED, gold: str | os.PathLike | None = None, num_proc: int = 1,
               scheduler: str | None = None, partitions: int | None = None, progress: Progress | None = None) -> Report:
    """Validate and score a submission file, by the one engine of every submission (``submission.engine``).

    The same numbers as ``score`` on the file's records. ``num_proc`` > 1 scores
    on a local Dask cluster of that many processes; ``scheduler`` on a running
    cluster at that address (``UsageError`` for an address that cannot be one,
    or where no scheduler answers within the connect timeout). The
    ``DASK_SCHEDULER_ADDRESS`` environment variable stands for ``scheduler``
    where the work is spread anyway (a glob, a URL or ``partitions``); a plain
    file is scored in this process whatever it says. ``path`` may also be a
    glob of shards (``run/part-*.jsonl``,
    read in sorted order as one file) or an ``fsspec`` URL. ``partitions`` cuts
    the submission and the documents into that many parts (default: one per
    worker). The report is the same however the work is spread. ``progress``
    (a ``tqdm`` bar, or any object with ``update(n)``) is told of the gold
    documents counted.

    >>> report = score_file("results/submissions/entities-rules.jsonl")   # doctest: +SKIP
    >>> report.get("entities", "strict").value                            # doctest: +SKIP
    0.6265...
    """
    wanted = options(tasks=tasks, resamples=resamples, seed=seed, num_proc=num_proc,
                     partitions=1 if partitions is None else partitions)
    if not isinstance(path, (str, os.PathLike)):
        raise UsageError(f"score_file takes a path, not {type(path).__name__}; records in memory go to score")
    root = resolve_root(gold, function="score_file", name="gold")
    require_progress("score_file", progress)
    spec = os.fspath(path)
    if scheduler is not None:
        parse_address(scheduler, scheduler=scheduler)  # a junk address is refused before anything is read
    if num_proc == 1 and scheduler is None and partitions is None and not several(spec):
        report = _score_file(spec, root=root, tasks=wanted, resamples=resamples, seed=seed,  # $DASK_SCHEDULER_ADDRESS unread
                             progress=progress)
    else:
        with cluster(num_proc=num_proc, scheduler=scheduler) as client, job_failures(client):
            report = _score_file(spec, client=client, partitions=partitions or workers(client), root=root, tasks=wanted,
                                 resamples=resamples, seed=seed, progress=progress)
    if one_local_file(spec):  # the per-example records read the file again, whole, on the first Report.details()
        report.details_source = functools.cache(lambda: submission_details(read_submission(spec, root=root), tasks=wanted,
                                                                           root=root))
    return report


def one_local_file(spec: str) -> bool:
    """A submission that ``read_submission`` reads whole: one local file, not a glob of shards nor a URL."""
    return not several(spec)


def compare(a: str | os.PathLike | Iterable[dict], b: str | os.PathLike | Iterable[dict], *,
            resamples: int = RESAMPLES, seed: int = SEED, gold: str | os.PathLike | None = None) -> list[Comparison]:
    """The paired permutation test of system B against system A on every task both hold; each is a file or records.

    One ``Comparison`` per headline metric: both values, B − A with its 95% jackknife interval over the units,
    and the two-sided p-value of the paired permutation test (approximate randomization): A's and B's counts
    are swapped unit by unit (documents; pairs of documents for duplicates) in every one of the 2^n ways, so
    the test is exact and never says p < 0.05 more often than 5% of the time when the systems do not differ.
    ``p_min`` is the smallest p-value the units allow (2/32 = 0.0625 for five documents: no difference between
    two systems on five documents reaches p < 0.05); ``p_holm`` adjusts for the metrics compared together.
    ``resamples`` swaps are drawn (with ``seed``) only where there are more than 2^16 to enumerate.

    >>> rows = compare("a.jsonl", b_records)                  # doctest: +SKIP
    >>> round(rows[0].delta, 3), rows[0].p_value, rows[0].p_min   # doctest: +SKIP
    (0.06, 0.0625, 0.0625)
    """
    options(tasks=None, resamples=resamples, seed=seed, least_resamples=1)
    root = resolve_root(gold, function="compare", name="gold")
    return compare_submissions(read_submission(a, root=root), read_submission(b, root=root), resamples=resamples,
                               seed=seed, root=root)
