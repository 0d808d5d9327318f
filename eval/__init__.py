"""NewsPrep's harness: load the data, validate it, score systems, compare them.

Everything a user needs is importable from here and listed in ``__all__``;
``docs/api.md`` documents each name (generated from these docstrings).

>>> import newsprep.eval as npe
>>> records = [{"task": "entities", "doc": r["doc"], "mentions": r["mentions"]} for r in npe.records("entities")]
>>> npe.score(records, resamples=0).get("entities", "strict").value
1.0
"""
from newsprep.eval import metrics
from newsprep.eval.adapters.extracted import Alignment, align_extracted, removed_spans
from newsprep.eval.adapters.huggingface import mentions_from_hf
from newsprep.eval.adapters.pairs import pair_records
from newsprep.eval.adapters.record import mentions_record, spans_record
from newsprep.eval.adapters.spacy_doc import mentions_from_spacy
from newsprep.eval.adapters.tags import entities_record, mentions_from_tags
from newsprep.eval.data.dataset import CONFIGS, data_version, documents, load, records
from newsprep.eval.data.tokens import MisalignedSpan, spans_to_tags, tags_to_spans, tokenize
from newsprep.eval.errors import InvalidInput, NewsPrepError, Problem, UnknownConfig, UsageError
from newsprep.eval.io.atomic import write_atomic
from newsprep.eval.scoring.api import compare, score, score_file
from newsprep.eval.scoring.compare import Comparison
from newsprep.eval.scoring.report import Report, Row
from newsprep.eval.settings import RESAMPLES, SEED, __version__
from newsprep.eval.submission.merge import merge_submissions
from newsprep.eval.submission.model import Submission
from newsprep.eval.submission.read import read_submission
from newsprep.eval.submission.write import write_submission
from newsprep.eval.types import CATEGORIES, TASKS, TYPES, Mention, PairPrediction, Span
from newsprep.eval.validate.dataset import validate_data

__all__ = [
    # data
    "CONFIGS", "load", "records", "documents", "data_version", "validate_data",
    # submissions
    "read_submission", "write_submission", "merge_submissions", "Submission",
    # scoring
    "score", "score_file", "compare", "Report", "Row", "Comparison",
    # adapters from systems' native outputs
    "mentions_from_tags", "entities_record", "mentions_from_hf", "mentions_from_spacy", "mentions_record",
    "removed_spans", "align_extracted", "Alignment", "spans_record", "pair_records",
    # span types, labels, the token view
    "Span", "Mention", "PairPrediction", "TASKS", "TYPES", "CATEGORIES",
    "tokenize", "spans_to_tags", "tags_to_spans", "MisalignedSpan",
    # metric functions behind the scores; defaults; a safe writer
    "metrics", "SEED", "RESAMPLES", "write_atomic",
    # errors
    "NewsPrepError", "InvalidInput", "Problem", "UnknownConfig", "UsageError",
    # the package version
    "__version__",
]
