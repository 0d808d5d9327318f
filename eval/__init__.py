"""NewsPrep's harness: load the data, validate it, score systems, compare them.

Everything a user needs is importable from here and listed in ``__all__``;
``docs/api.md`` documents each name (generated from these docstrings).

>>> import newsprep.eval as npe
>>> records = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]
>>> npe.score(records, resamples=0).get("entities", "strict").value
1.0
"""
from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path
from typing import TYPE_CHECKING

# Each public name and the module that defines it. Modules are imported on first use (PEP 562), so that
# ``import newsprep.eval`` costs almost nothing and a command loads only what it runs.


def _public_names() -> dict[str, str]:
    """Each public name and the module that defines it, read from the imports at the end of this file: the list
    of the public API that type checkers and editors read is also the one the names are loaded from."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    return {alias.name: node.module or "" for node in block.body if isinstance(node, ast.ImportFrom) for alias in node.names}


_WHERE = _public_names()
# The order of the API page; ruff and readers need the list written out (a test checks it names _WHERE's names)
__all__ = [
    # data
    "CONFIGS", "load", "records", "documents", "data_version", "validate_data",
    "folds", "Fold",
    # your own corpus
    "import_corpus", "init_corpus",
    # submissions
    "read_submission", "write_submission", "merge_submissions", "Submission",
    # scoring
    "score", "score_file", "compare", "holm", "measured_coverage", "Report", "Row", "Comparison",
    # adapters from systems' native outputs
    "mentions_from_tags", "entities_record", "mentions_from_hf", "mentions_from_hf_windows", "mentions_from_spacy",
    "mentions_record", "group_records", "removed_spans", "align_extracted", "html_page", "Alignment", "spans_record",
    "pair_records",
    # span types, labels, the token view
    "Span", "Mention", "PairPrediction", "TASKS", "TYPES", "CATEGORIES",
    "tokenize", "spans_to_tags", "tags_to_spans", "MisalignedSpan",
    # metric functions behind the scores; defaults; a safe writer
    "metrics", "SEED", "RESAMPLES", "write_atomic", "progress_bar",
    # errors
    "NewsPrepError", "InvalidInput", "Problem", "UnknownConfig", "UsageError",
    # the package version
    "__version__",
]


_CHECKED_INSIDE = {
    "score": frozenset({"records", "tasks", "resamples", "seed"}),
    "score_file": frozenset({"path", "tasks", "resamples", "seed", "num_proc", "partitions"}),
    "compare": frozenset({"resamples", "seed"}),
    "merge_submissions": frozenset({"paths"}),
    "write_submission": frozenset({"duplicates"}),
    # These name the argument with a rule and a hint of their own: a token without offsets, an offset below 0,
    # a window that cannot be, a threshold that is not finite, an extractor's None (with html_page for extractors
    # that need a page) or bytes.
    "mentions_from_tags": frozenset({"tokens", "offset"}),
    "entities_record": frozenset({"tokens", "offset"}),
    "mentions_from_hf": frozenset({"offset"}),
    "mentions_from_spacy": frozenset({"offset"}),
    "mentions_from_hf_windows": frozenset({"pipe", "window_chars", "stride"}),
    "pair_records": frozenset({"scores", "threshold"}),
    "removed_spans": frozenset({"text", "kept"}),
    "align_extracted": frozenset({"text", "kept"}),
}


def __getattr__(name: str):
    """Import a public name's module on first use; the name is then an ordinary attribute."""
    value: object
    if name in _WHERE and _WHERE[name] == "newsprep.eval":  # a subpackage: newsprep.eval.metrics
        value = importlib.import_module(f"newsprep.eval.{name}")
    elif name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        if inspect.isfunction(value):  # an argument of a type its annotation rules out raises InvalidInput naming it
            from newsprep.eval.errors import checked_arguments

            value = checked_arguments(value, inside=_CHECKED_INSIDE.get(name, frozenset()))
    else:
        raise AttributeError(f"module 'newsprep.eval' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # what type checkers and editors see: the same names, imported eagerly
    from newsprep.eval import metrics
    from newsprep.eval.adapters.extracted import Alignment, align_extracted, html_page, removed_spans
    from newsprep.eval.adapters.huggingface import mentions_from_hf, mentions_from_hf_windows
    from newsprep.eval.adapters.pairs import pair_records
    from newsprep.eval.adapters.record import group_records, mentions_record, spans_record
    from newsprep.eval.adapters.spacy_doc import mentions_from_spacy
    from newsprep.eval.adapters.tags import entities_record, mentions_from_tags
    from newsprep.eval.corpus.write import import_corpus, init_corpus
    from newsprep.eval.data.dataset import CONFIGS, data_version, documents, load, records
    from newsprep.eval.data.folds import Fold, folds
    from newsprep.eval.data.tokens import MisalignedSpan, spans_to_tags, tags_to_spans, tokenize
    from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem, UnknownConfig, UsageError
    from newsprep.eval.io.atomic import write_atomic
    from newsprep.eval.io.progress import progress_bar
    from newsprep.eval.scoring.api import compare, score, score_file
    from newsprep.eval.scoring.compare import Comparison, holm
    from newsprep.eval.scoring.coverage import measured_coverage
    from newsprep.eval.scoring.report import Report, Row
    from newsprep.eval.settings import RESAMPLES, SEED, __version__
    from newsprep.eval.submission.merge import merge_submissions
    from newsprep.eval.submission.model import Submission
    from newsprep.eval.submission.read import read_submission
    from newsprep.eval.submission.write import write_submission
    from newsprep.eval.types import CATEGORIES, TASKS, TYPES, Mention, PairPrediction, Span
    from newsprep.eval.validate.dataset import validate_data
