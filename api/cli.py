"""The ``soilkg`` command line: validate, load, query, export, serve, versions, diff and more.

Exit codes: 0 success, 1 the data, the query or a parameter is invalid (or the store is empty),
2 usage error (a bad or missing argument) or internal error.

Only click is imported at start; each command imports what it needs when it runs, so ``--help``
and shell completion stay fast. Tables and progress (rich) appear when the output is a terminal.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from api.negotiation import FORMAT_NAMES

log = logging.getLogger(__name__)

OK, INVALID, INTERNAL = 0, 1, 2
EXPORT_FORMATS = ("ttl", "nt", "jsonld", "trig", "nq")
QUERY_FORMATS = ("table", *sorted(FORMAT_NAMES))
SHELLS = ("bash", "zsh", "fish")


class Invalid(click.ClickException):
    """The data, the query or a parameter is invalid: exit code 1, the message as it is."""

    exit_code = INVALID

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


def _settings(store: Path | None, data: Path | None):
    from api.settings import Settings

    return Settings(**{k: v for k, v in {"store": store, "data_dir": data}.items() if v is not None})


def _sources(settings):
    from loaders.pipeline import Sources

    return Sources(settings.data_dir, settings.ontology_dir)


def _show_progress(ctx: click.Context) -> bool:
    return not ctx.obj["verbose"] and sys.stderr.isatty()


def paths(func):
    """The --store and --data options every command takes."""
    func = click.option("--data", type=click.Path(path_type=Path, file_okay=False),
                        help="data folder (default: $SOILKG_DATA_DIR or the bundled data)")(func)
    return click.option("--store", type=click.Path(path_type=Path, file_okay=False),
                        help="store folder (default: $SOILKG_STORE, var/store in a checkout, else a per-user folder)")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.option("-v", "--verbose", is_flag=True, help="log every step (and the traceback of an internal error)")
@click.version_option(package_name="soilkg", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """soilkg: the knowledge graph of soil organic carbon management in mainland Southeast Asia.

    Exit codes: 0 ok, 1 invalid data, query or parameter (or an empty store), 2 usage or internal error.
    """
    ctx.obj = {"verbose": verbose}
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.option("--sources", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="folder of the source documents; checks that every quote occurs in its document")
@paths
@click.pass_context
def validate(ctx: click.Context, sources: Path | None, store: Path | None, data: Path | None) -> None:
    """Check every record (and, with --sources, every quote against its document)."""
    from api.console import progress
    from loaders.pipeline import compile_data, read_source_texts

    settings = _settings(store, data)
    texts = read_source_texts(sources) if sources else None
    if sources and not texts:
        raise click.BadParameter(f"no source documents (*.txt) in {sources}", param_hint="--sources")
    with progress("validating the data", _show_progress(ctx)):
        quads = compile_data(_sources(settings), settings.iris, texts)
    files = len(_sources(settings).data_files())
    click.echo(f"data valid: {len(quads)} statements from {files} file(s)" + (", every quote found" if texts else ""))


def _load(settings):
    """Load the data (no work when unchanged) and record the served content as a dataset version."""
    from graph.releases import Releases
    from graph.store import GraphStore
    from loaders.pipeline import load

    store, releases, recorded = GraphStore(settings.store), Releases(settings.store), []
    loaded = load(store, _sources(settings), settings.iris,
                  on_change=lambda: recorded.append(releases.record(store, settings.keep_versions)))
    # unchanged: the version of what is served (recorded now if an older soilkg loaded it)
    return store, loaded, recorded[0] if recorded else releases.record(store, settings.keep_versions)


@cli.command("load")
@paths
@click.pass_context
def load_command(ctx: click.Context, store: Path | None, data: Path | None) -> None:
    """Load the data into the store (atomically; no work when unchanged); each change is a dataset version."""
    from api.console import progress

    settings = _settings(store, data)
    with progress("loading the data", _show_progress(ctx)):
        _store, loaded, version = _load(settings)
    described = f"{settings.store} ({version.statements} statements, dataset version {version.name})"
    if loaded.changed:
        click.echo(f"loaded into {described}")
    elif loaded.waited:
        click.echo(f"unchanged: another load served this content while this one waited {loaded.waited:.1f} s; "
                   f"already in {described}")
    else:
        click.echo(f"unchanged, already in {described}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="print the figures as JSON")
@paths
@click.pass_context
def stats(ctx: click.Context, as_json: bool, store: Path | None, data: Path | None) -> None:
    """Counts by class, country and source document; records missing recommended fields."""
    import json

    from api.console import progress
    from loaders.stats import collect_stats, render_stats

    settings = _settings(store, data)
    with progress("counting", _show_progress(ctx)):
        figures = collect_stats(_sources(settings), settings.iris)
    click.echo(json.dumps(figures, indent=2, ensure_ascii=False) if as_json else render_stats(figures), nl=as_json)


@cli.command()
@paths
@click.pass_context
def reason(ctx: click.Context, store: Path | None, data: Path | None) -> None:
    """Check with the HermiT reasoner that the ontology, the upstream ontologies it imports and the data are consistent."""
    from api.console import progress
    from graph.hermit import Inconsistent
    from loaders.imports import MissingImport
    from loaders.pipeline import prove_consistent

    settings = _settings(store, data)
    try:
        with progress("reasoning (HermiT)", _show_progress(ctx)):
            verdict = prove_consistent(_sources(settings), settings.iris)
    except MissingImport as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(INTERNAL)
    except Inconsistent as exc:
        raise Invalid(f"inconsistent: {exc}") from exc
    click.echo(f"consistent: HermiT checked {verdict.individuals} individuals against the ontology and its "
               f"{len(verdict.imports)} imported ontologies ({verdict.upstream_triples} upstream triples) "
               f"in {verdict.seconds:.1f} s ({verdict.cpu_seconds:.1f} s CPU)")


def _parse_params(_ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        name, sep, given = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"'{value}' is not NAME=VALUE (e.g. --param country=KH)", param=param)
        out[name.strip()] = given
    return out


def _complete_query_names(ctx: click.Context, _param, incomplete: str) -> list[str]:
    from core.resources import bundled

    return sorted(p.stem for p in bundled("queries").glob("*.rq") if p.stem.startswith(incomplete))


def _query_text(sparql: str | None, name: str | None, params: dict[str, str], settings) -> str:
    if name:
        from api.catalog import ParameterError, load_catalog

        catalog = load_catalog(settings.queries_dir)
        if name not in catalog:
            raise Invalid(f"error: no named query '{name}'; known: {', '.join(sorted(catalog))}")
        try:
            return catalog[name].render(params, settings.iris)
        except ParameterError as exc:
            raise Invalid(f"error: {exc}") from exc
    if params:
        raise click.UsageError("--param goes with --name (a named query)")
    if not sparql:
        raise click.UsageError("give a SPARQL query, the path of a .rq file, or --name NAME")
    path = Path(sparql)
    if len(sparql) < 4096 and path.is_file():
        return path.read_text(encoding="utf-8")
    if sparql.endswith(".rq") and "\n" not in sparql:
        raise click.BadParameter(f"no such file: {sparql}", param_hint="SPARQL")
    return sparql


@cli.command()
@click.argument("sparql", required=False)
@click.option("--name", help="a named query from queries/ (its file name without .rq)", shell_complete=_complete_query_names)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", callback=_parse_params,
              help="a named query's parameter (repeat)")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS),
              help="result format (default: a table on a terminal, json otherwise)")
@paths
def query(sparql: str | None, name: str | None, params: dict[str, str], fmt: str | None, store: Path | None,
          data: Path | None) -> None:
    """Run a SPARQL query (text or a .rq file), or a named query with --name and --param, on the store."""
    from api.negotiation import negotiate
    from graph.namespaces import PREFIXES
    from graph.query_job import QueryError, QueryJob, evaluate
    from graph.store import GraphStore

    settings = _settings(store, data)
    text = _query_text(sparql, name, params, settings)
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    choice = negotiate(None, "json" if fmt == "table" else fmt)
    job = QueryJob(text, "", choice.results or "", ("text/turtle" if fmt == "table" else choice.graph) or "",
                   prefixes=PREFIXES, max_rows=10**9, max_bytes=None)
    try:
        answer = evaluate(GraphStore(settings.store).reader(), job)
    except QueryError as exc:
        raise Invalid(f"error: {exc}") from exc
    if fmt == "table" and answer.form != "graph":
        from api.console import display_prefixes, print_to_terminal, results_table

        print_to_terminal(results_table(answer.body, display_prefixes(settings.iris.base)))
    else:
        sys.stdout.buffer.write(answer.body)
        sys.stdout.flush()


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True,
              help="ttl, nt, jsonld merge all graphs; trig, nq keep them")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="file to write (default: standard output)")
@paths
def export(fmt: str, output: Path | None, store: Path | None, data: Path | None) -> None:
    """Write the whole graph: ttl, nt, jsonld (all graphs merged) or trig, nq (named graphs kept)."""
    import pyoxigraph as ox

    from graph.namespaces import PREFIXES
    from graph.store import GraphStore

    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
               "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
    reader = GraphStore(_settings(store, data).store).reader()
    quads = reader.quads_for_pattern(None, None, None, None)
    items = quads if fmt in ("trig", "nq") else sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    body = ox.serialize(items, format=formats[fmt], prefixes=PREFIXES if fmt in ("ttl", "trig") else None)
    if output:
        output.write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()


@cli.command()
@click.argument("what", type=click.Choice(["flows", "partners"]))
@click.option("--country", help="ISO code (flows: or 'all' to compare the countries)")
@click.option("--flow", help="one flow record id (flows)")
@click.option("--network", help="partners of one network or partnership id")
@click.option("--programme", help="partners of one programme id")
@click.option("--focus", help="the neighbourhood of one actor id")
@click.option("--relation", "relations", multiple=True, help="relation kinds to keep (repeat)")
@click.option("--hops", type=click.IntRange(min=0), default=1, show_default=True,
              help="partners this many links away from the filter")
@click.option("--format", "fmt", help="flows: html (default) or svg; partners: html (default), graphml, gexf, json")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="file to write (default: standard output)")
@paths
@click.pass_context
def diagram(ctx: click.Context, what: str, country: str | None, flow: str | None, network: str | None, programme: str | None,
            focus: str | None, relations: tuple[str, ...], hops: int, fmt: str | None, output: Path | None,
            store: Path | None, data: Path | None) -> None:
    """Write a flow diagram (html, svg) or the partner map (html, graphml, gexf, json)."""
    from graph.store import GraphStore
    from viz.cli import diagram_flows, diagram_partners

    settings = _settings(store, data)
    target = (GraphStore(settings.store), settings.iris.base)
    if what == "flows":
        code = diagram_flows(*target, country or "all", fmt or "html", output, flow=flow)
    else:
        code = diagram_partners(*target, fmt or "html", output, country=country, network=network, programme=programme,
                                focus=focus, relations=relations, hops=hops)
    ctx.exit(code)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@paths
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, store: Path | None, data: Path | None) -> None:
    """Load the bundled data if the store is empty or stale, then serve the API (never an empty graph)."""
    from api.console import progress
    from api.server import serve as serve_api

    settings = _settings(store, data)
    with progress("loading the data", _show_progress(ctx)):
        _store, _changed, version = _load(settings)
    if version.statements == 0:
        raise Invalid(f"error: the store at {settings.store} holds no statements; refusing to serve an empty graph")
    click.echo(f"serving dataset version {version.name} ({version.statements} statements)", err=True)
    serve_api(settings, host, port)


PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


def _run_proposal_command(ctx: click.Context, command: str, args: tuple[str, ...]) -> None:
    """Parse ``args`` with the arguments :mod:`loaders.propose.commands` defines for ``command`` and run it."""
    import argparse

    from loaders.propose import commands

    parser = argparse.ArgumentParser(prog=f"soilkg {command}", description=ctx.command.help)
    parser.add_argument("--store", type=Path, help="store folder (not used by this command)")
    parser.add_argument("--data", type=Path, help="data folder (default: $SOILKG_DATA_DIR or the bundled data)")
    getattr(commands, f"{command}_arguments")(parser)
    try:
        parsed = parser.parse_args(list(args))
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed by argparse
        ctx.exit(exc.code if isinstance(exc.code, int) else INTERNAL)
    settings = _settings(parsed.store, parsed.data)
    ctx.exit(getattr(commands, f"run_{command}")(parsed, settings.data_dir, settings.ontology_dir))


@cli.command(context_settings=PASS_THROUGH, add_help_option=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def propose(ctx: click.Context, args: tuple[str, ...]) -> None:
    """Propose citations, records, relations and targets from a new document, as a YAML file to review."""
    _run_proposal_command(ctx, "propose", args)


@cli.command(context_settings=PASS_THROUGH, add_help_option=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def review(ctx: click.Context, args: tuple[str, ...]) -> None:
    """Accept, reject or edit proposals; accepted ones are written into data/ and validated."""
    _run_proposal_command(ctx, "review", args)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="print the versions as JSON")
@paths
def versions(as_json: bool, store: Path | None, data: Path | None) -> None:
    """List the dataset versions recorded beside the store (one per load that changed the content)."""
    from api.releases_cli import show_versions

    show_versions(_settings(store, data), as_json)


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@paths
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, fmt: str, store: Path | None, data: Path | None) -> None:
    """What changed from OLD to NEW: records added, removed and changed, statement by statement, with their sources.

    OLD and NEW are each a dataset version (a number, or 'latest'; see 'soilkg versions'), a data folder,
    or a dump file (.nq, .trig, .ttl, .nt, .jsonld, optionally .gz).
    """
    from api.releases_cli import show_diff

    show_diff(_settings(store, data), old, new, fmt, _show_progress(ctx))


@cli.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the shell completion script, e.g. eval "$(soilkg completion bash)" in ~/.bashrc."""
    from click.shell_completion import get_completion_class

    complete = get_completion_class(shell)(cli, {}, "soilkg", "_SOILKG_COMPLETE")
    click.echo(complete.source())


