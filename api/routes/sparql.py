"""``/sparql``: the SPARQL 1.1 Protocol query operation (GET, POST form, POST direct), read-only."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import ExecutorDep, SettingsDep, StoreDep
from api.negotiation import negotiate
from graph.executor import NotAcceptable, QueryError, QueryExecutor, QueryJob, QueryTimeout
from graph.namespaces import PREFIXES
from graph.results import ResultTooLarge
from graph.store import GraphStore, StoreEmpty

router = APIRouter(tags=["sparql"])

UPDATE_START = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL updates are not accepted"


def _problem(status: int, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail=message)


def looks_like_update(text: str) -> bool:
    """True when ``text`` starts like a SPARQL update (after comments and prologue)."""
    return UPDATE_START.match(COMMENT.sub("", text)) is not None


async def _read_request(request: Request) -> tuple[str, dict[str, list[str]]]:
    """The query text and the protocol parameters, from any of the three operations."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        query = params.get("query", [])
    else:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if content_type == FORM:
            form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            if "update" in form:
                raise _problem(403, READ_ONLY)
            if "query" in params and "query" in form:
                raise _problem(400, "the query is given both in the URL and in the form body")
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            query = params.get("query", [])
        elif content_type == DIRECT:
            if "query" in params:
                raise _problem(400, "a direct POST carries the query in its body, not also in the URL")
            query = [body.decode("utf-8", errors="replace")]
        elif content_type == UPDATE:
            raise _problem(403, READ_ONLY)
        else:
            raise _problem(415, f"send the query as {FORM} or {DIRECT}, not {content_type or 'no content type'}")
    if "update" in params:
        raise _problem(403, READ_ONLY)
    if len(query) != 1 or not query[0].strip():
        raise _problem(400, "exactly one 'query' parameter is required" if query else "missing 'query' parameter")
    return query[0], params


def _job(query: str, params: dict[str, list[str]], request: Request, store: GraphStore, max_rows: int) -> QueryJob:
    choice = negotiate(request.headers.get("accept"), (params.get("format") or [None])[0])
    if choice.results is None and choice.graph is None:
        raise _problem(406, "none of the accepted media types can carry SPARQL results; "
                            "use e.g. application/sparql-results+json or text/turtle")
    try:
        path = str(store.path_of_generation())
    except StoreEmpty as exc:
        raise _problem(503, str(exc)) from exc
    return QueryJob(
        query=query, store_path=path,
        results_format=choice.results or "", graph_format=choice.graph or "",
        default_graphs=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])),
        prefixes=PREFIXES, max_rows=max_rows,
    )


async def run_query(executor: QueryExecutor, job: QueryJob) -> Response:
    """Evaluate ``job`` off the event loop and map failures to HTTP errors."""
    try:
        answer = await run_in_threadpool(executor.run, job)
    except QueryTimeout as exc:
        raise _problem(503, str(exc)) from exc
    except ResultTooLarge as exc:
        raise _problem(413, str(exc)) from exc
    except NotAcceptable as exc:
        raise _problem(406, str(exc)) from exc
    except QueryError as exc:
        raise _problem(400, str(exc)) from exc
    media = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") or "json" in
                                 answer.media_type or "xml" in answer.media_type else "")
    return Response(answer.body, media_type=media, headers={"Vary": "Accept"})


@router.api_route("/sparql", methods=["GET", "POST"], summary="SPARQL 1.1 query endpoint (read-only)",
                  description="Query by GET (?query=), POST form (query=) or POST application/sparql-query. "
                              "Results by Accept header or ?format= (json, xml, csv, tsv, turtle, nt, jsonld, rdfxml). "
                              "The default graph is the union of all named graphs unless default-graph-uri is given.")
async def sparql_endpoint(request: Request, store: StoreDep, executor: ExecutorDep, settings: SettingsDep) -> Response:
    query, params = await _read_request(request)
    if len(query.encode()) > settings.max_query_bytes:
        raise _problem(413, f"the query is longer than {settings.max_query_bytes} bytes")
    if looks_like_update(query):
        raise _problem(403, READ_ONLY)
    return await run_query(executor, _job(query, params, request, store, settings.max_rows))
