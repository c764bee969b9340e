"""Fixtures of the reasoning tests: our ontology, and our ontology with the upstream ontologies it imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from loaders.imports import read_imports
from loaders.pipeline import Sources, read_ontology

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def ontology() -> Graph:
    """Our ontology and vocabularies (``ontology/``, without ``imports/``)."""
    return read_ontology(Sources(ROOT / "data", ROOT / "ontology"))


@pytest.fixture(scope="session")
def axioms(ontology) -> Graph:
    """Our ontology and the upstream ontologies it imports."""
    return ontology + read_imports(ontology, ROOT / "ontology" / "imports")
