"""What the ontology entails from the data: a fast rule engine for every load, and HermiT for consistency.

:func:`materialise` applies the ontology's axioms that queries rely on, in plain Python, in milliseconds:

* class hierarchy: ``x a Ministry`` gives ``x a GovernmentBody, Organisation, org:Organization …``
  (``rdfs:subClassOf``, ``owl:equivalentClass``);
* property hierarchy (``rdfs:subPropertyOf``, ``owl:equivalentProperty``), inverses (``owl:inverseOf``),
  symmetric and transitive properties (e.g. ``org:transitiveSubOrganizationOf``);
* property chains of ``owl:propertyChainAxiom``, with inverse steps: flow membership (``soilkg:inChain``)
  and the shortcuts ``soilkg:passesInformationTo`` and ``soilkg:supports``.

Domains and ranges are not applied: for valid data they add nothing the hierarchy does not, and SHACL
checks the classes of references instead. The OWL 2 reasoner HermiT (:mod:`graph.hermit`, run by CI and
tests) proves the ontology, the upstream ontologies it imports and the data consistent, including
disjointness, domains and ranges, and confirms that these rules infer what it infers.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

log = logging.getLogger(__name__)

Triple = tuple
Step = tuple[URIRef, bool]  # a property of a chain, and whether it is followed backwards (owl:inverseOf)


@dataclass(frozen=True)
class Rules:
    """The axioms of an ontology that :func:`materialise` applies."""

    superclasses: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)  # strict, transitive
    superproperties: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    inverses: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    symmetric: frozenset[URIRef] = frozenset()
    transitive: frozenset[URIRef] = frozenset()
    chains: tuple[tuple[URIRef, tuple[Step, ...]], ...] = ()
    disjoint: tuple[frozenset[URIRef], ...] = ()  # sets of pairwise disjoint classes (to explain clashes)

    @classmethod
    def of(cls, ontology: Graph) -> Rules:
        """Read the rules from an ontology graph."""
        sub = _pairs(ontology, RDFS.subClassOf) | _both_ways(_pairs(ontology, OWL.equivalentClass))
        subprop = _pairs(ontology, RDFS.subPropertyOf) | _both_ways(_pairs(ontology, OWL.equivalentProperty))
        inverses = _both_ways(_pairs(ontology, OWL.inverseOf))
        chains = []
        for prop, head in ontology.subject_objects(OWL.propertyChainAxiom):
            steps = tuple(_step(ontology, node) for node in Collection(ontology, head))
            if isinstance(prop, URIRef) and steps and all(steps):
                chains.append((prop, steps))
        disjoint = [frozenset(Collection(ontology, members))
                    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
                    for members in ontology.objects(node, OWL.members)]
        disjoint += [frozenset(pair) for pair in _pairs(ontology, OWL.disjointWith)]
        return cls(
            superclasses=_closure(sub), superproperties=_closure(subprop),
            inverses={p: frozenset(q for _, q in group) for p, group in _group(inverses).items()},
            symmetric=_typed(ontology, OWL.SymmetricProperty), transitive=_typed(ontology, OWL.TransitiveProperty),
            chains=tuple(sorted(chains)), disjoint=tuple(disjoint))


def materialise(triples: Iterable[Triple], rules: Rules) -> set[Triple]:
    """The triples ``rules`` entail from ``triples`` (s, p, o), without those already given."""
    given = {tuple(t[:3]) for t in triples}
    facts: dict[URIRef, set[tuple]] = defaultdict(set)
    for s, p, o in given:
        facts[p].add((s, o))
    types = facts.pop(RDF.type, set())
    while True:
        new = _property_round(facts, rules)
        if not new:
            break
        for p, pairs in new.items():
            facts[p] |= pairs
    out = {(s, p, o) for p, pairs in facts.items() for s, o in pairs}
    out |= {(s, RDF.type, sup) for s, cls in types for sup in rules.superclasses.get(cls, ())}
    return out - given


def _property_round(facts: dict[URIRef, set[tuple]], rules: Rules) -> dict[URIRef, set[tuple]]:
    """One round of the property rules: what they add to ``facts`` (empty once nothing is new)."""
    new: dict[URIRef, set[tuple]] = defaultdict(set)
    for p, pairs in list(facts.items()):
        links = {(s, o) for s, o in pairs if not isinstance(o, Literal)}
        for q in rules.superproperties.get(p, ()):
            new[q] |= pairs
        for q in rules.inverses.get(p, ()):
            new[q] |= {(o, s) for s, o in links}
        if p in rules.symmetric:
            new[p] |= {(o, s) for s, o in links}
        if p in rules.transitive:
            new[p] |= _transitive_closure(links)
    for prop, steps in rules.chains:
        new[prop] |= _follow(facts, steps)
    return {p: pairs - facts.get(p, set()) for p, pairs in new.items() if pairs - facts.get(p, set())}


def _follow(facts: dict[URIRef, set[tuple]], steps: tuple[Step, ...]) -> set[tuple]:
    """The (start, end) pairs linked by a chain of properties."""
    first, *rest = steps
    reached = _edges(facts, first)
    for step in rest:
        forward = defaultdict(set)
        for s, o in _edges(facts, step):
            forward[s].add(o)
        reached = {(a, c) for a, b in reached for c in forward.get(b, ())}
    return reached


def _edges(facts: dict[URIRef, set[tuple]], step: Step) -> set[tuple]:
    prop, backwards = step
    pairs = {(s, o) for s, o in facts.get(prop, ()) if not isinstance(o, Literal)}
    return {(o, s) for s, o in pairs} if backwards else pairs


def _transitive_closure(pairs: set[tuple]) -> set[tuple]:
    forward = defaultdict(set)
    for s, o in pairs:
        forward[s].add(o)
    closure = set()
    for start in list(forward):
        seen, todo = set(), list(forward[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(forward.get(node, ()))
        closure |= {(start, node) for node in seen}
    return closure


def _typed(graph: Graph, cls: URIRef) -> frozenset[URIRef]:
    return frozenset(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))


def _pairs(graph: Graph, predicate: URIRef) -> set[tuple[URIRef, URIRef]]:
    return {(s, o) for s, o in graph.subject_objects(predicate) if isinstance(s, URIRef) and isinstance(o, URIRef)}


def _both_ways(pairs: set[tuple]) -> set[tuple]:
    return pairs | {(o, s) for s, o in pairs}


def _group(pairs: set[tuple]) -> dict:
    grouped = defaultdict(set)
    for s, o in pairs:
        grouped[s].add((s, o))
    return grouped


def _closure(pairs: set[tuple]) -> dict[URIRef, frozenset[URIRef]]:
    """For each node, every node reachable from it (without itself)."""
    return {s: frozenset(o for _, o in group) - {s} for s, group in _group(_transitive_closure(pairs)).items()}


def _step(graph: Graph, node) -> Step | None:
    if isinstance(node, URIRef):
        return (node, False)
    inverse = graph.value(node, OWL.inverseOf) if isinstance(node, BNode) else None
    return (inverse, True) if isinstance(inverse, URIRef) else None
