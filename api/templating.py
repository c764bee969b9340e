"""HTML responses from the one page environment of :mod:`core.pages`, with the service's mount path as ``root``."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from core.pages import render


def root_of(request: Request) -> str:
    """The path the service is mounted at ('' at the root), for links inside pages."""
    return request.scope.get("root_path", "").rstrip("/")


def render_page(request: Request, template: str, status_code: int = 200, headers: dict | None = None,
                **context) -> HTMLResponse:
    """An HTML response from ``template`` with ``root`` (mount path) in its context."""
    return HTMLResponse(render(template, root=root_of(request), **context), status_code=status_code, headers=headers)
