"""viz.svg: the static diagram is valid XML, escapes every text and lists the chain in order."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from viz.flows import Flow, Step, flow_graph
from viz.svg import flows_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
HOSTILE = '<script>alert("x")</script> & co'


def _flow(label: str = "Flow") -> Flow:
    from viz.build import Entity

    known = {i: Entity("https://w3id.org/soilkg/id/" + i, i, lab, lab, kind) for i, lab, kind in (
        ("a", HOSTILE, "Ministry"), ("b", "B", "Department"), ("c", "C", "StakeholderGroup"), ("x", "X", "CooperationAgency"),
        ("ch", "</text><script>1</script>", "Channel"))}
    return Flow("f", "iri", label, "KH", (Step(1, "a", "b", ("ch",)), Step(2, "b", "c")), ("x",), entities=known)


def test_svg_is_xml_with_hostile_labels_as_plain_text():
    svg = flows_svg([(HOSTILE, "Cambodia", flow_graph(_flow(HOSTILE)))])
    root = ET.fromstring(svg)
    assert not root.findall(".//svg:script", NS) and not root.findall(".//script")
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert '<script>alert("x")</script>' in texts
    assert "</text><script>1</script>" in texts


def test_svg_lists_chain_nodes_in_order_top_to_bottom():
    root = ET.fromstring(flows_svg([("F", "Cambodia", flow_graph(_flow()))]))
    nodes = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "node" and g.get("data-role") == "chain"]
    assert [g.get("data-id") for g in nodes] == ["a", "b", "c"]
    assert [g.get("data-position") for g in nodes] == ["1", "2", "3"]
    tops = [float(next(iter(g.iter("{http://www.w3.org/2000/svg}text"))).get("y")) for g in nodes]
    assert tops == sorted(tops)


def test_svg_has_a_legend_and_an_empty_panel_for_a_country_without_flows():
    svg = flows_svg([("F", "Cambodia", flow_graph(_flow())), ("Lao PDR", "no flow recorded yet", None)])
    root = ET.fromstring(svg)
    legend = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "legend"]
    assert legend and "ministry" in "".join(t.text or "" for t in legend[0].iter("{http://www.w3.org/2000/svg}text"))
    assert "no flow recorded yet" in svg
