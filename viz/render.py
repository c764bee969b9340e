"""networkx -> pyvis networks -> the JSON payload the pages hand to vis-network.

pyvis builds the node and edge records and the options; the pages do not use pyvis's own HTML
template (it links Bootstrap and vis-network from CDNs and does not escape its heading). Instead
:func:`payload_json` gives a script-safe JSON document that ``core/static/soilkg-network.js``
draws with the vendored vis-network. Labels and tooltips are plain text: vis-network draws labels
on a canvas and sets string tooltips with ``innerText``.
"""

from __future__ import annotations

import json
import logging
import math
import textwrap

import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from viz.styles import edge_style, node_style

log = logging.getLogger(__name__)

LARGE = 300  # nodes; larger partner maps hide edges while dragging and labels when zoomed out


def wrap(text: str, width: int = 20, most: int = 3) -> str:
    """A label broken into lines for vis-network (``\\n``), cut with an ellipsis after ``most`` lines."""
    lines = textwrap.wrap(text, width) or [text]
    if len(lines) > most:
        lines = [*lines[: most - 1], lines[most - 1][: width - 1] + "…"]
    return "\n".join(lines)


def channel_label(labels: list[str], most: int = 4) -> str:
    """Channel names for an arrow, one per line (long ones wrapped), at most ``most`` then "+n more"."""
    lines = [wrap(label, 24, 2) for label in labels[:most]]
    if len(labels) > most:
        lines.append(f"+{len(labels) - most} more")
    return "\n".join(lines)


def _node_title(data: dict, node: str) -> str:
    style = node_style(data.get("kind", "Other"))
    countries = ", ".join(data.get("countries", []) or [])
    return "\n".join(x for x in (str(data.get("label", node)), style.legend, f"id: {node}",
                                 f"countries: {countries}" if countries else "") if x)


def flow_network(graph: nx.DiGraph) -> Network:
    """A pyvis network of a flow chain: hierarchical, top-down, levels from the ``layer`` attribute."""
    net = Network(directed=True, height="640px", width="100%")
    for node, data in graph.nodes(data=True):
        style = node_style(data.get("kind", "Other"))
        net.add_node(node, label=wrap(str(data.get("short", node))), title=_node_title(data, node), shape=style.shape,
                     color={"background": style.color, "border": "#263238",
                            "highlight": {"background": style.color, "border": "#000000"}},
                     font={"color": style.font_color if style.shape in ("box", "ellipse") else "#111111", "size": 15},
                     level=int(data.get("layer", 0)), kind=data.get("kind", "Other"), role=data.get("role", ""),
                     position=int(data.get("position", 0)), iri=data.get("iri", ""), fullLabel=str(data.get("label", node)))
    for u, v, data in graph.edges(data=True):
        style = edge_style(data.get("kind", "step"))
        title = f"step {data.get('order')}: {graph.nodes[u].get('short', u)} → {graph.nodes[v].get('short', v)}" \
            if data.get("kind") == "step" else f"{graph.nodes[u].get('short', u)} feeds the chain"
        if data.get("channel_labels"):
            title += ("\nchannels: " if len(data["channel_labels"]) > 1 else "\nchannel: ") + ", ".join(data["channel_labels"])
        if data.get("note"):
            title += f"\n{data['note']}"
        net.add_edge(u, v, label=channel_label(data.get("channel_labels", [])) or None, title=title, kind=data.get("kind"),
                     order=data.get("order", 0), channels=list(data.get("channels", [])), color=style.color, dashes=style.dashes,
                     width=2 if data.get("kind") == "step" else 1)
    net.options = {
        "layout": {"hierarchical": {"enabled": True, "direction": "UD", "sortMethod": "directed",
                                    "levelSeparation": 110, "nodeSpacing": 165, "shakeTowards": "roots"}},
        "physics": {"enabled": False},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
                  "smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.4},
                  "font": {"size": 13, "align": "horizontal", "background": "#fffbe6", "strokeWidth": 0}},
        "nodes": {"widthConstraint": {"maximum": 150}, "margin": 8, "size": 18},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": False},
    }
    return net


def partner_network(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> Network:
    """A pyvis network of the partner map at precomputed ``positions``, physics off from the start."""
    net = Network(directed=True, height="720px", width="100%")
    large = graph.number_of_nodes() > LARGE
    degrees = dict(graph.degree())
    for node, data in graph.nodes(data=True):
        style = node_style(data.get("kind", "Other"))
        x, y = positions.get(node, (0.0, 0.0))
        shape = "dot" if large and style.shape in ("box", "ellipse") else style.shape
        net.add_node(node, label=wrap(str(data.get("short", node)), 18, 2), title=_node_title(data, node), shape=shape,
                     color=style.color, x=x, y=y, size=8 + 3 * math.sqrt(degrees.get(node, 0)),
                     font={"color": style.font_color if shape in ("box", "ellipse") else "#111111"},
                     kind=data.get("kind", "Other"), countries=list(data.get("countries", [])), iri=data.get("iri", ""),
                     fullLabel=str(data.get("label", node)), core=bool(data.get("core", True)),
                     borderWidth=3 if data.get("core") else 1)
    for u, v, kind in graph.edges(keys=True):
        style = edge_style(kind)
        net.add_edge(u, v, title=f"{graph.nodes[u].get('short', u)} {style.legend} {graph.nodes[v].get('short', v)}",
                     kind=kind, color=style.color, dashes=style.dashes, id=f"{u}|{kind}|{v}")
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "hierarchical": {"enabled": False}},
        "edges": {"smooth": {"enabled": False}, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "width": 1},
        "nodes": {"scaling": {"label": {"enabled": True, "drawThreshold": 9 if large else 5}}},
        "interaction": {"hover": not large, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large, "tooltipDelay": 150,
                        "keyboard": False},
    }
    return net


def payload(net: Network, network_id: str, **extra) -> dict:
    """The data a page needs to draw ``net``: nodes, edges, options, plus any ``extra`` (e.g. a title)."""
    options = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    return {"id": network_id, "nodes": net.nodes, "edges": net.edges, "options": options, **extra}


def script_json(data) -> Markup:
    """:func:`payload_json` marked safe for a template (it is, inside a JSON script element)."""
    return Markup(payload_json(data))  # noqa: S704 - payload_json leaves no <, > or & to break out of the script


def payload_json(data) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028")
