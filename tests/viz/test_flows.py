"""viz.flows: flows read from the store, their chain graphs and layers."""

from __future__ import annotations

import pytest
from viz_fixture import BASE

from viz.flows import Flow, Step, countries, flow_graph, load_flows


@pytest.fixture(scope="module")
def chain(mini_store) -> Flow:
    (flow,) = load_flows(mini_store, BASE, "KH")
    return flow


def test_load_flows_reads_steps_in_order_with_channel_and_note(chain):
    assert (chain.id, chain.label, chain.country, chain.carries) == ("kh-chain", "Cambodia: research to farmers", "KH", "results")
    assert chain.steps == (Step(1, "kh-cardec", "kh-maff", ("kh-casic",), "reviewed first"),
                           Step(2, "kh-maff", "kh-farmers", ("kh-radio", "kh-web")))
    assert chain.fed_by == ("aciar",)
    assert chain.chain() == ["kh-cardec", "kh-maff", "kh-farmers"]


def test_load_flows_by_flow_id_and_by_country(mini_store):
    assert [f.id for f in load_flows(mini_store, BASE, flow="kh-chain")] == ["kh-chain"]
    assert load_flows(mini_store, BASE, "LA") == []
    assert load_flows(mini_store, BASE, flow="nothing") == []


def test_countries_by_code(mini_store):
    assert countries(mini_store) == {"KH": "Cambodia", "LA": "Lao PDR"}


def test_flow_graph_layers_feeders_on_top_then_the_chain(chain):
    graph = flow_graph(chain)
    layers = {n: d["layer"] for n, d in graph.nodes(data=True)}
    assert layers == {"aciar": 0, "kh-cardec": 1, "kh-maff": 2, "kh-farmers": 3}
    assert graph.edges["kh-cardec", "kh-maff"]["channel_label"] == "CASIC"
    assert graph.edges["kh-maff", "kh-farmers"]["channel_labels"] == ["MAFF website", "Radio"]
    assert graph.edges["aciar", "kh-cardec"]["kind"] == "feeds"
    assert [graph.nodes[n]["position"] for n in chain.chain()] == [1, 2, 3]


def test_two_steps_between_the_same_actors_share_one_arrow():
    flow = Flow("f", "iri", "F", "KH", (Step(1, "a", "b", ("c1",)), Step(2, "b", "c"), Step(3, "a", "b", ("c2",), "again")))
    edge = flow_graph(flow).edges["a", "b"]
    assert (edge["order"], edge["channels"], edge["note"]) == (1, ["c1", "c2"], "again")


def test_flow_graph_can_group_many_feeders_into_one_node():
    flow = Flow("f", "iri", "F", "KH", (Step(1, "a", "b"),), fed_by=("x", "y", "z"))
    graph = flow_graph(flow, group_feeders=True)
    assert set(graph) == {"a", "b", "f--fed-by"}
    assert graph.nodes["f--fed-by"]["members"] == ["x", "y", "z"]


def test_branching_and_looping_chains_get_sensible_layers():
    flow = Flow("f", "iri", "F", "KH", (Step(1, "a", "b"), Step(2, "a", "c"), Step(3, "c", "d"), Step(4, "b", "d"),
                                        Step(5, "d", "a")))
    layers = {n: d["layer"] for n, d in flow_graph(flow).nodes(data=True)}
    assert layers == {"a": 0, "b": 1, "c": 1, "d": 2}
