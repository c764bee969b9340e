"""The query reader on its own (no network namespace behind it): what it refuses and what it reads."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from api.catalog import load_catalog
from graph.namespaces import PREFIXES
from graph.sparql_text import QueryRefused, read_query
from tests.conftest import ROOT
from tests.security.corpus import NOT_SERVICE, SERVICE_SPELLINGS

BASE = "http://127.0.0.1:8000/sparql"


def fill(template: str) -> str:
    return template.replace("{L}", "http://127.0.0.1:9/sparql").replace("{P}", "http://127.0.0.1:9/").replace("{port}", "9")


@pytest.mark.parametrize("name", SERVICE_SPELLINGS)
def test_the_reader_alone_refuses_every_service_spelling(name):
    with pytest.raises(QueryRefused) as refused:
        read_query(fill(SERVICE_SPELLINGS[name]), PREFIXES, BASE)
    assert refused.value.status == 400


@pytest.mark.parametrize("name", NOT_SERVICE)
def test_the_reader_lets_service_like_text_through(name):
    assert not read_query(NOT_SERVICE[name], PREFIXES, BASE).given


def test_every_named_query_passes_the_reader():
    catalog = load_catalog(ROOT / "queries")
    for query in catalog.values():
        for text in (query.sparql, *query.enum_queries.values()):
            read_query(text, PREFIXES, None)


@pytest.mark.parametrize(("query", "status"), [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403),
    ("# c\nPREFIX x: <urn:x#>\nDELETE WHERE { ?s ?p ?o }", 403),
    ("BASE <http://a/> LOAD <http://b/>", 403),
    ("SELECT * WHERE { ?s ?p 'unterminated }", 400),
    ("SELECT * WHERE { ?s ?p \"line\nbreak\" }", 400),
    ("SELECT * WHERE { ?s nope:p ?o }", 400),
    ("SELECT * WHERE { ?s <a b> ?o }", 400),
    ("SELECTDISTINCT * WHERE {}", 400),
    ("SELECT * FROMNAMED <urn:g> WHERE {}", 400),
    ("PREFIX e: <urn:> SELECT * FROM NAMEDe:g WHERE {}", 400),
    ("PREFIX e: <urn:> SELECT * FROM:g WHERE {}", 400),
    ("{ ?s ?p ?o }", 400),
])
def test_what_the_reader_refuses(query, status):
    with pytest.raises(QueryRefused) as refused:
        read_query(query, {"": "urn:"}, BASE)
    assert refused.value.status == status


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b&&?b>?a) }",
    "SELECT * WHERE { ?s <urn:p> (?x <urn:a#b>) }",
    "SELECT * WHERE { VALUES (?a ?b) { (<http://x#a> <http://x#b>) } }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c HAVING (COUNT(*) > 1) ORDER BY DESC(?n) LIMIT 3",
    "SELECT * WHERE { ?s ?p '''a''b''' ; ?q \"\"\"x\"y\"\"\" ; ?r 'it\\'s' . FILTER(?x >= -1.5e3) }",
    "SELECT * WHERE { BIND(<<( <urn:a> <urn:b> <urn:c> )>> AS ?t) ?s ?p <<?a ?b ?c>> }",
    "SELECT * WHERE { ?s <urn:p>?o . ?s (<urn:a>|^<urn:b>)/<urn:c>* ?o2 FILTER NOT EXISTS { ?s ?p ?o } }",
    "CONSTRUCT { <s> <p> <o> } WHERE {}",
    "DESCRIBE <urn:x> ?y WHERE { ?y ?p ?o }",
    "ASK{}",
])
def test_queries_the_engine_accepts_pass_the_reader(query):
    ox.Store().query(query, base_iri=BASE)  # the engine accepts it
    read_query(query, PREFIXES, BASE)


def test_from_iris_resolve_like_the_engine():
    dataset = read_query("BASE <http://a/b/> PREFIX g: <c/> SELECT * FROM <../d> FROM g:e FROM NAMED <f#x> {}", {}, None)
    assert dataset.default_graphs == ("http://a/d", "http://a/b/c/e")
    assert dataset.named_graphs == ("http://a/b/f#x",)
