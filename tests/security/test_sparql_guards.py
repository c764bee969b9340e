"""Hostile queries against the real service process: no outbound connection, no 5xx, exact datasets."""

from __future__ import annotations

import os
import signal
import threading
import time

import pyoxigraph as ox
import pytest

from tests.security.corpus import FROM_SPELLINGS, NOT_SERVICE, SERVICE_SPELLINGS

JSON = {"Accept": "application/sparql-results+json"}


def fill(template: str, listener) -> str:
    return (template.replace("{L}", listener.url).replace("{P}", f"http://127.0.0.1:{listener.port}/")
            .replace("{port}", str(listener.port)))


@pytest.mark.parametrize("name", SERVICE_SPELLINGS)
def test_no_service_spelling_opens_a_connection(name, client, listener):
    before = listener.count
    for method in ("GET", "POST"):
        query = fill(SERVICE_SPELLINGS[name], listener)
        response = (client.get("/sparql", params={"query": query}, headers=JSON) if method == "GET" else
                    client.post("/sparql", content=query.encode(), headers={**JSON, "Content-Type": "application/sparql-query"}))
        assert response.status_code == 400, (method, response.status_code, response.text[:300])
        assert "LEAK" not in response.text
    assert listener.count == before, f"{name}: the service opened {listener.count - before} connection(s)"


def test_the_plain_spelling_says_service_is_not_allowed(client, listener):
    response = client.get("/sparql", params={"query": fill(SERVICE_SPELLINGS["no space"], listener)})
    assert response.json()["detail"].startswith("SERVICE is not allowed on this endpoint")


@pytest.mark.parametrize("name", NOT_SERVICE)
def test_service_like_text_that_is_not_the_keyword_is_answered(name, client, listener):
    before = listener.count
    response = client.get("/sparql", params={"query": NOT_SERVICE[name]}, headers=JSON)
    assert response.status_code == 200, response.text
    assert listener.count == before


@pytest.fixture(scope="module")
def graphs(repo_store) -> dict[str, str]:
    names = sorted(g.value for g in repo_store.reader().named_graphs() if "/doc-" in g.value)
    g, h = names[0], names[1]
    base, local = g.rsplit("/", 1)
    return {"g": g, "h": h, "gb": base + "/", "gl": local, "hl": h.rsplit("/", 1)[1],
            "gl_escaped": local.replace("-", "\\-", 1), "g_uchar": g.replace("-", "\\u002D", 1)}


def expected_count(store, body: str, default: list[str], named: list[str]) -> int:
    """The engine's own answer on exactly the named graphs (the union of all graphs when none is named)."""
    kwargs = ({"default_graph": [ox.NamedNode(x) for x in default], "named_graphs": [ox.NamedNode(x) for x in named]}
              if default or named else {"use_default_graph_as_union": True})
    return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) {body}", **kwargs)))["n"].value)


@pytest.mark.parametrize("name", FROM_SPELLINGS)
def test_every_from_spelling_is_honoured_exactly(name, client, repo_store, graphs, hostile_server):
    head, default, named = FROM_SPELLINGS[name]
    head = head.replace("SELECT *", "SELECT (COUNT(*) AS ?n)").replace("select *", "select (COUNT(*) AS ?n)")
    for key, value in sorted(graphs.items(), key=lambda kv: -len(kv[0])):
        head = head.replace("{" + key + "}", value)
    iris = {"g": graphs["g"], "h": graphs["h"], "endpoint-relative": f"{hostile_server.url}/no-such-graph"}
    default, named = [iris.get(x, x) for x in default], [iris.get(x, x) for x in named]
    for body in ("{ ?s ?p ?o }", "{ GRAPH ?x { ?s ?p ?o } }"):
        response = client.get("/sparql", params={"query": f"{head} {body}"}, headers=JSON)
        assert response.status_code == 200, response.text
        got = int(response.json()["results"]["bindings"][0]["n"]["value"])
        assert got == expected_count(repo_store.reader(), body, default, named), f"{name}: {head} {body}"


def test_the_union_is_not_what_a_from_gets(client, repo_store, graphs):
    union = expected_count(repo_store.reader(), "{ ?s ?p ?o }", [], [])
    only = expected_count(repo_store.reader(), "{ ?s ?p ?o }", [graphs["g"]], [])
    assert 0 < only < union, "the corpus needs graphs smaller than the union to tell them apart"


