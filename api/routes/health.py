"""``/health``: is the service up, which content does it serve, how are its query workers.

It runs on the event loop and touches no thread pool or worker, so it answers while queries run.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ExecutorDep, StoreDep

router = APIRouter(tags=["service"])


@router.get("/health", summary="Service status, the content hash of the served graph and the query workers")
async def health(store: StoreDep, executor: ExecutorDep) -> dict:
    generation = store.content_hash()
    return {"status": "ok" if generation else "empty", "content": generation, "query_workers": executor.status()}
