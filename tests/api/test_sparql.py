"""``/sparql`` against the SPARQL 1.1 Protocol, with real clients (SPARQLWrapper, rdflib's SPARQLStore, httpx)."""

from __future__ import annotations

import csv
import io
import json
import socket
import time
import urllib.parse
import warnings

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper

from tests.api.conftest import FIXTURE_MAX_ROWS, FIXTURE_TIMEOUT

SOILKG = Namespace("https://w3id.org/soilkg/def#")
KH_MINISTRIES = """SELECT ?m ?label WHERE { ?m a soilkg:Ministry ; soilkg:country/soilkg:iso3166Code "KH" ;
                   skos:prefLabel ?label FILTER(LANG(?label) = "en") } ORDER BY ?label"""
MAFF = "Ministry of Agriculture, Forestry and Fisheries"  # data/national/cambodia.yaml, kh-maff
YASGUI_SELECT = "application/sparql-results+json,*/*;q=0.9"
YASGUI_GRAPH = "text/turtle,*/*;q=0.9"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def labels(body: dict) -> list[str]:
    return [b["label"]["value"] for b in body["results"]["bindings"]]


@pytest.mark.parametrize(("method", "request_method"), [("GET", None), (POST, URLENCODED), (POST, POSTDIRECTLY)])
def test_sparqlwrapper_gets_the_same_answer_by_every_operation(data_server, method, request_method):
    client = SPARQLWrapper(f"{data_server}/sparql")
    client.setQuery(KH_MINISTRIES)
    client.setReturnFormat(JSON)
    client.setMethod(method)
    if request_method:
        client.setRequestMethod(request_method)
    assert MAFF in labels(client.queryAndConvert())


def test_sparqlwrapper_construct_as_turtle_and_ask_as_xml(data_server):
    client = SPARQLWrapper(f"{data_server}/sparql")
    client.setQuery("CONSTRUCT { ?m skos:prefLabel ?l } WHERE { ?m a soilkg:Ministry ; skos:prefLabel ?l }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")  # SPARQLWrapper gives Turtle as bytes
    assert MAFF in {str(o) for o in graph.objects()}, "CONSTRUCT through SPARQLWrapper lost the Cambodian ministry"
    client.setQuery("ASK { <https://w3id.org/soilkg/id/kh-maff> a soilkg:Ministry }")
    client.setReturnFormat(XML)
    assert client.queryAndConvert().getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize(("fmt", "form", "media"), [
    (JSON, "SELECT", "application/sparql-results+json"), (XML, "SELECT", "application/sparql-results+xml"),
    (CSV, "SELECT", "text/csv"), (TSV, "SELECT", "text/tab-separated-values"),
    (TURTLE, "CONSTRUCT", "text/turtle"), (N3, "CONSTRUCT", "text/turtle"), (XML, "CONSTRUCT", "application/rdf+xml"),
    (RDFXML, "CONSTRUCT", "application/rdf+xml"), (JSONLD, "CONSTRUCT", "application/ld+json"),
    (JSON, "CONSTRUCT", "application/ld+json"),
])
def test_sparqlwrapper_gets_every_return_format_it_asks_for(data_server, fmt, form, media):
    """SPARQLWrapper also sends format=/output=/results= (e.g. format=tsv&format=text/tab-separated-values)."""
    client = SPARQLWrapper(f"{data_server}/sparql")
    client.setQuery(KH_MINISTRIES if form == "SELECT" else
                    "CONSTRUCT { ?m skos:prefLabel ?l } WHERE { ?m a soilkg:Ministry ; skos:prefLabel ?l }")
    client.setReturnFormat(fmt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # SPARQLWrapper warns that it sends */* for JSON graphs
        result = client.query()
    assert result.info()["content-type"].split(";")[0] == media
    assert MAFF in result.response.read().decode("utf-8")


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_reads_the_graph(data_server, method):
    graph = Graph(store=SPARQLStore(f"{data_server}/sparql", method=method, returnFormat="xml"))
    maff = URIRef("https://w3id.org/soilkg/id/kh-maff")
    rows = list(graph.query("SELECT ?label WHERE { ?m <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }",
                            initBindings={"m": maff}))
    assert MAFF in {str(r[0]) for r in rows}
    assert (maff, None, None) in graph, "triple pattern lookups through SPARQLStore found nothing about kh-maff"


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    (YASGUI_SELECT, "application/sparql-results+json"),
    ("application/sparql-results+json,application/json,text/javascript,application/javascript",
     "application/sparql-results+json"),  # SPARQLWrapper's JSON
    ("application/sparql-results+xml, application/rdf+xml, */*", "application/sparql-results+xml"),
    ("text/turtle;q=1, application/sparql-results+xml;q=0.5", "application/sparql-results+xml"),
    ("text/*;q=0.5, text/csv;q=0", "text/tab-separated-values"),
    (BROWSER, "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
    (None, "application/sparql-results+json"),
])
def test_select_negotiates_a_results_format(data_server, accept, media, http):
    headers = {"Accept": accept} if accept else {}
    response = http.get(f"{data_server}/sparql", params={"query": KH_MINISTRIES}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]
    if media == "text/csv":  # lossy, so pyoxigraph does not parse it
        assert MAFF in {row["label"] for row in csv.DictReader(io.StringIO(response.text))}
        return
    parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(media))
    assert MAFF in {s["label"].value for s in parsed}


