"""The service under abuse, side by side in one run: ``python -m bench.abuse``.

Starts the real service (``python -m api.server``, default settings) on the bundled data and
measures, for each scenario, the worst ``/health`` latency and the p50/p99 of a cheap named query
(``long_term_sites_by_country``), next to the same query on the raw engine in-process:

* idle;
* (a) 2 heavy /sparql queries at a time, each running until the time limit;
* (b) 40 concurrent FROM + FILTER /sparql queries (about 1.8 kB each);
* memory bombs (string-doubling queries): peak resident memory of the server and of each worker,
  against the workers' memory limit.

Goals (issue 8): /health worst < 100 ms and named p99 < 2 s under both storms; no process past its limit.
Every loop is bounded in time and count; all traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from api.catalog import load_catalog
from api.settings import Settings
from graph.namespaces import PREFIXES, Iris
from graph.store import GraphStore
from loaders.pipeline import Sources, load
from tests.security.conftest import start_server
from tests.security.test_sparql_guards import doubling

ROOT = Path(__file__).resolve().parents[1]
WINDOW = 10.0  # seconds each storm lasts
NAMED = "long_term_sites_by_country"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def from_filter_query(graph: str) -> str:
    words = "|".join(f"word{i:03d}" for i in range(170))
    return (f"SELECT ?s ?label FROM <{graph}> WHERE {{ ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label "
            f'FILTER(REGEX(STR(?label), "{words}", "i") || CONTAINS(LCASE(STR(?label)), "soil")) }} LIMIT 50')


class Probe(threading.Thread):
    """Asks one URL again and again until stopped; keeps each latency."""

    def __init__(self, url: str, headers: dict | None = None):
        super().__init__(daemon=True)
        self.url, self.headers, self.times, self.failures = url, headers or {}, [], 0
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=30) as http:
            while not self.stop.is_set():
                start = time.perf_counter()
                response = http.get(self.url, headers=self.headers)
                self.times.append(time.perf_counter() - start)
                self.failures += response.status_code != 200
                time.sleep(0.02)


def storm(url: str, query: str, clients: int, seconds: float) -> tuple[list[threading.Thread], dict, threading.Event]:
    """``clients`` threads sending ``query`` to /sparql until the event is set; counts answers by status."""
    stop, statuses = threading.Event(), {}

    def loop() -> None:
        with httpx.Client(timeout=60) as http:
            while not stop.is_set():
                response = http.get(f"{url}/sparql", params={"query": query})
                key = str(response.status_code) if response.status_code == 200 else \
                    f"{response.status_code} {response.json()['detail'][:24]}"
                statuses[key] = statuses.get(key, 0) + 1

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    return threads, statuses, stop


def measure(url: str, named_url: str, load_query: str | None, clients: int) -> dict:
    with httpx.Client(timeout=30) as http:
        wait_until_idle(http, url)
    health, named = Probe(f"{url}/health"), Probe(named_url, {"Accept": "application/json"})
    threads, statuses, stop = storm(url, load_query, clients, WINDOW) if load_query else ([], {}, threading.Event())
    time.sleep(0.5 if load_query else 0)
    health.start()
    named.start()
    time.sleep(WINDOW)
    for probe in (health, named):
        probe.stop.set()
        probe.join()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    times = sorted(named.times)
    return {"health_worst": max(health.times), "named_p50": statistics.median(times),
            "named_p99": times[min(len(times) - 1, int(len(times) * 0.99))], "named_n": len(times),
            "named_failed": named.failures, "storm": statuses}


def rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")), 0))


def memory_bombs(server) -> dict:
    peaks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in (server.process.pid, *server.worker_pids()):
                peaks[pid] = max(peaks.get(pid, 0), rss_kib(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    statuses = []

    def send_bomb(http: httpx.Client, times: int) -> None:
        response = http.get(f"{server.url}/sparql", params={"query": doubling(times)})
        statuses.append((times, response.status_code, "" if response.status_code == 200 else response.json()["detail"][:60]))

    with httpx.Client(timeout=60) as http:
        for times in (20, 24, 26, 28):
            wait_until_idle(http, server.url)
            bombs = [threading.Thread(target=send_bomb, args=(http, times)) for _ in range(2)]
            for bomb in bombs:
                bomb.start()
            for bomb in bombs:
                bomb.join()
    done.set()
    sampler.join()
    main = peaks.pop(server.process.pid, 0)
    return {"server_peak_mib": main / 1024, "worker_peak_mib": max(peaks.values(), default=0) / 1024,
            "statuses": sorted(statuses)}


def wait_until_idle(http: httpx.Client, url: str, seconds: float = 60) -> None:
    """Until every query worker is idle (after a storm, or while killed workers are replaced)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        lanes = http.get(f"{url}/health").json()["query_workers"]["lanes"].values()
        if all(lane["idle"] == lane["workers"] for lane in lanes):
            return
        time.sleep(0.2)


