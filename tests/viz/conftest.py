"""Fixtures of the viz tests: the small hand-made graph as an in-memory store and as an on-disk GraphStore."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from viz_fixture import quads

from graph.store import GraphStore


@pytest.fixture(scope="session")
def mini_store() -> ox.Store:
    store = ox.Store()
    store.extend(quads())
    return store


@pytest.fixture(scope="session")
def mini_graph_store(tmp_path_factory) -> GraphStore:
    store = GraphStore(tmp_path_factory.mktemp("mini") / "store")
    store.replace(quads(), "fixture-0001")
    return store
