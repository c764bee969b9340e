"""Reuse of other vocabularies: their terms are used, never re-declared; their axioms come from pinned copies.

And the version of the ontology is set in one place that every other file agrees with.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph.namespaces import ORG, PROV, SOILKG, VOCAB
from loaders.imports import CATALOG, MissingImport, catalog, imported, read_imports

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
IMPORTS = ONTOLOGY / "imports"
OURS = (str(SOILKG), "https://w3id.org/soilkg/def", str(VOCAB), "https://w3id.org/soilkg/shapes")


def own_files() -> list[Path]:
    return sorted(p for p in ONTOLOGY.rglob("*.ttl") if "imports" not in p.relative_to(ONTOLOGY).parts)


def external_statements(graph: Graph) -> list[str]:
    """Statements a file makes about a term outside our namespaces (its label, domain, hierarchy …)."""
    return sorted(f"{s} {p} {o}" for s, p, o in graph
                  if isinstance(s, URIRef) and not str(s).startswith(OURS))


@pytest.mark.parametrize("path", own_files(), ids=lambda p: str(p.relative_to(ONTOLOGY)))
def test_no_file_of_ours_says_anything_about_a_term_of_another_vocabulary(path):
    assert external_statements(Graph().parse(path, format="turtle")) == []


def test_the_check_finds_each_kind_of_re_declaration():
    """What 0.1.0 did: external terms with our labels, definitions, hierarchy, domains and inverses."""
    turtle = """@prefix org: <http://www.w3.org/ns/org#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix soilkg: <https://w3id.org/soilkg/def#> .
        org:Organization a owl:Class ; rdfs:label "organization (ORG)"@en .
        org:linkedTo rdfs:domain soilkg:Organisation .
        org:memberOf owl:inverseOf org:hasMember .
        soilkg:Ministry rdfs:subClassOf org:Organization ."""
    found = external_statements(Graph().parse(data=turtle, format="turtle"))
    assert len(found) == 4 and not any(s.startswith(str(SOILKG)) for s in found)


def test_the_ontology_imports_what_it_reuses_and_each_import_is_vendored():
    ontology = Graph().parse(ONTOLOGY / "soilkg.ttl", format="turtle")
    imports = {str(i) for i in imported(ontology)}
    used = {str(t) for triple in ontology for t in triple if isinstance(t, URIRef)}
    for namespace in ("http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/dcat#",
                      "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/sosa/",
                      "http://www.opengis.net/ont/geosparql#", "http://www.w3.org/2004/02/skos/core#"):
        assert any(t.startswith(namespace) for t in used), f"{namespace} is not used: drop its import"
    assert len(imports) == 9
    files = catalog(IMPORTS)
    assert imports <= set(files)
    assert all(files[i].is_file() for i in imports)


def test_the_vendored_files_are_the_pinned_ones():
    sums = dict(reversed(line.split(maxsplit=1)) for line in (IMPORTS / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == {f"./{p.name}" for p in IMPORTS.iterdir() if p.suffix in (".nq", ".ttl")}
    for name, digest in sums.items():
        assert hashlib.sha256((IMPORTS / name).read_bytes()).hexdigest() == digest, name
    assert (IMPORTS / "VERSION").read_text().startswith("@zazuko/rdf-vocabularies@2023.1.19 sha512-")


def test_the_upstream_axioms_the_check_relies_on_are_loaded():
    upstream = read_imports(Graph().parse(ONTOLOGY / "soilkg.ttl", format="turtle"), IMPORTS)
    assert (PROV.Activity, OWL.disjointWith, PROV.Entity) in upstream
    assert (PROV.hadPrimarySource, RDFS.domain, PROV.Entity) in upstream
    assert (ORG.linkedTo, RDFS.domain, ORG.Organization) in upstream
    assert (ORG.memberOf, RDFS.range, ORG.Organization) in upstream
    assert (URIRef("http://www.w3.org/ns/sosa/Observation"), RDFS.subClassOf, PROV.Activity) in upstream
    assert (None, OWL.imports, None) not in upstream  # nothing left for a reasoner to fetch
    assert len(upstream) > 5000


def test_an_import_without_a_vendored_copy_stops_the_check(tmp_path):
    ontology = Graph()
    ontology.add((URIRef("https://w3id.org/soilkg/def"), RDF.type, OWL.Ontology))
    ontology.add((URIRef("https://w3id.org/soilkg/def"), OWL.imports, URIRef("https://schema.org/")))
    with pytest.raises(MissingImport, match="no vendored file for the import"):
        read_imports(ontology, IMPORTS)
    (tmp_path / CATALOG).write_text((IMPORTS / CATALOG).read_text())  # a catalog whose files are not there
    ontology.set((URIRef("https://w3id.org/soilkg/def"), OWL.imports, URIRef(str(PROV))))
    with pytest.raises(MissingImport, match="prov.nq: vendored ontology named in"):
        read_imports(ontology, tmp_path)


# --- version ---------------------------------------------------------------------------------------------

def test_every_version_of_the_ontology_files_agrees_with_the_one_in_soilkg_ttl():
    soilkg = Graph().parse(ONTOLOGY / "soilkg.ttl", format="turtle")
    ontology = URIRef("https://w3id.org/soilkg/def")
    version = str(soilkg.value(ontology, OWL.versionInfo))
    assert version == "0.2.0"
    assert soilkg.value(ontology, OWL.priorVersion) == URIRef("https://w3id.org/soilkg/def/0.1.0")
    stated = {}
    for path in own_files():
        graph = Graph().parse(path, format="turtle")
        for s, iri in graph.subject_objects(OWL.versionIRI):
            stated[f"{path.name}: versionIRI of {s}"] = str(iri).rsplit("/", 1)[-1]
        for s, info in graph.subject_objects(OWL.versionInfo):
            stated[f"{path.name}: versionInfo of {s}"] = str(info)
    assert soilkg.value(ontology, OWL.versionIRI) == URIRef(f"https://w3id.org/soilkg/def/{version}")
    assert len(stated) >= 8  # the ontology, the shapes and each vocabulary
    assert {where: v for where, v in stated.items() if v != version} == {}
    changelog = (ONTOLOGY / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {version}" in changelog and "## 0.1.0" in changelog


def test_blank_nodes_and_literals_are_not_terms():
    """The re-declaration check looks at named subjects only: class expressions and lists are ours."""
    graph = Graph()
    graph.add((BNode(), OWL.members, ORG.Organization))
    graph.add((SOILKG.Thing, RDFS.label, Literal("thing", lang="en")))
    assert external_statements(graph) == []
