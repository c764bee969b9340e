"""From the RDF store to networkx: who the entities are, and the partner map of actors.

The partner map is a ``networkx.MultiDiGraph`` whose nodes are local ids (``kh-itc``) and whose
edges are keyed by relation kind (see :data:`viz.styles.RELATION_KINDS`), each read as
"source <kind> target" from the actor's side: ``kh-itc -member-> irc``, ``aciar -support-> kh-soil-doctor-program``.
Queries are fixed SPARQL texts; values are bound with ``substitutions``, never formatted in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from graph import generation_memo as memo
from graph.namespaces import PREFIXES

log = logging.getLogger(__name__)

SOILKG_NS = PREFIXES["soilkg"]
NETWORK_KINDS = frozenset({"Network", "Partnership"})
PROGRAMME_KINDS = frozenset({"Programme", "Project", "Initiative", "IncentiveScheme", "Meeting", "Workshop", "Event"})

ENTITIES_QUERY = """
SELECT ?s ?cls ?label ?acronym ?code WHERE {
  ?s a ?cls .
  FILTER(STRSTARTS(STR(?cls), "https://w3id.org/soilkg/def#"))
  OPTIONAL { ?s skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?s soilkg:acronym ?acronym FILTER(LANGMATCHES(LANG(?acronym), "en")) }
  OPTIONAL { ?s soilkg:country/soilkg:iso3166Code ?code }
}
"""

SUBCLASS_QUERY = """
SELECT ?sub ?sup WHERE {
  ?sub rdfs:subClassOf+ ?sup .
  FILTER(STRSTARTS(STR(?sub), "https://w3id.org/soilkg/def#") && STRSTARTS(STR(?sup), "https://w3id.org/soilkg/def#"))
}
"""

RELATIONS_QUERY = """
SELECT DISTINCT ?a ?kind ?b WHERE {
  { ?a org:memberOf ?b . BIND("member" AS ?kind) }
  UNION { ?a ef:belongsTo ?b . BIND("member" AS ?kind) }
  UNION { ?a org:subOrganizationOf ?b . BIND("sub-organisation" AS ?kind) }
  UNION { ?r a soilkg:SupportRelation ; soilkg:supporter ?a ; soilkg:supported ?b .
          OPTIONAL { ?r soilkg:supportType ?type }
          BIND(IF(BOUND(?type) && STRENDS(STR(?type), "/funding"), "funding", "support") AS ?kind) }
  UNION { ?b soilkg:fedBy ?a . BIND("support" AS ?kind) }
  UNION { ?b soilkg:ledBy ?a . BIND("leads" AS ?kind) }
  UNION { ?b soilkg:organisedBy ?a . BIND("leads" AS ?kind) }
  UNION { ?b soilkg:hasParticipant ?a . BIND("participates" AS ?kind) }
  UNION { ?b soilkg:operatedBy ?a . BIND("operates" AS ?kind) }
  UNION { ?a soilkg:collaboratesWith ?b . BIND("collaborates" AS ?kind) }
  UNION { ?a soilkg:passesInformationTo ?b . BIND("information" AS ?kind) }
}
"""


@dataclass(frozen=True)
class Entity:
    """What a diagram needs to know about one record."""

    iri: str
    id: str
    label: str
    short: str
    kind: str
    countries: tuple[str, ...] = ()


def select(store: ox.Store, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, str]]:
    """Rows of a SELECT on the union of all graphs, as plain strings (unbound variables left out)."""
    substitutions = {ox.Variable(k): v for k, v in bindings.items()}
    solutions = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions or None)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def local_id(iri: str, base: str) -> str:
    """``{base}id/kh-itc`` -> ``kh-itc``; other IRIs are returned unchanged."""
    prefix = base + "id/"
    return iri[len(prefix):] if iri.startswith(prefix) else iri


def entities(store: ox.Store, base: str) -> dict[str, Entity]:
    """Every typed record of the store by IRI: English label, acronym, most specific class, country codes."""
    supers: dict[str, set[str]] = {}
    for row in select(store, SUBCLASS_QUERY):
        supers.setdefault(row["sub"][len(SOILKG_NS):], set()).add(row["sup"][len(SOILKG_NS):])
    seen: dict[str, dict] = {}
    for row in select(store, ENTITIES_QUERY):
        info = seen.setdefault(row["s"], {"classes": set(), "labels": set(), "acronyms": set(), "codes": set()})
        info["classes"].add(row["cls"][len(SOILKG_NS):])
        for key, column in (("labels", "label"), ("acronyms", "acronym"), ("codes", "code")):
            if column in row:
                info[key].add(row[column])
    out = {}
    for iri, info in seen.items():
        rid = local_id(iri, base)
        label = min(info["labels"]) if info["labels"] else rid
        short = min(info["acronyms"], key=len) if info["acronyms"] else label
        out[iri] = Entity(iri, rid, label, short, _specific(info["classes"], supers), tuple(sorted(info["codes"])))
    return out


def _specific(classes: set[str], supers: dict[str, set[str]]) -> str:
    """The most specific of ``classes``: one that is no other's superclass (the asserted one, when
    reasoning has added the superclasses); ties broken by name for stable output."""
    if not classes:
        return "Other"
    inherited = set().union(*(supers.get(c, set()) for c in classes))
    return min(classes - inherited or classes)


# --- the partner map ----------------------------------------------------------------------------------
def partner_graph(store: ox.Store, base: str) -> nx.MultiDiGraph:
    """The actors' relation graph: nodes by local id with label, kind, countries; edges keyed by relation kind."""
    known = entities(store, base)
    graph = nx.MultiDiGraph()
    for row in select(store, RELATIONS_QUERY):
        a, b, kind = row["a"], row["b"], row["kind"]
        if a not in known or b not in known or a == b:
            continue
        ea, eb = known[a], known[b]
        if kind == "collaborates" and ea.id > eb.id:
            ea, eb = eb, ea
        for e in (ea, eb):
            if e.id not in graph:
                graph.add_node(e.id, iri=e.iri, label=e.label, short=e.short, kind=e.kind, countries=list(e.countries))
        graph.add_edge(ea.id, eb.id, key=kind, kind=kind)
    log.info("partner map: %d actors, %d relations", graph.number_of_nodes(), graph.number_of_edges())
    return graph


