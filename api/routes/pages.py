"""The HTML pages ``/`` (search and entry points) and ``/editor`` (YASGUI); templates in ``core/templates``."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import SettingsDep, StoreDep
from api.templating import render_page
from graph.namespaces import PREFIXES
from graph.store import StoreEmpty
from viz.build import per_generation
from viz.flows import SEA_COUNTRIES, countries, load_flows
from viz.render import script_json

log = logging.getLogger(__name__)

router = APIRouter(tags=["pages"], include_in_schema=False)


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
    return render_page(
        request, "home.html", title="Home",
        flow_countries=[(c, n) for c, n in choices if c in SEA_COUNTRIES or c in with_flows],
        main_countries=[(c, n) for c, n in choices if c in SEA_COUNTRIES],
        other_countries=[(c, n) for c, n in choices if c not in SEA_COUNTRIES])


@router.get("/editor", response_class=HTMLResponse)
def editor(request: Request, settings: SettingsDep) -> HTMLResponse:
    examples = example_queries(settings.queries_dir)
    return render_page(request, "editor.html", title="SPARQL editor", examples_json=script_json(examples))
