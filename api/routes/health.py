"""``/health``: is the service up, and which content does it serve."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep

router = APIRouter(tags=["service"])


@router.get("/health", summary="Service status and the content hash of the served graph")
def health(store: StoreDep) -> dict:
    generation = store.content_hash()
    return {"status": "ok" if generation else "empty", "content": generation}
