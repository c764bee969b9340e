"""One query and how to answer it: the job a worker receives, its answer, and :func:`evaluate`.

Every job's text is read first by :func:`graph.sparql_text.read_query`, which refuses SERVICE,
updates and queries nested past the limits, and gives the query's own FROM / FROM NAMED. The dataset
is then the protocol's (``default-graph-uri``/``named-graph-uri``), else the query's, else the union
of all graphs. Relative IRIs resolve against ``base_iri`` (the endpoint's IRI).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from graph import results
from graph.sparql_text import QueryDataset, QueryRefused, read_query


class QueryError(Exception):
    """The query is malformed, refused or cannot be evaluated (a client error with an HTTP ``status``)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class NotAcceptable(QueryError):  # noqa: N818 - mirrors HTTP 406
    """The client accepts no media type that can carry this query form's results."""

    def __init__(self, message: str):
        super().__init__(message, 406)


@dataclass(frozen=True)
class QueryJob:
    """Everything a worker needs to answer one query."""

    query: str
    store_path: str
    results_format: str = "application/sparql-results+json"  # for SELECT and ASK
    graph_format: str = "text/turtle"  # for CONSTRUCT and DESCRIBE
    default_graphs: tuple[str, ...] = ()  # the protocol's dataset; both empty: the query's own, else the union
    named_graphs: tuple[str, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict)
    base_iri: str | None = None
    max_rows: int = 10_000
    max_bytes: int | None = 16 * 2**20  # None: no limit (the command line)
    max_depth: int = 64
    max_operators: int = 1000


@dataclass(frozen=True)
class QueryAnswer:
    """Serialised results and what kind of results they are."""

    body: bytes
    media_type: str
    form: str  # "solutions", "boolean" or "graph"


def dataset_of(job: QueryJob) -> QueryDataset:
    """The dataset ``job`` is evaluated on (the protocol's wins over the query's); QueryError if refused."""
    try:
        own = read_query(job.query, job.prefixes, job.base_iri, job.max_depth, job.max_operators)
    except QueryRefused as exc:
        raise QueryError(exc.message, exc.status) from exc
    given = QueryDataset(job.default_graphs, job.named_graphs)
    return given if given.given else own


def evaluate(store: ox.Store, job: QueryJob) -> QueryAnswer:
    """Run ``job`` on ``store`` in this process (used by the workers and by the CLI)."""
    dataset = dataset_of(job)
    kwargs: dict = {"prefixes": job.prefixes, "base_iri": job.base_iri}
    if dataset.given:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
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
            rows = results.take((tuple(s[v] for v in variables) for s in answer), job.max_rows, job.max_bytes)
            body = results.solutions(variables, rows, fmt)
            form = "solutions"
        else:
            fmt = ox.RdfFormat.from_media_type(job.graph_format) if job.graph_format else None
            if fmt is None:
                raise NotAcceptable("no accepted media type can carry graph (CONSTRUCT/DESCRIBE) results")
            body = results.triples(results.take(answer, job.max_rows, job.max_bytes), fmt, job.prefixes)
            form = "graph"
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except (ValueError, TypeError, RuntimeError) as exc:  # e.g. an unknown function: the client's error
        raise QueryError(str(exc)) from exc
    results.check_size(body, job.max_bytes)
    return QueryAnswer(body, fmt.media_type, form)
