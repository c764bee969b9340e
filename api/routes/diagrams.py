"""``/diagrams/*``: flow diagrams per country or flow (HTML or SVG), the country comparison, the partner map."""

from __future__ import annotations

import logging
import re
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import SettingsDep, StoreDep
from api.routes.analysis import FilterDep, partner_map
from api.templating import root_of
from core.pages import render
from graph.store import StoreEmpty
from viz.build import UnknownNode, per_generation
from viz.flows import SEA_COUNTRIES, Flow, countries, load_flows
from viz.views import flow_view, flows_svg_for, legend_entries, partner_options, partner_view

log = logging.getLogger(__name__)

router = APIRouter(prefix="/diagrams", tags=["diagrams"])
DRAWING = {"response_class": HTMLResponse,
           "responses": {200: {"description": "the diagram page, or SVG with ?format=svg",
                               "content": {"text/html": {}, "image/svg+xml": {}}}}}

CODE = re.compile(r"^[A-Za-z]{2}$")
Format = Annotated[Literal["html", "svg"], Query(description="html (interactive) or svg (static, for reports)")]
SVG = "image/svg+xml"


def _all_flows(store, base: str) -> list[Flow]:
    try:
        return per_generation(store, ("flows", base), lambda reader: load_flows(reader, base))
    except StoreEmpty as exc:
        raise HTTPException(503, str(exc)) from exc


def _country_names(store) -> dict[str, str]:
    return per_generation(store, ("countries",), countries)


def _country(store, code: str) -> tuple[str, str]:
    names = _country_names(store)
    if not CODE.match(code) or code.upper() not in names:
        raise HTTPException(404, f"no country with ISO code '{code}'; known: {', '.join(sorted(names))}")
    return code.upper(), names[code.upper()]


@router.get("/flows/{country}", summary="Flow diagrams of one country (or one flow with ?flow=)", **DRAWING)
def country_flows(country: str, request: Request, store: StoreDep, settings: SettingsDep, format: Format = "html",
                  flow: Annotated[str | None, Query(description="id of one flow record")] = None) -> Response:
    code, name = _country(store, country)
    flows = [f for f in _all_flows(store, settings.iris.base) if f.country == code and (flow is None or f.id == flow)]
    if flow and not flows:
        raise HTTPException(404, f"no flow '{flow}' in {name}")
    if format == "svg":
        return Response(flows_svg_for([(code, name, flows)]), media_type=SVG)
    root = root_of(request)
    query = urlencode({"flow": flow, "format": "svg"} if flow else {"format": "svg"})
    title = f"Communication flow: {flows[0].label}" if flow else f"Communication flows: {name}"
    html = render("diagram_flows.html", root=root, title=title, country_name=name,
                       views=[flow_view(f) for f in flows], svg_url=f"{root}/diagrams/flows/{code}?{query}",
                       compare_url=f"{root}/diagrams/flows/{code}/compare")
    return HTMLResponse(html)


def _compare(request: Request, store, settings, first: str | None, format: str) -> Response:
    names = _country_names(store)
    order = [c for c in SEA_COUNTRIES if c in names]
    if first:
        order = [first] + [c for c in order if c != first]
    flows = _all_flows(store, settings.iris.base)
    groups = [(c, names[c], [f for f in flows if f.country == c]) for c in order]
    if format == "svg":
        return Response(flows_svg_for(groups, compact=True), media_type=SVG)
    root = root_of(request)
    columns = [{"code": c, "name": n, "url": f"{root}/diagrams/flows/{c}", "views": [flow_view(f, compact=True) for f in fs]}
               for c, n, fs in groups]
    views = [v for col in columns for v in col["views"]]
    node_kinds = {row["key"] for v in views for row in v.legend["nodes"]}
    edge_kinds = {row["key"] for v in views for row in v.legend["edges"]}
    svg_url = f"{root}/diagrams/flows/{first}/compare?format=svg" if first else f"{root}/diagrams/flows?format=svg"
    html = render("diagram_compare.html", root=root, title="Communication flows compared", columns=columns,
                       legend_entries=legend_entries(node_kinds, edge_kinds), svg_url=svg_url)
    return HTMLResponse(html)


@router.get("/flows", summary="The flows of the four countries side by side", **DRAWING)
def compare_all(request: Request, store: StoreDep, settings: SettingsDep, format: Format = "html") -> Response:
    _all_flows(store, settings.iris.base)  # 503 on an empty store
    return _compare(request, store, settings, None, format)


@router.get("/flows/{country}/compare", summary="One country's flows beside the other countries'", **DRAWING)
def compare_country(country: str, request: Request, store: StoreDep, settings: SettingsDep, format: Format = "html") -> Response:
    code, _name = _country(store, country)
    return _compare(request, store, settings, code, format)


@router.get("/partners", summary="The partner map, filtered", response_class=HTMLResponse)
def partners(request: Request, store: StoreDep, settings: SettingsDep, spec: FilterDep) -> HTMLResponse:
    graph = partner_map(store, settings)
    names = _country_names(store)
    if spec.country and spec.country not in names:
        raise HTTPException(404, f"no country with ISO code '{spec.country}'")
    try:
        view, summary = per_generation(store, ("partner-view", settings.iris.base, spec),
                                       lambda _reader: partner_view(graph, spec))
    except UnknownNode as exc:
        raise HTTPException(404, f"no actor '{exc.args[0]}' in the partner map") from exc
    root = root_of(request)
    query = urlencode(spec.query_string())
    exports = [(label, f"{root}/api/analysis/{path}" + (f"?{query}" if query else ""))
               for label, path in (("GraphML", "export.graphml"), ("GEXF", "export.gexf"), ("Centrality (JSON)", "centrality"),
                                   ("Communities (JSON)", "communities"), ("Bridges (JSON)", "bridges"),
                                   ("Fragile (JSON)", "fragile"))]
    title = _partner_title(spec, graph, names)
    choices = [(c, names[c]) for c in SEA_COUNTRIES if c in names] + \
        sorted(((c, n) for c, n in names.items() if c not in SEA_COUNTRIES), key=lambda x: x[1])
    filters = {"country": spec.country, "network": spec.network, "programme": spec.programme, "focus": spec.focus,
               "relations": spec.relations, "hops": spec.hops}
    html = render("diagram_partners.html", root=root, title=title, view=view, summary=summary,
                       stats={"nodes": view.nodes, "edges": view.edges}, options=partner_options(graph, choices),
                       filters=filters, exports=exports)
    return HTMLResponse(html)


def _partner_title(spec, graph, names: dict[str, str]) -> str:
    parts = []
    if spec.country:
        parts.append(names.get(spec.country, spec.country))
    for node in (spec.network, spec.programme, spec.focus):
        if node and node in graph:
            parts.append(graph.nodes[node].get("short", node))
    return "Partner map" + (": " + ", ".join(parts) if parts else "")
