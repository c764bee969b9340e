"""HermiT, the OWL 2 reasoner that owlready2 ships, run on the ontology, its imports and the data.

The HermiT jar of owlready2 is run directly, with owlready2's Java, on an N-Triples file (HermiT reads it
with the OWL API), rather than through ``owlready2.sync_reasoner``: owlready2 first copies everything
into its own store and, after HermiT has answered, fails to apply the answer to ontologies that pun a
term as two kinds of property, as PROV-O does (``prov:influenced``, ``prov:wasRevisionOf`` …).

:func:`check_consistency` always classifies: it proves that the axioms and the data have a model
(disjointness, domains, ranges, restrictions of every ontology given) and that every class is
satisfiable. Asked to, it also *realises* the data (every named class of every individual: with the
upstream ontologies this takes far longer than the check itself) and computes property values.
"""

from __future__ import annotations

import logging
import os
import re
import resource
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph.reasoning import Rules

log = logging.getLogger(__name__)

Triple = tuple
JAVA_MEMORY_MB = 2000
TIMEOUT_S = 900
_AXIOM = re.compile(r"^(SubClassOf|EquivalentClasses|Type)\( ((?:<[^>]+>\s*)+)\)$", re.MULTILINE)
_VALUES = re.compile(r"^<([^>]+)> \(known instances:\s*(.*?)\s*\|\s*possible instances:", re.MULTILINE | re.DOTALL)
_PAIR = re.compile(r"\(<([^>]+)>, <([^>]+)>\)")
_IRI = re.compile(r"<([^>]+)>")


class Inconsistent(Exception):  # noqa: N818 - names the verdict, like LoadFailed
    """HermiT found the ontology and data inconsistent, or a class unsatisfiable."""


@dataclass(frozen=True)
class Verdict:
    """What HermiT concluded, and (when asked) what it inferred about the data's individuals."""

    seconds: float  # wall-clock time of the HermiT run
    cpu_seconds: float  # processor time of the HermiT run (user and system, all its threads)
    individuals: int  # typed individuals of the data
    types: dict[str, frozenset[str]]  # with ``realise``: individual IRI -> every named class it belongs to
    links: frozenset[tuple[str, str, str]]  # with ``infer``: object property values between individuals
    imports: tuple[str, ...] = ()  # the upstream ontologies checked against (set by loaders.pipeline)
    upstream_triples: int = 0  # how many of their triples were given


def check_consistency(ontology: Graph, data: Iterable[Triple], *, realise: bool = False,
                      infer: bool = False) -> Verdict:
    """Run HermiT on ``ontology`` plus ``data``; raise :class:`Inconsistent` if they are inconsistent.

    ``ontology`` holds every axiom to check against: our ontology and the upstream ones it imports
    (see :mod:`loaders.imports`); ``owl:imports`` statements are dropped, so nothing is fetched.
    Literal values of the data are left out: the reasoner has nothing to say about labels and quotes,
    xsd:gYear is outside the OWL 2 datatype map, and SHACL checks datatypes. ``realise`` fills
    :attr:`Verdict.types`; ``infer`` also fills :attr:`Verdict.links` (both slow on the bundled data).
    """
    graph = Graph()
    for triple in ontology:
        if triple[1] != OWL.imports:
            graph.add(triple)
    individuals = set()
    for s, p, o in (tuple(t[:3]) for t in data):
        if not isinstance(o, Literal):
            graph.add((s, p, o))
            if p == RDF.type and isinstance(s, URIRef):
                individuals.add(str(s))
    actions = ["-c"] + (["-I"] if realise or infer else []) + (["-Y"] if infer else [])
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    output = _run(graph, actions)
    seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    supers, direct_types = _taxonomy(output)
    unsatisfiable = sorted(c for c, up in supers.items() if str(OWL.Nothing) in up and not c.startswith(str(OWL)))
    if unsatisfiable:
        raise Inconsistent(f"HermiT: unsatisfiable classes: {', '.join(unsatisfiable)}")
    log.info("HermiT: consistent (%.1f s, %.1f s CPU, %s)", seconds, cpu, " ".join(actions))
    types = {}
    if realise or infer:
        types = {i: _with_ancestors(direct_types.get(i, set()), supers) for i in individuals}
    links = _links(output, individuals) if infer else frozenset()
    return Verdict(seconds, cpu, len(individuals), types, links)


