"""NewsPrep harness: data access, validation, metrics, reports and the CLI.

>>> import newsprep.eval as npe
>>> npe.data_version()      # the version in dataset/manifest.json  # doctest: +SKIP
'0.4.2'
"""
from importlib.metadata import PackageNotFoundError, version as _version

from .data import CONFIGS, data_version, documents, load, records
from .errors import InvalidInput, NewsPrepError, Problem
from .validate import validate_data

try:
    __version__ = _version("newsprep")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0+unknown"

__all__ = [
    "CONFIGS", "InvalidInput", "NewsPrepError", "Problem",
    "data_version", "documents", "load", "records", "validate_data", "__version__",
]
