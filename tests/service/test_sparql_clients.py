"""The /sparql endpoint answers a real client (SPARQLWrapper) over HTTP on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import yaml
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from api.catalog import load_catalog
from graph.namespaces import Iris

ROOT = Path(__file__).resolve().parents[2]
MINISTRIES = ("SELECT ?m ?label WHERE { ?m a soilkg:Ministry ; soilkg:country ?c ; skos:prefLabel ?label . "
              "?c soilkg:iso3166Code 'KH' } ORDER BY ?label")


def cambodian_ministries() -> set[str]:
    records = yaml.safe_load((ROOT / "data" / "national" / "cambodia.yaml").read_text(encoding="utf-8"))
    return {r["label"]["en"] for r in records if r["kind"] == "ministry"}


def client(url: str, query: str, fmt: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(f"{url}/sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    return wrapper


def test_select_as_json(repo_server):
    rows = client(repo_server, MINISTRIES, JSON).queryAndConvert()["results"]["bindings"]
    assert {r["label"]["value"] for r in rows} == cambodian_ministries()
    assert all(r["label"]["xml:lang"] == "en" for r in rows)


def test_select_as_xml(repo_server):
    document = client(repo_server, MINISTRIES, XML).queryAndConvert()
    labels = {node.firstChild.data for node in document.getElementsByTagName("literal")}
    assert labels == cambodian_ministries()


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_select_as_csv_and_tsv(repo_server, fmt, delimiter):
    text = client(repo_server, MINISTRIES, fmt).queryAndConvert().decode()
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    labels = {row[1] for row in rows[1:]}
    if fmt == TSV:  # TSV carries terms in Turtle syntax
        assert rows[0] == ["?m", "?label"]
        labels = {label.removesuffix("@en").strip('"') for label in labels}
    assert labels == cambodian_ministries()


def test_ask_in_json_and_xml(repo_server):
    query = "ASK WHERE { ?m soilkg:iso3166Code 'KH' }"
    assert client(repo_server, query, JSON).queryAndConvert()["boolean"] is True
    document = client(repo_server, query, XML).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("media", ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"])
def test_construct_in_every_rdf_format(repo_server, media):
    query = "CONSTRUCT { ?m skos:prefLabel ?l } WHERE { ?m a soilkg:Ministry ; skos:prefLabel ?l }"
    response = httpx.get(f"{repo_server}/sparql", params={"query": query}, headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    triples = list(ox.parse(response.content, format=ox.RdfFormat.from_media_type(media)))
    assert cambodian_ministries() <= {t.object.value for t in triples}


def test_construct_through_sparqlwrapper_as_turtle(repo_server):
    graph = client(repo_server, "CONSTRUCT WHERE { ?m a soilkg:Ministry }", TURTLE).queryAndConvert()
    assert len(graph) >= len(cambodian_ministries())


@pytest.mark.parametrize("update", ["DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "PREFIX x: <urn:x#>\nDELETE WHERE { ?s ?p ?o }"])
def test_updates_are_refused_and_change_nothing(repo_server, update):
    before = client(repo_server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON).queryAndConvert()
    for response in (
        httpx.post(f"{repo_server}/sparql", data={"update": update}),
        httpx.post(f"{repo_server}/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
        httpx.post(f"{repo_server}/sparql", content=update, headers={"Content-Type": "application/sparql-query"}),
        httpx.get(f"{repo_server}/sparql", params={"query": update}),
    ):
        assert response.status_code == 403, response.text
        assert "read-only" in response.json()["detail"]
    after = client(repo_server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON).queryAndConvert()
    assert before == after


def test_malformed_query_is_a_400_with_a_message(repo_server):
    response = httpx.get(f"{repo_server}/sparql", params={"query": "SELECT * WHERE { ?s ?p "}, headers={"Accept": "*/*"})
    assert response.status_code == 400
    assert "malformed query" in response.json()["detail"]


def test_the_cambodian_extension_chain_comes_back_in_the_source_order(repo_server):
    records = yaml.safe_load((ROOT / "data" / "national" / "cambodia.yaml").read_text(encoding="utf-8"))
    [chain] = [r for r in records if r["id"] == "kh-extension-chain"]
    expected = [(s["from"], s["to"]) for s in chain["steps"]]
    query = """SELECT ?order ?from ?to WHERE {
        ?flow soilkg:hasStep ?step . ?step soilkg:order ?order ; soilkg:stepFrom ?from ; soilkg:stepTo ?to .
        FILTER(?flow = <https://w3id.org/soilkg/id/kh-extension-chain>) } ORDER BY ?order"""
    rows = client(repo_server, query, JSON).queryAndConvert()["results"]["bindings"]
    got = [(r["from"]["value"].rsplit("/", 1)[1], r["to"]["value"].rsplit("/", 1)[1]) for r in rows]
    assert got == expected
    assert [int(r["order"]["value"]) for r in rows] == list(range(1, len(expected) + 1))


def test_the_programmes_question_for_cambodia_over_http(repo_server):
    named = load_catalog(ROOT / "queries")["programmes_by_topic_and_country"]
    query = named.render({"country": "KH", "topic": "land-degradation"}, Iris())
    response = httpx.post(f"{repo_server}/sparql", data={"query": query}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text
    found = {b["programme"]["value"].rsplit("/", 1)[1] for b in json.loads(response.text)["results"]["bindings"]}
    records = yaml.safe_load((ROOT / "data" / "national" / "cambodia.yaml").read_text(encoding="utf-8"))
    tagged = {r["id"] for r in records if "land-degradation" in r.get("topics", []) and
              r["kind"] in ("action-programme", "policy", "programme", "plan")}
    assert tagged and tagged <= found


def test_a_query_past_its_time_limit_is_stopped_and_the_server_goes_on(repo_server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = httpx.get(f"{repo_server}/sparql", params={"query": slow}, timeout=30)
    assert response.status_code == 503
    assert "was stopped" in response.json()["detail"]
    assert client(repo_server, MINISTRIES, JSON).queryAndConvert()["results"]["bindings"]
