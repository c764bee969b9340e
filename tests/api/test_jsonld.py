"""JSON-LD people can consume: compacted with the published context, one plain graph, read by rdflib and pyld.

Issue 11: an entity document was a dataset of named graphs, so ``Graph().parse(format="json-ld")`` found
1 of its 46 triples. Each document here is compared with the N-Triples of the same resource.
pyld gets a document loader that answers the base IRI's context URLs from the local server and
refuses everything else, so nothing is fetched from the network.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import OWL, RDF

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/soilkg/"
SOILKG = "https://w3id.org/soilkg/def#"


def ontology_file() -> Graph:
    return Graph().parse(ROOT / "ontology" / "soilkg.ttl", format="turtle")


def entities_of_each_class(store: ox.Store) -> list[str]:
    """One record per class of the ontology that has records (the first by IRI), from the store."""
    first: dict[str, str] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, None):
        if q.object.value.startswith(SOILKG) and q.subject.value.startswith(BASE + "id/") and "/" not in q.subject.value[
                len(BASE + "id/"):]:
            first[q.object.value] = min(first.get(q.object.value, q.subject.value), q.subject.value)
    return sorted(set(first.values()))


def loader_for(server: str, seen: list[str]):
    """A pyld document loader serving ``{base}…`` from the local server, refusing any other URL."""
    def load(url: str, options=None) -> dict:
        seen.append(url)
        if not url.startswith(BASE):
            raise jsonld.JsonLdError(f"refused to fetch {url}", "loading document failed")
        response = httpx.get(server + "/" + url[len(BASE):], follow_redirects=True, timeout=30)
        response.raise_for_status()
        return {"contextUrl": None, "documentUrl": str(response.url), "document": response.json()}
    return load


def graph_of_nt(body: bytes) -> Graph:
    return Graph().parse(data=body, format="nt")


def test_issue_11_entity_json_ld_is_one_plain_graph_with_every_triple(data_server, http):
    """The issue's case: rdflib must find all the triples of the entity document, not the default graph's 1."""
    nt = graph_of_nt(http.get(f"{data_server}/doc/kh-maff.nt").content)
    body = http.get(f"{data_server}/id/kh-maff", headers={"Accept": "application/ld+json"}, follow_redirects=True)
    assert body.headers["content-type"] == "application/ld+json"
    document = body.json()
    assert isinstance(document["@context"], dict) and "@graph" in document
    assert document["@graph"][0]["@id"] == BASE + "id/kh-maff", "the topic comes first"
    parsed = Graph().parse(data=body.content, format="json-ld")
    assert len(parsed) == len(nt) > 40 and isomorphic(parsed, nt)


def test_every_kind_of_entity_json_ld_equals_its_n_triples_in_rdflib_and_pyld(data_server, http, repo_store):
    entities = entities_of_each_class(repo_store.reader())
    assert len(entities) > 15
    seen: list[str] = []
    options = {"format": "application/n-quads", "documentLoader": loader_for(data_server, seen)}
    for iri in entities:
        path = iri[len(BASE) + len("id/"):]
        nt = graph_of_nt(http.get(f"{data_server}/doc/{path}.nt").content)
        body = http.get(f"{data_server}/doc/{path}.jsonld").content
        assert isomorphic(Graph().parse(data=body, format="json-ld"), nt), f"rdflib reads {iri} differently"
        quads = jsonld.to_rdf(json.loads(body), options)
        assert isomorphic(Graph().parse(data=quads, format="nt"), nt), f"pyld reads {iri} differently"
    assert not seen, "documents carry their context: nothing to fetch"


@pytest.mark.parametrize("path", ["/def.jsonld", "/vocab/topics.jsonld", "/vocab/topics/soil-organic-carbon.jsonld",
                                  "/graph/inferred.jsonld", "/dataset.jsonld"])
def test_every_other_json_ld_document_equals_its_n_triples(data_server, http, path):
    nt = graph_of_nt(http.get(f"{data_server}{path.removesuffix('.jsonld')}.nt").content)
    body = http.get(data_server + path).content
    assert isomorphic(Graph().parse(data=body, format="json-ld"), nt), path
    quads = jsonld.to_rdf(json.loads(body), {"format": "application/n-quads", "documentLoader": loader_for(data_server, [])})
    assert isomorphic(Graph().parse(data=quads, format="nt"), nt), path


def test_the_context_is_published_versioned_and_generated_from_the_ontology(data_server, http):
    ontology = ontology_file()
    [version] = ontology.objects(URIRef(SOILKG.rstrip("#")), OWL.versionInfo)
    latest = http.get(f"{data_server}/context/latest.jsonld")
    assert latest.status_code == 302 and latest.headers["location"] == f"/context/{version}.jsonld"
    published = http.get(f"{data_server}/context/{version}.jsonld")
    assert published.headers["content-type"] == "application/ld+json"
    context = published.json()["@context"]
    terms = {str(t)[len(SOILKG):] for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for t in ontology.subjects(RDF.type, kind) if str(t).startswith(SOILKG)}
    assert terms <= set(context), f"terms missing from the context: {sorted(terms - set(context))[:5]}"
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if str(prop).startswith(SOILKG):
            assert context[str(prop)[len(SOILKG):]]["@type"] == "@id", prop
    document = http.get(f"{data_server}/doc/kh-maff.jsonld").json()
    for key, value in document["@context"].items():
        assert context[key] == value, f"the document's {key} differs from the published context"


def test_pyld_compacts_with_the_published_context_iri_to_the_same_graph(data_server, http):
    """A consumer holding the stable context IRI gets the same graph back (pyld fetches it via the loader)."""
    version = http.get(f"{data_server}/context/latest.jsonld").headers["location"].rsplit("/", 1)[-1]
    seen: list[str] = []
    options = {"documentLoader": loader_for(data_server, seen)}
    document = http.get(f"{data_server}/doc/kh-maff.jsonld").json()
    compacted = jsonld.compact(jsonld.expand(document, options), f"{BASE}context/{version}", options)
    assert seen == [f"{BASE}context/{version}"], "the published context is fetched from its IRI"
    assert compacted["@context"] == f"{BASE}context/{version}"
    again = jsonld.to_rdf(compacted, {**options, "format": "application/n-quads"})
    nt = graph_of_nt(http.get(f"{data_server}/doc/kh-maff.nt").content)
    assert isomorphic(Graph().parse(data=again, format="nt"), nt)


def test_the_json_ld_dump_is_one_graph_and_the_quad_dumps_keep_named_graphs(fixture_server, fixture_store, http):
    store = fixture_store.reader()
    merged = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)}
    expected = Graph().parse(data=ox.serialize(merged, format=ox.RdfFormat.N_TRIPLES), format="nt")
    dump = Graph().parse(data=http.get(f"{fixture_server}/dumps/soilkg.jsonld").content, format="json-ld")
    assert to_isomorphic(dump) == to_isomorphic(expected), "every distinct triple, in the default graph"
    graphs = {q.graph_name for q in ox.parse(http.get(f"{fixture_server}/dumps/soilkg.nq").content, format=ox.RdfFormat.N_QUADS)}
    assert graphs == {q.graph_name for q in store.quads_for_pattern(None, None, None, None)}
