"""Compacted JSON-LD: the ``@context`` generated from the ontology, and documents compacted with it.

The context holds the project's prefixes (``graph/namespaces.py``) and one term per class and property
the ontology defines: classes by their local name, object properties as ``@id``-typed, datatype
properties typed with their XSD range (other than ``xsd:string``), and a language map for every
property whose values in the ontology graph all carry a language tag (labels, definitions). Nothing
is listed by hand, so the context follows the ontology. It is published at
``{base}context/{version}.jsonld`` (the ontology's ``owl:versionInfo``).

A document embeds the part of that context it uses (the prefixes plus the terms of its predicates and
classes; every definition identical to the published one), so ``rdflib`` or any JSON-LD 1.1 processor
reads it offline as one plain graph: named graphs are merged, the first node is the document's topic.

>>> ctx = build_context([ox.Triple(ox.NamedNode(SOILKG_NS + "operatedBy"), ox.NamedNode(RDF_TYPE),
...                                ox.NamedNode(OWL_NS + "ObjectProperty"))], "https://example.org/def")
>>> ctx["operatedBy"]
{'@id': 'soilkg:operatedBy', '@type': '@id'}
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.serializers.jsonld import from_rdf

from graph.convert import from_ox
from graph.namespaces import OWL, PREFIXES, RDF, RDFS, SOILKG, XSD

log = logging.getLogger(__name__)

SOILKG_NS, OWL_NS, XSD_NS = str(SOILKG), str(OWL), str(XSD)
RDF_TYPE, LANG_STRING = str(RDF.type), str(RDF.langString)
CLASS_TYPES = {OWL_NS + "Class", str(RDFS.Class)}
OBJECT_PROPERTY = OWL_NS + "ObjectProperty"
DATA_PROPERTY = OWL_NS + "DatatypeProperty"
OTHER_PROPERTIES = {OWL_NS + "AnnotationProperty", str(RDF.Property)}
TERM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _compact_iri(iri: str) -> str:
    """``prefix:local`` for an IRI under one of the project's prefixes (the longest namespace wins)."""
    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns) and iri != ns),
               key=lambda x: len(x[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def build_context(ontology: Iterable[ox.Triple | ox.Quad], ontology_iri: str) -> dict:
    """The JSON-LD 1.1 context of the ontology's statements ``ontology`` (see module docstring)."""
    types: dict[str, set[str]] = defaultdict(set)
    ranges: dict[str, set[str]] = defaultdict(set)
    literal_kinds: dict[str, set[bool]] = defaultdict(set)  # property -> {has language tag?}
    for t in ontology:
        s, p, o = t.subject, t.predicate.value, t.object
        if isinstance(o, ox.Literal):
            literal_kinds[p].add(o.language is not None)
        if not isinstance(s, ox.NamedNode):
            continue
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            types[s.value].add(o.value)
        elif p == str(RDFS.range) and isinstance(o, ox.NamedNode):
            ranges[s.value].add(o.value)
    context: dict = {"@version": 1.1, **dict(sorted(PREFIXES.items()))}
    terms: dict[str, object] = {}
    for iri in sorted(types):
        local = iri[len(SOILKG_NS):]
        if not iri.startswith(SOILKG_NS) or not TERM_NAME.match(local) or local in PREFIXES:
            continue
        kinds, curie = types[iri], _compact_iri(iri)
        if kinds & CLASS_TYPES:
            terms[local] = curie
        elif OBJECT_PROPERTY in kinds:
            terms[local] = {"@id": curie, "@type": "@id"}
        elif DATA_PROPERTY in kinds or kinds & OTHER_PROPERTIES:
            terms[local] = _data_term(curie, ranges.get(iri, set()))
    for p, kinds in sorted(literal_kinds.items()):
        curie = _compact_iri(p)
        if kinds == {True} and curie != p and not p.startswith(SOILKG_NS):
            terms[curie] = {"@id": curie, "@container": "@language"}
    context.update(sorted(terms.items(), key=lambda kv: kv[0].lower()))
    log.debug("JSON-LD context of %s: %d terms", ontology_iri, len(terms))
    return context


def _data_term(curie: str, ranges: set[str]) -> dict:
    term: dict = {"@id": curie}
    if len(ranges) == 1:
        [datatype] = ranges
        if datatype == LANG_STRING:
            term["@container"] = "@language"
        elif datatype.startswith(XSD_NS) and datatype != XSD_NS + "string":
            term["@type"] = _compact_iri(datatype)
    return term


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


def used_context(context: dict, triples: Iterable[ox.Triple]) -> dict:
    """The prefixes of ``context`` plus the terms for the predicates and classes ``triples`` use."""
    used = set()
    for t in triples:
        used.add(t.predicate.value)
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            used.add(t.object.value)
    out = {}
    for key, value in context.items():
        target = value["@id"] if isinstance(value, dict) else value
        if key.startswith("@") or key in PREFIXES or (isinstance(target, str) and _expand(target) in used):
            out[key] = value
    return out


def compact(triples: Iterable[ox.Triple], context: dict, topic: str | None = None) -> bytes:
    """``triples`` as compacted JSON-LD with ``context`` embedded; ``topic``'s node first in ``@graph``."""
    triples = list(triples)
    graph = Graph()
    for t in triples:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    document = from_rdf(graph, context_data=context, auto_compact=True)
    nodes = document.get("@graph")
    if isinstance(nodes, list) and topic:
        nodes.sort(key=lambda n: _node_order(n, topic))
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode()


def _node_order(node: dict, topic: str) -> tuple[int, str]:
    iri = _expand(str(node.get("@id", "")))
    if iri == topic:
        return (0, "")
    return (1 if iri.startswith(topic + "/") else 2, iri)
