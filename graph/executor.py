"""Evaluate queries in worker processes, with admission control, a time limit and crash recovery.

Workers are grouped in lanes (``sparql`` for client queries, ``named`` for the named-query API), so
cheap named queries keep answering while heavy client queries occupy their own workers. A query
waits at most ``queue_wait`` seconds for a worker, behind at most ``queue_size`` others, else it gets
:class:`QueryBusy` at once; its ``timeout`` covers the wait and the run. Everything here runs on the
event loop without blocking it: the answer is awaited on the worker's pipe, and processes are started
and reaped in a private thread. A worker that runs past the time limit is killed; one that dies (out
of memory, stack overflow, killed) is replaced, and the query gets :class:`WorkerFailed` saying why.
"""

from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import os
import re
import shutil
import signal
import tempfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph import results
from graph.isolation import NONE
from graph.query_job import NotAcceptable, QueryAnswer, QueryError, QueryJob
from graph.query_worker import worker_main

log = logging.getLogger(__name__)
START_TIMEOUT = 60.0
# glibc reserves 64 MiB of address space per malloc arena (up to 8 per core): under RLIMIT_AS that reservation,
# not the query, would exhaust the limit (a worker with the store open: 570 MiB with the default, 190 MiB with 2)
WORKER_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2", "RUST_BACKTRACE": "0"}
BACKTRACE = re.compile(r"^\s+(\d+: |at )|^stack backtrace:|^note: Some details")


class QueryTimeout(Exception):  # noqa: N818 - the name says what the client is told
    """The query ran past its time limit (waiting included) and was stopped."""


class QueryBusy(Exception):  # noqa: N818
    """No worker became free in time; ``retry_after`` seconds is a fair time to try again."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class WorkerFailed(Exception):  # noqa: N818
    """The worker answering the query died (memory limit, stack overflow, killed) and was replaced."""


@dataclass(frozen=True)
class LaneSpec:
    """How many workers a lane has and how much lower their CPU priority is (``nice``)."""

    workers: int
    nice: int = 0


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object
    stderr: Path

    def stop(self) -> None:
        """Kill and reap the process (called in the private thread)."""
        self.process.kill()
        self.process.join(timeout=10)
        self.conn.close()

    def why_stopped(self, memory_mb: int) -> str:
        """What the dead worker's exit and last words say (Rust writes why before it aborts)."""
        self.process.join(timeout=5)
        try:
            with self.stderr.open("rb") as file:
                file.seek(max(0, file.seek(0, 2) - 256 * 1024))
                words = file.read().decode("utf-8", "replace")
        except OSError:
            words = ""
        said = [line for line in words.splitlines() if line.strip() and not BACKTRACE.match(line)]
        if said:
            log.warning("query worker %s stopped: %s", self.process.pid, " | ".join(said[-3:])[-600:])
        code = self.process.exitcode
        if any(sign in words for sign in ("memory allocation", "MemoryError", "bad_alloc", "Cannot allocate")) or code == 3:
            return f"the query needed more than the memory limit of {memory_mb} MiB and was stopped"
        if "overflow" in words or code == -signal.SIGSEGV:
            return "the query crashed its worker (stack overflow): simplify its nesting"
        return f"the query stopped its worker (exit status {code})"


@dataclass
class _Lane:
    name: str
    spec: LaneSpec
    idle: list[_Worker] = field(default_factory=list)
    waiters: deque = field(default_factory=deque)
    busy: int = 0
    failures: int = 0


