"""Loads in separate processes at once: every round ends with a served, complete graph and honest exit codes.

Issue 8, defect 3. Each round starts real ``soilkg load`` (and ``soilkg serve``) processes on one store,
the second after a random delay so that rounds hit different interleavings, then checks the exit codes
and messages of both and that the served generation holds exactly the quads of its content.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph.namespaces import Iris
from graph.store import BUILDING, GraphStore
from loaders.pipeline import Sources, fingerprint, load
from tests.server import free_port

FIXTURES = Path(__file__).parents[1] / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
SOILKG = str(Path(sys.executable).parent / "soilkg")
EXTRA = ('- id: {id}\n  kind: ministry\n  label: {{en: {label}}}\n'
         '  sources: [{{file: fixture.txt, section: "1", quote: "fixture"}}]\n')
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> dict[str, Path]:
    """Three valid data folders (different content) and an invalid one."""
    root = tmp_path_factory.mktemp("datasets")
    folders = {}
    for name in ("a", "b", "c", "bad"):
        folder = root / name
        shutil.copytree(FIXTURES / "data" / "base", folder)
        extra = {"a": 0, "b": 1, "c": 2, "bad": 0}[name]  # records added: a different size for each
        (folder / "extra.yaml").write_text("".join(EXTRA.format(id=f"ministry-{name}{i}", label=f"Ministry {name}{i}")
                                                   for i in range(extra)))
        folders[name] = folder
    (folders["bad"] / "extra.yaml").write_text(EXTRA.format(id="ministry-bad", label="[unclosed"))
    return folders


@pytest.fixture(scope="module")
def expected(datasets, tmp_path_factory) -> dict[str, int]:
    """Content hash -> number of quads a complete load of it serves."""
    counts = {}
    for name in ("a", "b", "c"):
        sources = Sources(datasets[name], ROOT / "ontology")
        store = GraphStore(tmp_path_factory.mktemp(f"expected-{name}"))
        load(store, sources, Iris())
        counts[fingerprint(sources, Iris())] = len(store.reader())
    assert len(set(counts.values())) == 3, "the data sets must differ in size to tell them apart"
    return counts


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([SOILKG, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def _assert_complete(store_root: Path, expected: dict[str, int]) -> str:
    """The store serves one of the expected contents, whole; returns its hash."""
    store = GraphStore(store_root)
    content = store.content_hash()
    assert content in expected, f"served content {content} is none of the loads"
    assert len(store.reader()) == expected[content], "the served generation is incomplete"
    assert not list(store_root.glob(f"{BUILDING}*")), "a build was left behind"
    return content


def _two_loads(store: Path, first: Path, second: Path, delay: float) -> list[tuple[int, str, str]]:
    one = _start("load", "--store", str(store), "--data", str(first))
    time.sleep(delay)
    two = _start("load", "--store", str(store), "--data", str(second))
    return [_finish(one), _finish(two)]


@pytest.mark.parametrize("round_", range(3))
def test_two_loads_of_the_same_data_load_it_once(tmp_path, datasets, expected, round_):
    results = _two_loads(tmp_path / "store", datasets["a"], datasets["a"], random.uniform(0, 1.5))
    assert [code for code, _, _ in results] == [0, 0], results
    outs = sorted(out for _, out, _ in results)
    assert outs[0].startswith("loaded into "), outs
    assert outs[1].startswith("unchanged"), outs  # waited, or came after: says so either way
    _assert_complete(tmp_path / "store", expected)


@pytest.mark.parametrize("round_", range(3))
def test_two_loads_of_different_data_both_load_and_one_is_served(tmp_path, datasets, expected, round_):
    store = tmp_path / "store"
    load(GraphStore(store), Sources(datasets["c"], ROOT / "ontology"), Iris())  # something served before
    results = _two_loads(store, datasets["a"], datasets["b"], random.uniform(0, 1.5))
    assert [(code, out.split(" ")[0]) for code, out, _ in results] == [(0, "loaded"), (0, "loaded")], results
    served = _assert_complete(store, expected)
    assert served != fingerprint(Sources(datasets["c"], ROOT / "ontology"), Iris()), "neither load is served"


def test_a_bad_load_beside_a_good_one_fails_alone(tmp_path, datasets, expected):
    results = _two_loads(tmp_path / "store", datasets["bad"], datasets["b"], random.uniform(0, 1.5))
    (bad_code, _, bad_err), (good_code, good_out, _) = results
    assert bad_code == 1 and "extra.yaml:3:" in bad_err and "nothing was loaded" in bad_err, bad_err
    assert good_code == 0 and good_out.startswith("loaded into "), results
    assert _assert_complete(tmp_path / "store", expected) == fingerprint(Sources(datasets["b"], ROOT / "ontology"), Iris())


def test_a_killed_load_leaves_the_store_to_the_next(tmp_path, datasets, expected):
    store = tmp_path / "store"
    for delay in (1.0, 2.0, 3.0):  # killed while importing, reading or writing (machine speed decides which)
        victim = _start("load", "--store", str(store), "--data", str(datasets["b"]))
        time.sleep(delay)
        victim.kill()
        victim.wait()
        code, out, err = _finish(_start("load", "--store", str(store), "--data", str(datasets["a"])))
        assert code == 0, err
        assert _assert_complete(store, expected) == fingerprint(Sources(datasets["a"], ROOT / "ontology"), Iris())
        shutil.rmtree(store)


def test_serve_start_up_load_beside_a_load(tmp_path, datasets, expected):
    store, port = tmp_path / "store", free_port()
    server = _start("serve", "--store", str(store), "--data", str(datasets["a"]), "--port", str(port))
    try:
        time.sleep(random.uniform(0, 1.5))
        code, out, err = _finish(_start("load", "--store", str(store), "--data", str(datasets["b"])))
        assert code == 0 and out.startswith("loaded into "), err
        url = f"http://127.0.0.1:{port}"
        health = _wait_for(url, server)
        served = _assert_complete(store, expected)
        assert health["content"] == served
        answer = httpx.get(f"{url}/sparql", params={"query": COUNT}, timeout=120,
                           headers={"Accept": "application/sparql-results+json"})
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == expected[served]
    finally:
        server.terminate()
        server.communicate(timeout=30)


def _wait_for(url: str, server: subprocess.Popen) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, f"serve exited: {server.communicate()}"
        try:
            return httpx.get(f"{url}/health", timeout=2).raise_for_status().json()
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("serve did not answer")


READER = """
import json, sys, time
from pathlib import Path
from graph.store import GraphStore
store, stop, out = GraphStore(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
seen, errors, queries = set(), [], 0
while not stop.exists():
    try:
        reader = store.reader()
        n = int(next(iter(reader.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))["n"].value)
        seen.add(n)
        queries += 1
    except Exception as exc:
        errors.append(repr(exc))
out.write_text(json.dumps({"seen": sorted(seen), "errors": errors[:5], "queries": queries}))
"""


def test_readers_keep_answering_through_switches_and_pruning(tmp_path, datasets, expected):
    store = GraphStore(tmp_path / "store")
    load(store, Sources(datasets["a"], ROOT / "ontology"), Iris())
    stop, out = tmp_path / "stop", tmp_path / "reader.json"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(store.root), str(stop), str(out)], cwd=ROOT)
    try:
        for name in ("b", "c", "a", "b", "c", "a"):  # three contents: each switch prunes one unless pinned
            time.sleep(0.3)
            load(store, Sources(datasets[name], ROOT / "ontology"), Iris())
        time.sleep(0.3)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    report = json.loads(out.read_text())
    assert report["errors"] == [], report
    assert report["queries"] > 0
    assert set(report["seen"]) <= set(expected.values()), report
    assert len(report["seen"]) >= 2, "the reader saw no switch"
    generations = sorted(p.name for p in store.root.glob("gen-*"))
    assert len(generations) <= 3, generations
