"""``/api/queries``: every ``queries/*.rq`` as a typed, documented GET endpoint, and the list of them.

One route per query is generated from its header (``build_router``): each parameter becomes a typed
query parameter with its description, example and allowed values; ``limit``/``offset`` page the rows.
Answers are ``{"columns", "rows"}`` JSON (``application/json``), or SPARQL JSON/XML, CSV or TSV by
Accept header or ``?format=``. Allowed values that come from the data (``enum_query``) are computed per
store generation, checked on every request and written into the OpenAPI document when it is served.
"""

from __future__ import annotations

import inspect
import logging
from contextlib import asynccontextmanager
from typing import Annotated, Literal

import pyoxigraph as ox
from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from api.catalog import NamedQuery, ParameterError, from_term, load_catalog
from api.negotiation import GRAPH_OFFERS, best_match
from api.rdfdoc import per_generation
from api.routes.sparql import QUERY_ERRORS, content_type, query_limits, run_query
from api.settings import Settings
from graph import results
from graph.namespaces import PREFIXES
from graph.query_job import QueryJob
from graph.store import StoreEmpty

log = logging.getLogger(__name__)

PREFIX = "/api/queries"
FORMATS = {  # ?format= -> media type
    "json": "application/json",
    "sparql-json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
OFFERS = {media: (media,) for media in FORMATS.values()}
OX_FORMATS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
              "application/sparql-results+xml": ox.QueryResultsFormat.XML,
              "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV}
DEFAULT_PAGE = 1000
MAX_OFFSET = 10**9  # the engine refuses offsets past 2**64; no answer has this many rows
FormatName = Literal[tuple(FORMATS)]  # noqa: UP007 - built from the table above


def _problem(status: int, message: str, param: str | None = None) -> HTTPException:
    if param:  # the shape FastAPI gives its own validation errors
        return HTTPException(status, [{"loc": ["query", param], "msg": message, "type": "value_error"}])
    return HTTPException(status, message)


# --- allowed values from the data ------------------------------------------------------------------
def enum_values(app, catalog: dict[str, NamedQuery]) -> dict[str, dict[str, list[tuple[str, str | None]]]]:
    """``{query: {param: [(value, label)]}}`` for the served generation (StoreEmpty when nothing is loaded)."""
    settings: Settings = app.state.settings

    def build(store: ox.Store):
        out: dict[str, dict] = {}
        for query in catalog.values():
            for name, sparql in query.enum_queries.items():
                param = query.header.params[name]
                found: dict[str, str | None] = {}
                for row in store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True):
                    value = from_term(param.type, row["value"], settings.iris, param.vocabulary)
                    label = row["label"].value if "label" in row and row["label"] is not None else None
                    if value is not None:
                        found.setdefault(value, label)
                out.setdefault(query.name, {})[name] = list(found.items())
        return out

    return per_generation(app, "enum-values", build)


def _check_enums(request: Request, catalog: dict[str, NamedQuery], query: NamedQuery, values: dict) -> None:
    try:
        allowed = enum_values(request.app, catalog).get(query.name, {})
    except StoreEmpty:
        return
    for name, choices in allowed.items():
        value = values.get(name)
        if value not in (None, "") and choices and str(value) not in {v for v, _ in choices}:
            shown = ", ".join(v for v, _ in choices[:40]) + (" ..." if len(choices) > 40 else "")
            raise _problem(422, f"'{value}' is not one of the allowed values: {shown}", name)


def openapi_with_enums(app: FastAPI, catalog: dict[str, NamedQuery]):
    """Wrap ``app.openapi`` so that parameters with an ``enum_query`` list the values of the served data."""
    original = app.openapi

    def openapi() -> dict:
        schema = original()
        try:
            values = enum_values(app, catalog)
        except StoreEmpty:
            return schema
        for name, params in values.items():
            operation = schema.get("paths", {}).get(f"{PREFIX}/{name}", {}).get("get", {})
            for parameter in operation.get("parameters", []):
                if parameter["name"] in params:
                    parameter["schema"]["enum"] = [v for v, _ in params[parameter["name"]]]
        return schema

    return openapi


# --- answering ------------------------------------------------------------------------------------
def _media(request: Request, format_name: str | None, query: NamedQuery) -> str:
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        chosen = best_match(request.headers.get("accept"), GRAPH_OFFERS)
        if chosen is None:
            raise _problem(406, f"accept one of {', '.join(GRAPH_OFFERS)}")
        return chosen
    if format_name:
        return FORMATS[format_name]
    chosen = best_match(request.headers.get("accept"), OFFERS)
    if chosen is None:
        raise _problem(406, f"accept one of {', '.join(OFFERS)} (or give ?format={'|'.join(FORMATS)})")
    return chosen


