"""The FastAPI application: ``create_app(settings)`` wires the store, the executor and the routers."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.routes import health, sparql
from api.settings import Settings
from graph.executor import QueryExecutor
from graph.store import GraphStore

log = logging.getLogger(__name__)


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
        version=_version(),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = GraphStore(settings.store)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=["Content-Type", "Content-Disposition"])
    app.include_router(health.router)
    app.include_router(sparql.router)
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("soilkg")
    except PackageNotFoundError:
        return "0+unknown"
