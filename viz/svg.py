"""Static SVG of flow chains for reports: layered top-down, shapes and colours by actor kind, a legend.

Written by hand from :func:`viz.layout.layered` positions, so no graphviz is needed. Every text is
XML-escaped. Each actor is a ``<g class="node" data-id=… data-role=chain|feeder data-position=…>``
emitted in chain order, so a reader (or a test) can check the order without parsing coordinates.
"""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from viz.layout import layered
from viz.styles import edge_style, legend, node_style

NODE_W, NODE_H = 168.0, 58.0
X_GAP, Y_GAP = 188.0, 118.0
PANEL_GAP, MARGIN, HEADER = 60.0, 24.0, 64.0
FONT = "font-family:'DejaVu Sans',Arial,sans-serif"


def _lines(text: str, width: int, most: int) -> list[str]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def shape_svg(shape: str, x: float, y: float, w: float, h: float, fill: str, stroke: str = "#263238",
              compact: bool = False) -> str:
    """An SVG outline of ``shape`` centred on (x, y); ``compact`` draws vis-network's own icon-sized shapes
    (legends of the interactive pages), otherwise wide variants that hold a label (the static SVG)."""
    attrs = f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"'
    left, right, top, bottom = x - w / 2, x + w / 2, y - h / 2, y + h / 2
    if shape == "ellipse":
        return f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{w / 2:.1f}" ry="{h / 2:.1f}" {attrs}/>'
    if compact and shape in ("dot", "diamond", "triangle", "hexagon"):
        half = h / 2
        if shape == "dot":
            return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{half:.1f}" {attrs}/>'
        q = half / 2
        pts = {"diamond": [(x - half, y), (x, top), (x + half, y), (x, bottom)],
               "triangle": [(x, top), (x + half, bottom), (x - half, bottom)],
               "hexagon": [(x - half, y), (x - q, top), (x + q, top), (x + half, y), (x + q, bottom), (x - q, bottom)]}[shape]
    elif shape in ("hexagon", "diamond", "triangle"):
        d = h / 2 if shape != "triangle" else h / 3
        pts = {"hexagon": [(left, y), (left + d, top), (right - d, top), (right, y), (right - d, bottom), (left + d, bottom)],
               "diamond": [(left - 6, y), (left + d, top), (right - d, top), (right + 6, y), (right - d, bottom),
                           (left + d, bottom)],
               "triangle": [(left, top), (right, top), (right, bottom - d), (x, bottom), (left, bottom - d)]}[shape]
    else:
        radius = h / 2 if shape == "dot" else min(5.0, h / 4)
        return f'<rect x="{left:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{radius:.1f}" {attrs}/>'
    return '<polygon points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in pts) + f'" {attrs}/>'


