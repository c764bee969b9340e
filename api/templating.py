"""Jinja2 templates of the published pages (entity pages, the SPARQL service page); everything is escaped."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

TEMPLATES = Path(__file__).parent / "templates"

environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,  # every template, whatever its extension
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def root_of(request: Request) -> str:
    """The path the service is mounted at ('' at the root), for links inside pages."""
    return request.scope.get("root_path", "").rstrip("/")


def render_page(request: Request, template: str, status_code: int = 200, headers: dict | None = None,
                **context) -> HTMLResponse:
    """An HTML response from ``template`` with ``root`` (mount path) in its context."""
    html = environment.get_template(template).render(root=root_of(request), **context)
    return HTMLResponse(html, status_code=status_code, headers=headers)
