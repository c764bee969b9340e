"""From the data and ontology folders to quads, and into a store."""

from __future__ import annotations

import hashlib
import itertools
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph

from graph import package_version
from graph.convert import stream_ox_quads
from graph.hermit import Verdict, check_consistency
from graph.namespaces import Iris
from graph.store import GraphStore
from loaders.compile import Compiler, fold
from loaders.derive import derived_quads
from loaders.errors import LoadFailed
from loaders.files import display_path, scan
from loaders.imports import imported, read_imports
from loaders.shapes import read_shapes, records_with_errors, shape_errors
from loaders.vocabulary import read_vocabularies
from loaders.yaml_source import read_records

log = logging.getLogger(__name__)


class NoData(ValueError):  # noqa: N818 - names the state, like graph.store.StoreEmpty
    """The data folder is missing or holds no records: nothing to validate, load or serve."""


@dataclass(frozen=True)
class Sources:
    """Where the knowledge comes from: curated data and the ontology."""

    data_dir: Path
    ontology_dir: Path

    def data_files(self) -> list[Path]:
        """The data files a load reads (see :mod:`loaders.files` for those it refuses)."""
        return scan(self.data_dir)[0]

    def ontology_files(self) -> list[Path]:
        """Our ontology and vocabularies (not the shapes, nor the vendored upstream ontologies of ``imports/``)."""
        return sorted(p for p in self.ontology_dir.rglob("*.ttl")
                      if p.is_file() and not {"shapes", "imports"} & set(p.relative_to(self.ontology_dir).parts))

    @property
    def shapes_dir(self) -> Path:
        return self.ontology_dir / "shapes"

    @property
    def imports_dir(self) -> Path:
        return self.ontology_dir / "imports"

    def shape_files(self) -> list[Path]:
        return sorted(p for p in self.shapes_dir.glob("*.ttl") if p.is_file())


def read_source_texts(folder: Path) -> dict[str, str]:
    """The source documents of ``folder`` (``*.txt``), white space folded, by file name."""
    return {p.name: fold(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))}


def registered(sources: Sources, iris: Iris, texts: dict[str, str] | None = None) -> Compiler:
    """A compiler that has read every data file and registered its records (pass 1, no quads yet).

    Raises :class:`NoData` when the data folder has no data file, or its files no record.
    """
    files, refused = scan(sources.data_dir)
    if not files and not refused:
        raise NoData(f"{display_path(sources.data_dir)}: error: no data files (*.yaml) in this folder"
                     + ("" if sources.data_dir.is_dir() else " (it does not exist)"))
    compiler = Compiler(iris, read_vocabularies(sources.ontology_dir / "vocab"), texts)
    compiler.errors.extend(refused)
    for path in files:
        shown = display_path(path)
        records, errors = read_records(path, shown)
        compiler.errors.extend(errors)
        for record in records:
            compiler.register(shown, record)
    if not compiler.registry.records and not compiler.errors:
        raise NoData(f"{display_path(sources.data_dir)}: error: the data files hold no records")
    return compiler


def compile_data(sources: Sources, iris: Iris, texts: dict[str, str] | None = None,
                 ontology: Graph | None = None) -> list[tuple]:
    """Check all data files and return their quads (one named graph per source document).

    The quads are validated against the SHACL shapes of ``ontology/shapes/``; shape violations are
    reported with the loader's own errors (except on records that already have one: their quads are
    incomplete). With ``texts`` (see :func:`read_source_texts`) every quote is checked against its
    document. Raises :class:`LoadFailed` with every error found, if any.
    """
    compiler = registered(sources, iris, texts)
    quads = compiler.compile()
    started = time.perf_counter()
    errors = shape_errors(quads, compiler.registry, iris, read_ontology(sources) if ontology is None else ontology,
                          read_shapes(sources.shapes_dir), skip=records_with_errors(compiler.errors, compiler.registry))
    log.info("validated %d statements against the shapes in %.2f s", len(quads), time.perf_counter() - started)
    if compiler.errors or errors:
        raise LoadFailed(compiler.errors + errors)
    return quads


