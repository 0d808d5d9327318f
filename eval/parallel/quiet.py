"""Preloaded by the fork server a local cluster's workers are forked from (``cluster.workers_ignore_interrupts``):
there, and only where the variable ``NEWSPREP_FORK_SERVER`` says so, SIGINT is ignored before the server starts
serving, so that every worker it forks ignores it too. Elsewhere importing it does nothing."""
from __future__ import annotations

import os
import signal

MARK = "NEWSPREP_FORK_SERVER"

if os.environ.pop(MARK, None) == "1":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
