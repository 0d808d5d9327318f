"""The ``newsprep`` command: argument parsing and messages only; the library does the work."""
from newsprep.eval.cli.main import main

__all__ = ["main"]
