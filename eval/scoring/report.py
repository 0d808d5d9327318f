"""The result of scoring: one ``Row`` per reported number, each with its interval and signature.

>>> row = Row("entities", "all", "strict", "micro", "f1", 0.8, 0.7, 0.9, "newsprep:…")
>>> Report("demo", "-", "0.4.2", [row]).get("entities", "strict").value
0.8
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from newsprep.eval.data.dataset import data_version
from newsprep.eval.errors import NewsPrepError
from newsprep.eval.settings import __version__

COUNT_STATISTICS = frozenset({"support", "predicted"})  # rows that count items (gold, predicted) rather than score


def signature(*, task: str, view: str, metric: str, average: str, resamples: int, seed: int,
              data: str | None = None, labels: str | None = None, unit: str = "docs",
              ci: str | None = None, test: str | None = None) -> str:
    """A sacrebleu-style string naming everything a number depends on (``data``: the data label; ``labels``:
    an entity label set other than the default OntoNotes 5, e.g. ``conll2003``; ``unit``: the unit the interval
    and test treat as independent (``Task.unit``: documents, pairs of documents); ``ci``: the interval
    method, ``jackknife-t`` in every score (``boot:N`` where none is named: the percentile bootstrap of earlier releases); ``test``: the paired test of a comparison).

    >>> signature(task="entities", view="all", metric="strict", average="micro", resamples=1000, seed=1,
    ...           data="0.4.2", labels="conll2003").split("|", 1)[1]
    'data:0.4.2|task:entities|view:all|metric:strict|avg:micro|boot:1000|unit:docs|seed:1|labels:conll2003'
    >>> signature(task="entities", view="all", metric="strict", average="micro", resamples=1000, seed=1,
    ...           data="0.6.0", ci="jackknife-t", test="perm-exact").split("|", 1)[1]
    'data:0.6.0|task:entities|view:all|metric:strict|avg:micro|test:perm-exact|ci:jackknife-t|unit:docs|seed:1'
    """
    tail = f"|labels:{labels}" if labels and labels != "ontonotes5" else ""
    method = (f"|test:{test}" if test else "") + (f"|ci:{ci}" if ci else f"|boot:{resamples}")
    return (f"newsprep:{__version__}|data:{data or data_version()}|task:{task}|view:{view}|metric:{metric}"
            f"|avg:{average}{method}|unit:{unit}|seed:{seed}{tail}")


@dataclass(frozen=True)
class Row:
    """One reported number with its 95% interval (the method named in the signature) and signature.

    ``low``/``high`` are None where no interval exists (a single document, or
    ``resamples=0``). ``view`` is ``all`` or ``content`` for entities, the task
    (``near_duplicate``, ``same_content``, ``graded``) for duplicates, ``all``
    or a document id for boilerplate.

    >>> Row("boilerplate", "all", "chars", "micro", "f1", 0.5, 0.4, 0.6, "sig").interval
    (0.4, 0.6)
    """

    task: str
    view: str
    metric: str
    average: str
    statistic: str
    value: float
    low: float | None
    high: float | None
    signature: str

    @property
    def interval(self) -> tuple[float | None, float | None]:
        """``(low, high)`` of the 95% interval."""
        return self.low, self.high


@dataclass
class Report:
    """Every score of one system: ``rows`` (one ``Row`` per number) and, for entities, the type confusion.

    Look a number up with ``get``; ``to_dict`` gives plain JSON-ready data and
    ``to_pandas`` a DataFrame (needs pandas). ``details`` gives the per-example
    records behind the numbers (each gold and predicted item, each listed pair,
    with its outcome), ``details_frame`` the same as a DataFrame.

    >>> report = Report("demo", "-", "0.4.2", [Row("entities", "all", "strict", "micro", "f1", 0.8, 0.7, 0.9, "s")])
    >>> report.get("entities", "strict", "f1").interval
    (0.7, 0.9)
    """

    system: str
    path: str
    data_version: str
    rows: list[Row] = field(default_factory=list)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    # what gives the per-example records, read on the first call of ``details`` (None: a report made without them)
    details_source: Callable[[], list[dict]] | None = field(default=None, compare=False, repr=False)

    def get(self, task: str, metric: str, statistic: str = "f1", *, view: str = "all", average: str = "micro") -> Row:
        """The row of one number; ``KeyError`` naming what the report does hold for that task if there is none.

        Duplicates have no ``all`` view: pass ``view="same_content"`` (or
        ``near_duplicate``, ``graded``).
        """
        for row in self.rows:
            if (row.task, row.view, row.metric, row.average, row.statistic) == (task, view, metric, average, statistic):
                return row
        held = sorted({f"{r.view}/{r.metric}/{r.average}/{r.statistic}" for r in self.rows if r.task == task})
        shown = ", ".join(held[:12]) + (f" and {len(held) - 12} more" if len(held) > 12 else "")
        raise KeyError(f"no row {task}/{view}/{metric}/{average}/{statistic}; "
                       + (f"{task} has {shown}" if held else f"the report holds no {task} rows"))

    def to_dict(self) -> dict[str, Any]:
        """Plain data: system, path, data version, rows (as dicts) and confusion."""
        return {"system": self.system, "path": self.path, "data_version": self.data_version,
                "rows": [asdict(r) for r in self.rows], "confusion": self.confusion}

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame``, one column per ``Row`` field plus ``system``; needs pandas."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Report.to_pandas needs pandas: pip install pandas") from None
        frame = pd.DataFrame([asdict(r) for r in self.rows], columns=[f.name for f in fields(Row)])
        frame.insert(0, "system", self.system)
        return frame

    def details(self, task: str | None = None) -> list[dict]:
        """The per-example records of the scored tasks (or of ``task``): one dict per gold and per predicted
        span or mention, or per listed pair, with its outcome; the fields of each task are its
        ``Task.detail_fields`` (``docs/tutorial.md`` lists them). Their outcomes add up to the report's counts.

        ``NewsPrepError`` for a report made without the submission at hand (a glob of shards or a URL scored by
        ``score_file``, or a ``Report`` built by hand): score the submission with ``score`` or a single file.
        """
        if self.details_source is None:
            raise NewsPrepError(f"the report of {self.system!r} holds no per-example records: they need the submission "
                                "in memory (score records with score, or a single local file with score_file)")
        return [dict(r) for r in self.details_source() if task is None or r["task"] == task]

    def details_frame(self, task: str | None = None) -> Any:
        """``details`` as a ``pandas.DataFrame``, one column per field; needs pandas."""
        from newsprep.eval.scoring.details import frame

        return frame(self.details(task), task=task)
