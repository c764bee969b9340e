"""The dataset ``{base}dataset``: DCAT-AP complete, VoID partitions counted from the data, a page for people.

Counts are recomputed here from the store's quads (not with the service's queries); the publisher
comes from the settings; the dataset IRI is the same whichever host serves it.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SKOS

from api.app import create_app
from api.rdfdoc import per_generation
from api.settings import Settings
from graph.namespaces import Iris
from graph.store import GraphStore
from loaders.pipeline import Sources, load
from tests.server import running_server

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "api" / "data"
DATASET = URIRef("https://w3id.org/soilkg/dataset")
VOID = Namespace("http://rdfs.org/ns/void#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def turtle(http, url: str, **headers) -> Graph:
    response = http.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="turtle")


def distinct_triples(store: ox.Store) -> set[tuple]:
    return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)}


def test_the_dataset_iri_is_fixed_whichever_host_serves_it(fixture_server, http):
    port = fixture_server.rsplit(":", 1)[1]
    by_ip = turtle(http, f"{fixture_server}/dataset.ttl")
    by_name = turtle(http, f"http://localhost:{port}/dataset.ttl")
    for graph, host in ((by_ip, fixture_server), (by_name, f"http://localhost:{port}")):
        assert (DATASET, RDF.type, DCAT.Dataset) in graph and (DATASET, RDF.type, VOID.Dataset) in graph
        assert (DATASET, VOID.sparqlEndpoint, URIRef(f"{host}/sparql")) in graph, "access URLs are where it answers"
    redirect = http.get(f"{fixture_server}/dataset", headers={"Accept": "text/turtle"})
    assert redirect.status_code == 303 and redirect.headers["location"] == "/dataset.ttl"


def test_dcat_ap_mandatory_and_recommended_properties(fixture_server, fixture_store, http):
    graph = turtle(http, f"{fixture_server}/dataset.ttl")
    for prop in (DCTERMS.title, DCTERMS.description):
        assert any(o.language == "en" for o in graph.objects(DATASET, prop)), prop
    assert (DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph
    publisher = graph.value(DATASET, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph and graph.value(publisher, FOAF.name) == Literal(Settings().publisher)
    contact = graph.value(DATASET, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in graph and graph.value(contact, VCARD.fn) == Literal(Settings().publisher)
    assert graph.value(contact, VCARD.hasURL) is None, "no contact URL is invented when none is configured"
    version = http.get(f"{fixture_server}/openapi.json").json()["info"]["version"]
    assert graph.value(DATASET, DCAT.version) == Literal(version) == graph.value(DATASET, OWL.versionInfo)
    assert str(graph.value(DATASET, DCTERMS.identifier)) == fixture_store.content_hash()
    loaded = datetime.fromtimestamp((fixture_store.root / "CURRENT").stat().st_mtime).astimezone()
    for prop in (DCTERMS.issued, DCTERMS.modified):
        when = graph.value(DATASET, prop).toPython()
        assert isinstance(when, datetime) and abs((when - loaded).total_seconds()) < 1, prop
    assert set(graph.objects(DATASET, DCAT.theme)), "EU data themes"
    store = fixture_store.reader()
    subjects = {o for _, p, o in distinct_triples(store) if p.value == str(DCTERMS.subject)}
    labels = {q.object.value for c in subjects for q in store.quads_for_pattern(c, ox.NamedNode(str(SKOS.prefLabel)), None)
              if q.object.language == "en"}
    assert {str(k) for k in graph.objects(DATASET, DCAT.keyword)} == labels != set()
    places = {o.value for _, p, o in distinct_triples(store) if p.value == str(DCTERMS.spatial)}
    assert {str(s) for s in graph.objects(DATASET, DCTERMS.spatial)} == places != set()


def test_every_distribution_has_access_and_download_urls_that_answer(fixture_server, http):
    graph = turtle(http, f"{fixture_server}/dataset.ttl")
    distributions = set(graph.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 11, "ten dumps and the SPARQL endpoint"
    for dist in distributions:
        assert (dist, RDF.type, DCAT.Distribution) in graph and graph.value(dist, DCTERMS.license) is not None
        access = graph.value(dist, DCAT.accessURL)
        assert access is not None, f"{dist}: dcat:accessURL is mandatory in DCAT-AP"
        download = graph.value(dist, DCAT.downloadURL)
        if download is None:  # the SPARQL endpoint, through its data service
            service = graph.value(dist, DCAT.accessService)
            assert graph.value(service, DCAT.endpointURL) == access and (service, DCAT.servesDataset, DATASET) in graph
            answer = http.get(str(access), params={"query": "ASK { ?s ?p ?o }"},
                              headers={"Accept": "application/sparql-results+json"})
            assert answer.json()["boolean"] is True
            continue
        response = http.get(str(download))
        media = str(graph.value(dist, DCAT.mediaType)).rsplit("/media-types/", 1)[1]
        expected = "application/gzip" if (dist, DCAT.compressFormat, None) in graph else media
        assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == expected, download
        assert (DATASET, VOID.dataDump, download) in graph


def test_void_partitions_are_counted_from_the_data(fixture_server, fixture_store, http):
    graph = turtle(http, f"{fixture_server}/dataset.ttl")
    triples = distinct_triples(fixture_store.reader())
    instances: dict[str, set] = {}
    per_property: dict[str, int] = {}
    for s, p, o in triples:
        per_property[p.value] = per_property.get(p.value, 0) + 1
        if p.value == str(RDF.type):
            instances.setdefault(o.value, set()).add(s)
    classes = {str(graph.value(part, VOID["class"])): int(graph.value(part, VOID.entities))
               for part in graph.objects(DATASET, VOID.classPartition)}
    properties = {str(graph.value(part, VOID.property)): int(graph.value(part, VOID.triples))
                  for part in graph.objects(DATASET, VOID.propertyPartition)}
    assert classes == {c: len(s) for c, s in instances.items()}
    assert properties == per_property
    assert int(graph.value(DATASET, VOID.triples)) == len(triples) == sum(properties.values())
    assert int(graph.value(DATASET, VOID.classes)) == len(classes)
    assert int(graph.value(DATASET, VOID.distinctSubjects)) == len({s for s, _, _ in triples})
    store = fixture_store.reader()
    subsets = {str(s): int(graph.value(s, VOID.triples)) for s in graph.objects(DATASET, VOID.subset)}
    assert subsets == {g.value: len(list(store.quads_for_pattern(None, None, None, g)))
                       for g in {q.graph_name for q in store.quads_for_pattern(None, None, None, None)}}
    assert (URIRef("https://w3id.org/soilkg/graph/doc-fixture-a"), DCTERMS.source,
            URIRef("https://w3id.org/soilkg/id/doc-fixture-a")) in graph
    assert (DATASET, VOID.uriSpace, Literal("https://w3id.org/soilkg/id/")) in graph
    assert URIRef("https://w3id.org/soilkg/id/zz-ministry") in set(graph.objects(DATASET, VOID.exampleResource))


def test_partitions_are_computed_once_per_generation_and_follow_a_reload(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    store = GraphStore(tmp_path / "store")
    load(store, Sources(data, ROOT / "ontology"), Iris())
    app = create_app(Settings(store=store.root, query_workers=1))
    with TestClient(app) as client:
        before = Graph().parse(data=client.get("/dataset.nt").text, format="nt")
        first = per_generation(app, "void-partitions", never)
        client.get("/dataset.nt")
        assert per_generation(app, "void-partitions", never) is first, "the same generation is not counted twice"
        (data / "more.yaml").write_text(
            "- id: zz-second-ministry\n  kind: ministry\n  label: {en: Second fixture ministry}\n  country: ZZ\n"
            "  sources: [{file: fixture-a.txt, section: '9', quote: fixture}]\n", encoding="utf-8")
        assert load(store, Sources(data, ROOT / "ontology"), Iris())
        after = Graph().parse(data=client.get("/dataset.nt").text, format="nt")
    entities = [int(g.value(DATASET, VOID.entities)) for g in (before, after)]
    assert entities[1] > entities[0], "a new generation is counted again"
    assert per_generation(app, "void-partitions", never) is not first


def never(_reader):
    raise AssertionError("the cached value was built again for the same generation")


def test_the_publisher_and_contact_point_come_from_the_settings(fixture_store, http):
    settings = Settings(store=fixture_store.root, query_workers=1, publisher="Fixture consortium",
                        publisher_homepage="https://example.org/consortium", contact_url="https://example.org/issues",
                        contact_email="curators@example.org", dataset_issued="2025-01-31")
    with running_server(settings) as url:
        graph = turtle(http, f"{url}/dataset.ttl")
    publisher, contact = graph.value(DATASET, DCTERMS.publisher), graph.value(DATASET, DCAT.contactPoint)
    assert graph.value(publisher, FOAF.name) == Literal("Fixture consortium")
    assert graph.value(publisher, FOAF.homepage) == URIRef("https://example.org/consortium")
    assert graph.value(contact, VCARD.hasURL) == URIRef("https://example.org/issues")
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:curators@example.org")
    assert str(graph.value(DATASET, DCTERMS.issued)) == "2025-01-31"


@pytest.mark.parametrize("field", ["contact_url", "publisher_homepage"])
@pytest.mark.parametrize("value", ["example.org/issues", "https://exa mple.org/", "javascript:alert(1)"])
def test_a_contact_or_homepage_that_is_not_an_http_iri_is_refused(field, value):
    with pytest.raises(ValidationError, match="expected an http"):
        Settings(**{field: value})


@pytest.mark.parametrize(("accept", "media"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("*/*", "text/turtle"), (None, "text/turtle"), ("application/rdf+xml", "application/rdf+xml"),
    ("application/ld+json", "application/ld+json")])
def test_well_known_void_shows_a_browser_html_and_machines_rdf(fixture_server, http, accept, media):
    response = http.get(f"{fixture_server}/.well-known/void", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]
    if media != "text/html":
        fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}[media]
        assert (DATASET, RDF.type, VOID.Dataset) in Graph().parse(data=response.content, format=fmt)
    else:
        assert "<h1>Dataset" in response.text and 'href="/dataset.ttl"' in response.text


def test_routes_follow_a_base_iri_whose_path_is_not_the_root(tmp_path, http):
    base = "https://example.org/kg/soilkg/"
    store = GraphStore(tmp_path / "store")
    load(store, Sources(FIXTURE_DATA, ROOT / "ontology"), Iris(base))
    with running_server(Settings(store=store.root, base_iri=base, query_workers=1)) as url:
        dataset = turtle(http, f"{url}/dataset.ttl")
        node = URIRef(base + "dataset")
        assert (node, RDF.type, DCAT.Dataset) in dataset and (DATASET, None, None) not in dataset
        assert (node, VOID.uriSpace, Literal(base + "id/")) in dataset
        assert URIRef(base + "graph/doc-fixture-a") in set(dataset.objects(node, VOID.subset))
        graph = http.get(f"{url}/graph/doc-fixture-a", headers={"Accept": "text/turtle"}, follow_redirects=True)
        described = Graph().parse(data=graph.text, format="turtle")
        assert (URIRef(base + "graph/doc-fixture-a"), DCTERMS.source, URIRef(base + "id/doc-fixture-a")) in described
        entity = Graph().parse(data=http.get(f"{url}/id/zz-ministry.ttl").text, format="turtle")
        assert (URIRef(base + "id/zz-ministry"), SKOS.prefLabel, None) in entity
        page = http.get(f"{url}/doc/zz-ministry.html").text
        assert 'href="/id/zz-network"' in page and 'href="/vocab/topics/soil-organic-carbon"' in page
        assert 'href="/id/doc-fixture-a"' in page, "sources link the document record under the base"
        assert http.get(f"{url}/def", headers={"Accept": "text/turtle"}).status_code == 200, "the ontology IRI is fixed"
        assert f"<code>{base}id/</code>" in http.get(f"{url}/dataset.html").text


@pytest.mark.parametrize("path", ["/def", "/def.ttl", "/vocab/topics", "/graph/ontology", "/dataset", "/dataset.ttl",
                                  "/.well-known/void", "/context/latest.jsonld", "/id/zz-ministry", "/dumps/soilkg.ttl"])
def test_with_nothing_loaded_every_linked_data_route_says_so(tmp_path, path):
    with TestClient(create_app(Settings(store=tmp_path / "empty-store", query_workers=1))) as client:
        response = client.get(path, headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert response.status_code == 503 and "empty" in response.text, (path, response.status_code, response.text[:200])


def test_head_answers_like_get_without_a_body(fixture_server, http):
    for path in ("/def", "/dataset.ttl", "/vocab/topics.jsonld", "/graph/inferred.nt"):
        get, head = http.get(fixture_server + path), http.head(fixture_server + path)
        assert head.status_code == get.status_code == 200 and head.content == b"", path
        assert head.headers["content-type"] == get.headers["content-type"], path
