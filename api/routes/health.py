"""``/health``: is the service up, and which content does it serve (statements, content hash, dataset version)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import StoreDep
from api.rdfdoc import per_generation
from graph.releases import Releases
from graph.store import StoreEmpty

router = APIRouter(tags=["service"])


@router.get("/health", summary="Service status: the number of statements served, their content hash and dataset version",
            description="`ok` (200) only when a non-empty graph is served; `empty` (503) otherwise.")
def health(request: Request, store: StoreDep) -> JSONResponse:
    try:
        statements = per_generation(request.app, "statement-count", len)
    except StoreEmpty:
        statements = 0
    content = store.content_hash() if statements else None
    version = Releases(store.root).for_content(content)
    body = {"status": "ok" if statements else "empty", "statements": statements, "content": content,
            "version": version.name if version else None}
    return JSONResponse(body, status_code=200 if statements else 503)
