"""The inferred graph: the rules behind it, its separation from asserted facts, and HermiT's agreement."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from graph.namespaces import ORG, SOILKG, Iris
from graph.reasoning import Rules, materialise
from graph.store import GraphStore
from loaders.pipeline import Sources, load

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
EX = Namespace("http://example.org/")
ID = Namespace(Iris().entity(""))
INFERRED = f"<{Iris().graph('inferred')}>"


def iri(name: str) -> str:
    return str(ID[name])


def rules_of(turtle: str) -> Rules:
    prefixes = "@prefix ex: <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> . " \
               "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
    return Rules.of(Graph().parse(data=prefixes + turtle, format="turtle"))


# --- the rules, on small ontologies ------------------------------------------------------------------

def test_types_follow_the_class_hierarchy_transitively():
    rules = rules_of("ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C . ex:C owl:equivalentClass ex:D .")
    assert materialise({(EX.x, RDF.type, EX.A)}, rules) == {(EX.x, RDF.type, c) for c in (EX.B, EX.C, EX.D)}


def test_inverse_symmetric_and_sub_properties():
    rules = rules_of("ex:p owl:inverseOf ex:q . ex:s a owl:SymmetricProperty . ex:p rdfs:subPropertyOf ex:r .")
    given = {(EX.a, EX.p, EX.b), (EX.c, EX.s, EX.d)}
    assert materialise(given, rules) == {(EX.b, EX.q, EX.a), (EX.d, EX.s, EX.c), (EX.a, EX.r, EX.b)}


def test_transitive_closure_includes_sub_property_facts():
    rules = rules_of("ex:part rdfs:subPropertyOf ex:within . ex:within a owl:TransitiveProperty .")
    given = {(EX.a, EX.part, EX.b), (EX.b, EX.part, EX.c), (EX.c, EX.part, EX.d)}
    within = {(s, o) for s, p, o in materialise(given, rules) if p == EX.within}
    assert within == {(EX.a, EX.b), (EX.b, EX.c), (EX.c, EX.d), (EX.a, EX.c), (EX.b, EX.d), (EX.a, EX.d)}


def test_property_chain_with_an_inverse_step():
    rules = rules_of("ex:inChain owl:propertyChainAxiom ( [ owl:inverseOf ex:from ] ex:inFlow ) .")
    given = {(EX.step1, EX["from"], EX.actor), (EX.step1, EX.inFlow, EX.flow)}
    assert materialise(given, rules) == {(EX.actor, EX.inChain, EX.flow)}


def test_materialise_never_repeats_a_given_triple():
    rules = rules_of("ex:p owl:inverseOf ex:q . ex:A rdfs:subClassOf ex:B .")
    given = {(EX.a, EX.p, EX.b), (EX.b, EX.q, EX.a), (EX.a, RDF.type, EX.A), (EX.a, RDF.type, EX.B)}
    assert materialise(given, rules) == set()


def test_the_ontology_and_its_imports_declare_the_rules_queries_rely_on(ontology, axioms):
    rules = Rules.of(axioms)
    chains = dict(rules.chains)
    assert chains[SOILKG.passesInformationTo] == ((SOILKG.stepFrom, True), (SOILKG.stepTo, False))
    assert chains[SOILKG.supports] == ((SOILKG.supporter, True), (SOILKG.supported, False))
    assert {steps for prop, steps in rules.chains if prop == SOILKG.inChain} == {
        ((SOILKG.stepFrom, True), (SOILKG.inFlow, False)), ((SOILKG.stepTo, True), (SOILKG.inFlow, False))}
    assert ORG.transitiveSubOrganizationOf in rules.transitive
    assert rules.inverses[ORG.subOrganizationOf] == {ORG.hasSubOrganization}
    assert rules.inverses[SOILKG.inChain] == {SOILKG.hasChainMember}
    assert {ORG.Organization, URIRef("http://xmlns.com/foaf/0.1/Agent")} <= rules.superclasses[SOILKG.Ministry]
    own = Rules.of(ontology)  # ORG's axioms come from ORG, not from a copy in our ontology
    assert ORG.transitiveSubOrganizationOf not in own.transitive and ORG.subOrganizationOf not in own.inverses


# --- the inferred named graph in a real store ---------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory) -> GraphStore:
    """The shapes base fixture (a ministry, its department, a flow, a support…) loaded into Oxigraph on disk."""
    store = GraphStore(tmp_path_factory.mktemp("reasoning-store"))
    assert load(store, Sources(FIXTURES / "shapes" / "base", ROOT / "ontology"), Iris())
    return store


def rows(store: GraphStore, query: str) -> set[tuple[str, ...]]:
    prefixes = (f"PREFIX soilkg: <{SOILKG}> PREFIX org: <{ORG}> PREFIX id: <{ID}> PREFIX rdf: <{RDF}> "
                f"PREFIX rdfs: <{RDFS}> PREFIX prov: <{PROV}> ")
    return {tuple(term.value for term in row)
            for row in store.reader().query(prefixes + query, use_default_graph_as_union=True)}


def test_shortcuts_and_chain_membership_are_in_the_inferred_graph(store):
    passes = rows(store, f"SELECT ?a ?b WHERE {{ GRAPH {INFERRED} {{ ?a soilkg:passesInformationTo ?b }} }}")
    assert passes == {(iri("department-a"), iri("ministry-a")), (iri("ministry-a"), iri("farmers-a"))}
    members = rows(store, f"SELECT ?a WHERE {{ GRAPH {INFERRED} {{ ?a soilkg:inChain id:flow-a . "
                          f"id:flow-a soilkg:hasChainMember ?a }} }}")
    assert members == {(iri("department-a"),), (iri("ministry-a"),), (iri("farmers-a"),)}
    supports = rows(store, f"SELECT ?a ?b WHERE {{ GRAPH {INFERRED} {{ ?a soilkg:supports ?b }} }}")
    assert supports == {(iri("ministry-a"), iri("programme-a"))}


def test_hierarchy_inverse_and_transitive_facts_are_inferred_not_asserted(store):
    def graphs(pattern: str) -> set[str]:
        return {g for (g,) in rows(store, f"SELECT ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}")}

    inferred, asserted = str(Iris().graph("inferred")), str(Iris().graph("doc-fixture"))
    assert graphs("id:ministry-a a soilkg:Ministry") == {asserted}
    assert graphs("id:ministry-a a org:Organization") == {inferred}
    assert graphs("id:department-a org:subOrganizationOf id:ministry-a") == {asserted}
    assert graphs("id:ministry-a org:hasSubOrganization id:department-a") == {inferred}
    assert graphs("id:department-a org:transitiveSubOrganizationOf id:ministry-a") == {inferred}


def test_no_inferred_triple_repeats_an_asserted_one(store):
    repeated = rows(store, f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH {INFERRED} {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} "
                           f"FILTER (?g != {INFERRED}) }}")
    assert not repeated
    assert rows(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {INFERRED} {{ ?s ?p ?o }} }}") != {("0",)}


def test_provenance_is_on_citations_and_named_graphs_not_on_the_things(store):
    """A record's quote is a PROV entity quoted from the document; the document's graph derives from it; the
    record itself (here a programme, a PROV activity) carries no PROV provenance property."""
    doc, graph = iri("doc-fixture"), str(Iris().graph("doc-fixture"))
    quoted = rows(store, "SELECT ?c ?d WHERE { id:programme-a soilkg:citation ?c . ?c a soilkg:Citation ; "
                         "<http://www.w3.org/ns/prov#wasQuotedFrom> ?d ; soilkg:quote ?q ; soilkg:section ?s }")
    assert quoted == {(iri("programme-a") + "/source/1", doc)}
    assert rows(store, f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g <http://www.w3.org/ns/prov#wasDerivedFrom> <{doc}> }} }}") \
        == {(graph,)}
    on_activities = rows(store, "SELECT ?s ?p WHERE { ?s a ?c . ?c rdfs:subClassOf* prov:Activity . ?s ?p ?o "
                                "FILTER(STRSTARTS(STR(?p), STR(prov:))) }")
    assert rows(store, "SELECT ?s WHERE { ?s a soilkg:Programme }") and on_activities == set()
