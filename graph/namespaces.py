"""Namespaces of the ontology and the IRI patterns of soilkg's data.

The ontology namespace is fixed; the base of instance IRIs is configurable (``SOILKG_BASE_IRI``)
so that a deployment can mint IRIs under its own domain.

>>> Iris("https://example.org/").entity("kh-maff")
rdflib.term.URIRef('https://example.org/id/kh-maff')
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

SOILKG = Namespace("https://w3id.org/soilkg/def#")
VOCAB = Namespace("https://w3id.org/soilkg/vocab/")
EF = Namespace("http://www.w3.org/2015/03/inspire/ef#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SCHEMA = Namespace("https://schema.org/")
VOID = Namespace("http://rdfs.org/ns/void#")
SOSA = Namespace("http://www.w3.org/ns/sosa/")

DEFAULT_BASE_IRI = "https://w3id.org/soilkg/"

PREFIXES: dict[str, str] = {
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "ef": str(EF),
    "foaf": str(FOAF),
    "geo": str(GEO),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "soilkg": str(SOILKG),
    "sosa": str(SOSA),
    "vocab": str(VOCAB),
    "void": str(VOID),
    "xsd": str(XSD),
}

__all__ = [
    "DCAT", "DCTERMS", "DEFAULT_BASE_IRI", "EF", "FOAF", "GEO", "ORG", "OWL", "PREFIXES", "PROV", "RDF",
    "RDFS", "SCHEMA", "SKOS", "SOILKG", "SOSA", "VOCAB", "VOID", "XSD", "Iris",
]


@dataclass(frozen=True)
class Iris:
    """Mints the IRIs of one deployment: entities, their sub-resources and named graphs."""

    base: str = DEFAULT_BASE_IRI

    def entity(self, record_id: str) -> URIRef:
        """The IRI of the thing a record describes: ``{base}id/{id}``."""
        return URIRef(f"{self.base}id/{record_id}")

    def part(self, record_id: str, *path: str | int) -> URIRef:
        """A stable IRI for a node inside a record, e.g. step 2 of a flow."""
        return URIRef(f"{self.base}id/{record_id}/" + "/".join(str(p) for p in path))

    def graph(self, name: str) -> URIRef:
        """A named graph: ``{base}graph/{name}`` (one per source document, plus ontology and inferred)."""
        return URIRef(f"{self.base}graph/{name}")

    def concept(self, vocabulary: str, concept_id: str) -> URIRef:
        """A concept of one of the SKOS vocabularies in ``ontology/vocab/``."""
        return VOCAB[f"{vocabulary}/{concept_id}"]
