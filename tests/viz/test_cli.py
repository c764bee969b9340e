"""viz.cli: diagrams written to files are standalone and offline."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from graph.namespaces import Iris
from viz.cli import INVALID, OK, diagram_flows, diagram_partners

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def target(mini_graph_store) -> tuple:
    """The store and the base IRI the diagram functions read."""
    return mini_graph_store, Iris().base


def test_flow_html_is_standalone(target, tmp_path):
    out = tmp_path / "kh.html"
    assert diagram_flows(*target, "KH", "html", out) == OK
    html = out.read_text(encoding="utf-8")
    assert not EXTERNAL.search(html), "a standalone page must not load anything from another host"
    assert "<script src=" not in html and "vis.Network" in html
    assert 'id="data-kh-chain"' in html


def test_flow_svg_and_comparison(target, tmp_path):
    assert diagram_flows(*target, "kh", "svg", tmp_path / "kh.svg") == OK
    ET.parse(tmp_path / "kh.svg")
    assert diagram_flows(*target, "all", "html", tmp_path / "all.html") == OK
    assert 'data-country="LA"' in (tmp_path / "all.html").read_text(encoding="utf-8")


def test_unknown_country_flow_or_format_is_invalid(target, capsys):
    assert diagram_flows(*target, "XX", "html", None) == INVALID
    assert diagram_flows(*target, "KH", "png", None) == INVALID
    assert diagram_flows(*target, "KH", "html", None, flow="nope") == INVALID
    assert "no country with ISO code 'XX'" in capsys.readouterr().err


def test_partner_exports(target, tmp_path):
    assert diagram_partners(*target, "graphml", tmp_path / "p.graphml", country="KH", hops=0) == OK
    assert set(nx.read_graphml(tmp_path / "p.graphml")) >= {"kh-itc", "kh-maff"}
    assert diagram_partners(*target, "html", tmp_path / "p.html", network="irc") == OK
    assert not EXTERNAL.search((tmp_path / "p.html").read_text(encoding="utf-8"))
    assert diagram_partners(*target, "json", tmp_path / "p.json") == OK
    assert diagram_partners(*target, "html", None, focus="nobody") == INVALID
    assert diagram_partners(*target, "html", None, relations=["friendship"]) == INVALID
