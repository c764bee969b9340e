"""The ``soilkg`` command line: validate, load, query, export, serve.

Exit codes: 0 success, 1 the data or the query is invalid, 2 internal or usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import pyoxigraph as ox

from api.catalog import CatalogError, ParameterError, load_catalog
from api.negotiation import FORMAT_NAMES, negotiate
from api.settings import Settings
from graph.hermit import Inconsistent
from graph.namespaces import PREFIXES
from graph.query_job import QueryError, QueryJob, evaluate
from graph.store import GraphStore, StoreEmpty
from loaders.errors import LoadFailed
from loaders.imports import MissingImport
from loaders.pipeline import Sources, compile_data, load, prove_consistent, read_source_texts
from loaders.propose.commands import propose_arguments, review_arguments, run_propose, run_review
from loaders.stats import collect_stats, render_stats
from viz.cli import diagram_flows, diagram_partners

log = logging.getLogger("soilkg")

OK, INVALID, INTERNAL = 0, 1, 2


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {k: v for k, v in {"store": args.store, "data_dir": args.data}.items() if v is not None}
    return Settings(**overrides)


def _sources(settings: Settings) -> Sources:
    return Sources(settings.data_dir, settings.ontology_dir)


def _report(failure: LoadFailed) -> int:
    for error in failure.errors:
        sys.stderr.write(f"{error}\n")
    sys.stderr.write(f"{len(failure.errors)} error(s); nothing was loaded\n")
    return INVALID


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the data (and, with --sources, every quote against its document)."""
    settings = _settings(args)
    texts = read_source_texts(args.sources) if args.sources else None
    if args.sources and not texts:
        sys.stderr.write(f"no source documents (*.txt) in {args.sources}\n")
        return INTERNAL
    try:
        quads = compile_data(_sources(settings), settings.iris, texts)
    except LoadFailed as failure:
        return _report(failure)
    sys.stdout.write(f"data valid: {len(quads)} statements\n")
    return OK


