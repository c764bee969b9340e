"""Validate compiled quads against the SHACL shapes of ``ontology/shapes/`` and locate each violation.

The data graph is the asserted data plus the ontology's ``rdfs:subClassOf`` triples, validated without
RDFS inference: SHACL's own "instance of" follows ``rdfs:subClassOf``, so ``sh:targetClass
soilkg:Organisation`` reaches ministries, while domain and range axioms are not applied (they would
type every referenced record as the expected class and make ``sh:class`` checks pass vacuously).

Each violation becomes a :class:`LoaderError` at the record it concerns: the focus node
``{base}id/<record>`` (or a node inside it, ``{base}id/<record>/step/2``) names the record, and the
result path names the field, so the error points at the field's value where the record has it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph.convert import to_ox
from graph.namespaces import SOILKG, Iris
from loaders.compile import Located, Registry
from loaders.errors import LoaderError
from loaders.schema import STEP_FIELDS, fields_of
from loaders.yaml_source import Mark, Marked, MarkedList

log = logging.getLogger(__name__)

SH = Namespace("http://www.w3.org/ns/shacl#")
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)

# Predicates written by the compiler for fields whose schema entry names no predicate (or another one).
_SPECIAL_FIELDS = {SKOS.prefLabel: "label", RDFS.label: "label", SOILKG.citation: "sources"}


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, reduced to what a curator needs."""

    focus: URIRef
    path: URIRef | None
    value: object
    message: str
    constraint: str  # sh:name of the property shape or SPARQL constraint


def read_shapes(shapes_dir: Path, flat: bool = True) -> Graph:
    """Every ``*.ttl`` of the shapes folder as one shapes graph, :func:`flatten`-ed if ``flat``."""
    graph = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return flatten(graph) if flat else graph


def flatten(shapes: Graph) -> Graph:
    """The same constraints, with each node shape's targets moved onto its property shapes.

    ``<Class>Shape sh:targetClass C ; sh:property P`` validates exactly what ``P sh:targetClass C`` does,
    but pySHACL evaluates a nested property shape once per focus node (rebuilding its constraints each
    time) and a targeted one once for all of them: twice as fast here. Node shapes that other shapes
    refer to (``sh:node``, ``sh:or`` …) or that are deactivated are left as they are.
    """
    flat = Graph()
    for triple in shapes:
        flat.add(triple)
    for node in set(shapes.subjects(SH.property, None)):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        if not targets or (None, None, node) in shapes or shapes.value(node, SH.deactivated) is not None:
            continue
        for prop in shapes.objects(node, SH.property):
            flat.remove((node, SH.property, prop))
            for p, o in targets:
                flat.add((prop, p, o))
    return flat


def data_graph(triples: Iterable[tuple], ontology: Graph) -> ox.Store:
    """The graph the shapes see: ``triples`` (s, p, o[, g]) plus the class hierarchy of ``ontology``.

    An in-memory Oxigraph store: pySHACL runs SPARQL-based constraints on it several times faster than
    on an rdflib graph (it parses each query once per focus node, which rdflib does slowly).
    """
    store = ox.Store()
    default = ox.DefaultGraph()
    quads = [ox.Quad(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]), default) for t in triples]
    quads += [ox.Quad(to_ox(sub), to_ox(RDFS.subClassOf), to_ox(sup), default)
              for sub, sup in ontology.subject_objects(RDFS.subClassOf)
              if isinstance(sub, URIRef) and isinstance(sup, URIRef)]
    store.extend(quads)
    return store


def violations(data: ox.Store | Graph, shapes: Graph) -> list[Violation]:
    """The violations (severity sh:Violation) of ``data`` against ``shapes``; warnings are logged."""
    _conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    if not isinstance(report, Graph):  # pySHACL returns a failure (e.g. a bad shape) instead of raising
        raise RuntimeError(f"SHACL validation failed: {text}")
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(result, SH.sourceConstraint) or report.value(result, SH.sourceShape)
        name = shapes.value(source, SH.name) or shapes.value(report.value(result, SH.sourceShape), SH.name)
        message = (_english(report.objects(result, SH.resultMessage))
                   or str(report.value(result, SH.sourceConstraintComponent)))
        violation = Violation(report.value(result, SH.focusNode), report.value(result, SH.resultPath),
                              report.value(result, SH.value), message, str(name or ""))
        if report.value(result, SH.resultSeverity) == SH.Violation:
            found.append(violation)
        else:
            log.warning("shape warning on %s: %s", violation.focus, violation.message)
    return found


