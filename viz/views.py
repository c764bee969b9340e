"""What the diagram pages show, prepared for the templates: payload JSON, legend, tables, summaries.

Shared by the API routes and the CLI so a served page and a file written by ``soilkg diagram`` are
the same diagram. Nothing here writes HTML except the legend swatches (fixed SVG, no data in them).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import networkx as nx
from markupsafe import Markup

from viz import analysis
from viz.build import PartnerFilter, filter_graph
from viz.flows import Flow, flow_graph
from viz.layout import clustered
from viz.render import flow_network, partner_network, payload, script_json
from viz.styles import RELATION_KINDS, edge_style, legend
from viz.svg import flows_svg, shape_svg

log = logging.getLogger(__name__)

PHYSICS_UP_TO = 80  # nodes; larger maps are drawn at their precomputed positions with physics off from the start


@dataclass
class NetworkView:
    """One drawn network: its DOM id, title, script-safe JSON payload and legend entries."""

    id: str
    title: str
    json: Markup
    legend: dict
    nodes: int = 0
    edges: int = 0
    steps: list[dict] = field(default_factory=list)
    fed_by: list[str] = field(default_factory=list)
    carries: str | None = None


def legend_entries(node_kinds, edge_kinds) -> dict:
    """Legend rows with an inline SVG swatch each (markup of constants only)."""
    entries = legend(set(node_kinds), set(edge_kinds))
    for item in entries["nodes"]:
        outline = shape_svg(item["shape"], 17, 10, 28, 16, item["color"], compact=True)
        item["swatch"] = _trusted(f'<svg width="34" height="20" aria-hidden="true">{outline}</svg>')
    for item in entries["edges"]:
        dash = ' stroke-dasharray="5 3"' if item["dashes"] else ""
        item["swatch"] = _trusted(f'<svg width="34" height="20" aria-hidden="true"><line x1="2" y1="10" x2="32" y2="10" '
                                  f'stroke="{item["color"]}" stroke-width="2"{dash}/></svg>')
    return entries


def _trusted(svg: str) -> Markup:
    return Markup(svg)  # noqa: S704 - built from the constant shapes and colours of viz.styles, no data


def _kinds(graph: nx.Graph) -> tuple[set[str], set[str]]:
    nodes = {d.get("kind", "Other") for _n, d in graph.nodes(data=True)}
    if graph.is_multigraph():
        return nodes, {k for _u, _v, k in graph.edges(keys=True)}
    return nodes, {d.get("kind", "step") for *_e, d in graph.edges(data=True)}


def flow_view(flow: Flow, compact: bool = False) -> NetworkView:
    """The interactive diagram of one flow, with its steps as a table (``compact``: feeders grouped)."""
    graph = flow_graph(flow, group_feeders=compact)
    net = flow_network(graph)
    known = flow.entities or {}

    def name(node: str | None) -> str:
        return known[node].label if node in known else (node or "")

    steps = [{"order": s.order, "source": name(s.source), "target": name(s.target),
              "channel": ", ".join(name(c) for c in s.channels), "note": s.note or ""} for s in flow.steps]
    return NetworkView(flow.id, flow.label, script_json(payload(net, flow.id, title=flow.label, country=flow.country)),
                       legend_entries(*_kinds(graph)), graph.number_of_nodes(), graph.number_of_edges(), steps,
                       [name(a) for a in flow.fed_by], flow.carries)


def flows_svg_for(flows_by_country: list[tuple[str, str, list[Flow]]], compact: bool = False) -> str:
    """One SVG: a panel per flow, countries in the given order; a country without flows gets an empty panel.

    ``compact`` (comparisons) groups each flow's feeding agencies into one node to keep panels narrow.
    """
    panels: list[tuple[str, str, nx.DiGraph | None]] = []
    for _code, name, flows in flows_by_country:
        if not flows:
            panels.append((name, "no communication flow recorded yet", None))
        panels += [(f.label, name, flow_graph(f, group_feeders=compact)) for f in flows]
    return flows_svg(panels, title="Communication flows: " + ", ".join(n for _c, n, _f in flows_by_country))


def partner_view(graph: nx.MultiDiGraph, spec: PartnerFilter, view_id: str = "partners",
                 title: str = "Partner map", summary: bool = True) -> tuple[NetworkView, dict | None]:
    """The filtered partner map ready to draw, and (optionally) its analysis summary."""
    sub = filter_graph(graph, spec)
    communities = analysis.community_sets(sub)
    positions = clustered(sub, communities)
    net = partner_network(sub, positions)
    data = payload(net, view_id, title=title)
    if 1 < sub.number_of_nodes() <= PHYSICS_UP_TO:
        # small maps: start from the clustered positions, let physics settle briefly, then freeze (soilkg-network.js)
        data["options"]["physics"] = {"enabled": True, "solver": "forceAtlas2Based",
                                      "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90},
                                      "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 150,
                                                        "fit": True}}
    view = NetworkView(view_id, title, script_json(data), legend_entries(*_kinds(sub)),
                       sub.number_of_nodes(), sub.number_of_edges())
    if not summary:
        return view, None
    return view, {"central": analysis.centrality(sub, limit=8)["actors"],
                  "bridges": analysis.bridges(sub, limit=8)["bridges"],
                  "fragile": analysis.fragile(sub)["fragile"][:12]}


def partner_options(graph: nx.MultiDiGraph, countries: list[tuple[str, str]]) -> dict:
    """Choices for the partner-map filter form."""
    def pick(kinds: set[str]) -> list[tuple[str, str]]:
        return sorted(((n, d.get("label", n)) for n, d in graph.nodes(data=True) if d.get("kind") in kinds),
                      key=lambda x: x[1].lower())

    return {"countries": countries,
            "networks": pick({"Network", "Partnership"}),
            "programmes": pick({"Programme", "Project", "Initiative", "IncentiveScheme"}),
            "relations": [(k, edge_style(k).legend) for k in RELATION_KINDS]}
