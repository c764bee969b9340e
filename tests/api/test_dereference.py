"""Every IRI the service mints dereferences: the ontology, concept schemes, concepts, named graphs, the dataset.

Expectations come from the ontology files and the store, never from the code under test: the IRI
of each kind is picked from ``ontology/`` or ``data/``, mapped to this server by stripping the base
IRI's host (``https://w3id.org/soilkg`` -> ``''``), fetched in every media type and parsed with rdflib.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[2]
HOST = "https://w3id.org/soilkg"
BASE = HOST + "/"
VOID = Namespace("http://rdfs.org/ns/void#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
EXTENSIONS = {"text/html": "html", "text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt",
              "application/rdf+xml": "rdf", "application/trig": "trig", "application/n-quads": "nq"}
RDFLIB_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml", "trig": "trig", "nq": "nquads"}


def ontology_files() -> Graph:
    """The ontology and its vocabularies as the repository holds them."""
    graph = Graph()
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        if "shapes" not in path.parts:
            graph.parse(path, format="turtle")
    return graph


ONTOLOGY = ontology_files()
ONTOLOGY_IRI = str(next(ONTOLOGY.subjects(RDF.type, OWL.Ontology)))
SCHEME = str(sorted(ONTOLOGY.subjects(RDF.type, SKOS.ConceptScheme))[0])


def path_of(iri: str) -> str:
    assert iri.startswith(HOST), iri
    return iri[len(HOST):].split("#", 1)[0]


def store_triples(store: ox.Store, graph: str | None = None, **pattern) -> set[str]:
    """N-Triples lines of the store's statements (of one named graph, or all merged)."""
    name = ox.NamedNode(graph) if graph else None
    quads = store.quads_for_pattern(pattern.get("s"), pattern.get("p"), pattern.get("o"), name)
    return {str(ox.Triple(q.subject, q.predicate, q.object)) + " ." for q in quads}


def rdflib_lines(graph: Graph) -> set[str]:
    return {f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph}


def most_used_concept(store: ox.Store) -> str:
    uses: dict[str, int] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(str(DCTERMS.subject)), None, None):
        uses[q.object.value] = uses.get(q.object.value, 0) + 1
    return max(sorted(uses), key=uses.get)


def first_document_graph() -> str:
    records = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    return BASE + "graph/" + records[0]["id"]


@pytest.fixture(scope="module")
def resources(repo_store) -> dict[str, tuple[str, bool]]:
    """Kind -> (IRI, answers with 303)."""
    return {"ontology": (ONTOLOGY_IRI, False), "scheme": (SCHEME, True),
            "concept": (most_used_concept(repo_store.reader()), True), "graph": (first_document_graph(), True),
            "dataset": (BASE + "dataset", True)}


def fetch(http, server: str, iri: str, media: str, see_other: bool):
    """GET the IRI with ``Accept: media``; check the 303 (or the direct answer); return the document response."""
    path, ext = path_of(iri), EXTENSIONS[media]
    response = http.get(server + path, headers={"Accept": media})
    assert "Accept" in response.headers.get("vary", ""), f"{path}: no Vary: Accept"
    if see_other:
        assert response.status_code == 303, f"{path} ({media}): {response.status_code}"
        assert response.headers["location"] == f"{path}.{ext}"
        response = http.get(server + response.headers["location"])
    else:
        assert response.headers["content-location"] == f"{path}.{ext}"
    assert response.status_code == 200, f"{path}.{ext}: {response.status_code} {response.text[:300]}"
    content_type = response.headers["content-type"]
    assert content_type.split(";")[0] == media and content_type.count("charset=") <= 1
    return response


def parse(response, ext: str) -> Graph:
    """The answer parsed by rdflib: a graph, or for TriG and N-Quads the union of the dataset's graphs."""
    if ext in ("trig", "nq"):
        dataset = Dataset()
        dataset.parse(data=response.content, format=RDFLIB_FORMATS[ext])
        union = Graph()
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return Graph().parse(data=response.content, format=RDFLIB_FORMATS[ext])


