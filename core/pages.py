"""The one Jinja environment of every HTML page: the service's pages and the standalone diagram files.

Templates live in ``core/templates`` (all autoescaped, undefined names are errors); CSS and JS in
``core/static``, with the browser libraries vendored under ``core/static/vendor`` by
``tools/vendor_assets.sh``. Pages never load anything from another host. ``render(...,
standalone=True)`` inlines every asset, which is how the CLI writes diagrams that open from a file
with no server and no internet.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

PACKAGE = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE / "templates"
STATIC_DIR = PACKAGE / "static"


@cache
def _static_text(path: str) -> str:
    return (STATIC_DIR / path).read_text(encoding="utf-8")


@pass_context
def _asset(context, path: str) -> Markup:
    """A ``<link>``/``<script>`` to a static file, or the file inlined when the page is standalone."""
    is_css = path.endswith(".css")
    if context.get("standalone"):
        body = _static_text(path)
        if is_css:
            return Markup("<style>" + body.replace("</style", "<\\/style") + "</style>")  # noqa: S704 - our own static file
        return Markup("<script>" + body.replace("</script", "<\\/script") + "</script>")  # noqa: S704 - our own static file
    url = f"{context.get('root', '')}/static/{path}"
    if is_css:
        return Markup('<link rel="stylesheet" href="{}">').format(url)
    return Markup('<script src="{}"></script>').format(url)


environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)
environment.globals["asset"] = _asset


def render(template: str, *, standalone: bool = False, root: str = "", entity_base: str | None = None, **context) -> str:
    """Render ``template``; ``standalone`` inlines the assets and drops the site navigation.

    ``root`` is the path the service is mounted at ('' at the root); ``entity_base`` where record links
    point (default: the service's own ``/id/``).
    """
    base = entity_base if entity_base is not None else f"{root}/id/"
    return environment.get_template(template).render(standalone=standalone, root=root, entity_base=base, **context)
