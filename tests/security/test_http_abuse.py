"""HTTP abuse against the real service process: slow clients, huge headers, charsets, keep-alive after errors."""

from __future__ import annotations

import socket
import time
import urllib.parse

import httpx

JSON = {"Accept": "application/sparql-results+json"}
ASK = "ASK { ?s ?p ?o }"


def connect(url: str) -> socket.socket:
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def read_response(sock: socket.socket) -> tuple[bytes, bytes]:
    """One HTTP/1.1 response with a Content-Length: (head, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data, b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0)
    while len(body) < length:
        body += sock.recv(65536)
    return head, body


def request(target: str, extra: str = "", body: bytes = b"") -> bytes:
    return (f"{target} HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def test_a_client_that_never_finishes_its_headers_is_cut_off_and_health_stays_fast(hostile_server, client):
    slow = [connect(hostile_server.url) for _ in range(30)]
    for sock in slow:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    started = time.monotonic()
    worst = 0.0
    while time.monotonic() - started < 1.5:
        t0 = time.monotonic()
        assert client.get("/health").status_code == 200
        worst = max(worst, time.monotonic() - t0)
    assert worst < 0.5, f"/health took {worst:.2f} s beside 30 slow clients"
    for sock in slow:
        sock.settimeout(5)
        head, _ = read_response(sock)  # the 2 s read limit has passed by now
        assert head.startswith(b"HTTP/1.1 408"), head[:100]
        assert sock.recv(10) == b"", "the connection stayed open"
        sock.close()


def test_a_body_that_never_arrives_gets_408(hostile_server):
    with connect(hostile_server.url) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nASK")
        head, body = read_response(sock)
    assert head.startswith(b"HTTP/1.1 408"), head[:100]
    assert b"did not arrive" in body


def test_huge_headers_are_refused_without_harm(hostile_server, client):
    with connect(hostile_server.url) as sock:
        try:  # the server answers 400 and closes while the header is still being sent
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 5_000_000 + b"\r\n\r\n")
            head, _ = read_response(sock)
        except (ConnectionResetError, BrokenPipeError):
            head = b"HTTP/1.1 4xx (closed while sending)"
    assert head.startswith(b"HTTP/1.1 4"), head[:100]
    assert client.get("/health").json()["status"] == "ok"


def test_charsets_of_a_direct_post(client):
    for charset, codec in (("UTF-16", "utf-16"), ("utf-16le", "utf-16-le"), ("ISO-8859-1", "latin-1"), ("utf-8", "utf-8")):
        response = client.post("/sparql", content=ASK.encode(codec),
                               headers={**JSON, "Content-Type": f"application/sparql-query; charset={charset}"})
        assert response.status_code == 200, (charset, response.text)
        assert response.json()["boolean"] is True
    refused = {"rot13": 415, "x-unknown": 415, "utf-16": 400}  # utf-16 here: an odd number of bytes
    for charset, status in refused.items():
        body = ASK.encode() + (b"!" if charset == "utf-16" else b"")
        response = client.post("/sparql", content=body,
                               headers={**JSON, "Content-Type": f"application/sparql-query; charset={charset}"})
        assert response.status_code == status, (charset, response.text)


def test_bad_bytes_in_a_query_are_client_errors(client):
    for content in (b"ASK { ?s ?p '\xff' }", b"ASK {\x00}", "ASK { ?s ?p '\ud800' }".encode("utf-8", "surrogatepass")):
        response = client.post("/sparql", content=content, headers={**JSON, "Content-Type": "application/sparql-query"})
        assert response.status_code == 400, (content, response.text)
    assert client.get("/sparql", params={"query": "ASK {\x00}"}, headers=JSON).status_code == 400


def test_keep_alive_survives_client_errors(hostile_server):
    with connect(hostile_server.url) as sock:
        for target in ("GET /sparql?query=SELECT", "GET /sparql?query=" + urllib.parse.quote(ASK), "GET /no/such/page",
                       "GET /sparql?query=" + urllib.parse.quote(ASK)):
            sock.sendall(request(target))
            head, _ = read_response(sock)
            assert head.startswith(b"HTTP/1.1 200") or head.startswith(b"HTTP/1.1 4"), head[:100]
            assert b"connection: close" not in head.lower()


def test_a_server_error_closes_the_connection(hostile_server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with connect(hostile_server.url) as sock:
        sock.settimeout(30)
        sock.sendall(request("GET /sparql?query=" + urllib.parse.quote(slow)))
        head, body = read_response(sock)
        assert head.startswith(b"HTTP/1.1 503"), head[:100]
        assert b"connection: close" in head.lower()
        assert b"and was stopped" in body
        assert sock.recv(10) == b"", "the connection stayed open after a 503"


def test_every_response_says_nosniff_and_pages_carry_a_csp(client):
    for path in ("/health", "/", "/sparql", "/docs", "/static/soilkg.css", "/no/such/page", "/editor"):
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.headers["x-content-type-options"] == "nosniff", path
        if response.headers.get("content-type", "").startswith("text/html"):
            assert "script-src 'self'" in response.headers["content-security-policy"], path


def test_health_reports_the_network_guard_of_the_workers(client):
    workers = client.get("/health").json()["query_workers"]
    assert workers["network_guard"] in ("network namespace", "user and network namespace", "none")
    assert set(workers["lanes"]) == {"sparql", "named"}


def test_a_full_queue_gets_a_fast_503_with_retry_after(hostile_server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with httpx.Client(base_url=hostile_server.url, timeout=30, limits=httpx.Limits(max_connections=20)) as http:
        import concurrent.futures as cf
        with cf.ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(lambda _: http.get("/sparql", params={"query": slow}, headers=JSON), range(12)))
    busy = [a for a in answers if "Retry-After" in a.headers]
    assert busy, [a.status_code for a in answers]
    assert all(a.status_code == 503 and a.elapsed.total_seconds() < 3 for a in busy)
    assert all(a.status_code in (200, 503) for a in answers)


def test_45_heavy_queries_leave_health_static_files_and_search_answering(hostile_server, client):
    import concurrent.futures as cf

    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with httpx.Client(base_url=hostile_server.url, timeout=60, limits=httpx.Limits(max_connections=60)) as http, \
            cf.ThreadPoolExecutor(45) as pool:
        storm = [pool.submit(http.get, "/sparql", params={"query": slow}) for _ in range(45)]
        time.sleep(0.5)
        worst = 0.0
        for path in ("/health", "/static/soilkg.css", "/api/search?q=soil", "/health", "/static/home.js", "/health"):
            start = time.monotonic()
            assert client.get(path).status_code == 200, path
            worst = max(worst, time.monotonic() - start)
        answers = [f.result() for f in storm]
    assert worst < 1.0, f"a cheap request took {worst:.2f} s beside 45 heavy queries"
    assert {a.status_code for a in answers} <= {503}, {a.status_code for a in answers}