def _node(graph: nx.DiGraph, node: str, x: float, y: float) -> str:
    data = graph.nodes[node]
    style = node_style(data.get("kind", "Other"))
    short, label = str(data.get("short", node)), str(data.get("label", node))
    attrs = (f'class="node" data-id={quoteattr(node)} data-role={quoteattr(data.get("role", ""))}'
             f' data-kind={quoteattr(data.get("kind", ""))}')
    if "position" in data:
        attrs += f' data-position="{int(data["position"])}"'
    parts = [f"<g {attrs}>", f"<title>{escape(label)} ({escape(style.legend)})</title>",
             shape_svg(style.shape, x, y, NODE_W, NODE_H, style.color)]
    lines = [(line, True) for line in _lines(short, 22, 2 if short != label else 3)]
    if short != label:
        lines += [(line, False) for line in _lines(label, 30, 3 - len(lines))]
    top = y - (len(lines) - 1) * 7
    for i, (line, bold) in enumerate(lines):
        weight = ' font-weight="bold" font-size="12"' if bold else ' font-size="9.5"'
        parts.append(f'<text x="{x:.1f}" y="{top + i * 14 + 4:.1f}" text-anchor="middle"{weight} '
                     f'fill="{style.font_color}">{escape(line)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _edge(graph: nx.DiGraph, u: str, v: str, pos: dict, ox: float, oy: float) -> str:
    data = graph.edges[u, v]
    style = edge_style(data.get("kind", "step"))
    (x1, y1), (x2, y2) = pos[u], pos[v]
    x1, y1, x2, y2 = x1 + ox, y1 + oy + NODE_H / 2, x2 + ox, y2 + oy - NODE_H / 2 - 4
    dash = ' stroke-dasharray="6 4"' if style.dashes else ""
    marker = "arrow-feed" if data.get("kind") == "feeds" else "arrow"
    title = f"step {data['order']}: {u} → {v}" if data.get("kind") == "step" else f"{u} feeds the chain"
    if data.get("channel_labels"):
        title += " via " + ", ".join(data["channel_labels"])
    if data.get("note"):
        title += f" ({data['note']})"
    out = [f'<g class="edge" data-kind={quoteattr(data.get("kind", ""))} data-from={quoteattr(u)} data-to={quoteattr(v)}'
           + (f' data-order="{int(data["order"])}"' if data.get("kind") == "step" else "") + ">",
           f"<title>{escape(title)}</title>",
           f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{style.color}" stroke-width="1.6"'
           f'{dash} marker-end="url(#{marker})"/>']
    labels = data.get("channel_labels", [])
    if labels:
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        lines = [line for label in labels[:4] for line in _lines(label, 28, 1)]
        if len(labels) > 4:
            lines.append(f"+{len(labels) - 4} more")
        my -= (len(lines) - 1) * 6.5
        width = max(len(line) for line in lines) * 6.2 + 10
        out.append(f'<rect x="{mx - width / 2:.1f}" y="{my - 9:.1f}" width="{width:.1f}" height="{len(lines) * 13 + 4}" '
                   'rx="3" fill="#fffbe6" stroke="#d4c48a" stroke-width="0.8"/>')
        for i, line in enumerate(lines):
            out.append(f'<text class="channel" x="{mx:.1f}" y="{my + 3 + i * 13:.1f}" text-anchor="middle" font-size="10.5" '
                       f'font-style="italic" fill="#5d4037">{escape(line)}</text>')
    out.append("</g>")
    return "".join(out)


def _panel(title: str, subtitle: str, graph: nx.DiGraph | None, ox: float) -> tuple[list[str], float, float]:
    """SVG parts of one panel starting at x=``ox``; returns parts, width and height."""
    parts = [f'<g class="panel" data-flow={quoteattr(graph.graph.get("id", "") if graph is not None else "")}>']
    if graph is None or graph.number_of_nodes() == 0:
        width, height = NODE_W + 40, HEADER + 80
        parts.append(f'<text x="{ox + 8:.1f}" y="{MARGIN + 18:.1f}" font-size="14" font-weight="bold">{escape(title)}</text>')
        parts.append(f'<text x="{ox + 8:.1f}" y="{MARGIN + 60:.1f}" font-size="11" fill="#666">{escape(subtitle)}</text>')
        return [*parts, "</g>"], width, height
    pos = layered(graph, X_GAP, Y_GAP)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    head = _lines(title, 48, 2)
    width = max(max(xs) - min(xs) + NODE_W + 20, max(len(line) for line in head) * 7.6)
    shift_x = ox + width / 2 - (max(xs) + min(xs)) / 2
    shift_y = MARGIN + HEADER + NODE_H / 2 - min(ys)
    for i, line in enumerate(head):
        parts.append(f'<text x="{ox + width / 2:.1f}" y="{MARGIN + 16 + i * 17:.1f}" text-anchor="middle" font-size="14" '
                     f'font-weight="bold">{escape(line)}</text>')
    parts.append(f'<text x="{ox + width / 2:.1f}" y="{MARGIN + 18 + len(head) * 17:.1f}" text-anchor="middle" '
                 f'font-size="11" fill="#555">{escape(subtitle)}</text>')
    parts += [_edge(graph, u, v, pos, shift_x, shift_y) for u, v in graph.edges]
    order = sorted(graph.nodes, key=lambda n: (graph.nodes[n].get("role") != "chain", graph.nodes[n].get("position", 0),
                                               str(graph.nodes[n].get("short", n)).lower()))
    parts += [_node(graph, n, pos[n][0] + shift_x, pos[n][1] + shift_y) for n in order]
    parts.append("</g>")
    return parts, width, max(ys) - min(ys) + HEADER + NODE_H + 20


def _legend(graphs: list[nx.DiGraph], x: float, y: float) -> tuple[list[str], float]:
    kinds = {d.get("kind", "Other") for g in graphs for _n, d in g.nodes(data=True)}
    edge_kinds = {d.get("kind", "step") for g in graphs for *_e, d in g.edges(data=True)}
    entries = legend(kinds, edge_kinds)
    parts = [f'<g class="legend"><text x="{x:.1f}" y="{y:.1f}" font-size="12" font-weight="bold">Legend</text>']
    row = y + 10
    for item in entries["nodes"]:
        parts.append(shape_svg(item["shape"], x + 18, row + 9, 30, 16, item["color"]))
        parts.append(f'<text x="{x + 42:.1f}" y="{row + 13:.1f}" font-size="11">{escape(item["label"])}</text>')
        row += 22
    for item in entries["edges"]:
        dash = ' stroke-dasharray="6 4"' if item["dashes"] else ""
        parts.append(f'<line x1="{x + 3:.1f}" y1="{row + 9:.1f}" x2="{x + 33:.1f}" y2="{row + 9:.1f}" stroke="{item["color"]}" '
                     f'stroke-width="1.6"{dash}/>')
        parts.append(f'<text x="{x + 42:.1f}" y="{row + 13:.1f}" font-size="11">{escape(item["label"])}</text>')
        row += 22
    parts.append("</g>")
    return parts, row - y


def flows_svg(panels: list[tuple[str, str, nx.DiGraph | None]], title: str = "") -> str:
    """One SVG with a panel per (title, subtitle, flow graph) side by side and a legend on the right."""
    body: list[str] = []
    x, height = MARGIN, 0.0
    for panel_title, subtitle, graph in panels:
        parts, width, h = _panel(panel_title, subtitle, graph, x)
        body += parts
        x += width + PANEL_GAP
        height = max(height, h)
    legend_parts, legend_h = _legend([g for _t, _s, g in panels if g is not None], x, MARGIN + 16)
    total_w, total_h = x + 300, max(height, legend_h + 40) + MARGIN * 2
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w:.0f}" height="{total_h:.0f}" '
            f'viewBox="0 0 {total_w:.0f} {total_h:.0f}" role="img" style="{FONT}">',
            f"<title>{escape(title or ', '.join(t for t, _s, _g in panels))}</title>",
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#37474f"/></marker>'
            '<marker id="arrow-feed" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c0392b"/></marker></defs>',
            f'<rect width="{total_w:.0f}" height="{total_h:.0f}" fill="#ffffff"/>']
    return "\n".join([*head, *body, *legend_parts, "</svg>"]) + "\n"