def _failure(exc: Exception, verbose: bool) -> int:
    """Report an error raised by a command; return its exit code."""
    from loaders.errors import LoadFailed

    kind = type(exc).__name__
    if isinstance(exc, LoadFailed):
        for error in exc.errors:
            sys.stderr.write(f"{error}\n")
        sys.stderr.write(f"{len(exc.errors)} error(s); nothing was loaded\n")
        return INVALID
    if kind in ("NoData", "StoreEmpty", "UnknownVersion"):
        message = str(exc)
        sys.stderr.write((message if ": error: " in message else f"error: {message}") + "\n")
        return INVALID
    if kind == "CatalogError":
        sys.stderr.write(f"error: {exc}\n")
        return INTERNAL
    if verbose:
        log.exception("internal error")
    sys.stderr.write(f"error: internal error: {kind}: {exc}\n" + ("" if verbose else "  (run with -v for the traceback)\n"))
    return INTERNAL


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        code = cli.main(args=args, prog_name="soilkg", standalone_mode=False)
    except click.UsageError as exc:
        exc.show()
        return INTERNAL
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        sys.stderr.write("aborted\n")
        return INTERNAL
    except Exception as exc:  # every other error: a clear message, never a traceback unless asked
        return _failure(exc, "-v" in args or "--verbose" in args)
    return code if isinstance(code, int) else OK


if __name__ == "__main__":
    sys.exit(main())
