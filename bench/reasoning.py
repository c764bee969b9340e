"""What checking against the upstream ontologies costs: HermiT on the bundled data, side by side, one run.

* **own axioms**: our ontology and the data only (the scope of ``soilkg reason`` before ontology 0.2.0);
* **with imports**: plus the nine imported upstream ontologies, classified (what ``soilkg reason`` and CI run);
* **realised**: the same, also computing every record's types (what the overlap test asks; citations left out).

Each line gives the wall-clock and processor time of the HermiT run (Java start, parsing, reasoning) and
the ratio to the first line's wall-clock time. Compiling and validating the data is not counted.

    python -m bench.reasoning
"""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import RDF

from graph.hermit import check_consistency
from graph.namespaces import SOILKG, Iris
from loaders.imports import read_imports
from loaders.pipeline import Sources, compile_data, read_ontology

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    sources = Sources(ROOT / "data", ROOT / "ontology")
    ontology = read_ontology(sources)
    upstream = read_imports(ontology, sources.imports_dir)
    data = compile_data(sources, Iris(), ontology=ontology)
    citations = {q[0] for q in data if q[1] == RDF.type and q[2] == SOILKG.Citation}
    records = [q for q in data if q[0] not in citations and q[1] != SOILKG.citation]
    runs = [("own axioms, classified", check_consistency(ontology, data)),
            ("with imports, classified", check_consistency(ontology + upstream, data)),
            ("with imports, records realised", check_consistency(ontology + upstream, records, realise=True))]
    first = runs[0][1].seconds
    print(f"reasoning: HermiT on {runs[0][1].individuals} individuals, {len(upstream)} upstream triples")
    for name, verdict in runs:
        print(f"  {name:<32} {verdict.seconds:7.1f} s  {verdict.cpu_seconds:7.1f} s CPU  "
              f"{verdict.seconds / first:5.2f}x")


if __name__ == "__main__":
    main()