@pytest.mark.parametrize(("accept", "media"), [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"), ("application/rdf+xml", "application/rdf+xml"),
    (YASGUI_GRAPH, "text/turtle"), ("application/turtle,text/turtle", "text/turtle"),
    ("application/sparql-results+json,*/*;q=0.9", "text/turtle"),  # YASGUI's SELECT header on a CONSTRUCT
    ("application/sparql-results+xml, application/rdf+xml, */*", "application/rdf+xml"),
    ("application/json", "application/ld+json"), (None, "text/turtle"),
])
def test_construct_negotiates_a_graph_format(data_server, accept, media, http):
    query = "CONSTRUCT { ?m skos:prefLabel ?l } WHERE { ?m a soilkg:Ministry ; skos:prefLabel ?l }"
    response = http.post(f"{data_server}/sparql", content=query, headers={
        "Content-Type": "application/sparql-query", **({"Accept": accept} if accept else {})})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    triples = ox.parse(response.content, format=ox.RdfFormat.from_media_type(media))
    assert MAFF in {t.object.value for t in triples}


def test_describe_returns_rdf(data_server, http):
    response = http.get(f"{data_server}/sparql", params={"query": "DESCRIBE <https://w3id.org/soilkg/id/kh-maff>"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/turtle")
    assert MAFF in response.text


@pytest.mark.parametrize(("accept", "status"), [("text/html", 406), ("image/png", 406)])
def test_a_client_that_accepts_no_results_format_gets_406(data_server, accept, status, http):
    response = http.get(f"{data_server}/sparql", params={"query": KH_MINISTRIES}, headers={"Accept": accept})
    assert response.status_code == status
    assert "application/sparql-results+json" in response.json()["detail"]


def test_csv_is_not_a_graph_format(data_server, http):
    response = http.get(f"{data_server}/sparql", params={"query": "CONSTRUCT WHERE { ?s a soilkg:Ministry }"},
                         headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert "text/turtle" in response.json()["detail"]


@pytest.mark.parametrize(("kwargs", "status", "words"), [
    ({"params": {"query": "SELECT * WHERE { ?s ?p "}}, 400, "malformed query"),
    ({"params": {"query": ""}}, 400, "empty"),
    ({"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "exactly one"),
    ({"params": [("query", "ASK {}"), ("format", "yaml"), ("format", "toml")]}, 400, "unknown format"),
    ({"params": {"query": "ASK {}", "format": "yaml"}}, 400, "unknown format"),
    ({"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "absolute IRI"),
    ({"method": "POST", "params": {"query": "ASK {}"}, "data": {"query": "ASK {}"}}, 400, "both in the URL and"),
    ({"method": "POST", "params": {"query": "ASK {}"}, "content": "ASK {}",
      "headers": {"Content-Type": "application/sparql-query"}}, 400, "not also in the URL"),
    ({"method": "POST", "content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, "application/sparql-query"),
    ({"method": "POST", "content": "ASK {}"}, 415, "without Content-Type"),
    ({"method": "POST", "content": b"ASK { ?s ?p '\xff' }", "headers": {"Content-Type": "application/sparql-query"}},
     400, "not valid utf-8"),
    ({"method": "POST", "data": {"update": "DROP ALL"}}, 403, "read-only"),
    ({"method": "POST", "content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403, "read-only"),
    ({"params": {"query": "# a comment\nPREFIX x: <urn:x#>\nINSERT DATA { x:a x:b x:c }"}}, 403, "read-only"),
    ({"params": {"query": "SELECT * WHERE { SERVICE <http://169.254.169.254/latest> { ?s ?p ?o } }"}}, 400, "SERVICE"),
    ({"method": "POST", "data": {"query": "SELECT * { service silent ?endpoint { ?s ?p ?o } }"}}, 400, "SERVICE"),
])
def test_bad_requests_get_a_status_and_a_readable_message(data_server, kwargs, status, words, http):
    kwargs = dict(kwargs)
    response = http.request(kwargs.pop("method", "GET"), f"{data_server}/sparql", **kwargs)
    assert response.status_code == status, response.text
    assert words.lower() in response.json()["detail"].lower()


GRAPH_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s a soilkg:Ministry }"
REVIEW = "https://w3id.org/soilkg/graph/doc-soc-mainland-sea-review"


def count(http: httpx.Client, url: str, query: str, params=()) -> int:
    response = http.get(f"{url}/sparql", params=[("query", query), *params])
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_default_graph_uri_and_from_restrict_the_default_graph(data_server, http):
    union = count(http, data_server, GRAPH_QUERY)
    only_review = count(http, data_server, GRAPH_QUERY, [("default-graph-uri", REVIEW)])
    assert 0 < only_review <= union
    assert count(http, data_server, f"SELECT (COUNT(*) AS ?n) FROM <{REVIEW}> WHERE {{ ?s a soilkg:Ministry }}") == only_review
    assert count(http, data_server, GRAPH_QUERY, [("default-graph-uri", "urn:x-no-such-graph")]) == 0
    form = http.post(f"{data_server}/sparql", data={"query": GRAPH_QUERY, "default-graph-uri": REVIEW})
    direct = http.post(f"{data_server}/sparql", params={"default-graph-uri": REVIEW}, content=GRAPH_QUERY,
                       headers={"Content-Type": "application/sparql-query"})
    for response in (form, direct):
        assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == only_review
    # the protocol's dataset wins over the query's FROM (SPARQL 1.1 Protocol 2.1.4)
    assert count(http, data_server, f"SELECT (COUNT(*) AS ?n) FROM <{REVIEW}> WHERE {{ ?s a soilkg:Ministry }}",
                 [("default-graph-uri", "urn:x-no-such-graph")]) == 0


def test_named_graph_uri_limits_graph_patterns_and_empties_the_default_graph(data_server, http):
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(http, data_server, query) >= 3
    assert count(http, data_server, query, [("named-graph-uri", REVIEW)]) == 1
    assert count(http, data_server, GRAPH_QUERY, [("named-graph-uri", REVIEW)]) == 0
    from_named = f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{REVIEW}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(http, data_server, from_named) == 1


def test_cors_preflight_lets_a_browser_editor_post_a_query(data_server, http):
    preflight = http.options(f"{data_server}/sparql", headers={
        "Origin": "https://editor.example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "https://editor.example.org")
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    response = http.post(f"{data_server}/sparql", content=KH_MINISTRIES, headers={
        "Origin": "https://editor.example.org", "Content-Type": "application/sparql-query", "Accept": YASGUI_SELECT})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", "https://editor.example.org")
    error = http.get(f"{data_server}/sparql", params={"query": "SELECT"}, headers={"Origin": "https://editor.example.org"})
    assert error.status_code == 400 and "access-control-allow-origin" in error.headers, "errors must be readable cross-origin"


def test_service_description_in_turtle_and_a_page_for_browsers(data_server, http):
    response = http.get(f"{data_server}/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = URIRef(f"{data_server}/sparql")
    assert (endpoint, sd.endpoint, endpoint) in graph, "missing sd:endpoint in the service description"
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert len(set(graph.objects(endpoint, sd.resultFormat))) == 8
    names = {str(n) for n in graph.objects(None, sd.name)}
    assert REVIEW in names
    page = http.get(f"{data_server}/sparql", headers={"Accept": BROWSER})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'href="/editor"' in page.text
    assert http.get(f"{data_server}/sparql", headers={"Accept": "application/sparql-results+json"}).status_code == 400


def test_unicode_and_a_100_kb_query_by_post(data_server, http):
    padding = "# " + "ក" * 30_000 + "\n"  # 90 kB of Khmer in a comment
    query = padding + KH_MINISTRIES
    assert len(query.encode()) > 90_000
    direct = {"content": query.encode(), "headers": {"Content-Type": "application/sparql-query"}}
    for kwargs in ({"data": {"query": query}}, direct):
        response = http.post(f"{data_server}/sparql", **kwargs)
        assert response.status_code == 200, response.text[:200]
        assert MAFF in labels(response.json())


def raw_get(url: str, target: str) -> bytes:
    """GET ``target`` over a plain socket (httpx refuses URLs this long) and return the whole answer.

    The request goes out in 8 kB pieces, as over a real network: uvicorn's h11 parser with its default
    16 kB ``h11_max_incomplete_event_size`` then drops the connection without an answer.
    """
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    request = (f"GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: application/sparql-results+json\r\n"
               "Connection: close\r\n\r\n").encode()
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        for start in range(0, len(request), 8192):
            sock.sendall(request[start:start + 8192])
            time.sleep(0.0005)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_100_kb_query_by_get_is_answered_and_a_longer_one_gets_414(data_server):
    query = "#" + "x" * 100_000 + "\n" + KH_MINISTRIES
    answer = raw_get(data_server, "/sparql?query=" + urllib.parse.quote(query))
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head[:200]
    assert MAFF in {b["label"]["value"] for b in json.loads(body)["results"]["bindings"]}
    too_long = raw_get(data_server, "/sparql?query=" + urllib.parse.quote("#" + "x" * 250_000 + "\nASK {}"))
    assert too_long.startswith(b"HTTP/1.1 414"), too_long[:200]
    assert b"POST" in too_long


def test_a_slow_query_is_stopped_with_a_clear_error_and_the_next_one_works(fixture_server, http):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = http.get(f"{fixture_server}/sparql", params={"query": slow}, timeout=30)
    assert response.status_code == 503
    assert f"longer than {FIXTURE_TIMEOUT:g} s and was stopped" in response.json()["detail"]
    after = http.get(f"{fixture_server}/sparql", params={"query": "ASK { ?s a soilkg:Ministry }"})
    assert after.status_code == 200 and after.json()["boolean"] is True


def test_a_result_over_the_row_cap_is_refused_with_advice(fixture_server, http):
    response = http.get(f"{fixture_server}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 422
    assert f"more than {FIXTURE_MAX_ROWS} rows" in response.json()["detail"] and "LIMIT" in response.json()["detail"]
    capped = http.get(f"{fixture_server}/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {FIXTURE_MAX_ROWS}"})
    assert capped.status_code == 200 and len(capped.json()["results"]["bindings"]) == FIXTURE_MAX_ROWS
