"""Communication flows (``soilkg:CommunicationFlow``) read from the store, and their chain graphs.

A flow's graph is a ``networkx.DiGraph`` over local ids: one ``step`` edge per flow step (with its
order, channels and note) and one dashed ``feeds`` edge from each ``soilkg:fedBy`` agency to the
first actor of the chain. Every node carries ``layer``: feeders on layer 0, then the chain from top
to bottom in the order of its steps.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import networkx as nx
import pyoxigraph as ox

from viz.build import Entity, entities, local_id, select

log = logging.getLogger(__name__)

SEA_COUNTRIES = ("KH", "LA", "TH", "VN")  # the four countries the diagrams compare, in this order

STEPS_QUERY = """
SELECT ?flow ?flowLabel ?code ?carries ?order ?from ?to ?channel ?note WHERE {
  ?flow a soilkg:CommunicationFlow ; soilkg:hasStep ?step ; soilkg:country ?c .
  ?c soilkg:iso3166Code ?code .
  OPTIONAL { ?flow skos:prefLabel ?flowLabel FILTER(LANGMATCHES(LANG(?flowLabel), "en")) }
  OPTIONAL { ?flow soilkg:carries ?carries }
  ?step soilkg:order ?order ; soilkg:stepFrom ?from ; soilkg:stepTo ?to .
  OPTIONAL { ?step soilkg:channel ?channel }
  OPTIONAL { ?step rdfs:comment ?note }
}
"""

FED_BY_QUERY = "SELECT ?flow ?agent WHERE { ?flow a soilkg:CommunicationFlow ; soilkg:fedBy ?agent }"

COUNTRIES_QUERY = """
SELECT ?code ?label WHERE {
  ?c a soilkg:Country ; soilkg:iso3166Code ?code .
  OPTIONAL { ?c skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
}
"""


@dataclass(frozen=True)
class Step:
    """One link of a chain: ``source`` passes information to ``target``, over zero or more channels."""

    order: int
    source: str
    target: str
    channels: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Flow:
    """A communication flow with its steps in order, the agencies feeding it and the entities it names."""

    id: str
    iri: str
    label: str
    country: str
    steps: tuple[Step, ...]
    fed_by: tuple[str, ...] = ()
    carries: str | None = None
    entities: dict[str, Entity] | None = None  # by local id: every actor, channel and feeder named

    def chain(self) -> list[str]:
        """The actors in the order the chain reaches them (first appearance along the steps)."""
        seen: list[str] = []
        for step in self.steps:
            for node in (step.source, step.target):
                if node not in seen:
                    seen.append(node)
        return seen

    def members(self) -> set[str]:
        """Every local id the flow's diagram shows or names (actors, channels, feeders, the flow)."""
        return {self.id, *self.chain(), *self.fed_by, *(c for s in self.steps for c in s.channels)}


def countries(store: ox.Store) -> dict[str, str]:
    """ISO code -> English name of every country record."""
    return {r["code"]: r.get("label", r["code"]) for r in select(store, COUNTRIES_QUERY)}


def load_flows(store: ox.Store, base: str, country: str | None = None, flow: str | None = None) -> list[Flow]:
    """The flows of ``country`` (ISO code), or the one flow with local id ``flow``, or all; ordered by country and id."""
    bindings = {}
    if country:
        bindings["code"] = ox.Literal(country)
    if flow:
        bindings["flow"] = ox.NamedNode(base + "id/" + flow)
    known = {e.id: e for e in entities(store, base).values()}
    rows: dict[str, list[dict]] = {}
    for row in select(store, STEPS_QUERY, **bindings):
        rows.setdefault(row.get("flow", base + "id/" + (flow or "")), []).append(row)
    feeders: dict[str, list[str]] = {}
    for row in select(store, FED_BY_QUERY, **({"flow": bindings["flow"]} if flow else {})):
        feeders.setdefault(row.get("flow", base + "id/" + (flow or "")), []).append(local_id(row["agent"], base))
    out = []
    for iri, flow_rows in rows.items():
        first = flow_rows[0]
        steps = _steps(flow_rows, base)
        fid = local_id(iri, base)
        flow_obj = Flow(fid, iri, first.get("flowLabel", fid), first.get("code", country or ""), tuple(steps),
                        tuple(sorted(set(feeders.get(iri, [])))), first.get("carries"))
        named = {i: known[i] for i in flow_obj.members() if i in known}
        out.append(replace(flow_obj, entities=named))
    return sorted(out, key=lambda f: (f.country, f.id))


def _steps(rows: list[dict], base: str) -> list[Step]:
    """The steps of one flow from its query rows (one row per channel of a step), in order."""
    by_order: dict[int, dict] = {}
    for r in rows:
        step = by_order.setdefault(int(r["order"]), {"source": local_id(r["from"], base), "target": local_id(r["to"], base),
                                                     "channels": set(), "note": r.get("note")})
        if "channel" in r:
            step["channels"].add(local_id(r["channel"], base))
    return [Step(order, d["source"], d["target"], tuple(sorted(d["channels"])), d["note"])
            for order, d in sorted(by_order.items())]


def flow_graph(flow: Flow, group_feeders: bool = False) -> nx.DiGraph:
    """The chain of ``flow`` as a layered DiGraph (see the module docstring).

    With ``group_feeders`` (narrow views), more than two feeding agencies become one node listing them.
    """
    graph = nx.DiGraph(id=flow.id, label=flow.label, country=flow.country)
    known = flow.entities or {}
    offset = 1 if flow.fed_by else 0

    def add(node: str, role: str) -> None:
        if node in graph:
            return
        entity = known.get(node)
        graph.add_node(node, label=entity.label if entity else node, short=entity.short if entity else node,
                       kind=entity.kind if entity else "Other", iri=entity.iri if entity else "", role=role)

    for step in flow.steps:
        add(step.source, "chain")
        add(step.target, "chain")
        labels = sorted((known[c].short if c in known else c for c in step.channels), key=str.lower)
        if graph.has_edge(step.source, step.target):  # a second step between the same two actors: one arrow
            edge = graph.edges[step.source, step.target]
            labels = sorted(set(edge["channel_labels"]) | set(labels), key=str.lower)
            channels = sorted(set(edge["channels"]) | set(step.channels))
            note = "; ".join(x for x in (edge["note"], step.note or "") if x)
            graph.add_edge(step.source, step.target, channels=channels, channel_labels=labels,
                           channel_label=", ".join(labels), note=note)
            continue
        graph.add_edge(step.source, step.target, kind="step", order=step.order, note=step.note or "",
                       channels=list(step.channels), channel_labels=labels, channel_label=", ".join(labels))
    for layer, node in enumerate(_layers(flow)):
        for n in node:
            graph.nodes[n]["layer"] = layer + offset
    chain = flow.chain()
    for position, node in enumerate(chain):
        graph.nodes[node]["position"] = position + 1
    if group_feeders and len(flow.fed_by) > 2:
        names = sorted((known[a].short if a in known else a for a in flow.fed_by), key=str.lower)
        group = f"{flow.id}--fed-by"
        graph.add_node(group, label="fed by " + ", ".join(names), short="fed by: " + ", ".join(names), kind="FeederGroup",
                       iri="", role="feeder", layer=0, members=list(flow.fed_by))
        if chain:
            graph.add_edge(group, chain[0], kind="feeds", order=0, note="", channels=[], channel_labels=[], channel_label="")
        return graph
    for agency in flow.fed_by:
        if agency not in graph:
            add(agency, "feeder")
            graph.nodes[agency]["layer"] = 0
        if chain:
            graph.add_edge(agency, chain[0], kind="feeds", order=0, note="", channels=[], channel_labels=[], channel_label="")
    return graph


def _layers(flow: Flow) -> list[list[str]]:
    """Chain actors grouped by layer: longest distance from the start along the steps, in step order.

    A linear chain gives one actor per layer in order. A step that goes back to an actor already
    placed (a loop) does not move it.
    """
    level: dict[str, int] = {}
    for step in flow.steps:
        level.setdefault(step.source, 0)
        placed_above = step.target in level and level[step.target] <= level[step.source]
        if step.target not in level or (placed_above and not _reaches(flow, step.target, step.source)):
            level[step.target] = level[step.source] + 1
    layers: dict[int, list[str]] = {}
    for node, lv in level.items():
        layers.setdefault(lv, []).append(node)
    return [layers[k] for k in sorted(layers)]


def _reaches(flow: Flow, start: str, goal: str) -> bool:
    """True if the steps lead from ``start`` to ``goal`` (so moving ``start`` down would make a loop)."""
    graph = nx.DiGraph((s.source, s.target) for s in flow.steps)
    return start in graph and goal in graph and nx.has_path(graph, start, goal)
