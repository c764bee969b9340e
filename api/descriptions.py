"""Descriptions of the service itself: the SPARQL service description and the VoID/DCAT dataset.

Both are built from the served store (triple counts per named graph, example resources) and from the
URL the service is reached at, so they stay true behind a proxy or on a developer's port.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from api.rdfdoc import DOCUMENT_FORMATS
from graph.namespaces import DCAT, DCTERMS, FOAF, OWL, PREFIXES, RDF, RDFS, SOILKG, VOID, XSD, Iris

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
DCAT_NS = "http://www.w3.org/ns/dcat#"
IANA = "https://www.iana.org/assignments/media-types/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
DUMP_EXTENSIONS = ("ttl", "nt", "jsonld", "nq", "trig")
EXAMPLE_CLASSES = ("Ministry", "ResearchStation", "Observatory", "Programme", "Policy", "Target",
                   "CommunicationFlow", "Partnership", "SoilMap")


@dataclass(frozen=True)
class GraphStats:
    """Triples per named graph and in the union (duplicates across graphs counted once)."""

    per_graph: dict[str, int]
    union: int


def graph_stats(store: ox.Store) -> GraphStats:
    per_graph = {s["g"].value: int(s["n"].value) for s in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    [row] = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"))
    return GraphStats(dict(sorted(per_graph.items())), int(row["n"].value))


def example_resources(store: ox.Store) -> list[str]:
    """One resource of each of a few telling classes (the first by IRI), for ``void:exampleResource``."""
    found = []
    for name in EXAMPLE_CLASSES:
        rows = list(store.query("SELECT ?s ?c WHERE { GRAPH ?g { ?s a ?c } } ORDER BY ?s LIMIT 1",
                                substitutions={ox.Variable("c"): ox.NamedNode(str(SOILKG[name]))}))
        found += [rows[0]["s"].value] if rows else []
    return found


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _lit(value, datatype=None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=_n(datatype)) if datatype else ox.Literal(str(value))


def service_description(endpoint: str, void_url: str, stats: GraphStats, timeout: float, max_rows: int) -> list[ox.Triple]:
    """SPARQL 1.1 Service Description of the endpoint at ``endpoint``."""
    service, dataset, default = _n(endpoint), _n(void_url + "#soilkg"), ox.BlankNode("defaultGraph")
    t = [
        (service, _n(RDF.type), _n(SD + "Service")),
        (service, _n(SD + "endpoint"), service),
        (service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        (service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        (service, _n(SD + "defaultEntailmentRegime"), _n("http://www.w3.org/ns/entailment/Simple")),
        (service, _n(DCTERMS.title), _lit("soilkg SPARQL endpoint", lang="en")),
        (service, _n(RDFS.comment), _lit(
            f"Read-only. The default graph is the union of the named graphs unless the request or the query names "
            f"a dataset. Queries are stopped after {timeout:g} s; results are capped at {max_rows} rows.", lang="en")),
        (service, _n(SD + "defaultDataset"), dataset),
        (dataset, _n(RDF.type), _n(SD + "Dataset")),
        (dataset, _n(SD + "defaultGraph"), default),
        (default, _n(RDF.type), _n(SD + "Graph")),
        (default, _n(VOID.triples), _lit(stats.union, XSD.integer)),
    ]
    t += [(service, _n(SD + "resultFormat"), _n(FORMATS + f)) for f in RESULT_FORMATS]
    for index, (graph, size) in enumerate(stats.per_graph.items()):
        named, inner = ox.BlankNode(f"named{index}"), ox.BlankNode(f"graph{index}")
        t += [(dataset, _n(SD + "namedGraph"), named), (named, _n(RDF.type), _n(SD + "NamedGraph")),
              (named, _n(SD + "name"), _n(graph)), (named, _n(SD + "graph"), inner),
              (inner, _n(RDF.type), _n(SD + "Graph")), (inner, _n(VOID.triples), _lit(size, XSD.integer))]
    return [ox.Triple(*x) for x in t]


def void_description(service: str, iris: Iris, stats: GraphStats, examples: list[str], version: str,
                     content_hash: str, ontology_version: str | None) -> list[ox.Triple]:
    """VoID and DCAT description of the dataset served at ``service`` (its root URL, ending in '/')."""
    doc = service + ".well-known/void"
    dataset = _n(doc + "#soilkg")
    t = [
        (_n(doc), _n(FOAF.primaryTopic), dataset),
        (dataset, _n(RDF.type), _n(VOID.Dataset)),
        (dataset, _n(RDF.type), _n(DCAT.Dataset)),
        (dataset, _n(DCTERMS.title), _lit("soilkg", lang="en")),
        (dataset, _n(DCTERMS.description), _lit(
            "Knowledge graph of the actors, policies, targets, long-term sites, datasets and communication flows of "
            "soil organic carbon management in mainland Southeast Asia; every fact cites its source document.", lang="en")),
        (dataset, _n(DCTERMS.license), _n(LICENSE)),
        (dataset, _n(DCAT_NS + "version"), _lit(version)),  # DCAT 3, unknown to rdflib's DCAT 2 namespace
        (dataset, _n(OWL.versionInfo), _lit(version)),
        (dataset, _n(DCTERMS.identifier), _lit(content_hash)),
        (dataset, _n(FOAF.homepage), _n(service)),
        (dataset, _n(VOID.sparqlEndpoint), _n(service + "sparql")),
        (dataset, _n(VOID.uriSpace), _lit(iris.base + "id/")),
        (dataset, _n(VOID.triples), _lit(stats.union, XSD.integer)),
        (dataset, _n(DCTERMS.conformsTo), _n("https://w3id.org/soilkg/def")),
    ]
    if ontology_version:
        t.append((dataset, _n(RDFS.comment), _lit(f"Ontology version {ontology_version}.", lang="en")))
    t += [(dataset, _n(VOID.vocabulary), _n(ns)) for ns in sorted(set(PREFIXES.values()))]
    t += [(dataset, _n(VOID.exampleResource), _n(e)) for e in examples]
    access = _n(doc + "#sparql")
    t += [(dataset, _n(DCAT.accessService), access), (access, _n(RDF.type), _n(DCAT.DataService)),
          (access, _n(DCAT.endpointURL), _n(service + "sparql")),
          (access, _n(DCAT.endpointDescription), _n(service + "sparql")),
          (access, _n(DCTERMS.conformsTo), _n("https://www.w3.org/TR/sparql11-protocol/")),
          (access, _n(DCAT.servesDataset), dataset)]
    for ext in DUMP_EXTENSIONS:
        fmt = DOCUMENT_FORMATS[ext]
        for gz in (False, True):
            url = f"{service}dumps/soilkg.{ext}" + (".gz" if gz else "")
            dist = _n(f"{doc}#dump-{ext}" + ("-gz" if gz else ""))
            t += [(dataset, _n(VOID.dataDump), _n(url)), (dataset, _n(DCAT.distribution), dist),
                  (dist, _n(RDF.type), _n(DCAT.Distribution)), (dist, _n(DCAT.downloadURL), _n(url)),
                  (dist, _n(DCAT.mediaType), _n(IANA + fmt.media_type)), (dist, _n(DCTERMS.license), _n(LICENSE))]
            if gz:
                t.append((dist, _n(DCAT.compressFormat), _n(IANA + "application/gzip")))
    for graph, size in stats.per_graph.items():
        subset = _n(f"{doc}#graph-{graph.rstrip('/').rsplit('/', 1)[-1]}")
        t += [(dataset, _n(VOID.subset), subset), (subset, _n(RDF.type), _n(VOID.Dataset)),
              (subset, _n(SD + "name"), _n(graph)), (subset, _n(VOID.triples), _lit(size, XSD.integer))]
        name = graph.removeprefix(iris.base + "graph/")
        if name not in ("ontology", "inferred") and name != graph:
            t.append((subset, _n(DCTERMS.source), _n(iris.entity(name))))
        else:
            t.append((subset, _n(DCTERMS.description), _lit(
                "The ontology and its SKOS vocabularies." if name == "ontology"
                else "What the ontology entails from the data (class and property hierarchy, inverses, chains such "
                     "as passesInformationTo); no asserted triple is repeated here.", lang="en")))
    return [ox.Triple(*x) for x in t]


def ontology_version(store: ox.Store) -> str | None:
    rows = list(store.query("SELECT ?v WHERE { GRAPH ?g { <https://w3id.org/soilkg/def> owl:versionInfo ?v } } LIMIT 1",
                            prefixes=PREFIXES))
    return rows[0]["v"].value if rows else None
