"""Cost of our query path compared with the raw engine, side by side in one run.

Three ways to answer the same SELECT over the bundled data: pyoxigraph in-process (the raw engine),
our executor (worker process, row cap, own serialiser) and the full HTTP endpoint (uvicorn + FastAPI).
Prints the median time of each and the ratios to the raw engine.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from api.settings import Settings
from graph.executor import LaneSpec, QueryExecutor
from graph.namespaces import PREFIXES, Iris
from graph.query_job import QueryJob
from graph.store import GraphStore
from loaders.pipeline import Sources, load
from tests.server import running_server

ROOT = Path(__file__).resolve().parents[1]
QUERY = """SELECT ?s ?label ?kind WHERE { ?s skos:prefLabel ?label ; a ?c . ?c rdfs:label ?kind .
  OPTIONAL { ?s soilkg:country ?country } } ORDER BY ?label"""
ROUNDS = 50


def timed(func) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


async def executor_time(job: QueryJob) -> float:
    """Median time of ``job`` through one worker of the executor."""
    executor = QueryExecutor({"sparql": LaneSpec(1)}, timeout=30)
    await executor.start()
    await executor.run(job)
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        await executor.run(job)
        samples.append(time.perf_counter() - start)
    await executor.close()
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(Path(tmp) / "store")
        load(store, Sources(ROOT / "data", ROOT / "ontology"), Iris())
        raw = store.reader()
        rows = len(list(raw.query(QUERY, prefixes=PREFIXES, use_default_graph_as_union=True)))
        t_raw = timed(lambda: raw.query(QUERY, prefixes=PREFIXES, use_default_graph_as_union=True)
                      .serialize(format=__import__("pyoxigraph").QueryResultsFormat.JSON))
        job = QueryJob(QUERY, str(store.path_of_generation()), prefixes=PREFIXES)
        t_exec = asyncio.run(executor_time(job))
        with running_server(Settings(store=store.root, query_workers=1)) as url, httpx.Client() as client:
            t_http = timed(lambda: client.get(f"{url}/sparql", params={"query": QUERY}).raise_for_status())
    print(f"sparql_overhead: {rows} rows, median of {ROUNDS} runs")
    print(f"  raw pyoxigraph (query + JSON)   {t_raw * 1000:8.2f} ms   1.00x")
    print(f"  executor (worker process)       {t_exec * 1000:8.2f} ms   {t_exec / t_raw:5.2f}x")
    print(f"  HTTP /sparql (uvicorn, FastAPI) {t_http * 1000:8.2f} ms   {t_http / t_raw:5.2f}x")


if __name__ == "__main__":
    main()
