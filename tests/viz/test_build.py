"""viz.build: SPARQL to networkx, and the partner-map filters."""

from __future__ import annotations

import pytest
from viz_fixture import BASE, EXPECTED_RELATIONS

from viz.build import PartnerFilter, UnknownNode, entities, filter_graph, partner_graph, simple_undirected


@pytest.fixture(scope="module")
def graph(mini_store):
    return partner_graph(mini_store, BASE)


def test_partner_graph_has_exactly_the_relations_of_the_fixture(graph):
    got = {(u, k, v) for u, v, k in graph.edges(keys=True)}
    assert got == EXPECTED_RELATIONS


def test_nodes_carry_label_short_kind_and_countries(graph):
    itc = graph.nodes["kh-itc"]
    assert (itc["label"], itc["short"], itc["kind"], itc["countries"]) == \
        ("Institute of Technology of Cambodia", "ITC", "University", ["KH"])
    assert graph.nodes["irc"]["countries"] == ["KH", "LA"]
    assert graph.nodes["gsp"]["countries"] == []


def test_kind_is_the_most_specific_class_even_with_inferred_superclasses(graph):
    assert graph.nodes["kh-maff"]["kind"] == "Ministry"


def test_entities_fall_back_to_label_when_there_is_no_acronym(mini_store):
    known = entities(mini_store, BASE)
    assert known[BASE + "id/kh-farmers"].short == "farmers (Cambodia)"
    assert known[BASE + "id/kh-site"].kind == "ResearchStation"


def test_country_filter_keeps_the_country_and_one_hop_of_partners(graph):
    core = {n for n, d in graph.nodes(data=True) if "LA" in d["countries"]}
    assert core == {"la-nafri", "la-lonely", "irc"}
    none = filter_graph(graph, PartnerFilter(country="LA", hops=0))
    assert set(none) == core
    one = filter_graph(graph, PartnerFilter(country="LA", hops=1))
    assert set(one) == core | {"gsp", "kh-itc", "kh-rua"}
    assert one.nodes["gsp"]["core"] is False and one.nodes["la-nafri"]["core"] is True


def test_network_filter_keeps_the_network_and_its_members(graph):
    sub = filter_graph(graph, PartnerFilter(network="irc", hops=0))
    assert set(sub) == {"irc", "kh-itc", "kh-rua", "la-nafri"}


def test_programme_filter_keeps_leaders_participants_and_supporters(graph):
    sub = filter_graph(graph, PartnerFilter(programme="kh-prog", hops=0))
    assert set(sub) == {"kh-prog", "kh-maff", "kh-rua", "fao", "aciar"}


def test_relation_filter_keeps_only_those_kinds(graph):
    sub = filter_graph(graph, PartnerFilter(relations=frozenset({"member"})))
    assert {k for *_e, k in sub.edges(keys=True)} == {"member"}
    assert set(sub) == {"kh-itc", "kh-rua", "la-nafri", "irc", "gsp"}


def test_filters_intersect(graph):
    sub = filter_graph(graph, PartnerFilter(country="KH", network="irc", hops=0))
    assert set(sub) == {"irc", "kh-itc", "kh-rua"}


def test_unknown_node_in_a_filter_is_reported(graph):
    with pytest.raises(UnknownNode):
        filter_graph(graph, PartnerFilter(focus="nobody"))


def test_simple_undirected_merges_relations_between_a_pair(graph):
    simple = simple_undirected(graph)
    assert simple.edges["fao", "kh-prog"]["kinds"] == ["funding"]
    assert simple.edges["kh-cardec", "kh-maff"]["kinds"] == ["information", "sub-organisation"]
    assert simple.edges["kh-cardec", "kh-maff"]["weight"] == 2
