"""Cost of compacted JSON-LD and of the dataset description, side by side with the raw engine, in one run.

An entity document and the whole graph: pyoxigraph's own JSON-LD (expanded, one object per named
graph; the raw engine) and N-Triples, against our compacted JSON-LD (merged graph, rdflib with the
context generated from the ontology). The VoID/DCAT counts: computed (once per generation) and then
read from the cache. Prints the median of each and the ratios to the raw engine.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from api.dataset import keywords, partitions, spatial
from api.entity import describe
from api.jsonld import build_context
from api.published import ONTOLOGY_IRI, graph_quads
from api.rdfdoc import DOCUMENT_FORMATS, serialize
from graph.generation_memo import per_generation
from graph.namespaces import Iris
from graph.store import GraphStore
from loaders.pipeline import Sources, load

ROOT = Path(__file__).resolve().parents[1]


def timed(func, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def row(name: str, seconds: float, reference: float) -> str:
    return f"  {name:<42} {seconds * 1000:9.2f} ms   {seconds / reference:6.2f}x"


def main() -> None:
    iris = Iris()
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(Path(tmp) / "store")
        load(store, Sources(ROOT / "data", ROOT / "ontology"), iris)
        reader = store.reader()
        context = build_context(graph_quads(reader, str(iris.graph("ontology"))), ONTOLOGY_IRI)
        for name, quads, rounds in (("entity kh-maff", describe(reader, str(iris.entity("kh-maff"))), 30),
                                    ("whole graph", list(reader.quads_for_pattern(None, None, None, None)), 3)):
            raw = timed(lambda q=quads: ox.serialize(q, format=ox.RdfFormat.JSON_LD), rounds)
            nt = timed(lambda q=quads: serialize(q, DOCUMENT_FORMATS["nt"]), rounds)
            ours = timed(lambda q=quads: serialize(q, DOCUMENT_FORMATS["jsonld"], context=context), rounds)
            print(f"linked_data: {name}, {len(quads)} quads, median of {rounds} runs")
            print(row("raw pyoxigraph JSON-LD (expanded, graphs)", raw, raw))
            print(row("our N-Triples (merged)", nt, raw))
            print(row("our compacted JSON-LD (merged, @context)", ours, raw))

        def counts():
            return partitions(reader, iris), keywords(reader), spatial(reader)

        first = timed(counts, 3)
        per_generation(store, ("bench-counts",), lambda _reader: counts())
        cached = timed(lambda: per_generation(store, ("bench-counts",), lambda _reader: counts()), 1000)
        print("linked_data: VoID partitions, keywords, places of the whole graph")
        print(row("computed (once per generation)", first, first))
        print(row("from the generation cache", cached, first))


if __name__ == "__main__":
    main()