NESTING = {
    "braces": "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
    "blank nodes": "SELECT * WHERE { ?s ?p " + "[ ?p " * 5_000 + "1" + " ]" * 5_000 + " }",
    "collections": "SELECT * WHERE { ?s ?p " + "(" * 10_000 + "1" + ")" * 10_000 + " }",
    "subqueries": "SELECT * WHERE " + "{ SELECT * WHERE " * 3_000 + "{}" + " }" * 3_000,
    "plus chain": "SELECT * WHERE { FILTER(" + "+".join(["1"] * 20_000) + ") }",
    "or chain": "SELECT * WHERE { FILTER(" + "||".join(["true"] * 30_000) + ") }",
    "union chain": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 8_000) + " }",
    "optional chain": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 8_000 + "}",
    "path chain": "SELECT * WHERE { ?s " + "/".join(["<urn:p>"] * 20_000) + " ?o }",
    "join chain": "SELECT * WHERE { " + "{ ?s ?p ?o } " * 12_000 + "}",
}
AT_THE_LIMIT = {
    "braces": "SELECT * WHERE " + "{" * 64 + "}" * 64,
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 62 + "1" + ")" * 62 + ") }",
    "plus chain": "SELECT * WHERE { FILTER(" + "+".join(["1"] * 990) + ") }",
    "union chain": "SELECT * WHERE { " + " UNION ".join(["{}"] * 490) + " }",
    "optional chain": "SELECT * WHERE { " + "OPTIONAL { } " * 490 + "}",
}


@pytest.mark.parametrize("name", NESTING)
def test_nesting_and_chain_bombs_are_refused_before_the_engine(name, client):
    response = client.post("/sparql", content=NESTING[name].encode(),
                           headers={**JSON, "Content-Type": "application/sparql-query"})
    assert response.status_code == 400, response.text[:300]
    assert "deep" in response.json()["detail"] or "operators" in response.json()["detail"]


@pytest.mark.parametrize("name", AT_THE_LIMIT)
def test_queries_just_inside_the_limits_are_answered(name, client):
    response = client.post("/sparql", content=AT_THE_LIMIT[name].encode(),
                           headers={**JSON, "Content-Type": "application/sparql-query"})
    assert response.status_code == 200, response.text[:300]


def doubling(times: int, seed: str = "0123456789abcdef") -> str:
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(times))
    return f'SELECT (STRLEN(?a{times}) AS ?n) ?a{times} WHERE {{ BIND("{seed}" AS ?a0) {binds} }}'


def test_an_answer_past_the_byte_cap_is_refused_and_the_next_query_works(client):
    response = client.get("/sparql", params={"query": doubling(17)}, headers=JSON)  # 2 MiB of text
    assert response.status_code == 422, response.text[:300]
    assert "bytes" in response.json()["detail"]
    assert client.get("/sparql", params={"query": "ASK {}"}, headers=JSON).json()["boolean"] is True


def test_a_string_doubling_memory_bomb_gets_503_and_its_worker_is_replaced(client, hostile_server):
    before = hostile_server.rss_peak_kib()
    response = client.get("/sparql", params={"query": doubling(28)}, headers=JSON)  # 4 GiB if it could
    assert response.status_code == 503, response.text[:300]
    assert "memory limit of 700 MiB" in response.json()["detail"]
    assert response.headers["connection"] == "close"
    assert client.get("/sparql", params={"query": "ASK {}"}, headers=JSON).json()["boolean"] is True
    assert hostile_server.rss_peak_kib() - before < 100 * 1024, "the server process itself grew"


def test_a_relative_iri_resolves_against_the_endpoint(client, hostile_server):
    response = client.get("/sparql", params={"query": "CONSTRUCT { <s> <p> <o> } WHERE {}"},
                          headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    assert response.text.strip() == f"<{hostile_server.url}/s> <{hostile_server.url}/p> <{hostile_server.url}/o> ."


def all_idle(client) -> bool:
    lanes = client.get("/health").json()["query_workers"]["lanes"].values()
    return all(lane["idle"] == lane["workers"] for lane in lanes)


def test_killed_workers_give_503_with_a_message_and_are_replaced(client, hostile_server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    before = set(hostile_server.worker_pids())
    answer = {}
    thread = threading.Thread(target=lambda: answer.update(r=client.get("/sparql", params={"query": slow}, headers=JSON)))
    thread.start()
    time.sleep(1.0)
    for pid in before:  # the busy one and the idle ones (SIGKILL, as the kernel's OOM killer would)
        os.kill(pid, signal.SIGKILL)
    thread.join(timeout=30)
    assert answer["r"].status_code == 503, answer["r"].text
    assert "stopped its worker" in answer["r"].json()["detail"] and "replaced" in answer["r"].json()["detail"]
    deadline = time.monotonic() + 90
    while not all_idle(client) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all_idle(client), client.get("/health").json()
    assert not before & set(hostile_server.worker_pids()), "a killed worker is still counted"
    for _ in range(3):
        after = client.get("/sparql", params={"query": "ASK {}"}, headers=JSON)
        assert after.status_code == 200, after.text
        assert client.get("/api/queries/sources_of_entity", params={"entity": "kh-maff"}).status_code == 200