def raw_named_time(store: GraphStore, text: str) -> float:
    reader = store.reader()
    samples = []
    for _ in range(30):
        start = time.perf_counter()
        reader.query(text, prefixes=PREFIXES, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    settings = Settings()
    query = load_catalog(ROOT / "queries")[NAMED]
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(Path(tmp) / "store")
        load(store, Sources(ROOT / "data", ROOT / "ontology"), Iris())
        graph = sorted(g.value for g in store.reader().named_graphs() if "/doc-" in g.value)[0]
        raw = raw_named_time(store, query.page(query.example, Iris(), 1001))
        rows = {}
        for nice in (10, 0):  # /sparql workers at lower CPU priority (the default), and not
            server = start_server(store.root, {"SOILKG_SPARQL_WORKER_NICE": str(nice)}, Path(tmp) / "server.log")
            try:
                named_url = f"{server.url}/api/queries/{NAMED}?" + "&".join(f"{k}={v}" for k, v in query.example.items())
                rows[f"idle, nice {nice}"] = measure(server.url, named_url, None, 0)
                rows[f"(a) 2 heavy, nice {nice}"] = measure(server.url, named_url, HEAVY, 2)
                rows[f"(b) 40 FROM+FILTER, nice {nice}"] = measure(server.url, named_url, from_filter_query(graph), 40)
                if nice == settings.sparql_worker_nice:
                    bombs = memory_bombs(server)
            finally:
                server.process.terminate()
                server.process.wait(timeout=30)
    print(f"abuse: {WINDOW:g} s per scenario; named query {NAMED}; raw engine in-process {raw * 1000:.1f} ms")
    print(f"  {'scenario':30} {'/health worst':>14} {'named p50':>10} {'named p99':>10} {'p99/raw':>8} {'n':>5}  storm answers")
    for name, row in rows.items():
        print(f"  {name:30} {row['health_worst'] * 1000:11.1f} ms {row['named_p50'] * 1000:7.1f} ms "
              f"{row['named_p99'] * 1000:7.1f} ms {row['named_p99'] / raw:7.1f}x {row['named_n']:5d}  {row['storm']}"
              + (f"  named failures: {row['named_failed']}" if row["named_failed"] else ""))
    print("  memory bombs (a 16-character string doubled 20, 24, 26, 28 times; two at a time):")
    for times, status, detail in bombs["statuses"]:
        print(f"    2^{times}: {status} {detail}")
    print(f"  peak RSS: server {bombs['server_peak_mib']:.0f} MiB, largest worker {bombs['worker_peak_mib']:.0f} MiB "
          f"(worker limit {settings.query_memory_mb} MiB of address space)")
    try:
        from bench import loads  # the loader half of issue 8 (peak RSS and time at 1x, 10x, 100x the data)
    except ImportError:
        print("  loader RSS: bench/loads.py is not in this tree yet (issue 8, load half)")
    else:
        loads.main()


if __name__ == "__main__":
    main()
