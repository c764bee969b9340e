"""The remote store talks to a real SPARQL 1.1 server (Oxigraph's own server) on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.catalog import load_catalog
from graph.convert import to_ox_quads
from graph.namespaces import PREFIXES, Iris
from graph.query_job import QueryJob, evaluate
from graph.remote import RemoteStore
from loaders.pipeline import build
from tests.server import free_port

ROOT = Path(__file__).resolve().parents[2]
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent))


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    if OXIGRAPH is None:
        pytest.fail("the oxigraph server (PyPI package 'oxigraph', a dev dependency) is not installed")
    port = free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_a_remote_server_answers_as_the_embedded_store(oxigraph_server, repo_sources, repo_store):
    remote = RemoteStore(f"{oxigraph_server}/query", f"{oxigraph_server}/update")
    remote.replace(to_ox_quads(build(repo_sources, Iris())))
    named = load_catalog(ROOT / "queries")["programmes_by_topic_and_country"]
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    query = prologue + named.render({"country": "KH", "topic": "land-degradation"}, Iris())
    remote_rows = json.loads(remote.query(query))["results"]["bindings"]
    local = evaluate(repo_store.reader(), QueryJob(query, "", prefixes=PREFIXES))
    local_rows = json.loads(local.body)["results"]["bindings"]
    assert remote_rows and {r["programme"]["value"] for r in remote_rows} == {r["programme"]["value"] for r in local_rows}


def test_replacing_remote_content_drops_the_old(oxigraph_server):
    import pyoxigraph as ox

    remote = RemoteStore(f"{oxigraph_server}/query", f"{oxigraph_server}/update")
    node = ox.NamedNode("urn:x")
    remote.replace([ox.Quad(node, node, ox.Literal("one"), ox.NamedNode("urn:g"))])
    remote.replace([ox.Quad(node, node, ox.Literal("two"), ox.NamedNode("urn:g"))])
    rows = json.loads(remote.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"))["results"]["bindings"]
    assert [r["o"]["value"] for r in rows] == ["two"]
