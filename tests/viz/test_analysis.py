"""viz.analysis checked against networkx on the same small graph, built here by hand."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from viz_fixture import BASE, EXPECTED_RELATIONS

from viz import analysis
from viz.build import UnknownNode, partner_graph


@pytest.fixture(scope="module")
def graph(mini_store):
    return partner_graph(mini_store, BASE)


@pytest.fixture(scope="module")
def by_hand() -> nx.Graph:
    """The undirected simple graph of EXPECTED_RELATIONS, weighted by the number of relations per pair,
    nodes and edges added in sorted order (as the analysis does, so seeded Louvain runs are comparable)."""
    weights: dict[tuple[str, str], int] = {}
    for u, _kind, v in EXPECTED_RELATIONS:
        pair = (min(u, v), max(u, v))
        weights[pair] = weights.get(pair, 0) + 1
    g = nx.Graph()
    g.add_nodes_from(sorted({n for pair in weights for n in pair}))
    g.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(weights.items()))
    return g


def test_centrality_matches_networkx(graph, by_hand):
    result = analysis.centrality(graph, limit=0)
    expected = nx.betweenness_centrality(by_hand)
    assert result["nodes"] == by_hand.number_of_nodes() and result["edges"] == by_hand.number_of_edges()
    for row in result["actors"]:
        assert row["betweenness"] == pytest.approx(expected[row["id"]], abs=1e-6), row["id"]
        assert row["degree"] == by_hand.degree(row["id"])
    assert result["actors"][0]["id"] == max(expected, key=lambda n: (expected[n], by_hand.degree(n)))


def test_centrality_limit(graph):
    assert len(analysis.centrality(graph, limit=3)["actors"]) == 3


def test_communities_match_louvain_with_the_same_seed(graph, by_hand):
    result = analysis.communities(graph)
    expected = nx.community.louvain_communities(by_hand, weight="weight", seed=0)
    assert sorted(sorted(m["id"] for m in c["members"]) for c in result["communities"]) == sorted(sorted(c) for c in expected)
    assert result["modularity"] == pytest.approx(nx.community.modularity(by_hand, expected, weight="weight"), abs=1e-6)
    assert sum(c["size"] for c in result["communities"]) == by_hand.number_of_nodes()


def test_bridges_link_countries_or_networks(graph, by_hand):
    rows = {r["id"]: r for r in analysis.bridges(graph, limit=0)["bridges"]}
    # la-nafri is a member of both irc and gsp, and its partners are in KH and LA
    assert rows["la-nafri"]["networks_linked"] == ["gsp", "irc"]
    assert rows["la-nafri"]["countries_linked"] == ["KH", "LA"]
    assert rows["la-nafri"]["cut_vertex"] is True
    assert "la-nafri" in set(nx.articulation_points(by_hand))
    # kh-site has one partner in one country and no network: not a bridge
    assert "kh-site" not in rows


def test_path_from_itc_to_gsp_is_the_shortest_networkx_finds(graph, by_hand):
    result = analysis.paths(graph, "kh-itc", "gsp")
    expected = list(nx.all_shortest_paths(by_hand, "kh-itc", "gsp"))
    assert result["length"] == len(expected[0]) - 1 == 3
    assert sorted([a["id"] for a in p["actors"]] for p in result["paths"]) == sorted(expected)
    first_hop = result["paths"][0]["hops"][0]
    assert first_hop["relations"] == [{"kind": "member", "from": "kh-itc", "to": "irc"}]


def test_path_between_unconnected_actors_is_empty(graph):
    graph = graph.copy()
    graph.add_node("island", label="island", kind="Other", countries=[])
    result = analysis.paths(graph, "kh-itc", "island")
    assert (result["length"], result["paths"]) == (None, [])


def test_path_with_unknown_actor_raises(graph):
    with pytest.raises(UnknownNode):
        analysis.paths(graph, "kh-itc", "nobody")


def test_fragile_actors_are_those_with_one_partner(graph, by_hand):
    rows = analysis.fragile(graph)["fragile"]
    assert {r["id"] for r in rows} == {n for n in by_hand if by_hand.degree(n) == 1}
    lonely = next(r for r in rows if r["id"] == "la-lonely")
    assert lonely["partner"]["id"] == "la-nafri" and lonely["relations"] == ["collaborates"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_read_back_with_the_same_nodes_and_edges(graph, fmt):
    data = analysis.export(graph, fmt)
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(data))
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["irc"]["countries"] == "KH;LA"


def test_export_rejects_unknown_format(graph):
    with pytest.raises(ValueError, match="unknown export format"):
        analysis.export(graph, "dot")
