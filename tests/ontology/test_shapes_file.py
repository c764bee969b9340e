"""The shapes file follows the house style: one <Class>Shape per class, every constraint named and explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF

from graph.namespaces import SOILKG

ROOT = Path(__file__).resolve().parents[2]
SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology" / "shapes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def classes() -> set:
    return set(Graph().parse(ROOT / "ontology" / "soilkg.ttl", format="turtle").subjects(RDF.type, OWL.Class))


def constraints(shapes: Graph) -> set:
    """Property shapes and SPARQL constraints: each carries sh:name and sh:message."""
    parameters = set(shapes.objects(None, SH.parameter))  # of the constraint component: not constraints
    return (set(shapes.subjects(SH.path, None)) - parameters) | set(shapes.objects(None, SH.sparql))


def test_one_node_shape_per_class_named_after_it(shapes, classes):
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        [target] = list(shapes.objects(shape, SH.targetClass))
        assert target in classes, f"{shape} targets {target}, not a class of the ontology"
        name = str(target).removeprefix(str(SOILKG))
        assert str(shape).endswith(f"#{name}Shape"), f"{shape} should be named after {target}"


def test_every_constraint_has_a_name_and_an_english_message(shapes):
    found = constraints(shapes)
    assert len(found) > 50
    for node in found:
        assert shapes.value(node, SH.name), f"{node} has no sh:name"
        messages = [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal) and m.language == "en"]
        assert messages, f"{node} has no sh:message in English"


def test_every_record_class_requires_a_primary_source(shapes):
    source = URIRef("https://w3id.org/soilkg/shapes#primarySource")
    record_shapes = {s for s in shapes.subjects(RDF.type, SH.NodeShape)} - {
        URIRef(f"https://w3id.org/soilkg/shapes#{name}Shape") for name in ("FlowStep", "ValidationStatistic", "Citation")}
    assert record_shapes
    for shape in record_shapes:
        assert (shape, SH.property, source) in shapes, f"{shape} does not require a citation (soilkg:citation)"
