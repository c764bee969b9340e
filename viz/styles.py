"""How actor kinds and relation kinds look in every diagram: colour, shape, legend text.

One table serves the interactive pages (vis-network shapes) and the static SVG, so a ministry is
the same dark-blue box everywhere. Kinds are the local names of soilkg classes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeStyle:
    """The look of one actor kind."""

    legend: str
    color: str
    shape: str  # vis-network shape; the SVG draws box, ellipse, diamond, triangle, hexagon or dot
    font_color: str = "#111111"


@dataclass(frozen=True)
class EdgeStyle:
    """The look of one relation kind."""

    legend: str
    color: str
    dashes: bool = False


NODE_STYLES: dict[str, NodeStyle] = {
    "Ministry": NodeStyle("ministry", "#1f4e8c", "box", "#ffffff"),
    "Department": NodeStyle("department", "#5b8fd6", "box", "#ffffff"),
    "GovernmentAgency": NodeStyle("government agency", "#2a9d8f", "box", "#ffffff"),
    "LocalGovernmentOffice": NodeStyle("provincial / district office", "#a8d5ba", "ellipse"),
    "ResearchInstitute": NodeStyle("research institute", "#f4a261", "diamond"),
    "University": NodeStyle("university", "#e9c46a", "diamond"),
    "InternationalOrganisation": NodeStyle("international organisation", "#7b4fa0", "hexagon"),
    "CooperationAgency": NodeStyle("cooperation agency", "#c0392b", "triangle"),
    "Network": NodeStyle("network", "#d16ba5", "hexagon"),
    "Partnership": NodeStyle("partnership", "#b5179e", "hexagon"),
    "Company": NodeStyle("company", "#8d6e63", "box", "#ffffff"),
    "NonGovernmentalOrganisation": NodeStyle("NGO", "#6d8b3a", "box", "#ffffff"),
    "StakeholderGroup": NodeStyle("farmers, cooperatives, other groups", "#3a7d44", "ellipse", "#ffffff"),
    "Programme": NodeStyle("programme or project", "#9e9e9e", "dot"),
    "Site": NodeStyle("long-term site", "#264653", "dot"),
    "Event": NodeStyle("event", "#bdbdbd", "dot"),
    "CommunicationFlow": NodeStyle("communication flow", "#607d8b", "dot"),
    "Channel": NodeStyle("channel", "#fff3c4", "box"),
    "Post": NodeStyle("post (a role, such as a minister)", "#ffcc80", "ellipse"),
    "Policy": NodeStyle("policy, plan or agreement", "#f7f7f7", "box"),
    "Dataset": NodeStyle("dataset or map", "#b3e5fc", "dot"),
    "FeederGroup": NodeStyle("agencies feeding the chain", "#f6d6d0", "box"),
    "Other": NodeStyle("other", "#cfd8dc", "dot"),
}

# Subclasses drawn like their parent (the data asserts the most specific class).
KIND_ALIASES = {
    "Project": "Programme", "Initiative": "Programme", "IncentiveScheme": "Programme",
    "ResearchStation": "Site", "Observatory": "Site", "ExperimentalSite": "Site", "ResearchInfrastructure": "Site",
    "Meeting": "Event", "Workshop": "Event", "GovernmentBody": "GovernmentAgency", "Organisation": "Other",
    "Strategy": "Policy", "Plan": "Policy", "Law": "Policy", "Roadmap": "Policy", "ActionProgramme": "Policy",
    "InternationalAgreement": "Policy", "NationalCommitment": "Policy", "SoilMap": "Dataset",
}

EDGE_STYLES: dict[str, EdgeStyle] = {
    "step": EdgeStyle("passes information to (label: channel)", "#37474f"),
    "feeds": EdgeStyle("feeds the chain (fed by)", "#c0392b", dashes=True),
    "member": EdgeStyle("member of", "#d16ba5"),
    "sub-organisation": EdgeStyle("part of", "#1f4e8c"),
    "support": EdgeStyle("supports", "#e76f51", dashes=True),
    "funding": EdgeStyle("funds", "#c0392b", dashes=True),
    "leads": EdgeStyle("leads or organises", "#2a9d8f"),
    "participates": EdgeStyle("participates in", "#8ab17d"),
    "operates": EdgeStyle("operates", "#264653"),
    "collaborates": EdgeStyle("collaborates with", "#7b4fa0"),
    "information": EdgeStyle("passes information to", "#37474f"),
}

RELATION_KINDS: tuple[str, ...] = tuple(k for k in EDGE_STYLES if k not in ("step", "feeds"))


def style_key(kind: str) -> str:
    """The row of :data:`NODE_STYLES` for a class local name (``Observatory`` -> ``Site``)."""
    if kind in NODE_STYLES:
        return kind
    return KIND_ALIASES.get(kind, "Other")


def node_style(kind: str) -> NodeStyle:
    """The style of an actor kind; unknown kinds get the neutral 'other' style."""
    return NODE_STYLES[style_key(kind)]


def edge_style(kind: str) -> EdgeStyle:
    return EDGE_STYLES.get(kind, EdgeStyle(kind, "#90a4ae"))


def legend(node_kinds: set[str] | list[str], edge_kinds: set[str] | list[str]) -> dict[str, list[dict]]:
    """Legend entries for the kinds a diagram actually shows, in table order."""
    keys = {style_key(k) for k in node_kinds}
    nodes = [{"key": k, "label": s.legend, "color": s.color, "shape": s.shape} for k, s in NODE_STYLES.items() if k in keys]
    edges = [{"key": k, "label": s.legend, "color": s.color, "dashes": s.dashes} for k, s in EDGE_STYLES.items()
             if k in set(edge_kinds)]
    return {"nodes": nodes, "edges": edges}
