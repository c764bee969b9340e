"""Does a 5,000-actor partner map stay usable in a browser? Our path against raw pyvis defaults, one run.

Builds a synthetic partner map (communities, hubs, several countries, every relation kind), then:

* **ours**: :func:`viz.views.partner_view` (Louvain communities, clustered positions computed in
  Python, physics off, no improved layout, straight edges, edges hidden while dragging), written as a
  standalone page by the same template as ``/diagrams/partners``;
* **pyvis defaults**: ``pyvis.network.Network`` with its default options (physics on, 1,000
  stabilisation iterations, dynamic smooth edges), ``cdn_resources="in_line"``.

Both pages load in headless Chromium from files (requests to other hosts are aborted). Reported per
page: Python build time; time to render (first drawn frame) and to interactive (drawn and no longer
simulating: our ``ready``, pyvis's ``stabilizationIterationsDone``) from navigation start; then frame
intervals at rest (2 s) and while zooming with the mouse wheel, and the time to redraw after a
programmatic zoom (median of 5). The ratio is pyvis's time to interactive over ours; when pyvis hits ``--timeout``
it is a lower bound, and an extrapolation from its stabilisation progress is given too.

    python -m bench.partner_map [--nodes 5000] [--timeout 240] [--out bench/results/partner_map.json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from core.pages import render
from viz.build import PartnerFilter
from viz.styles import NODE_STYLES, RELATION_KINDS, node_style
from viz.views import partner_view

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
COUNTRIES = ["KH", "LA", "TH", "VN", "MM", "ID", "PH", "MY", "FR", "AU", "JP", "CH"]
ACTOR_KINDS = [k for k in NODE_STYLES if k not in ("Other", "FeederGroup", "CommunicationFlow")]

PROBE = """<script>
(function () {
  window.__bench = {drawnAt: null, readyAt: null};
  network.once("afterDrawing", function () { window.__bench.drawnAt = performance.now(); });
  network.once("stabilizationIterationsDone", function () { window.__bench.readyAt = performance.now(); });
  network.on("stabilizationProgress", function (p) {
    console.log("bench-progress " + (p.iterations / p.total) + " " + performance.now());
  });
})();
</script>"""

FRAMES = """() => new Promise(resolve => {
  const times = []; const end = performance.now() + 2000;
  function tick(t) { times.push(t); if (t < end) requestAnimationFrame(tick); else {
    const gaps = times.slice(1).map((x, i) => x - times[i]).sort((a, b) => a - b);
    resolve({median: gaps[Math.floor(gaps.length / 2)], p95: gaps[Math.floor(gaps.length * 0.95)], frames: gaps.length}); } }
  requestAnimationFrame(tick);
})"""

ZOOM = """net => new Promise(resolve => {
  const t = performance.now();
  net.once("afterDrawing", () => resolve(performance.now() - t));
  net.moveTo({scale: net.getScale() * 1.4});
})"""

RECORD = """() => { window.__frames = []; const stop = performance.now() + 1500;
  (function tick(t) { window.__frames.push(t); if (t < stop) requestAnimationFrame(tick); })(performance.now()); }"""

RECORDED = """() => { const t = window.__frames; const gaps = t.slice(1).map((x, i) => x - t[i]).sort((a, b) => a - b);
  return {median: gaps[Math.floor(gaps.length / 2)], p95: gaps[Math.floor(gaps.length * 0.95)], max: gaps[gaps.length - 1]}; }"""


def wheel_zoom(page, selector: str) -> dict:
    """Frame intervals while the user zooms with the mouse wheel over the network (1.5 s)."""
    box = page.locator(selector).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.evaluate(RECORD)
    for _ in range(6):
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(80)
    page.wait_for_timeout(1100)
    return page.evaluate(RECORDED)


def synthetic(nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """A partner-map-like graph: ~nodes/60 communities, mostly internal links, hubs by preferential attachment."""
    rng = random.Random(seed)
    groups = max(1, nodes // 60)
    graph = nx.MultiDiGraph()
    for i in range(nodes):
        group = i % groups
        kind = rng.choice(ACTOR_KINDS)
        countries = [] if rng.random() < 0.1 else [COUNTRIES[group % len(COUNTRIES)]]
        graph.add_node(f"a{i}", label=f"Actor {i} of group {group}", short=f"A{i}", kind=kind, countries=countries,
                       iri=f"https://example.org/id/a{i}", group=group)
    members: dict[int, list[str]] = {}
    for node, data in graph.nodes(data=True):
        members.setdefault(data["group"], []).append(node)
    ends: list[str] = []
    for node, data in list(graph.nodes(data=True)):
        for _ in range(2):
            local = rng.random() < 0.85 or not ends
            other = rng.choice(members[data["group"]]) if local else rng.choice(ends)
            if other != node:
                graph.add_edge(node, other, key=rng.choice(RELATION_KINDS))
                ends += [node, other]
    return graph


def build_ours(graph: nx.MultiDiGraph, folder: Path) -> tuple[Path, float]:
    start = time.perf_counter()
    view, _ = partner_view(graph, PartnerFilter(), summary=False)
    html = render("diagram_partners.html", standalone=True, title="Partner map (bench)", view=view, summary=None,
                       stats={"nodes": view.nodes, "edges": view.edges}, options={}, filters={}, exports=[])
    path = folder / "ours.html"
    path.write_text(html, encoding="utf-8")
    return path, time.perf_counter() - start


def build_pyvis_defaults(graph: nx.MultiDiGraph, folder: Path) -> tuple[Path, float]:
    start = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        net.add_node(node, label=data["short"], title=data["label"], color=node_style(data["kind"]).color)
    for u, v, _k in graph.edges(keys=True):
        net.add_edge(u, v)
    html = net.generate_html()
    path = folder / "pyvis_defaults.html"
    path.write_text(html.replace("drawGraph();", "drawGraph();\n</script>" + PROBE + "<script>", 1), encoding="utf-8")
    return path, time.perf_counter() - start


def measure(browser, path: Path, ours: bool, timeout_s: float) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    errors: list[str] = []
    progress: list[tuple[float, float]] = []  # (fraction of stabilisation done, ms since navigation)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: progress.append(tuple(map(float, m.text.split()[1:3])))
            if m.text.startswith("bench-progress") else None)
    handle = "window.soilkg?.networks?.['net-partners']" if ours else "window.__bench"
    net = "window.soilkg.networks['net-partners'].network" if ours else "window.network"
    result: dict = {"page_bytes": path.stat().st_size}
    page.goto(path.as_uri(), wait_until="commit")
    try:
        page.wait_for_function(f"() => {handle} && {handle}.drawnAt !== null && {handle}.readyAt !== null",
                               timeout=timeout_s * 1000, polling=100)
        result.update(page.evaluate(f"() => ({{render_ms: {handle}.drawnAt, interactive_ms: {handle}.readyAt}})"))
        result["finished"] = True
        result["frames_after_ready"] = page.evaluate(FRAMES)
        handle_net = page.evaluate_handle(net)
        result["zoom_redraw_ms"] = statistics.median(page.evaluate(ZOOM, handle_net) for _ in range(5))
        result["frames_during_wheel_zoom"] = wheel_zoom(page, "#net-partners" if ours else "#mynetwork")
    except Exception as exc:  # noqa: BLE001 - a timeout is a result here (the page may be too busy to evaluate)
        result.update({"finished": False, "error": type(exc).__name__, "render_ms": None, "interactive_ms": None})
        if progress and progress[-1][0] > 0:
            fraction, at = progress[-1]
            result["stabilisation_done_at_timeout"] = round(fraction, 3)
            result["interactive_ms_extrapolated"] = round(at / fraction)
    result["page_errors"] = errors
    page.close()
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds to wait for a page to become interactive")
    parser.add_argument("--skip-pyvis", action="store_true", help="measure our path only (quick iterations)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "partner_map.json")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    graph = synthetic(args.nodes)
    report: dict = {"nodes": graph.number_of_nodes(), "relations": graph.number_of_edges()}
    print(f"synthetic partner map: {report['nodes']} actors, {report['relations']} relations")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        ours_path, ours_build = build_ours(graph, folder)
        pyvis_path, pyvis_build = build_pyvis_defaults(graph, folder)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            report["browser"] = browser.version
            report["ours"] = {"build_s": round(ours_build, 2), **measure(browser, ours_path, True, args.timeout)}
            report["pyvis_defaults"] = {"build_s": round(pyvis_build, 2), "page_bytes": pyvis_path.stat().st_size,
                                        "skipped": True} if args.skip_pyvis else \
                {"build_s": round(pyvis_build, 2), **measure(browser, pyvis_path, False, args.timeout)}
        finally:
            browser.close()
    ours, raw = report["ours"], report["pyvis_defaults"]
    if ours.get("interactive_ms") and not raw.get("skipped"):
        bound = raw["interactive_ms"] if raw.get("finished") else args.timeout * 1000
        report["interactive_ratio"] = round(bound / ours["interactive_ms"], 1)
        report["ratio_is_lower_bound"] = not raw.get("finished")
        if raw.get("interactive_ms_extrapolated"):
            report["interactive_ratio_extrapolated"] = round(raw["interactive_ms_extrapolated"] / ours["interactive_ms"], 1)
    for name in ("ours", "pyvis_defaults"):
        r = report[name]
        if r.get("skipped"):
            continue
        frames = r.get("frames_after_ready") or {}
        wheel = r.get("frames_during_wheel_zoom") or {}
        print(f"{name:15s} build {r['build_s']:6.2f} s | render {_ms(r.get('render_ms'))} | interactive "
              f"{_ms(r.get('interactive_ms'))} | idle frame median {_ms(frames.get('median'))}, p95 {_ms(frames.get('p95'))}"
              f" | wheel-zoom frame p95 {_ms(wheel.get('p95'))} | zoom redraw {_ms(r.get('zoom_redraw_ms'))}"
              f" | {r['page_bytes'] / 1e6:.1f} MB"
              + ("" if r.get("finished", True) else f" | NOT interactive within {args.timeout:g} s"))
    if "interactive_ratio" in report:
        print(f"time to interactive, pyvis defaults / ours: {'>' if report['ratio_is_lower_bound'] else ''}"
              f"{report['interactive_ratio']}x")
    if raw.get("interactive_ms_extrapolated"):
        print(f"pyvis defaults had stabilised {raw['stabilisation_done_at_timeout']:.0%} at the timeout; at that pace it "
              f"would be interactive after {_ms(raw['interactive_ms_extrapolated']).strip()} "
              f"(~{report['interactive_ratio_extrapolated']}x ours)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"written to {args.out}")
    return report


def _ms(value) -> str:
    return f"{value / 1000:6.2f} s" if isinstance(value, int | float) else "     —"


if __name__ == "__main__":
    main()
