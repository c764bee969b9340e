"""``/health``: is the service up, which content does it serve (statements, content hash, dataset version),
how are its query workers.

It runs on the event loop and touches no thread pool or worker, so it answers while queries run: the
statement count comes from the dataset version recorded at load time, or is counted once per
generation when the store was loaded without recording one.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ExecutorDep, StoreDep
from graph.releases import Releases
from graph.store import GraphStore, StoreEmpty

router = APIRouter(tags=["service"])

_counted: dict[tuple[str, str], int] = {}  # (store folder, content hash) -> statements, for stores without versions


def _statements(store: GraphStore, content: str) -> int:
    key = (str(store.root), content)
    if key not in _counted:
        try:
            _counted[key] = len(store.reader())
        except StoreEmpty:
            return 0
    return _counted[key]


@router.get("/health", summary="Service status: statements served, their content hash and dataset version, the query workers",
            description="`ok` (200) only when a non-empty graph is served; `empty` (503) otherwise.",
            responses={503: {"description": "nothing, or an empty graph, is served"}})
async def health(store: StoreDep, executor: ExecutorDep) -> JSONResponse:
    content = store.content_hash()
    version = Releases(store.root).for_content(content)
    statements = (version.statements if version else _statements(store, content)) if content else 0
    body = {"status": "ok" if statements else "empty", "statements": statements, "content": content if statements else None,
            "version": version.name if version and statements else None, "query_workers": executor.status()}
    return JSONResponse(body, status_code=200 if statements else 503)
