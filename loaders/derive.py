"""The inferred named graph: what the ontology entails from the data, apart from the asserted facts.

The rules are read from the ontology and the upstream ontologies it imports (see :mod:`graph.reasoning`):
class and property hierarchy, inverses, symmetric and transitive properties (e.g. ORG's
``org:transitiveSubOrganizationOf``), and property chains, which give the shortcut edges
``soilkg:passesInformationTo`` (from flow steps), ``soilkg:supports`` (from support relations) and flow
membership ``soilkg:inChain``. A triple that is asserted anywhere (data or ontology) is never repeated
here, so ``GRAPH <…/inferred>`` holds exactly what was inferred.

Citations are left out of the rules' input: they are the provenance of records, not facts about the
world, and PROV's super-properties and inverses of ``prov:wasQuotedFrom`` would add five statements to
each of them.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from graph.namespaces import SOILKG, Iris
from graph.reasoning import Rules, materialise


def derived_quads(quads: list[tuple], ontology: Graph, iris: Iris, upstream: Graph | None = None) -> list[tuple]:
    """The triples ``ontology`` (and the ``upstream`` ontologies it imports) entail from ``quads``, without
    the citations', and that no graph asserts, in the inferred graph."""
    asserted = {tuple(q[:3]) for q in quads}
    citations = {s for s, p, o in asserted if p == RDF.type and o == SOILKG.Citation}
    facts = {t for t in asserted if t[1] != SOILKG.citation and t[0] not in citations}
    axioms = ontology if upstream is None else ontology + upstream
    inferred = materialise(facts, Rules.of(axioms)) - asserted - set(axioms)
    name = iris.graph("inferred")
    return sorted((s, p, o, name) for s, p, o in inferred)
