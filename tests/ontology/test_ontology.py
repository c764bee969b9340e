"""The ontology files: they parse, every term is labelled and defined, and they cover the YAML schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.namespaces import ORG, SOILKG, Iris
from graph.reasoning import Rules
from loaders.pipeline import Sources, registered
from loaders.schema import COMMON, GROUP_BY_NAME, GROUPS, KIND_TO_GROUP, STEP_FIELDS, FieldType, class_of
from loaders.shapes import SH, read_shapes

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
TTL_FILES = sorted(p for p in ONTOLOGY.rglob("*.ttl") if "imports" not in p.relative_to(ONTOLOGY).parts)
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def soilkg() -> Graph:
    return Graph().parse(ONTOLOGY / "soilkg.ttl", format="turtle")


def english(graph: Graph, term, predicate) -> list[Literal]:
    return [o for o in graph.objects(term, predicate)
            if isinstance(o, Literal) and o.language == "en" and str(o).strip()]


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: str(p.relative_to(ONTOLOGY)))
def test_every_turtle_file_parses(path):
    assert len(Graph().parse(path, format="turtle")) > 0


@pytest.mark.parametrize("path", [p for p in TTL_FILES if "shapes" not in p.parts], ids=lambda p: p.name)
def test_every_class_and_property_has_an_english_label_and_definition(path):
    graph = Graph().parse(path, format="turtle")
    terms = {s for kind in TERM_TYPES for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    terms |= set(graph.subjects(RDF.type, SKOS.Concept))
    unlabelled = sorted(str(t) for t in terms if not english(graph, t, RDFS.label))
    undefined = sorted(str(t) for t in terms if not english(graph, t, SKOS.definition))
    assert not unlabelled, f"no rdfs:label@en: {unlabelled}"
    assert not undefined, f"no skos:definition@en: {undefined}"


def test_labels_are_words_not_camel_case(soilkg):
    camel = sorted(str(label) for t in soilkg.subjects(RDF.type, OWL.Class) for label in english(soilkg, t, RDFS.label)
                   if any(a.islower() and b.isupper() for a, b in zip(str(label), str(label)[1:], strict=False)))
    assert not camel, camel


def test_the_ontology_header_is_labelled_and_defined(soilkg):
    ontology = URIRef("https://w3id.org/soilkg/def")
    for predicate in (RDFS.label, SKOS.definition):
        assert english(soilkg, ontology, predicate)


def test_soilkg_terms_are_defined_by_the_soilkg_ontology(soilkg):
    own = {s for kind in TERM_TYPES for s in soilkg.subjects(RDF.type, kind) if str(s).startswith(str(SOILKG))}
    wrong = sorted(str(t) for t in own if soilkg.value(t, RDFS.isDefinedBy) != URIRef("https://w3id.org/soilkg/def"))
    assert not wrong, wrong


def declared(graph: Graph) -> set:
    return {s for kind in (*TERM_TYPES, RDF.Property) for s in graph.subjects(RDF.type, kind)}


def test_every_class_and_predicate_of_the_schema_is_declared(soilkg):
    """loaders/schema.py is the contract: each class it maps a kind to, and each predicate, is in the ontology
    (terms of other vocabularies, such as dcterms:description, are standard and need not be)."""
    named = {URIRef(class_of(kind)) for kind in KIND_TO_GROUP}
    named |= {spec.predicate for fields in [COMMON, *(g.fields for g in GROUPS)] for spec in fields.values()
              if spec.predicate is not None}
    named |= set(STEP_FIELDS.values())
    missing = sorted(str(t) for t in named if str(t).startswith(str(SOILKG)) and t not in declared(soilkg))
    assert not missing, f"declare in ontology/soilkg.ttl: {missing}"


def test_every_soilkg_term_the_loader_writes_is_declared(soilkg):
    """Stronger than the schema check: also the terms the compiler writes itself (steps, sources, supplied values)."""
    quads = registered(Sources(ROOT / "data", ONTOLOGY), Iris()).compile()
    used = {q[1] for q in quads} | {q[2] for q in quads if q[1] == RDF.type}
    missing = sorted(str(t) for t in used if str(t).startswith(str(SOILKG)) and t not in declared(soilkg))
    assert not missing, f"declare in ontology/soilkg.ttl: {missing}"


def test_disjoint_classes_are_declared_classes(soilkg):
    """Our kinds of record, and ORG's organisation (the superclass of ours, so that nothing else is inferred to
    be one through an ORG property)."""
    members = {m for node in soilkg.subjects(RDF.type, OWL.AllDisjointClasses)
               for head in soilkg.objects(node, OWL.members) for m in soilkg.items(head)}
    assert {ORG.Organization, SOILKG.Policy, SOILKG.Programme, SOILKG.Target, SOILKG.Country} <= members
    assert members - {ORG.Organization} <= set(soilkg.subjects(RDF.type, OWL.Class))
    assert (SOILKG.Organisation, RDFS.subClassOf, ORG.Organization) in soilkg


def members(graph: Graph, expression) -> set:
    """A class, or the members of an owl:unionOf class expression."""
    union = graph.value(expression, OWL.unionOf)
    return set(graph.items(union)) if union is not None else {expression}


def kind_classes(group) -> dict[str, URIRef]:
    return {kind: SOILKG[local] for kind, local in group.kinds.items()}


def test_schema_fields_respect_the_domains_and_ranges_of_their_predicates(soilkg):
    """A record kind may carry a field only if its class is within the predicate's domain, and a reference
    may name only records within its range (else the reasoner infers a second, maybe disjoint, class),
    unless the SHACL shapes reject exactly that: ``sh:maxCount 0`` on the class, or an ``sh:class`` within
    the range."""
    rules = Rules.of(soilkg)
    shapes = read_shapes(ONTOLOGY / "shapes")  # flattened: property shapes carry their targets

    def lineage(cls) -> set:
        return {cls} | rules.superclasses.get(cls, frozenset())

    def shapes_reject(cls, predicate, range_: set | None = None) -> bool:
        """Whether a shape on ``cls`` forbids ``predicate``, or (with ``range_``) requires values within it."""
        for prop in shapes.subjects(SH.path, predicate):
            if shapes.value(prop, SH.targetClass) in lineage(cls):
                if shapes.value(prop, SH.maxCount) == Literal(0):
                    return True
                if range_ is not None and shapes.value(prop, SH["class"]) in range_:
                    return True
        return False

    problems = []
    for group in GROUPS:
        for name, spec in {**COMMON, **group.fields}.items():
            p = spec.predicate
            if p is None:
                continue
            for domain in soilkg.objects(p, RDFS.domain):
                problems += [f"{kind}.{name}: {cls} is outside the domain of {p}"
                             for kind, cls in kind_classes(group).items()
                             if not lineage(cls) & members(soilkg, domain) and not shapes_reject(cls, p)]
            is_ref = spec.type in (FieldType.REF, FieldType.REFS)
            for range_ in soilkg.objects(p, RDFS.range):
                allowed = members(soilkg, range_)
                if is_ref and not spec.targets:
                    problems.append(f"{group.name}.{name} may name any record, but {p} has a range")
                named = {kind: cls for g in (spec.targets if is_ref else ())
                         for kind, cls in kind_classes(GROUP_BY_NAME[g]).items()}
                outside = [kind for kind, cls in named.items() if not lineage(cls) & allowed]
                unguarded = [s for s in kind_classes(group).values() if not shapes_reject(s, p, allowed)]
                if outside and unguarded:
                    problems.append(f"{group.name}.{name} may name a {outside[0]}, outside the range of {p}")
    assert not problems, "\n".join(problems)
