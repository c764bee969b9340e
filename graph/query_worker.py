"""The query worker process: cut off the network, capped in memory, answering jobs from a pipe.

:func:`worker_main` first writes its standard error to ``stderr_path`` (the parent reads the end of
it when the worker dies: Rust writes why there before aborting), isolates itself from the network
while it is still single-threaded, caps its address space and lowers its priority, reports
``("ready", guard, why)``, then answers each :class:`~graph.query_job.QueryJob` with ``("ok", answer)``
or ``("error", kind, message, status)``. After a MemoryError it answers and exits.
"""

from __future__ import annotations

import contextlib
import os
import sys

import pyoxigraph as ox

from graph import results
from graph.isolation import isolate_network, limit_memory
from graph.query_job import QueryError, evaluate


def worker_main(conn, stderr_path: str, memory_mb: int, nice: int) -> None:
    """Run in a spawned process until the pipe closes."""
    with contextlib.suppress(OSError):  # the executor is closing: its folder is gone
        os.dup2(os.open(stderr_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), 2)
    guard, why = isolate_network()
    limit_memory(memory_mb)
    if nice:
        os.nice(nice)
    conn.send(("ready", guard, why))
    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            if opened is None or opened[0] != job.store_path:
                opened = (job.store_path, ox.Store.read_only(job.store_path))
            conn.send(("ok", evaluate(opened[1], job)))
        except results.ResultTooLarge as exc:
            conn.send(("error", "too-large", str(exc), 422))
        except QueryError as exc:
            conn.send(("error", "query", str(exc), exc.status))
        except MemoryError:
            conn.send(("error", "memory", "", 503))
            sys.stderr.flush()
            os._exit(3)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which logs it
            conn.send(("error", "internal", f"{type(exc).__name__}: {exc}", 500))
