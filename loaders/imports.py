"""The upstream ontologies soilkg imports: pinned copies in ``ontology/imports/``, never fetched.

``ontology/soilkg.ttl`` names each ontology whose terms it reuses with ``owl:imports``; the OASIS XML
catalog ``ontology/imports/catalog-v001.xml`` (the format Protégé and the OWL API read) maps each of those
IRIs to its vendored file. :func:`read_imports` reads every imported file into one graph, without the
files' own ``owl:imports`` (a reasoner would otherwise try to fetch them), and raises
:class:`MissingImport` when an import has no file: a check that ran without the upstream axioms must
not pass for one that ran with them.
"""

from __future__ import annotations

import logging
import warnings
import xml.etree.ElementTree as ET  # noqa: N817, S405 - the catalog is our own file, not untrusted input
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF

log = logging.getLogger(__name__)

CATALOG = "catalog-v001.xml"
_XML_CATALOG = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
_FORMATS = {".nq": "nquads", ".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}


class MissingImport(Exception):  # noqa: N818 - names the problem, like LoadFailed
    """An ``owl:imports`` of the ontology has no vendored file, or the catalog names a file that is not there."""


def catalog(imports_dir: Path) -> dict[str, Path]:
    """The ontology IRIs of the catalog and the vendored file each is kept in."""
    path = imports_dir / CATALOG
    if not path.is_file():
        raise MissingImport(f"{path}: no catalog of the vendored ontologies")
    root = ET.parse(path).getroot()  # noqa: S314 - our own file
    return {entry.attrib["name"]: imports_dir / entry.attrib["uri"] for entry in root.iter(f"{_XML_CATALOG}uri")}


def imported(ontology: Graph) -> list[URIRef]:
    """The IRIs that the ontologies of ``ontology`` import, sorted."""
    return sorted({o for s in ontology.subjects(RDF.type, OWL.Ontology) for o in ontology.objects(s, OWL.imports)
                   if isinstance(o, URIRef)})


def read_imports(ontology: Graph, imports_dir: Path) -> Graph:
    """Every ontology that ``ontology`` imports, from its vendored file, as one graph without ``owl:imports``."""
    files = catalog(imports_dir)
    missing = [str(iri) for iri in imported(ontology) if str(iri) not in files]
    if missing:
        raise MissingImport(f"{imports_dir / CATALOG}: no vendored file for the import(s) {', '.join(missing)}")
    paths = tuple(sorted({files[str(iri)] for iri in imported(ontology)}))
    for path in paths:
        if not path.is_file():
            raise MissingImport(f"{path}: vendored ontology named in {CATALOG} is missing")
    return _read(tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in paths))


@lru_cache(maxsize=4)
def _read(files: tuple[tuple[Path, int, int], ...]) -> Graph:
    """The triples of ``files`` (cached while none of them changes: parsing them takes half a second)."""
    graph = Graph()
    for path, _, _ in files:
        fmt = _FORMATS[path.suffix]
        if fmt == "nquads":  # one graph named after the namespace: keep the triples
            dataset = Dataset()
            with warnings.catch_warnings():  # rdflib's N-Quads parser uses its own deprecated API
                warnings.simplefilter("ignore", DeprecationWarning)
                dataset.parse(path, format=fmt)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(path, format=fmt)
    graph.remove((None, OWL.imports, None))
    log.info("read %d upstream triples from %d vendored ontologies", len(graph), len(files))
    return graph
