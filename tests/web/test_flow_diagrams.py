"""Flow diagrams in a real browser: the chain drawn from the data, in order, with channels and feeders."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx
import pytest
import yaml
from conftest import DATA_DIR

SVG = "{http://www.w3.org/2000/svg}"


def _records() -> dict[str, dict]:
    """Every record of the data folder by id (read by the test, independently of the loader)."""
    out = {}
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(record, dict) and "id" in record:
                out[record["id"]] = record
    return out


RECORDS = _records()


def _short(record_id: str) -> str:
    record = RECORDS[record_id]
    acronyms = (record.get("acronyms") or {}).get("en") or []
    return min(acronyms, key=len) if acronyms else record["label"]["en"]


def _chain(flow: dict) -> list[str]:
    seen: list[str] = []
    for step in flow["steps"]:
        for node in (step["from"], step["to"]):
            if node not in seen:
                seen.append(node)
    return seen


def _channels(step: dict) -> list[str]:
    """A step's channel ids: the data allows one id or a list."""
    value = step.get("channel") or []
    return value if isinstance(value, list) else [value]


def _flows(country: str) -> list[dict]:
    return [r for r in RECORDS.values() if r.get("kind") == "flow" and r.get("country") == country]


def _cambodia_flows() -> list[dict]:
    path = DATA_DIR / "national" / "cambodia.yaml"
    return [r for r in yaml.safe_load(path.read_text(encoding="utf-8")) if r.get("kind") == "flow"]


def test_cambodia_page_draws_each_chain_with_channels_and_feeders(watched):
    flows = _flows("KH")
    assert flows, "the data has no flow for Cambodia"
    watched.open("/diagrams/flows/KH")
    watched.wait_for_networks()
    for flow in flows:
        drawn = watched.network(f"net-{flow['id']}")
        nodes = {n["id"]: n for n in drawn["nodes"]}
        chain = _chain(flow)
        assert set(chain) | set(flow.get("fed_by", [])) == set(nodes), "nodes: the chain and its feeders, nothing else"
        assert set(drawn["drawn"]) == set(nodes), "every node of the DataSet is positioned in the network"
        levels = [nodes[n]["level"] for n in chain]
        assert levels == sorted(levels) and len(set(levels)) == len(levels), "top-down in chain order"
        steps = {(e["from"], e["to"]): e for e in drawn["edges"] if e["kind"] == "step"}
        assert set(steps) == {(s["from"], s["to"]) for s in flow["steps"]}
        first_order: dict[tuple[str, str], int] = {}
        for number, step in enumerate(flow["steps"], start=1):
            first_order.setdefault((step["from"], step["to"]), number)
        for step in flow["steps"]:
            edge = steps[(step["from"], step["to"])]
            assert edge["order"] == first_order[(step["from"], step["to"])], "the step's number in the source's order"
            assert set(edge.get("channels", [])) >= set(_channels(step))
            for channel in _channels(step)[:4]:
                assert _short(channel).split()[0] in edge["label"], f"channel {channel} is named on its arrow"
        feeds = {e["from"] for e in drawn["edges"] if e["kind"] == "feeds"}
        assert feeds == set(flow.get("fed_by", []))
    assert watched.page.locator(".legend li").count() >= 3, "every diagram has a legend"
    watched.screenshot("flows-KH")
    watched.assert_clean()


def test_cambodia_svg_has_every_actor_of_its_chain_in_order(site, watched):
    flows = _cambodia_flows()
    assert flows
    response = httpx.get(site.base_url + "/diagrams/flows/KH", params={"format": "svg"})
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    for flow in flows:
        panel = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "panel" and g.get("data-flow") == flow["id"])
        chain_nodes = [g for g in panel.iter(f"{SVG}g") if g.get("class") == "node" and g.get("data-role") == "chain"]
        assert [g.get("data-id") for g in chain_nodes] == _chain(flow)
        heights = [float(next(g.iter(f"{SVG}text")).get("y")) for g in chain_nodes]
        assert heights == sorted(heights) and len(set(heights)) == len(heights), "drawn top to bottom"
        texts = " ".join(t.text or "" for g in chain_nodes for t in g.iter(f"{SVG}text"))
        for node in _chain(flow):
            assert _short(node)[:20] in texts
        channels = {t.text for t in panel.iter(f"{SVG}text") if t.get("class") == "channel"}
        for step in flow["steps"]:
            for channel in _channels(step)[:4]:
                assert _short(channel).split()[0] in " ".join(channels)
    watched.page.set_content(f"<html><body style='margin:0'>{response.text}</body></html>")
    watched.screenshot("flows-KH-svg")


def test_compare_page_shows_the_four_countries_side_by_side(watched):
    watched.open("/diagrams/flows")
    countries = watched.page.eval_on_selector_all("section.country", "els => els.map(e => e.dataset.country)")
    codes = [r["iso3166"] for r in RECORDS.values() if r.get("kind") == "country" and r["iso3166"] in ("KH", "LA", "TH", "VN")]
    assert countries == [c for c in ("KH", "LA", "TH", "VN") if c in codes]
    with_flows = [c for c in countries if _flows(c)]
    if with_flows:
        watched.wait_for_networks()
    for code in countries:
        for flow in _flows(code):
            drawn = watched.network(f"net-{flow['id']}")
            assert set(_chain(flow)) <= {n["id"] for n in drawn["nodes"]}
    watched.screenshot("flows-compare")
    watched.assert_clean()


def test_country_compare_puts_that_country_first(watched):
    watched.open("/diagrams/flows/KH/compare")
    first = watched.page.eval_on_selector("section.country", "e => e.dataset.country")
    assert first == "KH"
    watched.assert_clean()


@pytest.mark.parametrize("country", ["LA", "TH", "VN"])
def test_other_countries_pages_open(watched, country):
    watched.open(f"/diagrams/flows/{country}")
    if _flows(country):
        watched.wait_for_networks()
        for flow in _flows(country):
            assert set(_chain(flow)) <= {n["id"] for n in watched.network(f"net-{flow['id']}")["nodes"]}
        watched.screenshot(f"flows-{country}")
    else:
        assert watched.page.locator(".empty").count() == 1
    watched.assert_clean()
