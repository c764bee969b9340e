"""Questions about the partner map, answered with networkx on its undirected simple view.

Every function takes the partner map (a ``MultiDiGraph`` from :mod:`viz.build`, possibly filtered)
and returns plain JSON-ready dicts, so the API, the CLI and the tests share one implementation.
"""

from __future__ import annotations

import io
import itertools
import logging

import networkx as nx

from viz.build import NETWORK_KINDS, UnknownNode, simple_undirected

log = logging.getLogger(__name__)

EXACT_BETWEENNESS_UP_TO = 1500  # nodes; above, betweenness is estimated from a fixed sample of sources
BETWEENNESS_SAMPLE = 400


def describe(graph: nx.Graph, node: str) -> dict:
    """The identity of a node as every answer gives it."""
    data = graph.nodes[node]
    return {"id": node, "label": data.get("label", node), "kind": data.get("kind", "Other"),
            "countries": list(data.get("countries", []))}


def betweenness(simple: nx.Graph) -> tuple[dict[str, float], bool]:
    """Normalised betweenness of every node, and whether it is an estimate (large graphs)."""
    if simple.number_of_nodes() > EXACT_BETWEENNESS_UP_TO:
        return nx.betweenness_centrality(simple, k=BETWEENNESS_SAMPLE, seed=0), True
    return nx.betweenness_centrality(simple), False


def centrality(graph: nx.MultiDiGraph, limit: int = 20) -> dict:
    """The most central actors: degree (distinct partners) and betweenness, best first by betweenness then degree."""
    simple = simple_undirected(graph)
    between, estimated = betweenness(simple)
    degree = nx.degree_centrality(simple) if simple.number_of_nodes() > 1 else dict.fromkeys(simple, 0.0)
    rows = [{**describe(simple, n), "degree": simple.degree(n), "degree_centrality": round(degree[n], 6),
             "betweenness": round(between[n], 6)} for n in simple]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["id"]))
    return {"nodes": simple.number_of_nodes(), "edges": simple.number_of_edges(), "betweenness_estimated": estimated,
            "actors": rows[:limit] if limit else rows}


def community_sets(graph: nx.MultiDiGraph | nx.Graph, seed: int = 0) -> list[set[str]]:
    """Louvain communities (weighted by the number of relations between two actors), largest first."""
    simple = simple_undirected(graph) if graph.is_multigraph() else graph
    if simple.number_of_edges() == 0:
        return [{n} for n in sorted(simple)]
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def communities(graph: nx.MultiDiGraph, seed: int = 0) -> dict:
    """Communities with their size, best-connected member and modularity of the partition."""
    simple = simple_undirected(graph)
    sets = community_sets(simple, seed)
    quality = nx.community.modularity(simple, sets, weight="weight") if simple.number_of_edges() else 0.0
    out = []
    for number, members in enumerate(sets, start=1):
        ordered = sorted(members, key=lambda n: (-simple.degree(n), n))
        out.append({"community": number, "size": len(members), "hub": describe(simple, ordered[0]),
                    "members": [describe(simple, n) for n in ordered]})
    return {"modularity": round(quality, 6), "communities": out}


def _networks_of(graph: nx.MultiDiGraph, node: str) -> set[str]:
    """Networks and partnerships ``node`` belongs to, is part of, or is itself."""
    nets = {v for _u, v, k in graph.out_edges(node, keys=True)
            if k in ("member", "sub-organisation") and graph.nodes[v].get("kind") in NETWORK_KINDS}
    if graph.nodes[node].get("kind") in NETWORK_KINDS:
        nets.add(node)
    return nets


def bridges(graph: nx.MultiDiGraph, limit: int = 50) -> dict:
    """Actors whose partners span two or more countries, or who link two or more networks.

    ``countries`` are the country codes of the actor and its direct partners; ``networks`` the
    networks or partnerships the actor and its direct partners belong to. ``cut_vertex`` is true when
    removing the actor disconnects part of the map.
    """
    simple = simple_undirected(graph)
    cut = set(nx.articulation_points(simple))
    between, _ = betweenness(simple)
    rows = []
    for node in simple:
        around = [node, *simple.neighbors(node)]
        codes = sorted({c for n in around for c in simple.nodes[n].get("countries", [])})
        nets = sorted(set().union(*(_networks_of(graph, n) for n in around)))
        if len(codes) >= 2 or len(nets) >= 2:
            rows.append({**describe(simple, node), "countries_linked": codes, "networks_linked": nets,
                         "cut_vertex": node in cut, "betweenness": round(between[node], 6)})
    rows.sort(key=lambda r: (-(len(r["countries_linked"]) + len(r["networks_linked"])), -r["betweenness"], r["id"]))
    return {"bridges": rows[:limit] if limit else rows}


def paths(graph: nx.MultiDiGraph, source: str, target: str, limit: int = 5) -> dict:
    """Shortest chains of relations between two actors (any direction), each hop with its relation kinds."""
    for node in (source, target):
        if node not in graph:
            raise UnknownNode(node)
    simple = simple_undirected(graph)
    try:
        found = list(itertools.islice(nx.all_shortest_paths(simple, source, target), limit))
    except nx.NetworkXNoPath:
        found = []
    chains = []
    for path in found:
        hops = []
        for a, b in itertools.pairwise(path):
            relations = [{"kind": k, "from": a, "to": b} for k in graph.get_edge_data(a, b, default={})]
            relations += [{"kind": k, "from": b, "to": a} for k in graph.get_edge_data(b, a, default={})]
            hops.append({"from": describe(simple, a), "to": describe(simple, b), "relations": relations})
        chains.append({"length": len(path) - 1, "actors": [describe(simple, n) for n in path], "hops": hops})
    return {"from": describe(simple, source), "to": describe(simple, target),
            "length": chains[0]["length"] if chains else None, "paths": chains}


def fragile(graph: nx.MultiDiGraph) -> dict:
    """Actors with a single partner: one relation away from dropping out of the map."""
    simple = simple_undirected(graph)
    rows = []
    for node in sorted(simple):
        if simple.degree(node) == 1:
            (partner,) = simple.neighbors(node)
            rows.append({**describe(simple, node), "partner": describe(simple, partner),
                         "relations": simple.edges[node, partner]["kinds"]})
    return {"fragile": rows}


def export(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The map as GraphML or GEXF (list attributes joined with ``;``, which both formats need)."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: ";".join(v) if isinstance(v, list | tuple) else v for k, v in data.items()})
    for u, v, k, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, **{a: b for a, b in data.items() if isinstance(b, str | int | float | bool)})
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, buffer)
    elif fmt == "gexf":
        nx.write_gexf(flat, buffer)
    else:
        raise ValueError(f"unknown export format {fmt!r}: use graphml or gexf")
    return buffer.getvalue()
