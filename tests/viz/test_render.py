"""viz.render and viz.layout: payloads are script-safe, options keep big maps static."""

from __future__ import annotations

import json
import math

import networkx as nx

from viz.layout import clustered, layered, sunflower
from viz.render import flow_network, partner_network, payload, payload_json, wrap


def test_payload_json_leaves_nothing_that_closes_a_script():
    text = payload_json({"label": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["label"] == "</script><script>alert(1)</script> & <!--"


def test_wrap_cuts_long_labels():
    assert wrap("a b c", 20) == "a b c"
    assert wrap("one two three four five six seven eight nine ten", 10, 2).count("\n") == 1


def test_flow_network_is_hierarchical_top_down_without_physics():
    g = nx.DiGraph()
    g.add_node("a", label="A", short="A", kind="Ministry", layer=0)
    g.add_node("b", label="B", short="B", kind="LocalGovernmentOffice", layer=1)
    g.add_edge("a", "b", kind="step", order=1, channels=["m"], channel_labels=["MetKasekor", "Radio"], note="")
    data = payload(flow_network(g), "x")
    assert data["options"]["layout"]["hierarchical"]["direction"] == "UD"
    assert data["options"]["physics"]["enabled"] is False
    assert [(n["id"], n["level"], n["shape"]) for n in data["nodes"]] == [("a", 0, "box"), ("b", 1, "ellipse")]
    assert data["edges"][0]["label"] == "MetKasekor\nRadio"
    assert data["edges"][0]["channels"] == ["m"]


def test_partner_network_uses_given_positions_and_no_physics():
    g = nx.MultiDiGraph()
    g.add_node("a", label="A", short="A", kind="University", countries=["KH"])
    g.add_node("b", label="B", short="B", kind="Network", countries=[])
    g.add_edge("a", "b", key="member")
    data = payload(partner_network(g, {"a": (1.0, 2.0), "b": (3.0, 4.0)}), "p")
    assert {n["id"]: (n["x"], n["y"]) for n in data["nodes"]} == {"a": (1.0, 2.0), "b": (3.0, 4.0)}
    assert data["options"]["physics"]["enabled"] is False
    assert data["options"]["layout"]["improvedLayout"] is False
    assert data["edges"][0]["kind"] == "member"


def test_layered_rows_are_centred_and_ordered():
    g = nx.DiGraph()
    for n, layer, pos in (("a", 0, 0), ("b", 0, 0), ("c", 1, 1)):
        g.add_node(n, layer=layer, position=pos, short=n)
    pos = layered(g, x_gap=100, y_gap=50)
    assert pos == {"a": (-50.0, 0.0), "b": (50.0, 0.0), "c": (0.0, 50.0)}


def test_sunflower_spreads_points_without_collisions():
    points = sunflower(200, 10.0)
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:])
    assert closest > 5.0


def test_clustered_layout_separates_communities_and_is_deterministic():
    g = nx.connected_caveman_graph(6, 8)
    communities = [set(range(i * 8, i * 8 + 8)) for i in range(6)]
    first, second = clustered(g, communities), clustered(g, communities)
    assert first == second and set(first) == set(g)
    centres = [tuple(sum(first[n][k] for n in c) / len(c) for k in (0, 1)) for c in communities]
    assert min(math.dist(p, q) for i, p in enumerate(centres) for q in centres[i + 1:]) > 60
