"""The IRIs the service mints and where each is served, and the statements published about each kind.

=========================  ==========================  =====================================
IRI                        served at                   answer
=========================  ==========================  =====================================
``{base}id/{id}``          ``/id/{id}``                303 to ``/doc/{id}.{ext}``
``…/def`` and ``…/def#T``  ``/def``                    the ontology document, negotiated
``…/def/{version}``        ``/def/{version}``          the same, for the current version
``…/vocab/{s}[/{c}]``      ``/vocab/{s}[/{c}]``        303 to ``/vocab/{s}[/{c}].{ext}``
``{base}graph/{name}``     ``/graph/{name}``           303 to ``/graph/{name}.{ext}``
``{base}dataset``          ``/dataset``                303 to ``/dataset.{ext}``
``{base}context/{v}``      ``/context/{v}.jsonld``     the JSON-LD context
=========================  ==========================  =====================================

The ontology and vocabulary namespaces are fixed (``graph/namespaces.py``); the others follow
``SOILKG_BASE_IRI``. Paths map to IRIs whatever host serves them. Everything is read from the
served store (the ontology from its ``ontology`` named graph), so documents follow the ontology.

>>> local_path("https://w3id.org/soilkg/def#Ministry", Iris())
'/def#Ministry'
>>> local_path("https://example.org/kg/graph/inferred", Iris("https://example.org/kg/"))
'/graph/inferred'
>>> local_path("https://example.org/other", Iris()) is None
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from graph.namespaces import OWL, RDF, RDFS, SKOS, SOILKG, VOCAB, Iris

ONTOLOGY_NS = str(SOILKG)
ONTOLOGY_IRI = ONTOLOGY_NS.rstrip("#/")
VOCAB_NS = str(VOCAB)
TYPE = ox.NamedNode(str(RDF.type))
IN_SCHEME = ox.NamedNode(str(SKOS.inScheme))
CONCEPT_SCHEME = str(SKOS.ConceptScheme)


def local_path(iri: str, iris: Iris) -> str | None:
    """The path (below the service root) that serves ``iri``, or None for IRIs minted elsewhere."""
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_NS) or iri.startswith(ONTOLOGY_IRI + "/"):
        return "/def" + iri[len(ONTOLOGY_IRI):]
    if iri.startswith(VOCAB_NS) and len(iri) > len(VOCAB_NS):
        return "/vocab/" + iri[len(VOCAB_NS):]
    for kind in ("id/", "graph/", "context/"):
        if iri.startswith(iris.base + kind) and len(iri) > len(iris.base + kind):
            return "/" + iri[len(iris.base):]
    if iri == dataset_iri(iris) or iri.startswith(dataset_iri(iris) + "#"):
        return "/" + iri[len(iris.base):]
    return None


def dataset_iri(iris: Iris) -> str:
    """The dataset's own IRI: ``{base}dataset``, the same whichever host serves it."""
    return iris.base + "dataset"


def graph_quads(store: ox.Store, graph: str) -> list[ox.Quad]:
    return list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def ontology_version(quads: Iterable[ox.Quad]) -> str | None:
    """The ontology's ``owl:versionInfo``."""
    found = [q.object.value for q in quads
             if q.subject.value == ONTOLOGY_IRI and q.predicate.value == str(OWL.versionInfo)]
    return min(found) if found else None


def version_iris(quads: Iterable[ox.Quad]) -> set[str]:
    return {q.object.value for q in quads if q.subject.value == ONTOLOGY_IRI and q.predicate.value == str(OWL.versionIRI)}


def _by_subject(quads: Iterable[ox.Quad]) -> dict:
    out = defaultdict(list)
    for q in quads:
        out[q.subject].append(q)
    return out


def closure(by_subject: dict, roots: Iterable) -> list[ox.Quad]:
    """The quads of ``roots`` and of the blank nodes they reach (lists, restrictions)."""
    out, seen, todo = [], set(), list(roots)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in by_subject.get(node, ()):
            out.append(q)
            if isinstance(q.object, ox.BlankNode):
                todo.append(q.object)
    return out


def ontology_document(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The ontology's own statements: the ontology, the terms of its namespace or defined by it."""
    by_subject = _by_subject(quads)
    defined_by = str(RDFS.isDefinedBy)
    roots = [s for s, qs in by_subject.items() if isinstance(s, ox.NamedNode) and (
        s.value == ONTOLOGY_IRI or s.value.startswith(ONTOLOGY_NS)
        or any(q.predicate.value == defined_by and q.object.value == ONTOLOGY_IRI for q in qs))]
    return closure(by_subject, roots)


def schemes(quads: list[ox.Quad]) -> list[str]:
    """The IRIs of the concept schemes of the vocabularies."""
    return sorted({q.subject.value for q in quads if q.predicate == TYPE and q.object.value == CONCEPT_SCHEME})


def scheme_document(quads: list[ox.Quad], scheme: str) -> list[ox.Quad]:
    """A concept scheme with every concept in it."""
    node = ox.NamedNode(scheme)
    concepts = {q.subject for q in quads if q.predicate == IN_SCHEME and q.object == node}
    return closure(_by_subject(quads), [node, *concepts])
