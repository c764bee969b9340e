"""Evaluate SPARQL queries in worker processes, so a query past its time limit can be stopped.

Oxigraph has no query timeout. Each query runs in one of a few worker processes that open the
served store generation read-only; if the answer does not come back in time, the worker is killed
and replaced, and the caller gets :class:`QueryTimeout`. The server itself never blocks on a query.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph import results

log = logging.getLogger(__name__)


class QueryError(Exception):
    """The query is malformed or cannot be evaluated (a client error)."""


class NotAcceptable(QueryError):  # noqa: N818 - mirrors HTTP 406
    """The client accepts no media type that can carry this query form's results."""


class QueryTimeout(Exception):  # noqa: N818 - the name says what the client is told
    """The query ran past its time limit and was stopped."""


@dataclass(frozen=True)
class QueryJob:
    """Everything a worker needs to answer one query; terms travel as N-Triples strings."""

    query: str
    store_path: str
    results_format: str = "application/sparql-results+json"  # for SELECT and ASK
    graph_format: str = "text/turtle"  # for CONSTRUCT and DESCRIBE
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict)
    max_rows: int = 10_000


@dataclass(frozen=True)
class QueryAnswer:
    """Serialised results and what kind of results they are."""

    body: bytes
    media_type: str
    form: str  # "solutions", "boolean" or "graph"


def evaluate(store: ox.Store, job: QueryJob) -> QueryAnswer:
    """Run ``job`` on ``store`` in this process (used by the workers and by the CLI)."""
    kwargs: dict = {"prefixes": job.prefixes}
    if job.default_graphs or job.named_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    try:
        answer = store.query(job.query, **kwargs)
        if isinstance(answer, ox.QueryBoolean | ox.QuerySolutions):
            fmt = ox.QueryResultsFormat.from_media_type(job.results_format) if job.results_format else None
            if fmt is None:
                raise NotAcceptable(f"no accepted media type can carry {type(answer).__name__} results")
        if isinstance(answer, ox.QueryBoolean):
            return QueryAnswer(answer.serialize(format=fmt), fmt.media_type, "boolean")
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = results.take((tuple(s[v] for v in variables) for s in answer), job.max_rows)
            return QueryAnswer(results.solutions(variables, rows, fmt), fmt.media_type, "solutions")
        fmt = ox.RdfFormat.from_media_type(job.graph_format) if job.graph_format else None
        if fmt is None:
            raise NotAcceptable("no accepted media type can carry graph (CONSTRUCT/DESCRIBE) results")
        return QueryAnswer(results.triples(results.take(answer, job.max_rows), fmt, job.prefixes), fmt.media_type, "graph")
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except (ValueError, TypeError) as exc:
        raise QueryError(str(exc)) from exc


def _worker(conn) -> None:
    """Worker loop: receive jobs, answer with ("ok", answer) or ("error", kind, message)."""
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
            conn.send(("error", "too-large", str(exc)))
        except NotAcceptable as exc:
            conn.send(("error", "not-acceptable", str(exc)))
        except QueryError as exc:
            conn.send(("error", "query", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which logs it
            conn.send(("error", "internal", f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, context):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryExecutor:
    """A small pool of query worker processes with a per-query time limit."""

    def __init__(self, workers: int = 2, timeout: float = 10.0):
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(workers):
            self._idle.put(_Worker(self._context))

    def run(self, job: QueryJob) -> QueryAnswer:
        """Answer ``job``; raises QueryError, QueryTimeout or ResultTooLarge."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"every query worker stayed busy for {self.timeout:g} s: try again later") from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                log.warning("query stopped after %.1f s", self.timeout)
                worker.stop()
                worker = _Worker(self._context)
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped")
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            worker.stop()
            worker = _Worker(self._context)
            raise RuntimeError(f"query worker failed: {exc}") from exc
        finally:
            self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        _, kind, message = reply
        if kind == "too-large":
            raise results.ResultTooLarge(message)
        if kind == "not-acceptable":
            raise NotAcceptable(message)
        if kind == "query":
            raise QueryError(message)
        raise RuntimeError(message)

    def close(self) -> None:
        """Stop every worker."""
        while not self._idle.empty():
            self._idle.get_nowait().stop()

