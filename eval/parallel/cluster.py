"""The Dask cluster a command runs on: none, a local one, or one already running.

``--num-proc N`` (N > 1) starts a ``distributed.LocalCluster`` of N worker
processes on 127.0.0.1 for the length of the command; ``--scheduler ADDRESS``,
or the ``DASK_SCHEDULER_ADDRESS`` environment variable where the work is spread
anyway, connects to a cluster that is already running. The address is checked
before anything else: one that cannot be an address (``junk``, ``inproc://x``,
``tcp://127.0.0.1:http``), or where nothing sends a Dask handshake within the
connect timeout (a web server's port), is a usage error (workers on other machines must be able to open the
inputs, so give paths they share or ``fsspec`` URLs). With neither, the work
runs in this process and Dask is not imported. Dask is the optional extra
``newsprep[dask]``.

>>> with cluster(num_proc=1) as client:
...     print(client)
None
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from newsprep.eval.errors import NewsPrepError, UsageError

ENV = "DASK_SCHEDULER_ADDRESS"
CONNECT_TIMEOUT = "10s"
CONNECT_SECONDS = 10.0
SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")  # the Dask protocols that reach a scheduler in another process
EXAMPLE = "tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"


def scheduler_address(scheduler: str | None, *, environment: bool = True) -> str | None:
    """The scheduler to connect to: ``scheduler``, else ``$DASK_SCHEDULER_ADDRESS`` (with ``environment``),
    else None."""
    if scheduler is not None:
        return scheduler
    return (os.environ.get(ENV) if environment else None) or None


def named(address: object, scheduler: object) -> str:
    """How a message names the address: as given, and where it came from when that is the environment."""
    return f"scheduler {address}" + (f" (from {ENV})" if scheduler is None else "")


def parse_address(address: object, *, scheduler: object = None) -> tuple[str, str, int]:
    """``(protocol, host, port)`` of a scheduler address, or ``UsageError`` saying what is wrong with it.

    >>> parse_address("tcp://10.0.0.5:8786"), parse_address("[::1]:8786")
    (('tcp', '10.0.0.5', 8786), ('tcp', '::1', 8786))
    >>> parse_address("inproc://x", scheduler="inproc://x")
    Traceback (most recent call last):
    newsprep.eval.errors.UsageError: scheduler inproc://x: an in-process address names a scheduler inside one Python process; give the address of a running scheduler: tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786
    """
    if not isinstance(address, str):
        raise UsageError(f"scheduler={address!r}: give the address of a running scheduler as a str: {EXAMPLE}")
    name = named(address[:200], scheduler)
    protocol, sep, rest = address.strip().partition("://")
    if not sep:
        protocol, rest = "tcp", address.strip()
    protocol = protocol.lower()
    if protocol == "inproc":
        raise UsageError(f"{name}: an in-process address names a scheduler inside one Python process; give the "
                         f"address of a running scheduler: {EXAMPLE}")
    if protocol not in SCHEMES:
        raise UsageError(f"{name}: unknown protocol {protocol[:20]!r} (Dask's are {', '.join(SCHEMES)}); expected {EXAMPLE}")
    host, colon, port = rest.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not colon or not host or "/" in rest:
        raise UsageError(f"{name}: not a scheduler address; expected {EXAMPLE}")
    if not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        raise UsageError(f"{name}: the port {port[:20]!r} is not a number from 1 to 65535; expected {EXAMPLE}")
    return protocol, host, int(port)


def probe(address: str, *, scheduler: object = None, seconds: float = CONNECT_SECONDS) -> None:
    """Connect to the scheduler at ``address`` and wait for the first bytes of its handshake, which a Dask
    scheduler sends as soon as a connection opens; ``UsageError`` within ``seconds`` when nothing listens or
    what answers is not a scheduler (a web server waits for a request, and Dask would wait for ever)."""
    protocol, host, port = parse_address(address, scheduler=scheduler)
    if protocol == "ucx":
        return  # not a socket this module can open; Dask's own connect timeout applies
    name = named(address, scheduler)
    try:
        with socket.create_connection((host, port), timeout=seconds) as sock:
            if protocol != "tcp":
                return  # TLS and web sockets speak first from the client: the connection is what can be checked
            sock.settimeout(seconds)
            if not sock.recv(1):
                raise UsageError(f"{name}: closed the connection without a Dask handshake; is a Dask scheduler "
                                 "listening on that port?")
    except TimeoutError:
        raise UsageError(f"{name}: no Dask handshake within {seconds:g} s; is a Dask scheduler listening on that "
                         "port?") from None
    except OSError as err:
        raise UsageError(f"{name}: cannot connect ({err.strerror or err})") from None


def require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise NewsPrepError("running on several processes or a cluster needs Dask: pip install 'newsprep[dask]'") from None


def quiet_dask_logs() -> None:
    """Silence Dask's loggers for the rest of the process: a command stopped by Ctrl-C or SIGTERM says so in one
    line, and the client's streams cut short are not news (Dask logs them as warnings, on closing or at exit)."""
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name.split(".")[0] == "distributed":
            logging.getLogger(name).setLevel(logging.CRITICAL)


