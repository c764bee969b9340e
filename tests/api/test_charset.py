"""One charset parameter per response, everywhere (issue 11: ``/sparql`` CSV/TSV sent ``charset=utf-8; charset=utf-8``).

Walks every GET route of the OpenAPI schema (path and required parameters from the schema's examples,
each value of a format parameter), asks the routes that negotiate (``Vary: Accept``) for the media
types that lead to different answers, and adds the SPARQL protocol (each query form and format, GET
and POST, errors), the linked-data documents in every extension and the pages. Every answer, errors
included, must carry at most one ``charset``, and a ``text/*`` answer exactly one.
"""

from __future__ import annotations

import re

import pytest

ACCEPTS = ["*/*", "text/html", "application/json", "text/csv", "text/tab-separated-values", "text/turtle",
           "application/ld+json", "application/n-triples", "application/rdf+xml", "application/sparql-results+json",
           "application/sparql-results+xml", "application/trig", "application/n-quads", "text/plain", "image/png"]
FEW_ACCEPTS = ["text/html", "text/csv", "text/tab-separated-values", "text/turtle", "application/ld+json", "image/png"]
EXTENSIONS = ["html", "ttl", "jsonld", "json", "nt", "rdf", "trig", "nq"]
PATH_VALUES = {"path": "kh-maff", "country": "KH", "name": "soilkg.ttl", "ext": "ttl", "fmt": "graphml",
               "version": "0.0.0-unknown"}
SELECT = "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } LIMIT 3"
CONSTRUCT = "CONSTRUCT { ?s skos:prefLabel ?label } WHERE { ?s skos:prefLabel ?label } LIMIT 3"


def check(response, what: str) -> None:
    content_type = response.headers.get("content-type", "")
    charsets = len(re.findall(r"charset=", content_type, re.IGNORECASE))
    assert charsets <= 1, f"{what}: {response.status_code} {content_type!r}"
    if content_type.startswith("text/"):
        assert charsets == 1, f"{what}: {response.status_code} {content_type!r} names no charset"


def _example(param: dict) -> str | None:
    schema = param.get("schema", {})
    for value in (*schema.get("examples", []), *[e.get("value") for e in param.get("examples", {}).values()]):
        if value is not None:
            return str(value)
    return PATH_VALUES.get(param["name"])


def openapi_requests(spec: dict) -> list[tuple[str, dict, bool]]:
    """(path, query parameters, negotiate?) for every GET route: required values from the examples, then each
    value of a format parameter (the other enumerations choose rows, not media types)."""
    out = []
    for template, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        params = operations["get"].get("parameters", [])
        path = template
        for p in params:
            if p["in"] == "path":
                path = path.replace("{" + p["name"] + "}", _example(p) or "x")
        required = {p["name"]: _example(p) or "x" for p in params if p["in"] == "query" and p.get("required")}
        out.append((path, required, True))
        for p in params:
            if "format" in p["name"]:
                out += [(path, {**required, p["name"]: value}, False) for value in p.get("schema", {}).get("enum", [])]
    return out


def test_every_openapi_route_sends_one_charset(data_server, http):
    spec = http.get(f"{data_server}/openapi.json").json()
    requests = openapi_requests(spec)
    assert len({path for path, _, _ in requests}) >= 40, "every route is walked"
    negotiating, families = 0, set()
    for path, params, negotiate in requests:
        response = http.get(data_server + path, params=params)
        check(response, f"GET {path} {params}")
        family = path.rsplit("/", 1)[0] if path.startswith("/api/queries/") else path  # one named query stands for all
        if negotiate and family not in families and "accept" in response.headers.get("vary", "").lower():
            families.add(family)
            negotiating += 1
            for accept in FEW_ACCEPTS:
                check(http.get(data_server + path, params=params, headers={"Accept": accept}), f"GET {path} {params} {accept}")
    assert negotiating >= 5


@pytest.mark.parametrize("query", [SELECT, "ASK { ?s ?p ?o }", CONSTRUCT, "SELECT * WHERE { ?s ?p",
                                   "INSERT DATA { <a:b> <a:b> 1 }"])
def test_the_sparql_protocol_sends_one_charset_in_every_format(data_server, http, query):
    for accept in ACCEPTS if query == SELECT else FEW_ACCEPTS:
        check(http.get(f"{data_server}/sparql", params={"query": query}, headers={"Accept": accept}), f"{query} {accept}")
    for accept in FEW_ACCEPTS:
        check(http.post(f"{data_server}/sparql", data={"query": query}, headers={"Accept": accept}), f"POST {query} {accept}")
    for name in ("json", "xml", "csv", "tsv", "turtle", "nt", "jsonld", "rdfxml", "nonsense"):
        check(http.get(f"{data_server}/sparql", params={"query": query, "format": name}), f"{query} format={name}")


def test_issue_11_sparql_csv_and_tsv_name_their_charset_once(data_server, http):
    for media in ("text/csv", "text/tab-separated-values"):
        response = http.get(f"{data_server}/sparql", params={"query": SELECT}, headers={"Accept": media})
        assert response.status_code == 200 and response.headers["content-type"] == f"{media}; charset=utf-8"


@pytest.mark.parametrize("stem", ["/id/kh-maff", "/doc/kh-maff", "/def", "/vocab/topics", "/vocab/topics/soil-organic-carbon",
                                  "/graph/inferred", "/dataset", "/context/latest", "/id/no-such-thing"])
def test_linked_data_documents_send_one_charset(data_server, http, stem):
    for accept in ("*/*", "text/html", "text/turtle", "application/ld+json", "application/trig", "image/png"):
        check(http.get(data_server + stem, headers={"Accept": accept}, follow_redirects=True), f"{stem} {accept}")
    for ext in EXTENSIONS:
        check(http.get(f"{data_server}{stem}.{ext}", follow_redirects=True), f"{stem}.{ext}")


def test_dumps_send_one_charset(fixture_server, http):
    for name in ("ttl", "nt", "jsonld", "nq", "trig", "ttl.gz", "xml"):
        check(http.get(f"{fixture_server}/dumps/soilkg.{name}"), name)


@pytest.mark.parametrize("path", ["/", "/editor", "/docs", "/sparql", "/.well-known/void", "/static/soilkg.css",
                                  "/static/home.js", "/no-such-page"])
def test_pages_and_static_files_send_one_charset(data_server, http, path):
    for accept in ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "*/*", "text/turtle"):
        check(http.get(data_server + path, headers={"Accept": accept}), f"{path} {accept}")
