"""Entity IRIs dereference (303 to a negotiated document, extensions), pages escape, dumps and VoID describe it all."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Graph, URIRef

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/soilkg/id/"
RDF_TYPES = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
             "rdf": "application/rdf+xml", "trig": "application/trig", "nq": "application/n-quads"}


def cambodia() -> dict[str, dict]:
    return {r["id"]: r for r in yaml.safe_load((ROOT / "data" / "national" / "cambodia.yaml").read_text(encoding="utf-8"))}


@pytest.mark.parametrize(("accept", "ext"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"), ("*/*", "html"), (None, "html"),
    ("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"), ("application/trig", "trig"), ("application/n-quads", "nq"),
    ("application/rdf+xml;q=0.5, text/turtle", "ttl"),
])
def test_an_entity_iri_answers_303_to_the_negotiated_document(data_server, http, accept, ext):
    response = http.get(f"{data_server}/id/kh-maff", headers={"Accept": accept} if accept else {})
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/kh-maff.{ext}"
    assert "Accept" in response.headers["vary"]
    document = http.get(f"{data_server}{response.headers['location']}")
    assert document.status_code == 200
    assert document.headers["content-type"].split(";")[0] == RDF_TYPES.get(ext, "text/html")


@pytest.mark.parametrize("ext", sorted(RDF_TYPES))
def test_every_rdf_format_carries_the_curated_facts(data_server, http, ext):
    maff = cambodia()["kh-maff"]
    for path in (f"/id/kh-maff.{ext}", f"/doc/kh-maff.{ext}"):
        response = http.get(f"{data_server}{path}")
        assert response.status_code == 200, path
        assert response.headers["content-location"] == f"/doc/kh-maff.{ext}"
        quads = list(ox.parse(response.content, format=ox.RdfFormat.from_media_type(RDF_TYPES[ext])))
        about = {(q.predicate.value, q.object.value) for q in quads if q.subject.value == ID + "kh-maff"}
        assert ("http://www.w3.org/2004/02/skos/core#prefLabel", maff["label"]["en"]) in about
        assert ("https://w3id.org/soilkg/def#acronym", "MAFF") in about
        incoming = {q.subject.value for q in quads if q.object.value == ID + "kh-maff"}
        assert ID + "kh-gda" in incoming, "incoming links (kh-gda part_of kh-maff) are part of the description"
        if ext in ("trig", "nq"):
            assert {q.graph_name.value for q in quads if q.subject.value == ID + "kh-maff"} >= {
                "https://w3id.org/soilkg/graph/doc-soc-mainland-sea-review"}


def test_doc_without_extension_negotiates_and_names_the_variant(data_server, http):
    response = http.get(f"{data_server}/doc/kh-maff", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.headers["content-location"] == "/doc/kh-maff.jsonld"
    assert "Accept" in response.headers["vary"]


def test_unknown_entities_are_404_in_every_form(data_server, http):
    assert http.get(f"{data_server}/id/no-such-thing", headers={"Accept": "text/turtle"}).status_code == 404
    page = http.get(f"{data_server}/id/no-such-thing")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert http.get(f"{data_server}/doc/no-such-thing.ttl").status_code == 404
    assert http.get(f"{data_server}/id/kh-maff.ttl/../etc").status_code == 404
    assert http.get(f"{data_server}/doc/kh-maff", headers={"Accept": "image/png"}).status_code == 406


def test_the_page_shows_names_relations_incoming_links_and_sources(data_server, http):
    records = cambodia()
    html = http.get(f"{data_server}/doc/kh-dalrm.html").text
    dalrm = records["kh-dalrm"]
    assert f"<h1>{dalrm['label']['en']}</h1>" in html
    assert ">DALRM<" in html and ">acronym<" in html
    assert '<a href="/id/kh-gda" title="https://w3id.org/soilkg/id/kh-gda">General Directorate of Agriculture</a>' in html
    assert 'href="/id/kh-cardec"' in html, "incoming link from CARDEC (part_of kh-dalrm) missing"
    for source in dalrm["sources"]:
        assert " ".join(source["quote"].split()) in html
        assert f"section {source['section']}" in html
    assert 'href="/id/doc-soc-mainland-sea-review"' in html
    chain = http.get(f"{data_server}/doc/kh-extension-chain.html").text
    assert "step 1" in chain and ">CASIC<" in chain and "MetKasekor extension model" in chain


def test_the_page_links_to_the_diagrams_the_entity_appears_in(data_server, http):
    chain = next(r for r in cambodia().values() if r["kind"] == "flow")
    actor = chain["steps"][0]["from"]
    html = http.get(f"{data_server}/doc/{actor}.html").text
    assert f'href="/diagrams/flows/{chain["country"]}?flow={chain["id"]}"' in html
    assert f'href="/diagrams/partners?focus={actor}"' in html
    target = http.get(f"{data_server}/diagrams/flows/{chain['country']}", params={"flow": chain["id"], "format": "svg"})
    assert target.status_code == 200 and target.text.lstrip().startswith("<svg")


def test_the_page_escapes_everything(fixture_server, http):
    html = http.get(f"{fixture_server}/doc/zz-markup.html").text
    assert "<script>alert" not in html and "<b>Friends" not in html and "<i>markup" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;Friends&lt;/b&gt;" in html
    assert "&lt;quote&gt; &amp; &#34;more&#34;" in html and "section &lt;3&gt;" in html


def test_iris_under_the_base_are_served_by_the_local_instance(fixture_server, http):
    """IRIs minted under https://w3id.org/soilkg/ map to this host's /id/ paths, whatever the host."""
    turtle = http.get(f"{fixture_server}/id/zz-station.ttl").text
    graph = Graph().parse(data=turtle, format="turtle")
    station = URIRef(ID + "zz-station")
    assert (station, URIRef("https://w3id.org/soilkg/def#operatedBy"), URIRef(ID + "zz-ministry")) in graph
    assert (URIRef(f"{fixture_server}/doc/zz-station"), URIRef("http://xmlns.com/foaf/0.1/primaryTopic"), station) in graph
    page = http.get(f"{fixture_server}/doc/zz-station.html").text
    assert '<a href="/id/zz-ministry"' in page


@pytest.mark.parametrize("ext", ["ttl", "nt", "jsonld", "nq", "trig"])
def test_dumps_of_the_whole_graph_parse_and_gzip(fixture_server, fixture_store, http, ext):
    media = RDF_TYPES[ext]
    plain = http.get(f"{fixture_server}/dumps/soilkg.{ext}")
    assert plain.status_code == 200 and plain.headers["content-type"].split(";")[0] == media
    zipped = http.get(f"{fixture_server}/dumps/soilkg.{ext}.gz")
    assert zipped.headers["content-type"] == "application/gzip"
    assert gzip.decompress(zipped.content) == plain.content
    parsed = list(ox.parse(plain.content, format=ox.RdfFormat.from_media_type(media)))
    store = fixture_store.reader()
    if ext in ("nq", "trig"):
        assert len(parsed) == len(store)
    else:
        assert len({(t.subject, t.predicate, t.object) for t in parsed}) == len(parsed) > 0
    etag = plain.headers["etag"]
    assert http.get(f"{fixture_server}/dumps/soilkg.{ext}", headers={"If-None-Match": etag}).status_code == 304
    assert http.get(f"{fixture_server}/dumps/soilkg.xml").status_code == 404