def check(kind: str, iri: str, graph: Graph, store: ox.Store) -> None:
    """What each kind's document must say, from the ontology files and the store."""
    node = URIRef(iri)
    if kind == "ontology":
        assert (node, RDF.type, OWL.Ontology) in graph
        terms = {t for t in ONTOLOGY.subjects(RDFS.isDefinedBy, node)}
        assert terms, "the ontology file defines terms"
        for term in terms:
            for label in ONTOLOGY.objects(term, RDFS.label):
                assert (term, RDFS.label, label) in graph, f"{term} {label}"
            for t in ONTOLOGY.objects(term, RDF.type):
                assert (term, RDF.type, t) in graph, term
    elif kind == "scheme":
        concepts = set(ONTOLOGY.subjects(SKOS.inScheme, node))
        assert concepts and all((c, SKOS.inScheme, node) in graph for c in concepts)
        for c in concepts:
            assert set(ONTOLOGY.objects(c, SKOS.prefLabel)) <= set(graph.objects(c, SKOS.prefLabel)), c
    elif kind == "concept":
        assert set(ONTOLOGY.objects(node, SKOS.prefLabel)) <= set(graph.objects(node, SKOS.prefLabel))
        users = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(str(DCTERMS.subject)), ox.NamedNode(iri))}
        assert users and users <= {str(s) for s in graph.subjects(DCTERMS.subject, node)}, "the records about it"
    elif kind == "graph":
        content = store_triples(store, iri)
        assert int(graph.value(node, VOID.triples)) == len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(iri))))
        assert content <= rdflib_lines(graph) or not content, "every statement of the graph"
    elif kind == "dataset":
        assert (node, RDF.type, DCAT.Dataset) in graph and (node, RDF.type, VOID.Dataset) in graph


@pytest.mark.parametrize("media", sorted(EXTENSIONS))
@pytest.mark.parametrize("kind", ["ontology", "scheme", "concept", "graph", "dataset"])
def test_each_kind_of_iri_answers_every_media_type(data_server, http, repo_store, resources, kind, media):
    iri, see_other = resources[kind]
    response = fetch(http, data_server, iri, media, see_other)
    ext = EXTENSIONS[media]
    if ext == "html":
        page = response.text
        assert "<h1>" in page and html.escape(iri) in page, f"{kind}: the page names its IRI"
        assert f'href="{path_of(iri)}.ttl"' in page, "the page links its data"
        return
    assert response.headers["link"] == f'<{iri}>; rel="about"'
    graph = parse(response, ext)
    assert any(True for _ in graph.triples((URIRef(iri), None, None))), f"{kind}: nothing about {iri}"
    check(kind, iri, graph, repo_store.reader())


@pytest.mark.parametrize("ext", ["trig", "nq"])
def test_a_graph_document_keeps_its_statements_inside_the_named_graph(data_server, http, repo_store, ext):
    iri = first_document_graph()
    dataset = Dataset()
    dataset.parse(data=http.get(f"{data_server}{path_of(iri)}.{ext}").content, format=RDFLIB_FORMATS[ext])
    inside = rdflib_lines(dataset.graph(URIRef(iri)))
    assert inside == store_triples(repo_store.reader(), iri), "exactly the named graph's statements"
    default = dataset.graph(URIRef("urn:x-rdflib:default"))
    assert (URIRef(iri), VOID.triples, Literal(len(inside))) in default, "the description sits in the default graph"


