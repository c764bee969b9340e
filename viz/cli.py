"""``soilkg diagram flows|partners``: write a diagram to a file (or standard output) from the store.

HTML files are standalone: vis-network, the styles and the script are inlined, so a file opens in a
browser with no server and no internet; links to records point at their IRIs. Exit codes follow the
CLI's: 0 written, 1 unknown country, flow or actor (or empty store), 2 internal error.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path

from core.pages import render
from graph.store import GraphStore, StoreEmpty
from viz import analysis
from viz.build import PartnerFilter, UnknownNode, filter_graph, partner_graph
from viz.flows import SEA_COUNTRIES, countries, load_flows
from viz.styles import RELATION_KINDS
from viz.views import flow_view, flows_svg_for, legend_entries, partner_view

log = logging.getLogger(__name__)

OK, INVALID, INTERNAL = 0, 1, 2
FLOW_FORMATS = ("html", "svg")
PARTNER_FORMATS = ("html", "graphml", "gexf", "json")


def _write(data: str | bytes, output: Path | None) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(raw)
        log.info("wrote %s (%d bytes)", output, len(raw))


def _fail(message: str) -> int:
    sys.stderr.write(message + "\n")
    return INVALID


def diagram_flows(store: GraphStore, base: str, country: str, fmt: str = "html", output: Path | None = None,
                  flow: str | None = None) -> int:
    """The flow diagrams of ``country`` (ISO code; ``all`` compares KH, LA, TH, VN side by side), as html or svg."""
    if fmt not in FLOW_FORMATS:
        return _fail(f"unknown format '{fmt}': use {' or '.join(FLOW_FORMATS)}")
    try:
        reader = store.reader()
    except StoreEmpty as exc:
        return _fail(str(exc))
    names = countries(reader)
    code = country.strip().upper()
    if code == "ALL":
        order = [c for c in SEA_COUNTRIES if c in names]
    elif code in names:
        order = [code]
    else:
        return _fail(f"no country with ISO code '{country}'; known: {', '.join(sorted(names))}, or 'all'")
    flows = load_flows(reader, base, flow=flow) if flow else load_flows(reader, base)
    if flow and not any(f.country in order for f in flows):
        return _fail(f"no flow '{flow}' in {', '.join(order)}")
    groups = [(c, names[c], [f for f in flows if f.country == c]) for c in order]
    if fmt == "svg":
        _write(flows_svg_for(groups, compact=code == "ALL"), output)
        return OK
    page = {"standalone": True, "entity_base": base + "id/"}
    if code == "ALL":
        columns = [{"code": c, "name": n, "url": "", "views": [flow_view(f, compact=True) for f in fs]} for c, n, fs in groups]
        views = [v for col in columns for v in col["views"]]
        entries = legend_entries({r["key"] for v in views for r in v.legend["nodes"]},
                                 {r["key"] for v in views for r in v.legend["edges"]})
        html = render("diagram_compare.html", title="Communication flows compared", columns=columns,
                           legend_entries=entries, svg_url="", **page)
    else:
        _code, name, fs = groups[0]
        html = render("diagram_flows.html", title=f"Communication flows: {name}", country_name=name,
                           views=[flow_view(f) for f in fs], svg_url="", compare_url="", **page)
    _write(html, output)
    return OK


def diagram_partners(store: GraphStore, base: str, fmt: str = "html", output: Path | None = None, *, country: str | None = None,
                     network: str | None = None, programme: str | None = None, focus: str | None = None,
                     relations: Iterable[str] = (), hops: int = 1) -> int:
    """The partner map (filtered like ``/diagrams/partners``) as html, graphml, gexf or json (all analyses)."""
    if fmt not in PARTNER_FORMATS:
        return _fail(f"unknown format '{fmt}': use {', '.join(PARTNER_FORMATS)}")
    kinds = frozenset(relations)
    if kinds - set(RELATION_KINDS):
        return _fail(f"unknown relation kind(s) {', '.join(sorted(kinds - set(RELATION_KINDS)))}; "
                     f"known: {', '.join(RELATION_KINDS)}")
    try:
        reader = store.reader()
    except StoreEmpty as exc:
        return _fail(str(exc))
    spec = PartnerFilter(country.upper() if country else None, network, programme, focus, kinds, hops)
    graph = partner_graph(reader, base)
    try:
        if fmt == "html":
            view, summary = partner_view(graph, spec)
            data: str | bytes = render("diagram_partners.html", standalone=True, entity_base=base + "id/",
                                            title="Partner map", view=view, summary=summary, filters={}, options={},
                                            exports=[], stats={"nodes": view.nodes, "edges": view.edges})
        elif fmt == "json":
            sub = filter_graph(graph, spec)
            data = json.dumps({"centrality": analysis.centrality(sub, 0), "communities": analysis.communities(sub),
                               "bridges": analysis.bridges(sub, 0), "fragile": analysis.fragile(sub)},
                              ensure_ascii=False, indent=2)
        else:
            data = analysis.export(filter_graph(graph, spec), fmt)
    except UnknownNode as exc:
        return _fail(f"no actor '{exc.args[0]}' in the partner map")
    _write(data, output)
    return OK
