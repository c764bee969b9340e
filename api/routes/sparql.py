"""``/sparql``: the SPARQL 1.1 Protocol query operation (GET, POST form, POST direct), read-only.

GET without a query returns the service description: Turtle (or another RDF format) for machines,
a short page linking the editor for browsers. Errors are JSON ``{"detail": message}``.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import ExecutorDep, SettingsDep, StoreDep
from api.descriptions import FORMATS, SD, graph_stats, service_description
from api.negotiation import UnknownFormatError, negotiate
from api.protocol import (
    NO_SERVICE,
    READ_ONLY,
    ProtocolError,
    QueryRequest,
    dataset_of,
    looks_like_update,
    read_query_request,
    uses_service,
)
from api.rdfdoc import HTML, RDF_FORMATS, choose_document, per_generation, serialize
from api.templating import render_page
from graph.executor import NotAcceptable, QueryError, QueryExecutor, QueryJob, QueryTimeout
from graph.namespaces import PREFIXES
from graph.results import ResultTooLarge
from graph.store import GraphStore, StoreEmpty

router = APIRouter(tags=["sparql"])

EXAMPLE = """SELECT ?org ?label WHERE {
  ?org a soilkg:Ministry ; soilkg:country/soilkg:iso3166Code "KH" ; skos:prefLabel ?label .
}"""
TEXT_LIKE = ("text/", "application/sparql-results+", "application/ld+json", "application/rdf+xml", "application/json")


def _problem(status: int, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail=message)


def _job(request: Request, query: QueryRequest, store: GraphStore, max_rows: int) -> QueryJob:
    try:
        choice = negotiate(request.headers.get("accept"), list(query.formats))
    except UnknownFormatError as exc:
        raise _problem(400, str(exc)) from exc
    if choice.results is None and choice.graph is None:
        raise _problem(406, "none of the accepted media types can carry SPARQL results; accept e.g. "
                            "application/sparql-results+json (SELECT, ASK) or text/turtle (CONSTRUCT, DESCRIBE)")
    try:
        path = str(store.path_of_generation())
        default_graphs, named_graphs = dataset_of(query, PREFIXES)
    except StoreEmpty as exc:
        raise _problem(503, str(exc)) from exc
    except ProtocolError as exc:
        raise _problem(exc.status, exc.message) from exc
    return QueryJob(query=query.query, store_path=path, results_format=choice.results or "",
                    graph_format=choice.graph or "", default_graphs=default_graphs, named_graphs=named_graphs,
                    prefixes=PREFIXES, max_rows=max_rows)


async def run_query(executor: QueryExecutor, job: QueryJob):
    """Evaluate ``job`` off the event loop; failures become HTTP errors with a readable message."""
    try:
        return await run_in_threadpool(executor.run, job)
    except QueryTimeout as exc:
        raise _problem(503, str(exc)) from exc
    except ResultTooLarge as exc:
        raise _problem(422, str(exc)) from exc
    except NotAcceptable as exc:
        raise _problem(406, f"{exc}; for SELECT and ASK accept application/sparql-results+json, "
                            "application/sparql-results+xml, text/csv or text/tab-separated-values; for CONSTRUCT "
                            "and DESCRIBE text/turtle, application/n-triples, application/ld+json or "
                            "application/rdf+xml") from exc
    except QueryError as exc:
        raise _problem(400, str(exc)) from exc


def content_type(media_type: str) -> str:
    """``media_type`` with ``charset=utf-8`` where the type is text-like (once: pyoxigraph's CSV and TSV carry it)."""
    return media_type + ("; charset=utf-8" if media_type.startswith(TEXT_LIKE) and "charset=" not in media_type else "")


SPARQL_DOC = dict(
    summary="SPARQL 1.1 query endpoint (read-only)",
    description="Query by GET (`?query=`), POST form (`query=`) or POST `application/sparql-query`, with "
                "`default-graph-uri` and `named-graph-uri`. Results by Accept header (JSON, XML, CSV, TSV for SELECT/ASK; "
                "Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT/DESCRIBE) or `?format=` (json, xml, csv, tsv, turtle, "
                "nt, jsonld, rdfxml). The default graph is the union of all named graphs unless the request or the "
                "query names a dataset. GET without a query returns the service description (Turtle, or HTML for browsers).",
    responses={400: {"description": "malformed query or conflicting parameters"}, 403: {"description": "an update"},
               406: {"description": "no acceptable result format"}, 413: {"description": "query too long (POST)"},
               414: {"description": "query too long for a GET: use POST"}, 415: {"description": "unsupported body type"},
               422: {"description": "more result rows than the endpoint returns"},
               503: {"description": "the query ran past its time limit and was stopped"}},
)


@router.get("/sparql", operation_id="sparql_get", **SPARQL_DOC)
@router.post("/sparql", operation_id="sparql_post", **SPARQL_DOC)
async def sparql_endpoint(request: Request, store: StoreDep, executor: ExecutorDep, settings: SettingsDep) -> Response:
    try:
        query = await read_query_request(request, settings.max_query_bytes)
    except ProtocolError as exc:
        raise _problem(exc.status, exc.message) from exc
    if query is None:
        return await run_in_threadpool(_service_description, request, settings)
    if looks_like_update(query.query):
        raise _problem(403, READ_ONLY)
    if uses_service(query.query):
        raise _problem(400, NO_SERVICE)
    job = await run_in_threadpool(_job, request, query, store, settings.max_rows)  # may parse FROM clauses
    answer = await run_query(executor, job)
    return Response(answer.body, media_type=content_type(answer.media_type), headers={"Vary": "Accept"})


def _service_description(request: Request, settings) -> Response:
    fmt = choose_document(request.headers.get("accept"), (*RDF_FORMATS, HTML))
    if fmt is None:
        raise _problem(400, "missing 'query' parameter (GET without a query returns the service description "
                            "as text/turtle, application/ld+json, application/n-triples, application/rdf+xml or text/html)")
    endpoint = str(request.url.replace(query=""))
    try:
        stats = per_generation(request.app, "graph-stats", graph_stats)
    except StoreEmpty as exc:
        raise _problem(503, str(exc)) from exc
    headers = {"Vary": "Accept"}
    if fmt is HTML:
        return render_page(request, "ld_sparql.html", headers=headers, title="SPARQL endpoint", endpoint=endpoint,
                           timeout=f"{settings.query_timeout:g}", max_rows=settings.max_rows, example=EXAMPLE,
                           graphs=stats.per_graph)
    void = str(request.base_url) + ".well-known/void"
    body = serialize(service_description(endpoint, void, stats, settings.query_timeout, settings.max_rows), fmt,
                     {"sd": SD, "formats": FORMATS})
    return Response(body, media_type=fmt.content_type, headers=headers)
