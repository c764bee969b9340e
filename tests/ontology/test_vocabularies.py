"""The SKOS vocabularies: every concept in a scheme, schemes with top concepts and a hierarchy, and no name
that is both a concept's (or a record's) preferred and alternative label, asserted or inferred."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from graph.namespaces import PREFIXES, VOCAB, Iris

ROOT = Path(__file__).resolve().parents[2]
VOCABULARIES = sorted((ROOT / "ontology" / "vocab").glob("*.ttl"))


@pytest.fixture(scope="module")
def vocab() -> Graph:
    graph = Graph()
    for path in VOCABULARIES:
        graph.parse(path, format="turtle")
    return graph


def test_every_concept_is_in_exactly_one_scheme_of_its_own_file(vocab):
    schemes = set(vocab.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == len(VOCABULARIES)
    for concept in vocab.subjects(RDF.type, SKOS.Concept):
        [scheme] = list(vocab.objects(concept, SKOS.inScheme))
        assert scheme in schemes and str(concept).startswith(f"{scheme}/"), concept


def test_every_scheme_has_its_top_concepts_and_the_others_hang_below_them(vocab):
    for scheme in vocab.subjects(RDF.type, SKOS.ConceptScheme):
        concepts = set(vocab.subjects(SKOS.inScheme, scheme))
        tops = set(vocab.objects(scheme, SKOS.hasTopConcept))
        assert tops, f"{scheme} has no top concept"
        assert tops == set(vocab.subjects(SKOS.topConceptOf, scheme))
        assert tops == {c for c in concepts if (c, SKOS.broader, None) not in vocab}, scheme
        for concept in concepts - tops:
            seen, node = set(), concept
            while node not in tops:  # up the hierarchy, within the scheme, without a cycle
                assert node not in seen, f"cycle through {node}"
                seen.add(node)
                [node] = list(vocab.objects(node, SKOS.broader))
                assert node in concepts, f"{concept} has a broader concept outside {scheme}"


def test_the_topics_have_a_hierarchy(vocab):
    assert (VOCAB["topics/erosion"], SKOS.broader, VOCAB["topics/land-degradation"]) in vocab
    assert (VOCAB["change-types/annual-increase"], SKOS.broader, VOCAB["change-types/increase"]) in vocab


def test_no_concept_has_a_preferred_label_as_alternative_label(vocab):
    assert [(c, label) for c, label in vocab.subject_objects(SKOS.prefLabel)
            if (c, SKOS.altLabel, label) in vocab or (c, SKOS.hiddenLabel, label) in vocab] == []


NAME_TWICE = """SELECT ?s ?name ?p (SAMPLE(?g) AS ?graph) WHERE {
  GRAPH ?any { ?s skos:prefLabel ?name } GRAPH ?g { ?s ?p ?name } VALUES ?p { skos:altLabel soilkg:acronym }
} GROUP BY ?s ?name ?p"""


def test_no_record_has_its_label_as_acronym_or_alternative_name_asserted_or_inferred(repo_store):
    reader = repo_store.reader()
    assert list(reader.query(NAME_TWICE, prefixes=PREFIXES)) == []
    inferred = f"<{Iris().graph('inferred')}>"
    alternative = list(reader.query(  # acronyms are alternative labels in the inferred graph: the query can find
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {inferred} {{ ?s skos:altLabel ?name }} }}", prefixes=PREFIXES))
    assert int(alternative[0]["n"].value) > 100


def test_narrower_is_stated_as_the_inverse_of_broader(vocab):
    broader = set(vocab.subject_objects(SKOS.broader))
    assert broader and {(b, a) for a, b in vocab.subject_objects(SKOS.narrower)} == broader


def test_every_concept_in_the_store_is_in_a_scheme(repo_store):
    """Channels were SKOS concepts without a scheme until 0.2.0; they are things now."""
    reader = repo_store.reader()
    concepts = "SELECT ?c WHERE { ?c a skos:Concept FILTER NOT EXISTS { ?c skos:inScheme ?s } }"
    assert list(reader.query(concepts, prefixes=PREFIXES, use_default_graph_as_union=True)) == []
    assert reader.query("ASK { ?c a soilkg:Channel }", prefixes=PREFIXES, use_default_graph_as_union=True)
    assert reader.query("ASK { ?c a skos:Concept ; skos:inScheme ?s }", prefixes=PREFIXES,
                        use_default_graph_as_union=True)