def read_ontology(sources: Sources) -> Graph:
    """The ontology and its vocabularies, as one graph."""
    graph = Graph()
    for path in sources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def ontology_quads(sources: Sources, iris: Iris, ontology: Graph | None = None) -> list[tuple]:
    """The ontology and its vocabularies, in the ``ontology`` named graph."""
    name = iris.graph("ontology")
    return [(s, p, o, name) for s, p, o in (read_ontology(sources) if ontology is None else ontology)]


def build(sources: Sources, iris: Iris) -> Iterator[tuple]:
    """Every quad the store should hold: data, what the ontology and its imports entail from it (inferred
    graph), ontology (the upstream ontologies are not stored: their IRIs name them).

    Raises :class:`LoadFailed` before yielding anything when the data is invalid.
    """
    ontology = read_ontology(sources)
    upstream = read_imports(ontology, sources.imports_dir)
    data = compile_data(sources, iris, ontology=ontology)
    started = time.perf_counter()
    inferred = derived_quads(data, ontology, iris, upstream)
    log.info("materialised %d inferred statements in %.3f s", len(inferred), time.perf_counter() - started)
    return itertools.chain(data, inferred, ontology_quads(sources, iris, ontology))


def prove_consistent(sources: Sources, iris: Iris) -> Verdict:
    """Compile and validate the data, then have HermiT prove data, ontology and the upstream ontologies it
    imports consistent (for CI); the verdict names the imports it checked against.

    Raises :class:`LoadFailed` for invalid data, :class:`loaders.imports.MissingImport` when an import has
    no vendored copy, and :class:`graph.reasoning.Inconsistent` when the reasoner finds a contradiction (its
    message names the clashing individuals where it can).
    """
    ontology = read_ontology(sources)
    upstream = read_imports(ontology, sources.imports_dir)
    verdict = check_consistency(ontology + upstream, compile_data(sources, iris, ontology=ontology))
    return replace(verdict, imports=tuple(str(iri) for iri in imported(ontology)), upstream_triples=len(upstream))


def fingerprint(sources: Sources, iris: Iris) -> str:
    """A hash of everything a load depends on: files (and files refused), base IRI and the loader's version."""
    digest = hashlib.sha256()
    digest.update(f"{package_version()}\n{iris.base}\n".encode())
    data_files, refused = scan(sources.data_dir)
    for error in refused:  # a refused file must fail the load, never pass as "unchanged"
        digest.update(f"refused {error}\0".encode())
    imports = sorted(p for p in sources.imports_dir.glob("*") if p.is_file())  # they decide what is inferred
    roots = ((sources.data_dir, data_files), (sources.ontology_dir, sources.ontology_files()),
             (sources.ontology_dir, sources.shape_files()),  # the shapes decide what is accepted
             (sources.ontology_dir, imports))
    for root, files in roots:
        for path in files:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Loaded:
    """What a load did: true when it changed what the store serves."""

    changed: bool
    waited: float = 0.0  # seconds spent waiting for another load to finish

    def __bool__(self) -> bool:
        return self.changed


def load(store: GraphStore, sources: Sources, iris: Iris, on_change: Callable[[], object] | None = None) -> Loaded:
    """Check and load the sources into ``store``, one load at a time (see :mod:`graph.store`).

    Unchanged when the same content is served already, also when another load served it while this
    one waited for the lock. Raises :class:`LoadFailed` (and changes nothing) when the data is invalid.
    ``on_change`` runs after a switch while the lock is still held (e.g. to record a dataset version
    before another load can serve something else).
    """
    content = fingerprint(sources, iris)
    if store.content_hash() == content:
        log.info("data unchanged since the last load (%s)", content[:12])
        return Loaded(False)
    with store.locked() as waited:
        if store.content_hash() == content:
            log.info("another load served this content (%s) while this one waited", content[:12])
            return Loaded(False, waited)
        if not store.switch_to(content):
            store.write(stream_ox_quads(build(sources, iris)), content)
        if on_change is not None:
            on_change()
    return Loaded(True, waited)