async def answer(request: Request, catalog: dict[str, NamedQuery], query: NamedQuery, values: dict, limit: int,
                 offset: int, format_name: str | None) -> Response:
    """Run ``query`` with ``values`` and one page of rows, in the negotiated format."""
    app = request.app
    settings: Settings = app.state.settings
    media = _media(request, format_name, query)
    await run_in_threadpool(_check_enums, request, catalog, query, values)  # builds the values once per generation
    try:
        text = query.page(values, settings.iris, limit + 1, offset)
        path = str(app.state.store.path_of_generation())
    except ParameterError as exc:
        raise _problem(422, str(exc), exc.param) from exc
    except StoreEmpty as exc:
        raise _problem(503, str(exc)) from exc
    graph = query.form in ("CONSTRUCT", "DESCRIBE")
    job = QueryJob(query=text, store_path=path, results_format="application/sparql-results+json",
                   graph_format=media if graph else "", prefixes=PREFIXES, **{**query_limits(settings), "max_rows": limit + 1})
    reply = await run_query(app.state.executor, job, "named")
    if reply.form == "graph":
        return Response(reply.body, media_type=content_type(media))
    parsed = ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        if media == "application/json":
            return JSONResponse({"query": query.name, "boolean": bool(parsed)})
        return Response(parsed.serialize(format=OX_FORMATS[media]), media_type=content_type(media))
    columns = [v.value for v in parsed.variables]
    rows = [tuple(s[c] for c in columns) for s in parsed]
    more = len(rows) > limit
    rows = rows[:limit]
    headers = {"Vary": "Accept"}
    following = str(request.url.include_query_params(limit=limit, offset=offset + limit)) if more else None
    if following:
        headers["Link"] = f'<{following}>; rel="next"'
    if media == "application/json":
        return JSONResponse({"query": query.name, "columns": columns, "rows": results.table(columns, rows),
                             "limit": limit, "offset": offset, "next": following}, headers=headers)
    if media in ("text/csv", "text/tab-separated-values"):
        headers["Content-Disposition"] = f'inline; filename="{query.name}.{media.rsplit("/", 1)[1][:3]}"'
    body = await run_in_threadpool(results.solutions, columns, rows, OX_FORMATS[media])
    return Response(body, media_type=content_type(media), headers=headers)


# --- the routes -----------------------------------------------------------------------------------
def _endpoint(catalog: dict[str, NamedQuery], query: NamedQuery, page_max: int):
    """A route function whose signature declares the query's parameters (FastAPI reads ``__signature__``)."""

    async def endpoint(request: Request, **kwargs) -> Response:
        limit, offset, format_name = kwargs.pop("limit"), kwargs.pop("offset"), kwargs.pop("format")
        return await answer(request, catalog, query, kwargs, limit, offset, format_name)

    signature = [inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request)]
    for name, param in query.header.params.items():
        description = param.description + (f" (default {param.default})" if param.default is not None else "")
        extra = {"enum": param.enum} if param.enum else None
        annotation = Annotated[param.python_type, Query(
            description=description or param.type, examples=[param.example], json_schema_extra=extra,
            openapi_examples={"example": {"summary": "the example of the query", "value": param.example}})]
        default = inspect.Parameter.empty if param.required else param.default
        signature.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default))
    signature += [
        inspect.Parameter("limit", inspect.Parameter.KEYWORD_ONLY, default=page_max, annotation=Annotated[
            int, Query(ge=1, le=page_max, description=f"rows per page (at most {page_max})")]),
        inspect.Parameter("offset", inspect.Parameter.KEYWORD_ONLY, default=0, annotation=Annotated[
            int, Query(ge=0, le=MAX_OFFSET, description="rows to skip (the `next` link gives the following page)")]),
        inspect.Parameter("format", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
            FormatName | None, Query(description="answer format instead of the Accept header")]),
    ]
    endpoint.__signature__ = inspect.Signature(signature)
    endpoint.__name__ = f"query_{query.name}"
    return endpoint


def describe(request: Request, catalog: dict[str, NamedQuery], query: NamedQuery) -> dict:
    """A query as the list shows it: metadata, parameters (with allowed values) and its example URL."""
    try:
        allowed = enum_values(request.app, catalog).get(query.name, {})
    except StoreEmpty:
        allowed = {}
    base = str(request.base_url).rstrip("/") + f"{PREFIX}/{query.name}"
    example = "&".join(f"{k}={v}" for k, v in query.example.items())
    return {
        "name": query.name, "summary": query.header.summary, "description": query.header.description,
        "tags": query.header.tags, "form": query.form, "path": f"{PREFIX}/{query.name}",
        "example_url": base + (f"?{example}" if example else ""),
        "params": [{"name": n, "type": p.type, "required": p.required, "default": p.default,
                    "description": p.description, "example": p.example,
                    "enum": p.enum or [v for v, _ in allowed.get(n, [])] or None}
                   for n, p in query.header.params.items()],
        "sparql": query.sparql,
    }


def build_router(settings: Settings) -> APIRouter:
    """The ``/api/queries`` routes for the queries in ``settings.queries_dir`` (CatalogError if one is bad)."""
    catalog = load_catalog(settings.queries_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.openapi = openapi_with_enums(app, catalog)
        yield

    router = APIRouter(prefix=PREFIX, tags=["named queries"], lifespan=lifespan)

    @router.get("", summary="The named queries: parameters, examples and allowed values")
    def list_queries(request: Request) -> dict:
        return {"queries": [describe(request, catalog, q) for q in catalog.values()]}

    for query in catalog.values():
        page_max = min(query.header.limit or DEFAULT_PAGE, settings.max_rows)
        router.add_api_route(
            f"/{query.name}", _endpoint(catalog, query, page_max), methods=["GET"], summary=query.header.summary,
            description=query.header.description, tags=query.header.tags or ["named queries"],
            operation_id=query.name, response_class=JSONResponse,
            responses={200: {"description": "one page of rows", "content": {
                "application/json": {"example": {"query": query.name, "columns": ["..."], "rows": [{"...": "..."}],
                                                 "limit": page_max, "offset": 0, "next": None}},
                "application/sparql-results+json": {}, "application/sparql-results+xml": {},
                "text/csv": {}, "text/tab-separated-values": {}}},
                **QUERY_ERRORS,
                422: {"description": "a parameter is missing, of the wrong type or not an allowed value, or the "
                                     "answer is larger than the endpoint returns"}})
    log.info("named queries: %s", ", ".join(catalog))
    return router
