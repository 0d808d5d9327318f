"""The measured coverage of the 95% intervals of the headline metrics on the embedded data.

Five documents are too few for any interval method to promise its nominal 95%: the jackknife interval
``score`` prints holds the value it estimates in fewer runs than that where one document carries most of a
metric's items. ``course.statistics.coverage_table`` measures it by simulation (documents of different
difficulty, the lowest coverage over the heterogeneities tried; ``docs/statistics.md``), and a test keeps this
table equal to the simulation. Renderers print the measured figure beside an interval that falls short of
``SHORT``, on the data version it was measured on.

>>> measured_coverage("entities", "all", "strict", "micro", "f1", MEASURED_ON) is None or 0 < measured_coverage(
...     "entities", "all", "strict", "micro", "f1", MEASURED_ON) < 1
True
"""
from __future__ import annotations

SHORT = 0.93  # an interval whose measured coverage is below this prints the coverage beside it
MEASURED_ON = "0.6.0"
COVERAGE: dict[tuple[str, str, str, str], float] = {
    ("boilerplate", "all", "chars", "macro-docs"): 0.83,
    ("boilerplate", "all", "chars", "micro"): 0.86,
    ("boilerplate", "all", "content_tokens", "micro"): 0.93,
    ("entities", "all", "strict", "micro"): 0.92,
    ("entities", "all", "strict", "macro-docs"): 0.94,
    ("duplicates", "near_duplicate", "pairs", "micro"): 0.6,
    ("duplicates", "same_content", "pairs", "micro"): 0.94,
}


def measured_coverage(task: str, view: str, metric: str, average: str, statistic: str, data_version: str) -> float | None:
    """The measured coverage of a row's interval, where it falls short of ``SHORT`` on the data it was measured
    on; None otherwise (a row not measured, another statistic, or another dataset)."""
    if statistic != "f1" or data_version != MEASURED_ON:
        return None
    found = COVERAGE.get((task, view, metric, average))
    return found if found is not None and found < SHORT else None
