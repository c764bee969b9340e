"""Node positions computed in Python, so the browser draws instead of simulating.

Two layouts, both deterministic and linear in the number of nodes (no numpy needed):

* :func:`layered` for flow chains: one row per ``layer`` attribute, rows centred, top to bottom.
* :func:`clustered` for partner maps: each community is a sunflower disc (best-connected actors at
  its centre), and the discs are themselves placed on a sunflower spiral, largest first. This keeps
  a 5,000-actor map readable and lets vis-network start with physics off.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def layered(graph: nx.DiGraph, x_gap: float = 190.0, y_gap: float = 110.0) -> dict[str, tuple[float, float]]:
    """Positions by the ``layer`` node attribute; within a row, chain order (``position``) then label."""
    rows: dict[int, list[str]] = {}
    for node, data in graph.nodes(data=True):
        rows.setdefault(int(data.get("layer", 0)), []).append(node)
    positions = {}
    for layer, nodes in rows.items():
        nodes.sort(key=lambda n: (graph.nodes[n].get("position", 0), str(graph.nodes[n].get("short", n)).lower()))
        width = (len(nodes) - 1) * x_gap
        for i, node in enumerate(nodes):
            positions[node] = (i * x_gap - width / 2, layer * y_gap)
    return positions


def sunflower(count: int, spacing: float) -> list[tuple[float, float]]:
    """``count`` evenly spread points in a disc, the first at the centre (Vogel's model)."""
    return [(spacing * math.sqrt(i) * math.cos(i * GOLDEN_ANGLE), spacing * math.sqrt(i) * math.sin(i * GOLDEN_ANGLE))
            for i in range(count)]


def clustered(graph: nx.Graph, communities: Iterable[Iterable[str]], spacing: float = 38.0,
              min_size: int = 3) -> dict[str, tuple[float, float]]:
    """Positions with each community as a disc; discs packed along a spiral from the centre outwards.

    Communities smaller than ``min_size`` (isolated actors, pairs) share one last disc.
    """
    by_degree = {n: (-graph.degree(n), str(n)) for n in graph}
    groups = sorted((sorted(c, key=by_degree.__getitem__) for c in communities if len(c) >= min_size),
                    key=lambda c: (-len(c), c[0]))
    placed = {n for c in groups for n in c}
    rest = sorted((n for n in graph if n not in placed), key=by_degree.__getitem__)
    if rest:
        groups.append(rest)
    positions: dict[str, tuple[float, float]] = {}
    discs: list[tuple[float, float, float]] = []  # centre x, centre y, radius
    for group in groups:
        radius = spacing * math.sqrt(len(group)) + spacing
        cx, cy = _free_spot(discs, radius)
        discs.append((cx, cy, radius))
        for node, (x, y) in zip(group, sunflower(len(group), spacing), strict=True):
            positions[node] = (round(cx + x, 1), round(cy + y, 1))
    return positions


def _free_spot(discs: list[tuple[float, float, float]], radius: float) -> tuple[float, float]:
    """The first point along an outward spiral where a disc of ``radius`` overlaps none placed so far."""
    if not discs:
        return 0.0, 0.0
    step = max(radius / 2, 10.0)
    i = 1
    while True:
        r = step * math.sqrt(i) * 2
        x, y = r * math.cos(i * GOLDEN_ANGLE), r * math.sin(i * GOLDEN_ANGLE)
        if all(math.hypot(x - cx, y - cy) >= radius + cr for cx, cy, cr in discs):
            return x, y
        i += 1
