"""The HTML pages: ``/`` (search and entry points) and ``/editor`` (YASGUI), plus the shared renderer.

Templates live in ``api/templates`` (autoescaped Jinja); CSS and JS in ``api/static``, with the
browser libraries vendored under ``api/static/vendor`` by ``tools/vendor_assets.sh``. Pages never
load anything from another host. :func:`render_page` with ``standalone=True`` inlines every asset,
which is how the CLI writes diagrams that open from a file with no server and no internet.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from markupsafe import Markup

from api.deps import SettingsDep, StoreDep
from graph.namespaces import PREFIXES
from graph.store import StoreEmpty
from viz.build import per_generation
from viz.flows import countries, load_flows
from viz.render import script_json

log = logging.getLogger(__name__)

API_DIR = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = API_DIR / "templates"
STATIC_DIR = API_DIR / "static"
SEA_COUNTRIES = ("KH", "LA", "TH", "VN")  # the four countries the diagrams compare, in this order

router = APIRouter(tags=["pages"], include_in_schema=False)


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


ENV = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(("html",), default=True),
                  trim_blocks=True, lstrip_blocks=True)
ENV.globals["asset"] = _asset


def render_page(template: str, *, standalone: bool = False, root: str = "", entity_base: str | None = None,
                **context) -> str:
    """Render ``template``; ``standalone`` inlines the assets and drops the site navigation."""
    base = entity_base if entity_base is not None else f"{root}/id/"
    return ENV.get_template(template).render(standalone=standalone, root=root, entity_base=base, **context)


def root_of(request: Request) -> str:
    """The path prefix the app is served under (empty unless behind a proxy with ``root_path``)."""
    return request.scope.get("root_path", "").rstrip("/")


def country_choices(store) -> list[tuple[str, str]]:
    """(ISO code, name) of the four compared countries first, then any other with records."""
    try:
        known = countries(store.reader())
    except StoreEmpty:
        known = {}
    first = [(c, known[c]) for c in SEA_COUNTRIES if c in known]
    return first + sorted(((c, n) for c, n in known.items() if c not in SEA_COUNTRIES), key=lambda x: x[1])


HEADER_LINE = re.compile(r"^#\+")
SUMMARY = re.compile(r"^#\+\s*summary:\s*(.+?)\s*$", re.MULTILINE)


def example_queries(folder: Path) -> list[dict[str, str]]:
    """Each ``queries/*.rq`` as ``{name, summary, query}``: the body without its ``#+`` header, with
    PREFIX lines for the prefixes it uses (the endpoint knows them, but the editor's checker does not)."""
    out = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found = SUMMARY.search(text)
        body = "\n".join(line for line in text.splitlines() if not HEADER_LINE.match(line)).strip()
        declared = set(re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w-]*)?:", body))
        used = sorted(p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w:<]){re.escape(p)}:", body))
        prologue = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used)
        summary = found.group(1) if found else path.stem
        out.append({"name": path.stem, "summary": summary, "query": f"# {summary}\n{prologue}{body}\n"})
    return out


def countries_with_flows(store, base: str) -> set[str]:
    """ISO codes of the countries that have at least one communication flow."""
    try:
        flows = per_generation(store, ("flows", base), lambda reader: load_flows(reader, base))
    except StoreEmpty:
        return set()
    return {f.country for f in flows}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    choices = country_choices(store)
    with_flows = countries_with_flows(store, settings.iris.base)
    return HTMLResponse(render_page(
        "home.html", root=root_of(request), title="Home",
        flow_countries=[(c, n) for c, n in choices if c in SEA_COUNTRIES or c in with_flows],
        main_countries=[(c, n) for c, n in choices if c in SEA_COUNTRIES],
        other_countries=[(c, n) for c, n in choices if c not in SEA_COUNTRIES]))


@router.get("/editor", response_class=HTMLResponse)
def editor(request: Request, settings: SettingsDep) -> HTMLResponse:
    examples = example_queries(settings.queries_dir)
    return HTMLResponse(render_page("editor.html", root=root_of(request), title="SPARQL editor",
                                    examples_json=script_json(examples)))