def _run(graph: Graph, actions: list[str]) -> str:
    """HermiT's answer for ``graph``; raises :class:`Inconsistent` when there is no model."""
    import owlready2  # imported here: only the reasoning check needs it (and its bundled jar)

    hermit = Path(owlready2.__file__).parent / "hermit"
    with tempfile.TemporaryDirectory(prefix="soilkg-hermit-") as folder:
        path = Path(folder) / "reasoning.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        classpath = os.pathsep.join([str(hermit), str(hermit / "HermiT.jar")])
        command = [owlready2.JAVA_EXE, f"-Xmx{JAVA_MEMORY_MB}M", "-cp", classpath, "org.semanticweb.HermiT.cli.CommandLine",
                   *actions, "--ignoreUnsupportedDatatypes", path.as_uri()]
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    if result.returncode != 0:
        if "InconsistentOntologyException" in result.stderr:
            raise Inconsistent("HermiT: the ontology and data are inconsistent" + _explain(graph))
        raise RuntimeError(f"HermiT failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")
    return result.stdout


def _taxonomy(output: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """From HermiT's output: each class's direct superclasses (equivalent classes count both ways), and
    each individual's most specific classes."""
    supers: dict[str, set[str]] = defaultdict(set)
    direct_types: dict[str, set[str]] = defaultdict(set)
    for axiom, terms in _AXIOM.findall(output):
        iris = _IRI.findall(terms)
        if axiom == "SubClassOf":
            supers[iris[0]].add(iris[1])
        elif axiom == "EquivalentClasses":
            for a in iris:
                supers[a].update(b for b in iris if b != a)
        else:
            direct_types[iris[0]].add(iris[1])
    return supers, direct_types


def _with_ancestors(classes: set[str], supers: dict[str, set[str]]) -> frozenset[str]:
    found, todo = set(), list(classes)
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.add(cls)
            todo.extend(supers.get(cls, ()))
    return frozenset(found - {str(OWL.Thing)})


def _links(output: str, individuals: set[str]) -> frozenset[tuple[str, str, str]]:
    """The known values of each object property between individuals of the data."""
    return frozenset((a, prop, b) for prop, known in _VALUES.findall(output) for a, b in _PAIR.findall(known)
                     if a in individuals and b in individuals)


def _explain(graph: Graph) -> str:
    found = clashes(graph)
    return (":\n  " + "\n  ".join(found)) if found else ""


def clashes(graph: Graph) -> list[str]:
    """Individuals whose classes (with superclasses, and domains and ranges of the properties they are used
    with, or of those properties' super-properties) include two classes declared disjoint: what HermiT's
    refusal is most often about (not what only a class definition or restriction entails)."""
    rules = Rules.of(graph)
    types = defaultdict(set)
    for s, cls in graph.subject_objects(RDF.type):
        types[s].add(cls)
    for s, p, o in graph:
        for prop in {p} | rules.superproperties.get(p, frozenset()):
            types[s].update(graph.objects(prop, RDFS.domain))
            if not isinstance(o, Literal):
                types[o].update(graph.objects(prop, RDFS.range))
    found = set()
    for node, classes in types.items():
        every = set(classes) | {sup for c in classes for sup in rules.superclasses.get(c, ())}
        for group in rules.disjoint:
            both = sorted(str(c) for c in every & group)
            if len(both) > 1:
                found.add(f"{node} is both {' and '.join(both)}, declared disjoint")
    return sorted(found)