@contextmanager
def cluster(*, num_proc: int = 1, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` for the command, or None to work in this process.

    ``scheduler`` (else ``$DASK_SCHEDULER_ADDRESS`` where ``num_proc`` asks for no local cluster) is checked
    first: an address that cannot be one, or where no scheduler answers within the connect timeout, raises
    ``UsageError``. A local cluster is closed on leaving the block, whatever happens in it; a client of an
    existing cluster is closed and the cluster left running.
    """
    address = scheduler_address(scheduler, environment=num_proc <= 1)
    if address is None and num_proc <= 1:
        yield None
        return
    if address is not None:
        parse_address(address, scheduler=scheduler)
    require_dask()
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.comm.timeouts.connect": CONNECT_TIMEOUT, "logging.distributed": "error"}):
        if address is not None:
            probe(address, scheduler=scheduler)
            try:
                client = Client(address, timeout=CONNECT_TIMEOUT)
            except Exception as err:  # whatever Dask raises, the address is the cause
                raise UsageError(f"{named(address, scheduler)}: cannot connect ({str(err)[:200] or type(err).__name__})") from None
            with client:
                yield client
            return
        # the workers' scratch space in a folder of this run's own, removed with the cluster (Dask's default, a
        # shared dask-scratch-space in the temporary folder, outlives every run)
        scratch = tempfile.mkdtemp(prefix="newsprep-dask-")
        try:
            with deferred_interrupt():  # a cluster stopped half-started cannot be closed: Ctrl-C waits for the start
                method = workers_ignore_interrupts()
                with dask.config.set({"distributed.worker.multiprocessing-method": method, "temporary-directory": scratch}):
                    local = LocalCluster(n_workers=num_proc, threads_per_worker=1, processes=True, host="127.0.0.1",
                                         dashboard_address=":0", silence_logs=logging.CRITICAL, local_directory=scratch)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        loop_log = logging.getLogger("asyncio")  # tasks a Ctrl-C cut short are not news: the command says it stopped
        level = loop_log.level
        loop_log.setLevel(logging.CRITICAL)
        try:
            with Client(local) as client:
                yield client
            loop_log.setLevel(level)
        except BaseException as err:
            if not isinstance(err, Exception):  # interrupted or terminated: the command is ending and says so
                quiet_dask_logs()
            raise
        finally:
            with deferred_interrupt():
                local.close()
            shutil.rmtree(scratch, ignore_errors=True)


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) until the block ends, then raise it; in the main thread only. A command
    started with SIGINT ignored keeps ignoring it."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
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


def workers_ignore_interrupts() -> str:
    """The start method for a local cluster's workers: ``forkserver`` where the platform has it, and the fork
    server started here so that it ignores SIGINT, and its children, the workers, with it. A Ctrl-C at the
    terminal, which reaches every process of the group, then stops the command alone, which stops its
    workers, and no worker prints a traceback. Elsewhere ``spawn``; a fork server already running is used
    as it is.

    The server is started with SIGINT blocked in this thread (it keeps the mask across ``exec``, so a Ctrl-C
    cannot stop it while it starts, and this process loses none: another thread takes it), and preloads
    ``newsprep.eval.parallel.quiet``, which, marked by an environment variable it alone reads, sets SIGINT to
    "ignore" before the server unblocks it; the server hands that action to every process it forks."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return "spawn"
    from multiprocessing import forkserver, resource_tracker

    from newsprep.eval.parallel import quiet

    resource_tracker.ensure_running()  # first: starting it unblocks SIGINT in this thread

    forkserver.set_forkserver_preload(["newsprep.eval.parallel.quiet", "distributed"])
    main = threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_sigmask")
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if main else None
    os.environ[quiet.MARK] = "1"
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(quiet.MARK, None)
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    return "forkserver"


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
