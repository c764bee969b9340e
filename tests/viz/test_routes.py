"""The /diagrams and /api/analysis routes on the small fixture graph (no browser)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from viz_fixture import EXPECTED_RELATIONS

from api.app import create_app
from api.settings import Settings


@pytest.fixture(scope="module")
def client(mini_graph_store) -> TestClient:
    return TestClient(create_app(Settings(store=mini_graph_store.root)))


def test_centrality_json_matches_networkx(client):
    by_hand = nx.Graph((u, v) for u, _k, v in EXPECTED_RELATIONS)
    expected = nx.betweenness_centrality(by_hand)
    body = client.get("/api/analysis/centrality", params={"limit": 0}).json()
    assert {r["id"]: r["betweenness"] for r in body["actors"]} == pytest.approx(expected, abs=1e-6)


def test_path_from_itc_to_gsp(client):
    body = client.get("/api/analysis/path", params={"from": "kh-itc", "to": "https://w3id.org/soilkg/id/gsp"}).json()
    assert body["length"] == 3
    assert body["paths"][0]["actors"][1]["id"] == "irc"


def test_filters_apply_to_every_analysis(client):
    body = client.get("/api/analysis/fragile", params={"country": "la", "hops": 0}).json()
    assert {r["id"] for r in body["fragile"]} == {"la-lonely", "irc"}  # irc keeps one partner (la-nafri) in LA
    members = client.get("/api/analysis/communities", params={"relation": "member,collaborates"}).json()
    assert {m["id"] for c in members["communities"] for m in c["members"]} == \
        {"kh-itc", "kh-rua", "la-nafri", "la-lonely", "irc", "gsp", "fao"}


def test_errors_are_clear(client):
    assert client.get("/api/analysis/path", params={"from": "kh-itc", "to": "nobody"}).status_code == 404
    assert client.get("/api/analysis/centrality", params={"relation": "friendship"}).status_code == 422
    assert client.get("/api/analysis/centrality", params={"hops": 9}).status_code == 422
    assert client.get("/api/analysis/export.dot").status_code == 404
    assert client.get("/diagrams/flows/XX").status_code == 404
    assert client.get("/diagrams/flows/KH", params={"flow": "nope"}).status_code == 404
    assert client.get("/diagrams/partners", params={"focus": "nobody"}).status_code == 404


@pytest.mark.parametrize(("fmt", "media"), [("graphml", "application/graphml+xml"), ("gexf", "application/gexf+xml")])
def test_exports(client, fmt, media):
    response = client.get(f"/api/analysis/export.{fmt}", params={"network": "irc"})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    ET.fromstring(response.content)


def test_diagram_pages_and_svg(client):
    for path in ("/", "/editor", "/diagrams/flows", "/diagrams/flows/KH", "/diagrams/flows/KH/compare",
                 "/diagrams/partners", "/diagrams/partners?network=irc&relation=member&relation=operates"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
    svg = client.get("/diagrams/flows/KH", params={"format": "svg"})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    ET.fromstring(svg.content)
    assert client.get("/diagrams/flows", params={"format": "svg"}).status_code == 200


def test_empty_store_answers_503(tmp_path):
    client = TestClient(create_app(Settings(store=tmp_path / "empty")))
    assert client.get("/api/analysis/centrality").status_code == 503
    assert client.get("/diagrams/flows").status_code == 503
