"""Fixtures shared by the whole suite: the repository's folders, loaded stores, a running server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api.settings import Settings
from graph.namespaces import Iris
from graph.store import GraphStore
from loaders.pipeline import Sources, load
from tests.server import running_server

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def repo_sources() -> Sources:
    """The bundled knowledge: data/ and ontology/ of the repository."""
    return Sources(ROOT / "data", ROOT / "ontology")


@pytest.fixture(scope="session")
def repo_store(tmp_path_factory, repo_sources) -> GraphStore:
    """A real Oxigraph store on disk holding the bundled data (shared, read-only for tests)."""
    store = GraphStore(tmp_path_factory.mktemp("repo-store"))
    load(store, repo_sources, Iris())
    return store


@pytest.fixture
def fixture_sources(tmp_path) -> Sources:
    """A writable copy of the minimal fixture data set, with the real ontology."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "data" / "base", data)
    return Sources(data, ROOT / "ontology")


@pytest.fixture(scope="session")
def repo_server(repo_store):
    """A real uvicorn server on 127.0.0.1 serving the bundled data; yields its base URL."""
    settings = Settings(store=repo_store.root, query_timeout=5.0, query_workers=2)
    with running_server(settings) as url:
        yield url
