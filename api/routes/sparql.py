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
from api.protocol import ProtocolError, QueryRequest, read_query_request
from api.rdfdoc import HTML, RDF_FORMATS, choose_document, per_generation, serialize
from api.settings import Settings
from api.templating import render_page
from graph.executor import QueryBusy, QueryExecutor, QueryTimeout, WorkerFailed
from graph.namespaces import PREFIXES
from graph.query_job import NotAcceptable, QueryError, QueryJob
from graph.results import ResultTooLarge
from graph.store import GraphStore, StoreEmpty

router = APIRouter(tags=["sparql"])

EXAMPLE = """SELECT ?org ?label WHERE {
  ?org a soilkg:Ministry ; soilkg:country/soilkg:iso3166Code "KH" ; skos:prefLabel ?label .
}"""
QUERY_ERRORS = {
    406: {"description": "no acceptable result format"},
    422: {"description": "more result rows or bytes than the endpoint returns"},
    503: {"description": "the query ran past its time limit, needed more memory than allowed, found every worker busy "
                         "(then with Retry-After), or nothing is loaded yet"}}
TEXT_LIKE = ("text/", "application/sparql-results+", "application/ld+json", "application/rdf+xml", "application/json")


def _problem(status: int, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail=message)


def _job(request: Request, query: QueryRequest, store: GraphStore, settings: Settings) -> QueryJob:
    try:
        choice = negotiate(request.headers.get("accept"), list(query.formats))
    except UnknownFormatError as exc:
        raise _problem(400, str(exc)) from exc
    if choice.results is None and choice.graph is None:
        raise _problem(406, "none of the accepted media types can carry SPARQL results; accept e.g. "
                            "application/sparql-results+json (SELECT, ASK) or text/turtle (CONSTRUCT, DESCRIBE)")
    try:
        path = str(store.path_of_generation())
    except StoreEmpty as exc:
        raise _problem(503, str(exc)) from exc
    return QueryJob(query=query.query, store_path=path, results_format=choice.results or "",
                    graph_format=choice.graph or "", default_graphs=query.default_graphs,
                    named_graphs=query.named_graphs, prefixes=PREFIXES, base_iri=endpoint_iri(request),
                    **query_limits(settings))


def endpoint_iri(request: Request) -> str:
    """The IRI of the endpoint as the client called it: the base of relative IRIs in its queries."""
    return str(request.url.replace(query="", fragment=""))


def query_limits(settings: Settings) -> dict:
    """The limits every query job carries (rows, bytes, nesting, operators)."""
    return {"max_rows": settings.max_rows, "max_bytes": settings.max_result_bytes,
            "max_depth": settings.max_query_depth, "max_operators": settings.max_query_operators}


async def run_query(executor: QueryExecutor, job: QueryJob, lane: str = "sparql"):
    """Evaluate ``job`` in a worker of ``lane``, awaited on the event loop; failures become HTTP errors."""
    try:
        return await executor.run(job, lane)
    except QueryBusy as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": str(exc.retry_after)}) from exc
    except (QueryTimeout, WorkerFailed) as exc:
        raise _problem(503, str(exc)) from exc
    except ResultTooLarge as exc:
        raise _problem(422, str(exc)) from exc
    except NotAcceptable as exc:
        raise _problem(406, f"{exc}; for SELECT and ASK accept application/sparql-results+json, "
                            "application/sparql-results+xml, text/csv or text/tab-separated-values; for CONSTRUCT "
                            "and DESCRIBE text/turtle, application/n-triples, application/ld+json or "
                            "application/rdf+xml") from exc
    except QueryError as exc:
        raise _problem(exc.status, str(exc)) from exc


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
    responses=QUERY_ERRORS | {
        200: {"description": "the results, or without a query the service description",
              "content": {m: {} for m in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                                          "text/tab-separated-values", "text/turtle", "application/n-triples",
                                          "application/ld+json", "application/rdf+xml", "text/html")}},
        400: {"description": "malformed or refused query (SERVICE, nesting too deep), or conflicting parameters"},
        403: {"description": "an update"}, 408: {"description": "the request body did not arrive in time"},
        413: {"description": "query too long (POST)"}, 414: {"description": "query too long for a GET: use POST"},
        415: {"description": "unsupported body type or charset"}},
)


@router.get("/sparql", operation_id="sparql_get", **SPARQL_DOC)
@router.post("/sparql", operation_id="sparql_post", **SPARQL_DOC)
async def sparql_endpoint(request: Request, store: StoreDep, executor: ExecutorDep, settings: SettingsDep) -> Response:
    try:
        query = await read_query_request(request, settings.max_query_bytes, settings.request_read_timeout)
    except ProtocolError as exc:
        raise _problem(exc.status, exc.message) from exc
    if query is None:
        return await run_in_threadpool(_service_description, request, settings)
    answer = await run_query(executor, _job(request, query, store, settings))  # the query is read in the worker
    return Response(answer.body, media_type=content_type(answer.media_type), headers={"Vary": "Accept"})


def _service_description(request: Request, settings) -> Response:
    fmt = choose_document(request.headers.get("accept"), (*RDF_FORMATS, HTML))
    if fmt is None:
        raise _problem(400, "missing 'query' parameter (GET without a query returns the service description "
                            "as text/turtle, application/ld+json, application/n-triples, application/rdf+xml or text/html)")
    endpoint = endpoint_iri(request)
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
