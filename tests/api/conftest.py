"""Servers for the API tests: real uvicorn servers on 127.0.0.1, each on a store in a temporary folder.

``data_server`` serves the bundled data (``data/``, loaded once per session by ``repo_store``);
``fixture_server`` serves the small fixture graph of ``tests/fixtures/api/data`` (a fictional country ZZ
with names in Khmer, Lao, Thai and Vietnamese) with a short time limit and a small row cap.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api.settings import Settings
from graph.namespaces import Iris
from graph.store import GraphStore
from loaders.pipeline import Sources, load
from tests.server import running_server

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "api" / "data"
FIXTURE_TIMEOUT = 1.5
FIXTURE_MAX_ROWS = 150


@pytest.fixture(scope="session")
def data_server(repo_store):
    """The service on the bundled data; yields its base URL."""
    settings = Settings(store=repo_store.root, query_timeout=10.0, query_workers=2)
    with running_server(settings) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory) -> GraphStore:
    store = GraphStore(tmp_path_factory.mktemp("api-fixture-store"))
    load(store, Sources(FIXTURE_DATA, ROOT / "ontology"), Iris())
    return store


@pytest.fixture(scope="session")
def fixture_server(fixture_store):
    """The service on the fixture graph, with a short time limit and a small row cap; yields its base URL."""
    settings = Settings(store=fixture_store.root, query_timeout=FIXTURE_TIMEOUT, max_rows=FIXTURE_MAX_ROWS,
                        query_workers=1)
    with running_server(settings) as url:
        yield url


@pytest.fixture(scope="session")
def http():
    """One HTTP client for the session (a new client per request costs ~60 ms)."""
    with httpx.Client(timeout=30) as client:
        yield client