def shape_errors(triples: Iterable[tuple], registry: Registry, iris: Iris, ontology: Graph, shapes: Graph,
                 skip: frozenset[str] = frozenset()) -> list[LoaderError]:
    """Validate ``triples`` and return one located error per violation (none for records in ``skip``)."""
    errors = set()
    for violation in violations(data_graph(triples, ontology), shapes):
        error = locate(violation, registry, iris)
        if error is None:
            log.warning("shape violation outside any record: %s %s", violation.focus, violation.message)
        elif _record_id(violation.focus, iris) not in skip:
            errors.add(error)
    return sorted(errors)


def locate(violation: Violation, registry: Registry, iris: Iris) -> LoaderError | None:
    """The violation as an error at its record's file and line (at the field's value where possible)."""
    record_id = _record_id(violation.focus, iris)
    located = registry.records.get(record_id or "")
    if located is None:
        return None
    sub = str(violation.focus)[len(str(iris.entity(record_id))):].strip("/")
    where, what = _place(located, sub, violation, registry, iris)
    message = f"record '{record_id}'{what}: {violation.message}"
    if violation.value is not None and str(violation.value) not in violation.message:
        message += f" (got {_show(violation.value, registry, iris)})"
    hint = f"constraint '{violation.constraint}' in ontology/shapes/" if violation.constraint else ""
    return LoaderError(located.path, where.line, where.column, message, hint)


def records_with_errors(errors: Iterable[LoaderError], registry: Registry) -> frozenset[str]:
    """Ids of the records that ``errors`` fall into (by file and line): their quads are incomplete."""
    starts: dict[str, list[tuple[int, str]]] = {}
    for record_id, located in registry.records.items():
        starts.setdefault(located.path, []).append((located.mark.line, record_id))
    hit = set()
    for error in errors:
        before = [(line, rid) for line, rid in starts.get(error.path, []) if line <= error.line]
        if before:
            hit.add(max(before)[1])
    return frozenset(hit)


# --- helpers ----------------------------------------------------------------------------------------

def _record_id(node, iris: Iris) -> str | None:
    prefix, text = str(iris.entity("")), str(node)
    if not text.startswith(prefix):
        return None
    return text[len(prefix):].split("/", 1)[0] or None


def _place(located: Located, sub: str, violation: Violation, registry: Registry, iris: Iris) -> tuple[Mark, str]:
    """Where in the record the violation is, and words naming the part (e.g. ', step 2')."""
    data = located.data
    kind, _, rest = sub.partition("/")
    if kind == "step" and rest.isdigit():
        steps, number = data.get("steps"), int(rest)
        if isinstance(steps, MarkedList) and 0 < number <= len(steps) and isinstance(steps[number - 1], Marked):
            step = steps[number - 1]
            keys = [k for k, predicate in STEP_FIELDS.items() if predicate == violation.path and k in step]
            return (step.value_marks[keys[0]] if keys else steps.item_marks[number - 1]), f", step {number}"
        return data.value_marks.get("steps", data.mark), f", step {number}"
    if sub:
        field = {"validation": "validation", "source": "sources", "supplied": "supplied"}.get(kind, "")
        return data.value_marks.get(field, data.mark), f", {kind} {rest}" if rest else ""
    field = _field_of(data, violation.path)
    if field is None:
        return data.mark, ""
    # name the field unless the message does (in words or as 'field_name')
    what = "" if _squash(field) in _squash(violation.message) else f", field '{field}'"
    value = data[field]
    if isinstance(value, MarkedList) and isinstance(violation.value, URIRef):
        for item, mark in zip(value, value.item_marks, strict=True):
            if isinstance(item, str) and violation.value in (iris.entity(item), _country(item, registry, iris)):
                return mark, what
    return data.value_marks[field], what


def _field_of(data: Marked, predicate) -> str | None:
    if predicate in _SPECIAL_FIELDS and _SPECIAL_FIELDS[predicate] in data:
        return _SPECIAL_FIELDS[predicate]
    for name, spec in fields_of(data["kind"]).items():
        if spec.predicate is not None and spec.predicate == predicate and name in data:
            return name
    return None


def _squash(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _country(code: str, registry: Registry, iris: Iris) -> URIRef | None:
    return iris.entity(registry.countries[code]) if code in registry.countries else None


def _show(value, registry: Registry, iris: Iris) -> str:
    if isinstance(value, Literal):
        return repr(str(value))
    record_id = _record_id(value, iris)
    if record_id in registry.records:
        return f"'{record_id}', a {registry.records[record_id].data['kind']}"
    return f"<{value}>"


def _english(messages) -> str:
    messages = list(messages)
    for message in messages:
        if getattr(message, "language", None) == "en":
            return str(message)
    return str(messages[0]) if messages else ""
