"""HermiT (Java) checks the ontology, the upstream ontologies it imports and the data, and can say no.

The fixtures in ``fixtures/inconsistent/`` each break an axiom; those named after PROV or ORG break only
an upstream axiom, so the check must pass without the imports and fail with them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph.hermit import Inconsistent, check_consistency
from graph.namespaces import ORG, SOILKG, Iris
from graph.reasoning import Rules, materialise
from loaders.pipeline import Sources, compile_data, prove_consistent, registered
from loaders.schema import GROUPS, ORGS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
ID = Iris().entity("")


def fixture(name: str) -> Graph:
    return Graph().parse(FIXTURES / "inconsistent" / name, format="turtle")


@pytest.mark.parametrize("name, clash", [
    ("prov-activity-as-source-entity.ttl", "programme-x is both http://www.w3.org/ns/prov#Activity and "
                                           "http://www.w3.org/ns/prov#Entity"),
    ("org-linked-to-a-convention.ttl", "convention-x is both http://www.w3.org/ns/org#Organization and "
                                       "https://w3id.org/soilkg/def#Policy"),
    ("org-member-of-a-programme.ttl", "project-x is both http://www.w3.org/ns/org#Organization and "
                                      "https://w3id.org/soilkg/def#Programme"),
    ("org-collaboration-with-a-group.ttl", ""),  # a universal restriction: HermiT sees it, the explanation not
])
def test_an_upstream_axiom_the_data_breaks_fails_the_check_with_the_imports(axioms, name, clash):
    with pytest.raises(Inconsistent) as rejected:
        check_consistency(axioms, fixture(name))
    assert clash in str(rejected.value)


def test_without_the_imports_the_same_fixtures_pass(ontology):
    """What 0.1.0's check saw: nothing wrong (one HermiT run for all four: their individuals are distinct)."""
    data = Graph()
    for path in sorted((FIXTURES / "inconsistent").glob("[po]*.ttl")):  # prov-…, org-…
        data += fixture(path.name)
    assert check_consistency(ontology, data).individuals == 8


@pytest.mark.parametrize("name, clash", [
    ("two-disjoint-types.ttl", "ministry-x is both http://www.w3.org/ns/org#Organization and "
                               "https://w3id.org/soilkg/def#Policy"),
    ("focal-point-group.ttl", "farmers-x is both http://www.w3.org/ns/org#Organization and "
                              "https://w3id.org/soilkg/def#StakeholderGroup"),
])
def test_a_contradiction_of_our_own_axioms_fails_the_check(axioms, name, clash):
    with pytest.raises(Inconsistent) as rejected:
        check_consistency(axioms, fixture(name))
    assert clash in str(rejected.value)


def test_reason_on_the_bundled_data_loads_every_import_and_passes():
    verdict = prove_consistent(Sources(ROOT / "data", ROOT / "ontology"), Iris())
    assert len(verdict.imports) == 9 and "http://www.w3.org/ns/prov#" in verdict.imports
    assert verdict.upstream_triples > 5000
    assert verdict.individuals > 1500


# --- what HermiT infers about the bundled records ------------------------------------------------------

@pytest.fixture(scope="module")
def realised(axioms, ontology):
    """HermiT's types of every record (citations left out: soilkg:citation has no domain, so they cannot
    change a record's types, and they double the time HermiT takes to realise the data)."""
    quads = compile_data(Sources(ROOT / "data", ROOT / "ontology"), Iris(), ontology=ontology)
    citations = {q[0] for q in quads if q[1] == RDF.type and q[2] == SOILKG.Citation}
    records = {q[:3] for q in quads if q[0] not in citations and q[1] != SOILKG.citation}
    return records, check_consistency(axioms, records, realise=True)


def not_organisations() -> set[str]:
    """Classes of the kinds of record that are not organisations (stakeholder groups, programmes, posts …)."""
    return {str(SOILKG[cls]) for group in GROUPS for kind, cls in group.kinds.items()
            if group.name != ORGS or kind == "stakeholder-group"}


