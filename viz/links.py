"""Which diagrams an entity appears in, for links from its page (``/id/{id}``)."""

from __future__ import annotations

from urllib.parse import urlencode

from graph.namespaces import DEFAULT_BASE_IRI
from viz.build import NETWORK_KINDS, cached_partner_graph, local_id, per_generation
from viz.flows import countries, load_flows

PROGRAMME_KINDS = frozenset({"Programme", "Project", "Initiative", "IncentiveScheme"})


def _flows(store, base: str):
    return per_generation(store, ("flows", base), lambda reader: load_flows(reader, base))


def _countries(store):
    return per_generation(store, ("countries",), countries)


def diagrams_for(iri: str, store, base: str = DEFAULT_BASE_IRI, root: str = "") -> list[tuple[str, str]]:
    """(title, url) of every diagram that shows the entity ``iri``; ``store`` is a :class:`graph.store.GraphStore`.

    Flow diagrams of the flows it is part of (as actor, channel, feeder or the flow itself), then
    partner maps: around it, of its network or programme, and of its countries. URLs are paths on
    this service, prefixed with ``root`` when the app is served under one.
    """
    rid = local_id(iri, base)
    out: list[tuple[str, str]] = []
    for flow in _flows(store, base):
        if rid in flow.members():
            url = f"{root}/diagrams/flows/{flow.country}?" + urlencode({"flow": flow.id})
            out.append((f"Flow diagram: {flow.label}", url))
            out.append((f"Flow diagram (SVG): {flow.label}", url + "&format=svg"))
    graph = cached_partner_graph(store, base)
    if rid in graph:
        data = graph.nodes[rid]
        out.append((f"Partner map around {data.get('short', rid)}", f"{root}/diagrams/partners?" + urlencode({"focus": rid})))
        if data.get("kind") in NETWORK_KINDS:
            out.append((f"Partner map of {data.get('short', rid)} and its members",
                        f"{root}/diagrams/partners?" + urlencode({"network": rid})))
        if data.get("kind") in PROGRAMME_KINDS:
            out.append((f"Partner map of {data.get('short', rid)}", f"{root}/diagrams/partners?" + urlencode({"programme": rid})))
        names = _countries(store)
        for code in data.get("countries", []):
            out.append((f"Partner map: {names.get(code, code)}", f"{root}/diagrams/partners?" + urlencode({"country": code})))
    return out
