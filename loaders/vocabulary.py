"""The SKOS vocabularies of ``ontology/vocab/``: which concept ids each one allows."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS


def read_vocabularies(vocab_dir: Path) -> dict[str, frozenset[str]]:
    """Map each vocabulary (file stem, e.g. ``topics``) to the notations of its concepts."""
    vocabularies = {}
    for path in sorted(vocab_dir.glob("*.ttl")):
        graph = Graph().parse(path, format="turtle")
        vocabularies[path.stem] = frozenset(
            str(notation) for concept in graph.subjects(RDF.type, SKOS.Concept)
            for notation in graph.objects(concept, SKOS.notation)
        )
    return vocabularies
