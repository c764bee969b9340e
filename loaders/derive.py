"""The inferred named graph: what the ontology entails from the data, apart from the asserted facts.

The rules are read from the ontology (see :mod:`graph.reasoning`): class and property hierarchy,
inverses, symmetric and transitive properties, and property chains, which give the shortcut edges
``soilkg:passesInformationTo`` (from flow steps), ``soilkg:supports`` (from support relations) and flow
membership ``soilkg:inChain``. A triple that is asserted anywhere (data or ontology) is never repeated
here, so ``GRAPH <…/inferred>`` holds exactly what was inferred.
"""

from __future__ import annotations

from rdflib import Graph

from graph.namespaces import Iris
from graph.reasoning import Rules, materialise


def derived_quads(quads: list[tuple], ontology: Graph, iris: Iris) -> list[tuple]:
    """The triples ``ontology`` entails from ``quads`` and that no graph asserts, in the inferred graph."""
    asserted = {tuple(q[:3]) for q in quads}
    inferred = materialise(asserted, Rules.of(ontology)) - set(ontology)
    name = iris.graph("inferred")
    return sorted((s, p, o, name) for s, p, o in inferred)
