"""The ontology's reference page, generated from the ontology's own statements and examples from the data.

Every class and property of the ontology document gets a section (anchor = its local name, so
``…/def#Ministry`` lands on it) with its label, definitions, every other statement about it (domain,
range, super-class, inverse… rendered generically, class expressions included), what points to it
from the rest of the ontology (sub-classes, properties whose domain or range it is) and how the data
uses it: a count and a few instances or statements.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from api.entity import Labeller
from api.published import ONTOLOGY_IRI, ONTOLOGY_NS
from graph.namespaces import DCTERMS, OWL, RDF, RDFS, SKOS

TYPE, LABEL, DEFINITION = str(RDF.type), str(RDFS.label), str(SKOS.definition)
OWN = {TYPE, LABEL, DEFINITION, str(RDFS.isDefinedBy)}
SECTIONS = (("classes", "Classes", {str(OWL.Class), str(RDFS.Class)}),
            ("object-properties", "Object properties", {str(OWL.ObjectProperty)}),
            ("datatype-properties", "Datatype properties", {str(OWL.DatatypeProperty)}),
            ("annotation-properties", "Annotation properties", {str(OWL.AnnotationProperty), str(RDF.Property)}))
ROW_NAMES = {str(RDFS.subClassOf): "subclass of", str(RDFS.subPropertyOf): "subproperty of", str(RDFS.domain): "domain",
             str(RDFS.range): "range", str(OWL.inverseOf): "inverse of", str(OWL.equivalentClass): "equivalent to",
             str(OWL.disjointWith): "disjoint with", str(OWL.propertyChainAxiom): "chain"}
INVERSE_ROWS = {str(RDFS.subClassOf): "subclasses", str(RDFS.subPropertyOf): "subproperties",
                str(RDFS.domain): "properties with this domain", str(RDFS.range): "properties with this range",
                str(OWL.inverseOf): "inverse of"}
LIST_WORDS = {str(OWL.unionOf): " or ", str(OWL.intersectionOf): " and ", str(OWL.oneOf): ", ",
              str(OWL.propertyChainAxiom): " / ", str(OWL.members): ", "}
RESTRICTIONS = {str(OWL.someValuesFrom): "some", str(OWL.allValuesFrom): "only", str(OWL.hasValue): "value",
                str(OWL.minCardinality): "min", str(OWL.maxCardinality): "max", str(OWL.cardinality): "exactly",
                str(OWL.qualifiedCardinality): "exactly", str(OWL.minQualifiedCardinality): "min",
                str(OWL.maxQualifiedCardinality): "max", str(OWL.onClass): ""}
EXAMPLES = 3


@dataclass
class Ref:
    """A piece of a value: text, linked when it names a resource."""

    text: str
    href: str | None = None
    iri: str | None = None


@dataclass
class Term:
    iri: str
    anchor: str
    label: str
    kinds: list[str]
    definitions: list[str]
    rows: list[tuple[str, list[list[Ref]]]]
    uses: int = 0
    examples: list[list[Ref]] = field(default_factory=list)


@dataclass
class OntologyPage:
    iri: str
    title: str
    descriptions: list[str]
    metadata: list[tuple[str, list[list[Ref]]]]
    sections: list[tuple[str, str, list[Term]]]


@dataclass(frozen=True)
class Usage:
    """How the data uses the ontology: per class its instances, per property its statements."""

    instances: dict[str, list[str]]
    statements: dict[str, int]
    samples: dict[str, list[tuple[ox.Term, ox.Term]]]


def usage(store: ox.Store, ontology_graph: str, properties: list[str]) -> Usage:
    """Instances and statements of the data (every graph but the ontology's)."""
    instances = defaultdict(set)
    for q in store.quads_for_pattern(None, ox.NamedNode(TYPE), None, None):
        if q.graph_name.value != ontology_graph:
            instances[q.object.value].add(q.subject.value)
    statements: dict[str, int] = defaultdict(int)
    for r in store.query("SELECT ?g ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ?p"):
        if r["g"].value != ontology_graph:
            statements[r["p"].value] += int(r["n"].value)
    samples = {}
    for p in properties:
        found = (q for q in store.quads_for_pattern(None, ox.NamedNode(p), None, None) if q.graph_name.value != ontology_graph)
        samples[p] = [(q.subject, q.object) for q in islice(found, EXAMPLES)]
    return Usage({c: sorted(s) for c, s in instances.items()}, dict(statements), samples)


def _words(local: str) -> str:
    """``SymmetricProperty`` -> ``symmetric property``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()


class _Renderer:
    def __init__(self, quads: list[ox.Quad], labeller: Labeller):
        self.labeller = labeller
        self.by_subject: dict = defaultdict(list)
        for q in quads:
            self.by_subject[q.subject].append(q)

    def ref(self, term) -> list[Ref]:
        if isinstance(term, ox.NamedNode):
            return [Ref(self.labeller.label(term.value), self.labeller.href(term.value), term.value)]
        if isinstance(term, ox.BlankNode):
            return self.expression(term)
        return [Ref(term.value + (f"@{term.language}" if term.language else ""))]

    def items(self, node) -> list:
        out, seen = [], set()
        while isinstance(node, ox.BlankNode) and node not in seen:
            seen.add(node)
            props = {q.predicate.value: q.object for q in self.by_subject.get(node, ())}
            if str(RDF.first) not in props:
                break
            out.append(props[str(RDF.first)])
            node = props.get(str(RDF.rest))
        return out

    def expression(self, node: ox.BlankNode) -> list[Ref]:
        """A class expression or list in words: ``A or B``, ``p some C``, ``p / q``."""
        props = {q.predicate.value: q.object for q in self.by_subject.get(node, ())}
        for predicate, word in LIST_WORDS.items():
            if predicate in props:
                out: list[Ref] = []
                for i, item in enumerate(self.items(props[predicate])):
                    out += ([Ref(word)] if i else []) + self.ref(item)
                return out
        if str(OWL.onProperty) in props:
            out = self.ref(props[str(OWL.onProperty)])
            for predicate, word in RESTRICTIONS.items():
                if predicate in props:
                    out += [Ref(f" {word} " if word else " ")] + self.ref(props[predicate])
            return out
        items = self.items(node)
        if items:
            return [r for i, item in enumerate(items) for r in ([Ref(" / ")] if i else []) + self.ref(item)]
        return [Ref("(an anonymous resource)")]


def ontology_page(quads: list[ox.Quad], labeller: Labeller, used: Usage) -> OntologyPage:
    """The page of the ontology document ``quads`` (see :func:`api.published.ontology_document`)."""
    render = _Renderer(quads, labeller)
    pointing: dict[str, list[tuple[str, ox.Term]]] = defaultdict(list)
    for q in quads:
        if q.predicate.value in INVERSE_ROWS and isinstance(q.subject, ox.NamedNode):
            for target in [q.object, *_members(render, q.object)]:
                if isinstance(target, ox.NamedNode):
                    pointing[target.value].append((INVERSE_ROWS[q.predicate.value], q.subject))
    sections = []
    for anchor, title, classes in SECTIONS:
        terms = [_term(render, s, qs, pointing, used) for s, qs in render.by_subject.items()
                 if isinstance(s, ox.NamedNode) and s.value.startswith(ONTOLOGY_NS)
                 and any(q.predicate.value == TYPE and q.object.value in classes for q in qs)]
        if terms:
            sections.append((anchor, title, sorted(terms, key=lambda t: t.anchor.lower())))
    own = render.by_subject.get(ox.NamedNode(ONTOLOGY_IRI), [])
    title = next((q.object.value for q in own if q.predicate.value == str(DCTERMS.title)), None)
    metadata = _rows(render, [q for q in own if q.predicate.value not in (str(DCTERMS.title), str(DCTERMS.description))])
    return OntologyPage(ONTOLOGY_IRI, title or labeller.label(ONTOLOGY_IRI),
                        sorted(q.object.value for q in own if q.predicate.value == str(DCTERMS.description)),
                        metadata, sections)


def _members(render: _Renderer, term) -> list:
    """The named members of a union or intersection (a property whose range is ``A or B`` points to both)."""
    if not isinstance(term, ox.BlankNode):
        return []
    props = {q.predicate.value: q.object for q in render.by_subject.get(term, ())}
    return [i for p in (str(OWL.unionOf), str(OWL.intersectionOf)) if p in props for i in render.items(props[p])]


def _rows(render: _Renderer, quads: list[ox.Quad]) -> list[tuple[str, list[list[Ref]]]]:
    rows: dict[str, list[list[Ref]]] = {}
    for q in quads:
        name = ROW_NAMES.get(q.predicate.value) or render.labeller.label(q.predicate.value)
        rows.setdefault(name, []).append(render.ref(q.object))
    return sorted(((name, sorted(values, key=lambda v: [r.text.lower() for r in v])) for name, values in rows.items()),
                  key=lambda r: r[0])


def _term(render: _Renderer, node: ox.NamedNode, quads: list[ox.Quad], pointing, used: Usage) -> Term:
    iri = node.value
    types = sorted(q.object.value for q in quads if q.predicate.value == TYPE and isinstance(q.object, ox.NamedNode))
    labels = [q.object for q in quads if q.predicate.value == LABEL]
    label = next((t.value for t in labels if getattr(t, "language", None) == "en"), labels[0].value if labels else iri)
    rows = _rows(render, [q for q in quads if q.predicate.value not in OWN])
    inverse: dict[str, list[list[Ref]]] = defaultdict(list)
    for name, subject in pointing.get(iri, []):
        inverse[name].append(render.ref(subject))
    rows += sorted((name, sorted(values, key=lambda v: v[0].text.lower())) for name, values in inverse.items())
    is_class = any(t in (str(OWL.Class), str(RDFS.Class)) for t in types)
    if is_class:
        instances = used.instances.get(iri, [])
        uses, examples = len(instances), [render.ref(ox.NamedNode(i)) for i in instances[:EXAMPLES]]
    else:
        uses = used.statements.get(iri, 0)
        examples = [render.ref(s) + [Ref(" → ")] + render.ref(o) for s, o in used.samples.get(iri, [])]
    return Term(iri=iri, anchor=iri[len(ONTOLOGY_NS):], label=label,
                kinds=[_words(t.rsplit("#", 1)[-1]) for t in types],
                definitions=sorted(q.object.value for q in quads if q.predicate.value == DEFINITION),
                rows=rows, uses=uses, examples=examples)