class QueryExecutor:
    """Lanes of query worker processes (see the module docstring). Use ``await start()`` first."""

    def __init__(self, lanes: dict[str, LaneSpec], timeout: float = 10.0, queue_size: int = 32,
                 queue_wait: float = 2.0, memory_mb: int = 1024):
        self.timeout, self.queue_size, self.queue_wait, self.memory_mb = timeout, queue_size, queue_wait, memory_mb
        self._lanes = {name: _Lane(name, spec) for name, spec in lanes.items()}
        self._context = multiprocessing.get_context("spawn")
        self._threads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="query-workers")
        self._tmp = Path(tempfile.mkdtemp(prefix="soilkg-workers-"))
        self._count = 0
        self._closed = False
        self.network_guard: str | None = None

    # --- workers ------------------------------------------------------------------------------------
    def _spawn(self, lane: _Lane) -> _Worker:
        self._count += 1
        stderr = self._tmp / f"worker-{self._count}.log"
        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_main, args=(child, str(stderr), self.memory_mb, lane.spec.nice),
                                        daemon=True, name=f"soilkg-{lane.name}-{self._count}")
        saved = {name: os.environ.get(name) for name in WORKER_ENVIRONMENT}
        os.environ.update(WORKER_ENVIRONMENT)  # a spawned process starts with this process's environment
        try:
            process.start()
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        child.close()
        return _Worker(process, parent, stderr)

    async def _start_one(self, lane: _Lane) -> None:
        if self._closed:
            return
        loop = asyncio.get_running_loop()
        worker = await loop.run_in_executor(self._threads, self._spawn, lane)
        try:
            await asyncio.wait_for(_readable(worker.conn), START_TIMEOUT)
            _, guard, why = worker.conn.recv()
        except (TimeoutError, EOFError, OSError, ValueError):
            lane.failures += 1
            why_not = await loop.run_in_executor(self._threads, worker.why_stopped, self.memory_mb)
            log.error("a %s query worker did not start: %s", lane.name, why_not)
            await loop.run_in_executor(self._threads, worker.stop)
            if lane.failures < 3 and not self._closed:
                await self._start_one(lane)
            return
        if guard == NONE and self.network_guard != NONE:
            log.warning("query workers run WITH network access: the OS refused a network namespace (%s); SERVICE is "
                        "still refused by the query reader", why)
        self.network_guard = guard
        lane.failures = 0
        self._release(lane, worker)

    async def start(self) -> None:
        """Start every worker and wait until each is ready."""
        await asyncio.gather(*(self._start_one(lane) for lane in self._lanes.values() for _ in range(lane.spec.workers)))

    def _replace(self, lane: _Lane, worker: _Worker) -> None:
        loop = asyncio.get_running_loop()
        loop.run_in_executor(self._threads, worker.stop)
        if not self._closed:
            asyncio.ensure_future(self._start_one(lane))

    # --- admission ----------------------------------------------------------------------------------
    def _release(self, lane: _Lane, worker: _Worker) -> None:
        while lane.waiters:
            waiter = lane.waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        lane.idle.append(worker)
        # an idle worker says nothing: anything readable on its pipe means it died (killed, out of memory)
        asyncio.get_running_loop().add_reader(worker.conn.fileno(), self._idle_died, lane, worker)

    def _idle_died(self, lane: _Lane, worker: _Worker) -> None:
        asyncio.get_running_loop().remove_reader(worker.conn.fileno())
        if worker in lane.idle:
            lane.idle.remove(worker)
            log.warning("an idle %s query worker stopped; starting another", lane.name)
            self._replace(lane, worker)

    def _take_idle(self, lane: _Lane) -> _Worker:
        worker = lane.idle.pop()
        asyncio.get_running_loop().remove_reader(worker.conn.fileno())
        return worker

    async def _acquire(self, lane: _Lane, deadline: float) -> _Worker:
        if lane.idle:
            return self._take_idle(lane)
        retry = max(1, math.ceil(self.queue_wait))
        if len(lane.waiters) >= self.queue_size:
            raise QueryBusy(f"{len(lane.waiters)} queries are already waiting for a worker: try again in {retry} s", retry)
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        lane.waiters.append(waiter)
        try:
            await asyncio.wait({waiter}, timeout=max(0.0, min(self.queue_wait, deadline - loop.time())))
        finally:
            if not waiter.done():
                waiter.cancel()
                lane.waiters.remove(waiter)
            elif asyncio.current_task().cancelling():
                self._release(lane, waiter.result())
        if waiter.cancelled():
            raise QueryBusy(f"every query worker stayed busy for {self.queue_wait:g} s: try again in {retry} s", retry)
        return waiter.result()

    # --- running ------------------------------------------------------------------------------------
    async def run(self, job: QueryJob, lane_name: str = "sparql") -> QueryAnswer:
        """Answer ``job`` in a worker of ``lane_name``.

        Raises QueryError (and NotAcceptable), ResultTooLarge, QueryTimeout, QueryBusy or WorkerFailed.
        """
        lane = self._lanes[lane_name]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        worker = await self._acquire(lane, deadline)
        lane.busy += 1
        try:
            worker.conn.send(job)
            await asyncio.wait_for(_readable(worker.conn), max(0.0, deadline - loop.time()))
            reply = worker.conn.recv()
        except TimeoutError:
            log.warning("query stopped after %.1f s", self.timeout)
            self._replace(lane, worker)
            raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped (the limit counts the wait for a "
                               "worker too)") from None
        except (EOFError, OSError) as exc:
            message = await loop.run_in_executor(self._threads, worker.why_stopped, self.memory_mb)
            self._replace(lane, worker)
            raise WorkerFailed(message + "; the worker was replaced") from exc
        except BaseException:  # cancelled: the worker may still be busy with this job
            self._replace(lane, worker)
            raise
        finally:
            lane.busy -= 1
        if reply[0] == "error" and reply[1] == "memory":
            self._replace(lane, worker)
            raise WorkerFailed(f"the query needed more than the memory limit of {self.memory_mb} MiB and was stopped")
        self._release(lane, worker)
        return _answer(reply)

    def status(self) -> dict:
        """Workers per lane (idle, busy, queued) and the network guard the workers report."""
        return {"network_guard": self.network_guard,
                "lanes": {n: {"workers": lane.spec.workers, "idle": len(lane.idle), "busy": lane.busy,
                              "queued": len(lane.waiters)} for n, lane in self._lanes.items()}}

    async def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        loop = asyncio.get_running_loop()
        for lane in self._lanes.values():
            while lane.idle:
                await loop.run_in_executor(self._threads, self._take_idle(lane).stop)
        self._threads.shutdown(wait=True)
        shutil.rmtree(self._tmp, ignore_errors=True)


def _answer(reply: tuple) -> QueryAnswer:
    if reply[0] == "ok":
        return reply[1]
    _, kind, message, status = reply
    if kind == "too-large":
        raise results.ResultTooLarge(message)
    if status == 406:
        raise NotAcceptable(message)
    if kind == "query":
        raise QueryError(message, status)
    raise RuntimeError(message)


async def _readable(conn) -> None:
    """Wait until ``conn`` has something to read (or its other end closed), without a thread."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
    try:
        await ready
    finally:
        loop.remove_reader(fd)
