"""``/api/search``: find entities by name, acronym or alternative name, in any language and script."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool

from api.rdfdoc import per_generation
from api.search import SearchIndex
from graph.store import StoreEmpty

log = logging.getLogger(__name__)


def index_of(app) -> SearchIndex:
    """The index of the generation ``app`` serves, rebuilt when a load has switched it."""
    return per_generation(app, "search-index", lambda store: SearchIndex.build(store, app.state.settings.iris))


@asynccontextmanager
async def lifespan(app: FastAPI):
    try:
        index = await run_in_threadpool(index_of, app)
        log.info("search index: %d entities", len(index.entries))
    except StoreEmpty:
        log.warning("search index not built: the store is empty")
    except Exception:  # noqa: BLE001 - the first search retries; the service must start anyway
        log.exception("search index not built")
    yield


router = APIRouter(tags=["search"], lifespan=lifespan)


@router.get("/api/search", summary="Find entities by name, acronym or alternative name",
            description="Case- and accent-insensitive (`tap chi khoa hoc dat` finds `Tạp chí Khoa học Đất`), in every "
                        "language. Ranked: exact name or acronym, name prefix, word prefix, substring, all words.")
def search(request: Request,
           q: Annotated[str, Query(min_length=1, max_length=200, description="words to look for",
                                   examples=["soil doctor"])],
           limit: Annotated[int, Query(ge=1, le=200, description="most results")] = 20,
           country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$",
                                                description="only entities of this country (ISO code)")] = None) -> dict:
    try:
        index = index_of(request.app)
    except StoreEmpty as exc:
        raise HTTPException(503, str(exc)) from exc
    results = index.search(q, limit, country)
    root = request.scope.get("root_path", "").rstrip("/")
    for hit in results:
        hit["href"] = f"{root}/id/{hit['id']}"
    return {"query": q, "results": results}
