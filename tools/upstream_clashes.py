"""Count what a version of the graph contradicts in the upstream ontologies, from a dump of its store.

    soilkg export --format nq -o graph.nq          # in the checkout to measure (any version)
    python tools/upstream_clashes.py graph.nq prov.nq sosa.nq sosa-prov.ttl org.nq ...

The dump's asserted and ontology graphs (not its inferred graph) are read with the named files of
``ontology/imports/`` (all of them when none is named), and two counts are printed: individuals whose
classes, with the superclasses, domains and ranges of all these axioms, include two classes declared
disjoint (``graph.hermit.clashes``: PROV's activity and entity, for instance), and individuals inferred
that way to be an organisation (ORG, FOAF or ours) and also one of our kinds that are not organisations.
HermiT stops at the first contradiction; these counts say how many there are. A count, not a proof:
``soilkg reason`` is the check.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from graph.hermit import clashes
from graph.namespaces import ORG, SOILKG
from graph.reasoning import Rules

IMPORTS = Path(__file__).resolve().parents[1] / "ontology" / "imports"
ORGANISATIONS = {ORG.Organization, URIRef("http://xmlns.com/foaf/0.1/Organization"), SOILKG.Organisation}
NOT_ORGANISATIONS = {SOILKG[name] for name in [
    "StakeholderGroup", "Programme", "Policy", "Target", "Country", "LongTermSite", "Dataset", "CommunicationFlow",
    "FlowStep", "SupportRelation", "Event", "Statistic", "Channel", "Post", "SourceDocument", "Citation"]}


def read(path: Path) -> Graph:
    """The triples of an N-Quads file (without a named graph ``…/graph/inferred``) or of a Turtle file."""
    graph = Graph()
    if path.suffix != ".nq":
        return graph.parse(path, format="turtle")
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if not str(g).endswith("/graph/inferred"):
            graph.add((s, p, o))
    return graph


def overlaps(graph: Graph) -> list[str]:
    """Individuals inferred (hierarchy, domains, ranges) to be an organisation and a non-organisation kind."""
    rules = Rules.of(graph)
    found = []
    for node in set(graph.subjects(RDF.type, None)):
        classes = set(graph.objects(node, RDF.type))
        for prop in set(graph.predicates(node, None)):
            classes |= _ends(graph, rules, prop, "domain")
        for prop in set(graph.predicates(None, node)):
            classes |= _ends(graph, rules, prop, "range")
        every = classes | {sup for c in classes for sup in rules.superclasses.get(c, ())}
        if every & ORGANISATIONS and every & NOT_ORGANISATIONS:
            found.append(f"{node}: {' '.join(sorted(str(c).rsplit('#', 1)[-1] for c in every & NOT_ORGANISATIONS))}")
    return sorted(found)


def _ends(graph: Graph, rules: Rules, prop, end: str) -> set:
    return {c for q in {prop} | rules.superproperties.get(prop, frozenset()) for c in graph.objects(q, RDFS[end])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dump", type=Path, help="N-Quads dump of a store (soilkg export --format nq)")
    parser.add_argument("imports", nargs="*", help="files of ontology/imports/ to add (default: all)")
    args = parser.parse_args(argv)
    graph = read(args.dump)
    names = args.imports or sorted(p.name for p in IMPORTS.iterdir() if p.suffix in (".nq", ".ttl"))
    for name in names:
        graph += read(IMPORTS / name)
    found, both = clashes(graph), overlaps(graph)
    kinds = Counter(line.split(" is both ", 1)[1] for line in found)
    out = [f"with {', '.join(names)}:", f"{len({line.split(' ', 1)[0] for line in found})} individuals with "
           "two disjoint classes"]
    out += [f"  {n:5}  {kind}" for kind, n in kinds.most_common()]
    out += [f"{len(both)} individuals both an organisation and not one"] + [f"  {line}" for line in both]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