def test_no_record_is_inferred_to_be_both_an_organisation_and_something_else(realised):
    records, verdict = realised
    organisation = {str(ORG.Organization), "http://xmlns.com/foaf/0.1/Organization", str(SOILKG.Organisation)}
    overlaps = {iri: sorted(types & not_organisations()) for iri, types in verdict.types.items()
                if types & organisation and types & not_organisations()}
    assert overlaps == {}
    # the types are HermiT's inferences, not just the asserted ones: a department is an ORG organisation
    assert str(ORG.Organization) in verdict.types[str(ID) + "kh-dalrm"]
    assert len(verdict.types) == verdict.individuals > 600


def test_hermit_infers_every_type_the_rules_do_and_the_same_types_of_ours(realised, axioms):
    """The rules (class hierarchy, no domains and ranges) are sound: HermiT infers all they infer; for our
    own classes, which the queries use, it infers no more."""
    records, verdict = realised
    ours = {}
    for s, p, o in records | materialise(records, Rules.of(axioms)):
        if p == RDF.type:
            ours.setdefault(str(s), set()).add(str(o))
    missing = {iri: sorted(types - verdict.types[iri]) for iri, types in ours.items() if types - verdict.types[iri]}
    assert missing == {}
    extra = {iri: sorted(t for t in types - ours.get(iri, set()) if t.startswith(str(SOILKG)))
             for iri, types in verdict.types.items()}
    assert {iri: t for iri, t in extra.items() if t} == {}


def test_hermit_infers_the_same_links_as_the_rules(ontology):
    """On the small fixture, with property values (slow on the bundled data), and our own axioms: the chains,
    inverses and symmetries of our properties are ours (with the upstream ontologies HermiT computes the
    values of every PROV, SKOS and DCAT property too, four times slower). HermiT reports the values of
    properties without sub-properties; for our own properties both agree exactly."""
    asserted = {q[:3] for q in registered(Sources(FIXTURES / "shapes" / "base", ROOT / "ontology"), Iris()).compile()}
    verdict = check_consistency(ontology, asserted, infer=True)
    reported = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) - set(ontology.objects(None, RDFS.subPropertyOf))
    ours = {(str(s), str(p), str(o)) for s, p, o in asserted | materialise(asserted, Rules.of(ontology))
            if p in reported and str(s) in verdict.types and str(o) in verdict.types}
    theirs = {link for link in verdict.links if URIRef(link[1]) in reported}
    assert theirs == ours
    assert (str(ID) + "ministry-a", str(SOILKG.inChain), str(ID) + "flow-a") in verdict.links


def test_soilkg_reason_says_inconsistent_where_the_shapes_see_nothing_wrong(tmp_path, capsys):
    """A stakeholder group that is a member of a network passes every shape (a network is an organisation)
    but not ORG: a collaboration's members are organisations. `soilkg reason` exits 1 and says so."""
    from api.cli import main

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "shapes" / "base", data)
    (data / "z_network.yaml").write_text(
        '- id: network-b\n  kind: network\n  label: {en: Network B}\n'
        '  sources: [{file: fixture.txt, section: "1", quote: "fixture"}]\n'
        '- id: farmers-b\n  kind: stakeholder-group\n  label: {en: Farmers B}\n  member_of: [network-b]\n'
        '  sources: [{file: fixture.txt, section: "1", quote: "fixture"}]\n', encoding="utf-8")
    assert main(["validate", "--data", str(data)]) == 0
    assert main(["reason", "--data", str(data)]) == 1
    assert "inconsistent: HermiT: the ontology and data are inconsistent" in capsys.readouterr().err
    (data / "z_network.yaml").unlink()
    assert main(["reason", "--data", str(data)]) == 0
    assert "against the ontology and its 9 imported ontologies" in capsys.readouterr().out