def per_generation(store, key: tuple, compute):
    """``compute(reader)`` for a :class:`graph.store.GraphStore`, remembered until its served generation changes."""
    return memo.per_generation(store, key, compute)


def cached_partner_graph(store, base: str) -> nx.MultiDiGraph:
    """:func:`partner_graph` of a :class:`graph.store.GraphStore`, rebuilt only when the served generation changes."""
    return per_generation(store, ("partners", base), lambda reader: partner_graph(reader, base))


@dataclass(frozen=True)
class PartnerFilter:
    """Which part of the partner map to show. Empty fields select everything.

    ``country``, ``network``, ``programme`` and ``focus`` each pick a core set of nodes (several are
    intersected); ``hops`` then adds neighbours of the core up to that distance. ``relations`` keeps
    only edges of those kinds (applied first).
    """

    country: str | None = None
    network: str | None = None
    programme: str | None = None
    focus: str | None = None
    relations: frozenset[str] = field(default_factory=frozenset)
    hops: int = 1

    @property
    def is_empty(self) -> bool:
        return not (self.country or self.network or self.programme or self.focus or self.relations)

    def query_string(self) -> dict[str, str]:
        """The filter as URL query parameters (for links between pages)."""
        out = {k: v for k, v in (("country", self.country), ("network", self.network), ("programme", self.programme),
                                  ("focus", self.focus)) if v}
        if self.relations:
            out["relation"] = ",".join(sorted(self.relations))
        if self.hops != 1:
            out["hops"] = str(self.hops)
        return out


class UnknownNode(KeyError):  # noqa: N818 - reads as the client's mistake
    """A filter or a path names a node the partner map does not have."""


def filter_graph(graph: nx.MultiDiGraph, spec: PartnerFilter) -> nx.MultiDiGraph:
    """The part of ``graph`` that ``spec`` selects (a copy)."""
    if spec.relations:
        edges = [(u, v, k) for u, v, k in graph.edges(keys=True) if k in spec.relations]
        graph = graph.edge_subgraph(edges).copy()
    cores: list[set[str]] = []
    if spec.country:
        cores.append({n for n, d in graph.nodes(data=True) if spec.country in d.get("countries", ())})
    if spec.network:
        net = _require(graph, spec.network)
        members = {u for u, _v, k in graph.in_edges(net, keys=True) if k in ("member", "sub-organisation")}
        cores.append({net} | members)
    if spec.programme:
        prog = _require(graph, spec.programme)
        cores.append({prog} | set(nx.all_neighbors(graph, prog)))
    if spec.focus:
        cores.append({_require(graph, spec.focus)})
    if not cores:
        return graph.copy()
    core = set.intersection(*cores)
    keep = set(core)
    frontier = set(core)
    undirected = graph.to_undirected(as_view=True)
    for _ in range(max(spec.hops, 0)):
        frontier = {m for n in frontier for m in undirected.neighbors(n)} - keep
        keep |= frontier
    sub = graph.subgraph(keep).copy()
    for n in sub:
        sub.nodes[n]["core"] = n in core
    return sub


def _require(graph: nx.MultiDiGraph, node: str) -> str:
    if node not in graph:
        raise UnknownNode(node)
    return node


def simple_undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per linked pair, with ``kinds`` (sorted list) and ``weight`` (number of relations).

    Nodes and edges are inserted in sorted order, so seeded algorithms (Louvain) give the same answer
    whatever order the store returned the relations in.
    """
    pairs: dict[tuple[str, str], list[str]] = {}
    for u, v, k in graph.edges(keys=True):
        pairs.setdefault((min(u, v), max(u, v)), []).append(k)
    out = nx.Graph()
    out.add_nodes_from(sorted(graph.nodes(data=True)))
    for (u, v), kinds in sorted(pairs.items()):
        out.add_edge(u, v, kinds=sorted(set(kinds)), weight=len(kinds))
    return out
