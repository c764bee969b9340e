"""``/health``: "ok" only when a non-empty graph is served, with its statement count, content hash and version."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings


def test_health_reports_the_served_graph(data_server, http, repo_store):
    body = http.get(f"{data_server}/health").json()
    assert body["status"] == "ok"
    assert body["statements"] == len(repo_store.reader()) > 0
    assert body["content"] == repo_store.content_hash()


def test_health_of_an_empty_store_is_not_ok(tmp_path):
    with TestClient(create_app(Settings(store=tmp_path / "store", query_workers=1))) as client:
        answer = client.get("/health")
    assert answer.status_code == 503
    body = answer.json()
    assert {k: body[k] for k in ("status", "statements", "content", "version")} == \
        {"status": "empty", "statements": 0, "content": None, "version": None}