def test_the_ontology_answers_at_its_version_iri_and_suffix_forms(data_server, http):
    [version_iri] = ONTOLOGY.objects(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    turtle = http.get(data_server + path_of(str(version_iri)), headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and "Accept" in turtle.headers["vary"]
    assert (URIRef(ONTOLOGY_IRI), OWL.versionIRI, version_iri) in Graph().parse(data=turtle.text, format="turtle")
    assert http.get(f"{data_server}{path_of(str(version_iri))}.jsonld").headers["content-type"] == "application/ld+json"
    assert http.get(data_server + "/def/0.0.0-not-a-version").status_code == 404
    assert http.get(data_server + "/def.xlsx").status_code == 404


def test_the_ontology_page_is_generated_from_the_ontology_with_examples_from_the_data(data_server, http, repo_store):
    page = http.get(data_server + "/def", headers={"Accept": "text/html"}).text
    articles = dict(re.findall(r'<article class="term" id="([^"]+)">(.*?)</article>', page, re.S))
    ontology = URIRef(ONTOLOGY_IRI)
    terms = set(ONTOLOGY.subjects(RDFS.isDefinedBy, ontology))
    assert {str(t).rsplit("#", 1)[-1] for t in terms} == set(articles), "one section per term, anchored by local name"
    store, ontology_graph = repo_store.reader(), BASE + "graph/ontology"
    for term in terms:
        article = articles[str(term).rsplit("#", 1)[-1]]
        for text in [*ONTOLOGY.objects(term, RDFS.label), *ONTOLOGY.objects(term, SKOS.definition)]:
            assert str(text) in html.unescape(article), f"{term}: {text}"
        if (term, RDF.type, OWL.Class) in ONTOLOGY:
            instances = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(term)))
                         if q.graph_name.value != ontology_graph}
            assert re.search(rf"\b{len(instances)} instances?\b", article), f"{term}: {len(instances)} instances"
            if instances:
                assert 'class="examples"' in article and 'href="/id/' in article, f"{term}: examples from the data"
        for domain in ONTOLOGY.objects(term, RDFS.domain):
            if isinstance(domain, URIRef) and str(domain).startswith(ONTOLOGY_IRI + "#"):
                assert f'href="/def#{str(domain).rsplit("#", 1)[-1]}"' in article, f"{term}: domain links its section"


def test_every_minted_iri_dereferences(data_server, http, repo_store):
    """Every IRI under the base in the whole dump answers. Things under ``/id/`` answer a 303 exactly when the
    store has statements about them, so each is checked in the store and five of each shape over HTTP; every
    other IRI (ontology, schemes, concepts, graphs) over HTTP, by content negotiation and following the 303."""
    dump = http.get(f"{data_server}/dumps/soilkg.nq").content
    minted = set()
    for quad in ox.parse(dump, format=ox.RdfFormat.N_QUADS):
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
                minted.add(term.value.split("#", 1)[0])
    store = repo_store.reader()
    things = sorted(iri for iri in minted if iri.startswith(BASE + "id/"))
    assert len(things) > 500 and {BASE + "def", BASE + "graph/ontology", BASE + "graph/inferred"} <= minted
    unknown = [iri for iri in things if next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None)), None) is None]
    assert not unknown, f"minted but nothing is said about them, so they answer 404: {unknown[:10]}"
    shapes: dict[tuple, list[str]] = {}
    for iri in things:
        parts = path_of(iri).split("/")
        shapes.setdefault((len(parts), parts[3] if len(parts) > 3 else ""), []).append(iri)
    checked = sorted(iri for iri in minted if not iri.startswith(BASE + "id/"))
    checked += [iri for group in shapes.values() for iri in group[:: max(1, len(group) // 5)][:5]]
    failed = []
    for iri in checked:
        response = http.get(data_server + path_of(iri), headers={"Accept": "application/n-triples"}, follow_redirects=True)
        if response.status_code != 200 or iri.encode() not in response.content:
            failed.append((iri, response.status_code))
    assert not failed, failed[:10]


@pytest.mark.parametrize("path", ["/vocab/topics/no-such-concept", "/vocab/no-such-scheme", "/graph/no-such-graph",
                                  "/context/0.0.0-none.jsonld", "/dataset.xlsx"])
def test_unknown_iris_are_404(data_server, http, path):
    assert http.get(data_server + path, headers={"Accept": "text/turtle"}).status_code == 404
