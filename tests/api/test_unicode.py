"""Names in Khmer, Lao, Thai and Vietnamese come back intact in every format (fixture records, country ZZ)."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "api" / "data" / "records.yaml"
MINISTRY = next(r for r in yaml.safe_load(FIXTURE.read_text(encoding="utf-8")) if r["id"] == "zz-ministry")
NAMES = {(lang, text) for lang, text in MINISTRY["label"].items()}
SCRIPTS = {"km", "lo", "th", "vi"}
IRI = "https://w3id.org/soilkg/id/zz-ministry"
SELECT = f"SELECT ?label WHERE {{ <{IRI}> skos:prefLabel ?label }}"
CONSTRUCT = f"CONSTRUCT {{ <{IRI}> skos:prefLabel ?label }} WHERE {{ <{IRI}> skos:prefLabel ?label }}"


def test_the_fixture_has_every_script():
    assert {lang for lang, _ in NAMES} >= SCRIPTS


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml",
                                   "text/tab-separated-values"])
def test_select_results_keep_every_script(fixture_server, http, media):
    response = http.get(f"{fixture_server}/sparql", params={"query": SELECT}, headers={"Accept": media})
    assert response.headers["content-type"].startswith(media) and "charset=utf-8" in response.headers["content-type"]
    parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(media))
    assert {(s["label"].language, s["label"].value) for s in parsed} == NAMES


def test_csv_results_keep_every_script(fixture_server, http):
    response = http.post(f"{fixture_server}/sparql", data={"query": SELECT}, headers={"Accept": "text/csv"})
    assert {row["label"] for row in csv.DictReader(io.StringIO(response.text))} == {text for _, text in NAMES}


@pytest.mark.parametrize("media", ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"])
def test_graph_results_keep_every_script(fixture_server, http, media):
    response = http.post(f"{fixture_server}/sparql", content=CONSTRUCT.encode(),
                         headers={"Content-Type": "application/sparql-query", "Accept": media})
    assert response.status_code == 200
    triples = ox.parse(response.content, format=ox.RdfFormat.from_media_type(media))
    assert {(t.object.language, t.object.value) for t in triples} == NAMES


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_query_written_in_khmer_finds_its_literal(fixture_server, http, method):
    query = f'ASK {{ <{IRI}> skos:prefLabel "{MINISTRY["label"]["km"]}"@km }}'
    kwargs = {"params": {"query": query}} if method == "GET" else {"data": {"query": query}}
    assert http.request(method, f"{fixture_server}/sparql", **kwargs).json()["boolean"] is True


@pytest.mark.parametrize("ext", ["ttl", "nt", "jsonld", "rdf", "nq", "trig"])
def test_entity_documents_keep_every_script(fixture_server, http, ext):
    response = http.get(f"{fixture_server}/doc/zz-ministry.{ext}")
    quads = ox.parse(response.content, format=ox.RdfFormat.from_extension(ext))
    found = {(q.object.language, q.object.value) for q in quads
             if q.subject.value == IRI and q.predicate.value.endswith("#prefLabel")}
    assert found == NAMES


def test_the_page_shows_every_name_with_its_language(fixture_server, http):
    html = http.get(f"{fixture_server}/doc/zz-ministry.html").text
    for lang, text in NAMES:
        assert f'<td lang="{lang}">{text}</td>' in html


def test_dumps_keep_every_script(fixture_server, http):
    text = gzip.decompress(http.get(f"{fixture_server}/dumps/soilkg.nt.gz").content).decode("utf-8")
    for lang, name in NAMES:
        assert f'"{name}"@{lang}' in text


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_search_finds_each_script(fixture_server, http, lang):
    hits = http.get(f"{fixture_server}/api/search", params={"q": MINISTRY["label"][lang]}).json()["results"]
    assert hits[0]["id"] == "zz-ministry" and hits[0]["match"] == "exact"
    assert hits[0]["matched"] == MINISTRY["label"][lang]
