"""What changed between two versions of the graph: records added, removed and changed, statement by statement.

Statements are compared as N-Quads lines (subject, predicate, object, graph), so a statement that moves
from one source document's graph to another shows as removed from one and added to the other. Blank
nodes get labels from what they hold (a hash of their statements, recursively), so the same OWL
restriction loaded twice compares equal. Each statement belongs to a record: ``{base}id/{record}`` and
the nodes under it (``…/{record}/source/1``), or any other IRI on its own (an ontology term, a
concept); a blank node belongs to the record that refers to it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

Statement = tuple[str, str, str, str]  # subject, predicate, object, graph: N-Triples terms ('' for the default graph)


def _term(term) -> str:
    return "" if isinstance(term, ox.DefaultGraph) else str(term)


def canonical_statements(quads: Iterable[ox.Quad]) -> set[Statement]:
    """The quads as N-Quads terms, blank nodes relabelled by content (see module docstring)."""
    quads = list(quads)
    holds: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode):
            holds[quad.subject.value].append(quad)
    labels: dict[str, str] = {}

    def label(node: str, path: frozenset[str]) -> str:
        if node in labels:
            return labels[node]
        if node in path:  # a cycle of blank nodes: keep the parser's label
            return f"_:{node}"
        inner = path | {node}
        parts = sorted(f"{q.predicate} {obj(q.object, inner)} {_term(q.graph_name)}" for q in holds[node])
        labels[node] = "_:c" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]
        return labels[node]

    def obj(term, path: frozenset[str]) -> str:
        return label(term.value, path) if isinstance(term, ox.BlankNode) else str(term)

    return {(obj(q.subject, frozenset()), str(q.predicate), obj(q.object, frozenset()), _term(q.graph_name)) for q in quads}


@dataclass
class RecordChange:
    """The statements of one record that are only in the old or only in the new version."""

    key: str  # record id, or the IRI of a thing outside {base}id/
    kind: str  # "added", "removed" or "changed"
    removed: list[Statement] = field(default_factory=list)
    added: list[Statement] = field(default_factory=list)


@dataclass
class Diff:
    """Every record whose statements differ, records sorted by kind then key."""

    old: str
    new: str
    records: list[RecordChange]

    def count(self, kind: str) -> int:
        return sum(r.kind == kind for r in self.records)

    @property
    def statements_removed(self) -> int:
        return sum(len(r.removed) for r in self.records)

    @property
    def statements_added(self) -> int:
        return sum(len(r.added) for r in self.records)

    def summary(self) -> str:
        return (f"{self.count('added')} record(s) added, {self.count('removed')} removed, {self.count('changed')} changed "
                f"(+{self.statements_added} −{self.statements_removed} statements)")

    def as_json(self) -> dict:
        return {"old": self.old, "new": self.new, "summary": self.summary(),
                "records": [{"record": r.key, "change": r.kind,
                             "removed": [dict(zip(("s", "p", "o", "g"), s, strict=True)) for s in r.removed],
                             "added": [dict(zip(("s", "p", "o", "g"), s, strict=True)) for s in r.added]}
                            for r in self.records]}


def record_key(subject: str, entity_base: str) -> str:
    """The record a subject (N-Triples form) belongs to: the id under ``entity_base``, else the IRI itself."""
    iri = subject[1:-1] if subject.startswith("<") else subject
    if iri.startswith(entity_base):
        return iri[len(entity_base):].split("/", 1)[0].split("#", 1)[0]
    return iri


def _owners(statements: set[Statement], entity_base: str) -> dict[str, str]:
    """Blank node -> the record of the first IRI that refers to it (through other blank nodes if needed)."""
    parent: dict[str, str] = {}
    for s, _p, o, _g in sorted(statements):
        if o.startswith("_:") and o not in parent and s != o:
            parent[o] = s
    owners: dict[str, str] = {}
    for node in parent:
        seen, current = {node}, parent[node]
        while current.startswith("_:") and current in parent and current not in seen:
            seen.add(current)
            current = parent[current]
        owners[node] = record_key(current, entity_base)
    return owners


def diff(old: set[Statement], new: set[Statement], entity_base: str, old_name: str = "old", new_name: str = "new") -> Diff:
    """Group the statements only in ``old`` or only in ``new`` by record (see module docstring)."""
    owners = {**_owners(old, entity_base), **_owners(new, entity_base)}

    def key(subject: str) -> str:
        return owners.get(subject, subject) if subject.startswith("_:") else record_key(subject, entity_base)

    old_keys = {key(s[0]) for s in old}
    new_keys = {key(s[0]) for s in new}
    changes: dict[str, RecordChange] = {}
    for side, statements in (("removed", old - new), ("added", new - old)):
        for statement in sorted(statements):
            k = key(statement[0])
            if k not in changes:
                kind = "added" if k not in old_keys else "removed" if k not in new_keys else "changed"
                changes[k] = RecordChange(k, kind)
            getattr(changes[k], side).append(statement)
    order = {"added": 0, "removed": 1, "changed": 2}
    return Diff(old_name, new_name, sorted(changes.values(), key=lambda r: (order[r.kind], r.key)))
