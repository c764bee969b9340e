"""The FastAPI application: ``create_app(settings)`` wires the store, the executor and the routers."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.routes import (
    analysis,
    dataset,
    diagrams,
    dumps,
    health,
    linked_data,
    pages,
    queries,
    search,
    sparql,
    versions,
    vocabularies,
)
from api.security import SecurityHeaders, internal_error
from api.settings import Settings
from api.templating import render_page
from core.pages import STATIC_DIR
from graph import package_version
from graph.executor import LaneSpec, QueryExecutor
from graph.store import GraphStore

log = logging.getLogger(__name__)

EMPTY = {503: {"description": "nothing is loaded into the store yet"}}
NOT_FOUND = {404: {"description": "no such entity, country, flow, node or format"}}
EXPOSED_HEADERS = ["Content-Type", "Content-Disposition", "Link", "ETag", "Content-Location"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """A soilkg service over the store named in ``settings`` (read-only)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.executor = QueryExecutor(
            {"sparql": LaneSpec(settings.query_workers, settings.sparql_worker_nice),
             "named": LaneSpec(settings.named_query_workers)},
            timeout=settings.query_timeout, queue_size=settings.query_queue, queue_wait=settings.query_queue_wait,
            memory_mb=settings.query_memory_mb)
        await app.state.executor.start()
        try:
            yield
        finally:
            await app.state.executor.close()

    app = FastAPI(
        title="soilkg",
        summary="Knowledge graph of soil organic carbon management in mainland Southeast Asia",
        description="SPARQL endpoint and API over the soilkg knowledge graph. Read-only.",
        version=package_version(),
        lifespan=lifespan,
        docs_url=None,  # served below from vendored Swagger UI files: FastAPI's default loads them from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = GraphStore(settings.store)
    app.add_exception_handler(Exception, internal_error)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=EXPOSED_HEADERS)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(queries.build_router(settings))
    app.include_router(search.router, responses=EMPTY)
    app.include_router(linked_data.router, responses=EMPTY | NOT_FOUND)
    app.include_router(vocabularies.router, responses=EMPTY | NOT_FOUND)
    app.include_router(dataset.router, responses=EMPTY | NOT_FOUND)
    app.include_router(dumps.router, responses=EMPTY | NOT_FOUND)
    app.include_router(pages.router)
    app.include_router(diagrams.router, responses=EMPTY | NOT_FOUND)
    app.include_router(analysis.router, responses=EMPTY | NOT_FOUND)
    app.include_router(versions.router, responses=NOT_FOUND)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:  # vendored Swagger UI, started by a script file (no inline script)
        return render_page(request, "docs.html", openapi_url=app.openapi_url)

    return app

