"""What the service says about one entity IRI: its statements as quads, and a view of them for the page.

The description of ``{base}id/x`` is every quad about it, about its parts (``{base}id/x/...``: flow
steps, cited sources, validation statistics, supplied values) and every quad pointing to it. Each quad
keeps its named graph, which names the source document the statement comes from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from api.published import local_path
from graph.namespaces import DCTERMS, PREFIXES, PROV, RDF, RDFS, SKOS, SOILKG, Iris

LABELS = {str(SKOS.prefLabel): "preferred", str(SOILKG.acronym): "acronym", str(SKOS.altLabel): "alternative",
          str(RDFS.label): "label"}
PROVENANCE = {str(PROV.qualifiedPrimarySource), str(PROV.hadPrimarySource), str(SOILKG.suppliedValue)}
HIDDEN = {*LABELS, str(DCTERMS.description), *PROVENANCE}
TYPE = str(RDF.type)


@dataclass
class Link:
    """A resource as the page links it: where to, what to show, the IRI for the title."""

    href: str
    label: str
    iri: str


@dataclass
class Value:
    text: str
    link: Link | None = None
    lang: str | None = None
    datatype: str | None = None
    sources: list[Link] = field(default_factory=list)
    parts: list[tuple[str, list[Value]]] = field(default_factory=list)  # a part node's own statements


@dataclass
class EntityView:
    iri: str
    label: str
    kinds: list[Link]
    names: list[tuple[str, str, str]]  # (language, text, kind of name)
    descriptions: list[tuple[str, str]]
    statements: list[tuple[Link, list[Value]]]
    incoming: list[tuple[Link, Link, list[Link]]]  # (subject, predicate, sources)
    sources: list[dict]
    supplied: list[tuple[str, str]]


def describe(store: ox.Store, iri: str) -> list[ox.Quad]:
    """Every quad about ``iri``, its parts, and pointing to it (empty when the IRI is unknown)."""
    node = ox.NamedNode(iri)
    out = list(store.quads_for_pattern(node, None, None, None))
    if not out:
        return []
    seen, todo = {node}, [q.object for q in out]
    while todo:
        term = todo.pop()
        if term in seen or not _is_part(term, iri):
            continue
        seen.add(term)
        found = list(store.quads_for_pattern(term, None, None, None))
        out += found
        todo += [q.object for q in found]
    out += [q for q in store.quads_for_pattern(None, None, node, None) if q.subject not in seen]
    return out


def _is_part(term, iri: str) -> bool:
    return isinstance(term, ox.BlankNode) or (isinstance(term, ox.NamedNode) and term.value.startswith(iri + "/"))


class Labeller:
    """Labels and local links of resources, looked up in the store once each."""

    def __init__(self, store: ox.Store, iris: Iris, root: str):
        self.store, self.iris, self.root = store, iris, root
        self._cache: dict[str, str] = {}

    def href(self, iri: str) -> str:
        """A link served here for the IRIs the service mints (``/id/...``, ``/def#...``), the IRI itself otherwise."""
        path = local_path(iri, self.iris)
        return self.root + path if path else iri

    def label(self, iri: str) -> str:
        if iri not in self._cache:
            self._cache[iri] = self._lookup(iri)
        return self._cache[iri]

    def _lookup(self, iri: str) -> str:
        node = ox.NamedNode(iri)
        for predicate in (SKOS.prefLabel, RDFS.label):
            found = [q.object for q in self.store.quads_for_pattern(node, ox.NamedNode(str(predicate)), None, None)]
            english = [t.value for t in found if getattr(t, "language", None) == "en"]
            if english or found:
                return (english or [found[0].value])[0]
        local = self.iris.base + "id/"
        if iri.startswith(local) and "/" in iri[len(local):]:
            record, *rest = iri[len(local):].split("/")  # a part: "<flow>, step 2"
            return f"{self.label(local + record)}, {' '.join(rest)}"
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and iri != namespace:
                return f"{prefix}:{iri[len(namespace):]}"
        return iri.rsplit("/", 1)[-1] or iri

    def link(self, iri: str) -> Link:
        return Link(self.href(iri), self.label(iri), iri)

    def graph_source(self, graph) -> Link | None:
        """The document a named graph holds the statements of (or 'ontology'/'inferred')."""
        if not isinstance(graph, ox.NamedNode):
            return None
        name = graph.value.removeprefix(str(self.iris.graph("")))
        if name in ("ontology", "inferred"):
            return Link(self.href(graph.value), "inferred from the ontology" if name == "inferred" else "ontology",
                        graph.value)
        return self.link(str(self.iris.entity(name)))

    def value(self, term, sources: list[Link]) -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(self.label(term.value), self.link(term.value), sources=sources)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value if term.datatype and not term.language else None
            short = self.label(datatype) if datatype and not datatype.endswith("#string") else None
            return Value(term.value, lang=term.language, datatype=short, sources=sources)
        return Value(str(term), sources=sources)


def view(quads: list[ox.Quad], iri: str, labeller: Labeller) -> EntityView:
    """The page's view of ``describe(store, iri)``."""
    inferred = str(labeller.iris.graph("inferred"))
    own = [q for q in quads if q.subject.value == iri]
    by_subject = defaultdict(list)
    for q in quads:
        by_subject[q.subject].append(q)
    kinds = [labeller.link(q.object.value) for q in own if q.predicate.value == TYPE and q.graph_name.value != inferred]
    names = _names(own)
    statements: dict[str, dict] = {}
    for q in own:
        p = q.predicate.value
        if p in HIDDEN or (p == TYPE and q.graph_name.value == inferred):
            continue
        source = labeller.graph_source(q.graph_name)
        entry = statements.setdefault(p, {}).setdefault(q.object, [])
        if source and source not in entry:
            entry.append(source)
    rows = []
    for p, objects in statements.items():
        values = []
        for term, sources in objects.items():
            value = labeller.value(term, sources)
            if _is_part(term, iri):
                value.parts = _part_rows(by_subject.get(term, []), iri, labeller)
            values.append(value)
        rows.append((labeller.link(p), sorted(values, key=_value_key)))
    rows.sort(key=lambda r: (r[0].label != labeller.label(TYPE), r[0].label.lower()))
    incoming = []
    for q in quads:
        if q.object.value == iri and q.subject.value != iri and not _is_part(q.subject, iri):
            source = labeller.graph_source(q.graph_name)
            incoming.append((labeller.link(q.subject.value), labeller.link(q.predicate.value), [source] if source else []))
    incoming.sort(key=lambda r: (r[1].label.lower(), r[0].label.lower()))
    return EntityView(
        iri=iri, label=_best_name(names) or labeller.label(iri), kinds=kinds, names=names,
        descriptions=sorted({(q.object.language or "", q.object.value) for q in own
                             if q.predicate.value == str(DCTERMS.description)}),
        statements=rows, incoming=incoming, sources=_sources(own, by_subject, labeller),
        supplied=_supplied(own, by_subject),
    )


def _value_key(value: Value) -> tuple[int, str]:
    last = value.link.iri.rsplit("/", 1)[-1] if value.link else ""
    return (int(last) if last.isdigit() else 0, value.text.lower())


def _names(own: list[ox.Quad]) -> list[tuple[str, str, str]]:
    best: dict[tuple[str, str], str] = {}
    order = list(LABELS.values())
    for q in own:
        kind = LABELS.get(q.predicate.value)
        if kind and isinstance(q.object, ox.Literal):
            key = (q.object.language or "", q.object.value)
            if key not in best or order.index(kind) < order.index(best[key]):
                best[key] = kind
    return sorted(((lang, text, kind) for (lang, text), kind in best.items()),
                  key=lambda n: (n[0] != "en", n[0], order.index(n[2]), n[1]))


def _best_name(names: list[tuple[str, str, str]]) -> str | None:
    preferred = [text for lang, text, kind in names if kind == "preferred"]
    english = [text for lang, text, kind in names if kind == "preferred" and lang == "en"]
    return (english or preferred or [None])[0]


def _part_rows(quads: list[ox.Quad], iri: str, labeller: Labeller) -> list[tuple[str, list[Value]]]:
    rows: dict[str, list[Value]] = {}
    for q in quads:
        if q.predicate.value == TYPE or q.object.value == iri:
            continue
        rows.setdefault(labeller.label(q.predicate.value), []).append(labeller.value(q.object, []))
    return sorted(rows.items())


def _sources(own: list[ox.Quad], by_subject, labeller: Labeller) -> list[dict]:
    out = []
    for q in own:
        if q.predicate.value != str(PROV.qualifiedPrimarySource):
            continue
        props = {p.predicate.value: p.object for p in by_subject.get(q.object, [])}
        document = props.get(str(PROV.entity))
        out.append({
            "node": q.object.value,
            "document": labeller.link(document.value) if document else None,
            "section": props[str(SOILKG.section)].value if str(SOILKG.section) in props else "",
            "quote": props[str(SOILKG.quote)].value if str(SOILKG.quote) in props else "",
        })
    return sorted(out, key=lambda s: (len(s["node"]), s["node"]))


def _supplied(own: list[ox.Quad], by_subject) -> list[tuple[str, str]]:
    out = []
    for q in own:
        if q.predicate.value == str(SOILKG.suppliedValue):
            props = {p.predicate.value: p.object.value for p in by_subject.get(q.object, [])}
            out.append((props.get(str(SOILKG.field), ""), props.get(str(SOILKG.suppliedBy), "")))
    return sorted(out)

