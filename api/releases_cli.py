"""``soilkg versions`` and ``soilkg diff OLD NEW``: the dataset versions and what changed between two of them.

An argument of ``diff`` is a version number (or ``latest``), a data folder (compiled like a load:
data, inferred statements and the ontology) or a dump file (by its extension, optionally gzipped).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import click
import pyoxigraph as ox

from api.console import diff_lines, display_prefixes, print_to_terminal, progress
from graph.diff import Statement, canonical_statements, diff
from graph.releases import Releases

VERSION = re.compile(r"^(v?\d+|latest)$")
DUMP_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE,
                ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML}


def read_dump(path: Path) -> set[Statement]:
    """The statements of a dump file in any RDF format of :data:`DUMP_FORMATS`, gzipped or not."""
    name = path.name.removesuffix(".gz")
    fmt = DUMP_FORMATS.get(Path(name).suffix)
    if fmt is None:
        raise click.BadParameter(f"{path}: unknown dump format; use one of {', '.join(DUMP_FORMATS)} (optionally .gz)")
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        try:
            return canonical_statements(ox.parse(handle, format=fmt))
        except SyntaxError as exc:
            raise click.ClickException(f"{path}: {exc}") from exc


def read_side(arg: str, settings, show_progress: bool) -> tuple[str, set[Statement]]:
    """A label and the statements of one side of a diff."""
    if VERSION.match(arg):
        version = Releases(settings.store).get(arg)
        return f"version {version.name}", Releases(settings.store).statements(version.name)
    path = Path(arg)
    if path.is_dir():
        from graph.convert import stream_ox_quads
        from loaders.pipeline import Sources, build

        with progress(f"compiling {path}", show_progress):
            quads = list(stream_ox_quads(build(Sources(path, settings.ontology_dir), settings.iris)))
        return str(path), canonical_statements(quads)
    if path.is_file():
        return str(path), read_dump(path)
    raise click.BadParameter(f"'{arg}' is not a version number (see 'soilkg versions'), a data folder or a dump file")


def show_diff(settings, old: str, new: str, fmt: str, show_progress: bool) -> None:
    old_name, old_statements = read_side(old, settings, show_progress)
    new_name, new_statements = read_side(new, settings, show_progress)
    result = diff(old_statements, new_statements, settings.iris.base + "id/", old_name, new_name)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=1, ensure_ascii=False))
        return
    lines = diff_lines(result, display_prefixes(settings.iris.base), settings.iris.base + "graph/")
    if sys.stdout.isatty():
        from rich.text import Text

        for style, line in lines:
            print_to_terminal(Text(line, style=style))
    else:
        click.echo("\n".join(line for _style, line in lines))


def show_versions(settings, as_json: bool) -> None:
    releases = Releases(settings.store)
    recorded = releases.versions()
    if as_json:
        click.echo(json.dumps([v.__dict__ for v in recorded], indent=1, ensure_ascii=False))
        return
    if not recorded:
        click.echo(f"no dataset version is recorded in {releases.folder}: run 'soilkg load' first", err=True)
        return
    from rich.table import Table

    table = Table("version", "issued", "statements", "content", "dump kept", header_style="bold")
    for version in recorded:
        table.add_row(version.name, version.issued, str(version.statements), version.content[:12],
                      "yes" if version.dump else "no")
    print_to_terminal(table)