def cmd_load(args: argparse.Namespace) -> int:
    """Load the data into the store (atomically; no work when unchanged)."""
    settings = _settings(args)
    try:
        loaded = load(GraphStore(settings.store), _sources(settings), settings.iris)
    except LoadFailed as failure:
        return _report(failure)
    if loaded.changed:
        sys.stdout.write(f"loaded into {settings.store}\n")
    elif loaded.waited:
        sys.stdout.write(f"unchanged: another load served this content while this one waited {loaded.waited:.1f} s; "
                         f"already in {settings.store}\n")
    else:
        sys.stdout.write(f"unchanged, already in {settings.store}\n")
    return OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts by class, country and source document, and records missing recommended fields."""
    settings = _settings(args)
    stats = collect_stats(_sources(settings), settings.iris)
    sys.stdout.write(json.dumps(stats, indent=2, ensure_ascii=False) + "\n" if args.json else render_stats(stats))
    return OK


def cmd_reason(args: argparse.Namespace) -> int:
    """Check with the HermiT reasoner that the ontology, the upstream ontologies it imports and the data are consistent."""
    settings = _settings(args)
    try:
        verdict = prove_consistent(_sources(settings), settings.iris)
    except LoadFailed as failure:
        return _report(failure)
    except MissingImport as exc:
        sys.stderr.write(f"{exc}\n")
        return INTERNAL
    except Inconsistent as exc:
        sys.stderr.write(f"inconsistent: {exc}\n")
        return INVALID
    sys.stdout.write(f"consistent: HermiT checked {verdict.individuals} individuals against the ontology and its "
                     f"{len(verdict.imports)} imported ontologies ({verdict.upstream_triples} upstream triples) "
                     f"in {verdict.seconds:.1f} s ({verdict.cpu_seconds:.1f} s CPU)\n")
    return OK


def cmd_query(args: argparse.Namespace) -> int:
    """Run a SPARQL query, or a named query with --name and --param, on the store."""
    settings = _settings(args)
    if args.name:
        catalog = load_catalog(settings.queries_dir)
        if args.name not in catalog:
            sys.stderr.write(f"no named query '{args.name}'; known: {', '.join(sorted(catalog))}\n")
            return INVALID
        values = dict(p.split("=", 1) for p in args.param)
        try:
            text = catalog[args.name].render(values, settings.iris)
        except ParameterError as exc:
            sys.stderr.write(f"{exc}\n")
            return INVALID
    elif args.sparql:
        path = Path(args.sparql)
        text = path.read_text(encoding="utf-8") if len(args.sparql) < 4096 and path.is_file() else args.sparql
    else:
        sys.stderr.write("give a query, a .rq file or --name\n")
        return INVALID
    choice = negotiate(None, args.format)
    job = QueryJob(text, "", choice.results or "", choice.graph or "", prefixes=PREFIXES, max_rows=10**9, max_bytes=None)
    try:
        answer = evaluate(GraphStore(settings.store).reader(), job)
    except QueryError as exc:
        sys.stderr.write(f"{exc}\n")
        return INVALID
    sys.stdout.buffer.write(answer.body)
    return OK


EXPORT_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                  "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}


def cmd_export(args: argparse.Namespace) -> int:
    """Write the whole graph: ttl, nt, jsonld (all graphs merged) or trig, nq (named graphs kept)."""
    settings = _settings(args)
    store = GraphStore(settings.store).reader()
    fmt = EXPORT_FORMATS[args.format]
    if args.format in ("trig", "nq"):
        items = store.quads_for_pattern(None, None, None, None)
    else:
        items = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)},
                       key=str)
    data = ox.serialize(items, format=fmt, prefixes=PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None)
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return OK


def cmd_diagram(args: argparse.Namespace) -> int:
    """Write a flow diagram (html, svg) or the partner map (html, graphml, gexf, json)."""
    settings = _settings(args)
    if args.what == "flows":
        return diagram_flows(settings, args.country or "all", args.format or "html", args.output, flow=args.flow)
    return diagram_partners(settings, args.format or "html", args.output, country=args.country, network=args.network,
                            programme=args.programme, focus=args.focus, relations=args.relation, hops=args.hops)


def cmd_serve(args: argparse.Namespace) -> int:
    """Load the bundled data if the store is empty or stale, then serve the API."""
    from api.server import serve

    settings = _settings(args)
    try:
        load(GraphStore(settings.store), _sources(settings), settings.iris)
    except LoadFailed as failure:
        return _report(failure)
    serve(settings, args.host, args.port)
    return OK


def cmd_propose(args: argparse.Namespace) -> int:
    """Propose citations, records, relations and targets from a new document, as a YAML file to review."""
    settings = _settings(args)
    return run_propose(args, settings.data_dir, settings.ontology_dir)


def cmd_review(args: argparse.Namespace) -> int:
    """Accept, reject or edit proposals; accepted ones are written into data/ and validated."""
    settings = _settings(args)
    return run_review(args, settings.data_dir, settings.ontology_dir)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="soilkg", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--store", type=Path, help="store folder (default: $SOILKG_STORE or var/store)")
        p.add_argument("--data", type=Path, help="data folder (default: $SOILKG_DATA_DIR or data/)")
        p.set_defaults(func=func)
        return p

    v = command("validate", cmd_validate, cmd_validate.__doc__)
    v.add_argument("--sources", type=Path, help="folder of the source documents; checks every quote")
    command("load", cmd_load, cmd_load.__doc__)
    st = command("stats", cmd_stats, cmd_stats.__doc__)
    st.add_argument("--json", action="store_true", help="print the figures as JSON")
    command("reason", cmd_reason, cmd_reason.__doc__)
    q = command("query", cmd_query, cmd_query.__doc__)
    q.add_argument("sparql", nargs="?", help="a SPARQL query, or the path of a .rq file")
    q.add_argument("--name", help="a named query from queries/ (its file name without .rq)")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a named query's parameter")
    q.add_argument("--format", default="json", choices=sorted(FORMAT_NAMES), help="result format (default json)")
    e = command("export", cmd_export, cmd_export.__doc__)
    e.add_argument("--format", default="ttl", choices=sorted(EXPORT_FORMATS))
    e.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    d = command("diagram", cmd_diagram, cmd_diagram.__doc__)
    d.add_argument("what", choices=["flows", "partners"])
    d.add_argument("--country", help="ISO code (flows: or 'all' to compare the countries)")
    d.add_argument("--flow", help="one flow record id (flows)")
    d.add_argument("--network", help="partners of one network or partnership id")
    d.add_argument("--programme", help="partners of one programme id")
    d.add_argument("--focus", help="the neighbourhood of one actor id")
    d.add_argument("--relation", action="append", default=[], help="relation kinds to keep (repeat)")
    d.add_argument("--hops", type=int, default=1, help="partners this many links away from the filter (default 1)")
    d.add_argument("--format", help="flows: html (default) or svg; partners: html (default), graphml, gexf, json")
    d.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    propose_arguments(command("propose", cmd_propose, cmd_propose.__doc__))
    review_arguments(command("review", cmd_review, cmd_review.__doc__))
    s = command("serve", cmd_serve, cmd_serve.__doc__)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except StoreEmpty as exc:
        sys.stderr.write(f"{exc}\n")
        return INVALID
    except CatalogError as exc:
        sys.stderr.write(f"{exc}\n")
        return INTERNAL
    except Exception:
        log.exception("internal error")
        return INTERNAL


if __name__ == "__main__":
    sys.exit(main())
