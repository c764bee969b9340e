"""The FastAPI application: ``create_app(settings)`` wires the store, the executor and the routers."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.routes import analysis, dataset, diagrams, dumps, health, linked_data, pages, queries, search, sparql, vocabularies
from api.settings import Settings
from graph import package_version
from graph.executor import QueryExecutor
from graph.store import GraphStore

log = logging.getLogger(__name__)

EXPOSED_HEADERS = ["Content-Type", "Content-Disposition", "Link", "ETag", "Content-Location"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """A soilkg service over the store named in ``settings`` (read-only)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.executor = QueryExecutor(settings.query_workers, settings.query_timeout)
        try:
            yield
        finally:
            app.state.executor.close()

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
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=EXPOSED_HEADERS)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(queries.build_router(settings))
    app.include_router(search.router)
    app.include_router(linked_data.router)
    app.include_router(vocabularies.router)
    app.include_router(dataset.router)
    app.include_router(dumps.router)
    app.include_router(pages.router)
    app.include_router(diagrams.router)
    app.include_router(analysis.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(openapi_url=f"{root}{app.openapi_url}", title="soilkg API",
                                   swagger_js_url=f"{root}/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url=f"{root}/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="data:,")

    return app

