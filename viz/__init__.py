"""Diagrams and network analysis of the soilkg graph: flow chains, the partner map, their pages and exports.

``build`` and ``flows`` read the store into networkx; ``layout``, ``render`` and ``svg`` draw;
``analysis`` answers questions about the partner map; ``views`` prepares pages; ``links`` tells an
entity page which diagrams show the entity; ``cli`` writes diagrams to files.
"""

from viz.analysis import bridges, centrality, communities, export, fragile, paths
from viz.build import PartnerFilter, UnknownNode, cached_partner_graph, filter_graph, partner_graph
from viz.flows import Flow, Step, flow_graph, load_flows
from viz.links import diagrams_for

__all__ = [
    "Flow", "PartnerFilter", "Step", "UnknownNode", "bridges", "cached_partner_graph", "centrality", "communities",
    "diagrams_for", "export", "filter_graph", "flow_graph", "fragile", "load_flows", "partner_graph", "paths",
]
