"""The partner map in a real browser: the drawn network is the filtered map the API analyses."""

from __future__ import annotations

import httpx


def _map(site, **params) -> dict:
    """Node ids and relation count of the filtered map, from the API (the same filters as the page)."""
    body = httpx.get(site.base_url + "/api/analysis/centrality", params={**params, "limit": 0}).json()
    return {"nodes": {r["id"] for r in body["actors"]}, "edges": body["edges"]}


def test_whole_partner_map_draws_every_actor_and_relation(site, watched):
    expected = _map(site)
    watched.open("/diagrams/partners")
    watched.wait_for_networks()
    drawn = watched.network("net-partners")
    assert {n["id"] for n in drawn["nodes"]} == expected["nodes"]
    assert set(drawn["drawn"]) == expected["nodes"]
    pairs = {tuple(sorted((e["from"], e["to"]))) for e in drawn["edges"]}
    assert len(pairs) == expected["edges"], "one undirected pair per linked couple of actors"
    assert watched.page.locator(".legend li").count() >= 3
    watched.screenshot("partners-all")
    watched.assert_clean()


def test_country_filter_and_click_shows_details(site, watched):
    expected = _map(site, country="KH")
    watched.open("/diagrams/partners?country=KH")
    watched.wait_for_networks()
    drawn = watched.network("net-partners")
    assert {n["id"] for n in drawn["nodes"]} == expected["nodes"]
    assert "kh-itc" in expected["nodes"]
    core = {n["id"] for n in drawn["nodes"] if n["core"]}
    assert core and all("KH" in n["countries"] for n in drawn["nodes"] if n["id"] in core)
    # click ITC: the details panel names it and lists its relations as text
    watched.page.mouse.click(*watched.point_at("net-partners", "kh-itc"))
    details = watched.page.locator("#details-partners")
    details.locator("h3").wait_for()
    assert "Institute of Technology of Cambodia" in details.locator("h3").inner_text()
    assert details.locator("li").count() >= 1
    watched.screenshot("partners-KH")
    watched.assert_clean()


def test_relation_and_network_filters(site, watched):
    watched.open("/diagrams/partners?relation=member&relation=sub-organisation&hops=0")
    watched.wait_for_networks()
    kinds = {e["kind"] for e in watched.network("net-partners")["edges"]}
    assert kinds <= {"member", "sub-organisation"} and kinds
    checked = watched.page.eval_on_selector_all("input[name=relation]:checked", "els => els.map(e => e.value)")
    assert sorted(checked) == ["member", "sub-organisation"]
    watched.assert_clean()


def test_path_from_itc_to_gsp_when_both_are_in_the_data(site):
    response = httpx.get(site.base_url + "/api/analysis/path", params={"from": "kh-itc", "to": "gsp"})
    if response.status_code == 404:
        assert "gsp" in response.json()["detail"] or "kh-itc" in response.json()["detail"]
        return
    body = response.json()
    assert body["paths"], "ITC and the GSP are both in the map: they should be connected"
    first = body["paths"][0]
    assert first["actors"][0]["id"] == "kh-itc" and first["actors"][-1]["id"] == "gsp"
    assert len(first["hops"]) == body["length"]
