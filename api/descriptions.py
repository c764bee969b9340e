"""The SPARQL service description, and the triple counts per named graph it shares with the dataset's.

Built from the served store and from the URL the service is reached at, so it stays true behind a
proxy or on a developer's port. The dataset itself is described in :mod:`api.dataset`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.namespaces import DCTERMS, RDF, RDFS, VOID, XSD

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


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


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _lit(value, datatype=None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=_n(datatype)) if datatype else ox.Literal(str(value))


def service_description(endpoint: str, void_url: str, stats: GraphStats, timeout: float, max_rows: int) -> list[ox.Triple]:
    """SPARQL 1.1 Service Description of the endpoint at ``endpoint``; ``void_url`` describes the dataset."""
    service, dataset, default = _n(endpoint), ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
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
        (dataset, _n(RDFS.seeAlso), _n(void_url)),
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
