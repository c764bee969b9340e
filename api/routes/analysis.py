"""``/api/analysis/*``: questions about the partner map as JSON, and the map as GraphML or GEXF.

Every endpoint takes the partner-map filters (country, network, programme, focus, relation, hops)
and answers on the filtered map; see :class:`viz.build.PartnerFilter`.
"""

from __future__ import annotations

import logging
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep
from graph.store import StoreEmpty
from viz import analysis
from viz.build import PartnerFilter, UnknownNode, cached_partner_graph, filter_graph, local_id
from viz.styles import RELATION_KINDS

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/analysis", tags=["analysis"])


def _id(value: str | None, base: str) -> str | None:
    """A node named by local id or by full IRI."""
    return local_id(value.strip(), base) if value and value.strip() else None


def partner_filter(
    settings: SettingsDep,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code: its actors and their partners")] = None,
    network: Annotated[str | None, Query(description="id or IRI of a network or partnership: it and its members")] = None,
    programme: Annotated[str | None, Query(description="id or IRI of a programme: it and its leaders, participants, "
                                                       "supporters")] = None,
    focus: Annotated[str | None, Query(description="id or IRI of one actor: the map around it")] = None,
    relation: Annotated[list[str], Query(description=f"relation kinds to keep: {', '.join(RELATION_KINDS)}; "
                                                     "repeat or separate with commas")] = [],  # noqa: B006 - FastAPI reads it
    hops: Annotated[int, Query(ge=0, le=3, description="neighbours added around the selection")] = 1,
) -> PartnerFilter:
    kinds = frozenset(k.strip() for value in relation for k in value.split(",") if k.strip())
    unknown = sorted(kinds - set(RELATION_KINDS))
    if unknown:
        raise HTTPException(422, f"unknown relation kind(s) {', '.join(unknown)}; known: {', '.join(RELATION_KINDS)}")
    code = country.strip().upper() if country and country.strip() else None
    base = settings.iris.base
    return PartnerFilter(code, _id(network, base), _id(programme, base), _id(focus, base), kinds, hops)


FilterDep = Annotated[PartnerFilter, Depends(partner_filter)]


def partner_map(store, settings) -> nx.MultiDiGraph:
    """The whole partner map of the served store (503 when the store is empty)."""
    try:
        return cached_partner_graph(store, settings.iris.base)
    except StoreEmpty as exc:
        raise HTTPException(503, str(exc)) from exc


def filtered(store, settings, spec: PartnerFilter) -> nx.MultiDiGraph:
    try:
        return filter_graph(partner_map(store, settings), spec)
    except UnknownNode as exc:
        raise HTTPException(404, f"no actor '{exc.args[0]}' in the partner map") from exc


@router.get("/centrality", summary="Most central actors (degree and betweenness)")
def centrality(store: StoreDep, settings: SettingsDep, spec: FilterDep,
               limit: Annotated[int, Query(ge=0, le=5000, description="0 for all")] = 20) -> dict:
    return analysis.centrality(filtered(store, settings, spec), limit)


@router.get("/communities", summary="Communities of actors (Louvain, fixed seed)")
def communities(store: StoreDep, settings: SettingsDep, spec: FilterDep) -> dict:
    return analysis.communities(filtered(store, settings, spec))


@router.get("/bridges", summary="Actors that link countries or networks")
def bridges(store: StoreDep, settings: SettingsDep, spec: FilterDep,
            limit: Annotated[int, Query(ge=0, le=5000, description="0 for all")] = 50) -> dict:
    return analysis.bridges(filtered(store, settings, spec), limit)


@router.get("/path", summary="Shortest chains of relations between two actors")
def path(store: StoreDep, settings: SettingsDep, spec: FilterDep,
         source: Annotated[str, Query(alias="from", description="id or IRI, e.g. kh-itc")],
         target: Annotated[str, Query(alias="to", description="id or IRI, e.g. gsp")],
         limit: Annotated[int, Query(ge=1, le=50)] = 5) -> dict:
    graph = filtered(store, settings, spec)
    base = settings.iris.base
    try:
        return analysis.paths(graph, _id(source, base) or "", _id(target, base) or "", limit)
    except UnknownNode as exc:
        raise HTTPException(404, f"no actor '{exc.args[0]}' in the partner map") from exc


@router.get("/fragile", summary="Actors with a single link")
def fragile(store: StoreDep, settings: SettingsDep, spec: FilterDep) -> dict:
    return analysis.fragile(filtered(store, settings, spec))


EXPORTS = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}


@router.get("/export.{fmt}", summary="The (filtered) partner map as GraphML or GEXF")
def export(fmt: str, store: StoreDep, settings: SettingsDep, spec: FilterDep) -> Response:
    if fmt not in EXPORTS:
        raise HTTPException(404, f"unknown export format '{fmt}': use export.graphml or export.gexf")
    body = analysis.export(filtered(store, settings, spec), fmt)
    return Response(body, media_type=EXPORTS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="soilkg-partners.{fmt}"'})
