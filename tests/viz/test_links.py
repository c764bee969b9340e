"""viz.links.diagrams_for: which diagrams an entity page links to."""

from __future__ import annotations

from viz_fixture import BASE

from viz.links import diagrams_for


def test_actor_of_a_flow_links_to_the_flow_and_partner_maps(mini_graph_store):
    links = dict(diagrams_for(BASE + "id/kh-maff", mini_graph_store, BASE))
    assert links["Flow diagram: Cambodia: research to farmers"] == "/diagrams/flows/KH?flow=kh-chain"
    assert links["Flow diagram (SVG): Cambodia: research to farmers"] == "/diagrams/flows/KH?flow=kh-chain&format=svg"
    assert links["Partner map around MAFF"] == "/diagrams/partners?focus=kh-maff"
    assert links["Partner map: Cambodia"] == "/diagrams/partners?country=KH"


def test_channel_and_feeder_link_to_the_flow(mini_graph_store):
    assert any("flow=kh-chain" in url for _t, url in diagrams_for(BASE + "id/kh-casic", mini_graph_store, BASE))
    assert any("flow=kh-chain" in url for _t, url in diagrams_for(BASE + "id/aciar", mini_graph_store, BASE))


def test_network_and_programme_get_their_own_maps(mini_graph_store):
    assert ("Partner map of IRC and its members", "/diagrams/partners?network=irc") in \
        diagrams_for(BASE + "id/irc", mini_graph_store, BASE)
    assert ("Partner map of Soil Doctor Program", "/diagrams/partners?programme=kh-prog") in \
        diagrams_for(BASE + "id/kh-prog", mini_graph_store, BASE)


def test_root_prefixes_urls_and_unknown_entities_get_nothing(mini_graph_store):
    assert all(url.startswith("/soil/") for _t, url in diagrams_for(BASE + "id/kh-itc", mini_graph_store, BASE, root="/soil"))
    assert diagrams_for(BASE + "id/nobody", mini_graph_store, BASE) == []
