"""The Dask cluster a command runs on: none, a local one, or one already running.

``--num-proc N`` (N > 1) starts a ``distributed.LocalCluster`` of N worker
processes on 127.0.0.1 for the length of the command; ``--scheduler ADDRESS``,
or the ``DASK_SCHEDULER_ADDRESS`` environment variable, connects to a cluster
that is already running (workers on other machines must be able to open the
inputs, so give paths they share or ``fsspec`` URLs). With neither, the work
runs in this process and Dask is not imported. Dask is the optional extra
``newsprep[dask]``.

>>> with cluster(num_proc=1) as client:
...     print(client)
None
"""
from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from newsprep.eval.errors import NewsPrepError

ENV = "DASK_SCHEDULER_ADDRESS"
CONNECT_TIMEOUT = "10s"


def scheduler_address(scheduler: str | None) -> str | None:
    """The scheduler to connect to: ``scheduler``, else ``$DASK_SCHEDULER_ADDRESS``, else None."""
    return scheduler or os.environ.get(ENV) or None


def require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise NewsPrepError("running on several processes or a cluster needs Dask: pip install 'newsprep[dask]'") from None


@contextmanager
def cluster(*, num_proc: int = 1, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` for the command, or None to work in this process.

    A local cluster is closed on leaving the block, whatever happens in it;
    a client of an existing cluster is closed and the cluster left running.
    """
    address = scheduler_address(scheduler)
    if address is None and num_proc <= 1:
        yield None
        return
    require_dask()
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.comm.timeouts.connect": CONNECT_TIMEOUT, "logging.distributed": "error"}):
        if address is not None:
            try:
                client = Client(address, timeout=CONNECT_TIMEOUT)
            except OSError as err:
                raise NewsPrepError(f"scheduler {address}: cannot connect ({err})") from None
            with client:
                yield client
            return
        with deferred_interrupt():  # a cluster stopped half-started cannot be closed: Ctrl-C waits for the start
            local = LocalCluster(n_workers=num_proc, threads_per_worker=1, processes=True, host="127.0.0.1",
                                 dashboard_address=":0", silence_logs=logging.ERROR)
        try:
            with Client(local) as client:
                yield client
        finally:
            with deferred_interrupt():
                local.close()


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) until the block ends, then raise it; in the main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def workers(client: Any) -> int:
    """How many tasks ``client``'s cluster runs at once (its workers' threads); 1 without a cluster."""
    return max(1, sum(client.nthreads().values())) if client is not None else 1


@contextmanager
def job_failures(client: Any) -> Iterator[None]:
    """A job that fails on the cluster (a lost worker, an input a worker cannot read) raises ``NewsPrepError``
    naming the cause: never a traceback, and never part of a result. Without a cluster, errors pass as they are."""
    try:
        yield
    except NewsPrepError:
        raise
    except Exception as err:
        if client is None:
            raise
        raise NewsPrepError(f"the job failed on the cluster ({type(err).__name__}: {str(err)[:300]}); "
                            "nothing was scored") from None


class InProcess:
    """The two calls of a ``distributed.Client`` that the partitioned jobs use, run here and now:
    the same job without a cluster."""

    def submit(self, fn, *args, pure: bool = True, **kwargs):
        return fn(*args, **kwargs)

    def gather(self, values):
        return values
