"""What the command line shows on a terminal: result tables, progress of long steps, diffs.

Rich is imported only here and only when something is shown, so ``soilkg --help`` stays fast.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from graph.diff import Diff, Statement
from graph.namespaces import PREFIXES

STEP_LOGGERS = ("loaders", "graph")  # their INFO lines are the steps of a load, a validation, a reasoner run


def display_prefixes(base: str) -> dict[str, str]:
    """The usual prefixes plus ``id:`` for records and ``graph:`` for named graphs of this deployment."""
    return {**PREFIXES, "id": f"{base}id/", "graph": f"{base}graph/"}


def compact(term: str, prefixes: dict[str, str]) -> str:
    """An N-Triples term made short: ``<iri>`` as ``prefix:local`` where a prefix fits, literals as written."""
    if term.startswith("<") and term.endswith(">"):
        iri = term[1:-1]
        for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and all(c.isalnum() or c in "-_./" for c in local):
                return f"{prefix}:{local}"
        return term
    if term.startswith('"') and "^^<" in term:
        value, datatype = term.rsplit("^^", 1)
        return f"{value}^^{compact(datatype, prefixes)}"
    return term


def _binding_text(binding: dict | None, prefixes: dict[str, str]) -> str:
    """One cell of a SPARQL JSON result, written as in Turtle and made short."""
    if binding is None:
        return ""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return compact(f"<{value}>", prefixes)
    if kind == "bnode":
        return f"_:{value}"
    if "xml:lang" in binding:
        return f"{value} @{binding['xml:lang']}"
    datatype = binding.get("datatype", "")
    plain = datatype in ("", "http://www.w3.org/2001/XMLSchema#string")
    return value if plain or datatype.endswith(("#integer", "#decimal", "#boolean")) else \
        f"{value} ({compact(f'<{datatype}>', prefixes)})"


def results_table(body: bytes, prefixes: dict[str, str]):
    """A rich table (or a sentence, for ASK) from a SPARQL 1.1 JSON results document."""
    from rich.table import Table
    from rich.text import Text

    document = json.loads(body)
    if "boolean" in document:
        return Text("yes" if document["boolean"] else "no")
    variables = document["head"]["vars"]
    rows = document["results"]["bindings"]
    table = Table(*variables, caption=f"{len(rows)} row(s)", show_lines=False, header_style="bold")
    for row in rows:
        table.add_row(*(Text(_binding_text(row.get(v), prefixes)) for v in variables))
    return table


def print_to_terminal(renderable, stderr: bool = False) -> None:
    from rich.console import Console

    Console(stderr=stderr).print(renderable)


class _Steps(logging.Handler):
    """Shows each INFO line of the step loggers above a spinner, with the time since the start."""

    def __init__(self, console, status, started: float):
        super().__init__(logging.INFO)
        self.console, self.status, self.started = console, status, started

    def emit(self, record: logging.LogRecord) -> None:
        elapsed = time.perf_counter() - self.started
        self.console.print(f"[green]✓[/green] {record.getMessage()} [dim]({elapsed:.1f} s)[/dim]", highlight=False)


@contextmanager
def progress(title: str, enabled: bool) -> Iterator[None]:
    """A spinner on standard error's terminal while a long step runs, with every finished sub-step listed."""
    if not enabled:
        yield
        return
    from rich.console import Console

    console = Console(stderr=True)
    started = time.perf_counter()
    with console.status(f"{title}…") as status:
        handler = _Steps(console, status, started)
        saved = []
        for name in STEP_LOGGERS:
            logger = logging.getLogger(name)
            saved.append((logger, logger.level, logger.propagate))
            logger.setLevel(logging.INFO)
            logger.propagate = False
            logger.addHandler(handler)
        try:
            yield
        finally:
            for logger, level, propagate in saved:
                logger.removeHandler(handler)
                logger.setLevel(level)
                logger.propagate = propagate


def _statement_line(sign: str, statement: Statement, prefixes: dict[str, str], graph_base: str) -> str:
    s, p, o = (compact(t, prefixes) for t in statement[:3])
    source = statement[3][1:-1].removeprefix(graph_base) if statement[3] else "default graph"
    return f"    {sign} {s} {p} {o}  [{source}]"


def diff_lines(result: Diff, prefixes: dict[str, str], graph_base: str) -> list[tuple[str, str]]:
    """The diff as (style, line) pairs: one heading per record, then its statements with their source graph."""
    lines = [("bold", f"{result.old} → {result.new}: {result.summary()}")]
    marks = {"added": ("+", "green"), "removed": ("−", "red"), "changed": ("~", "yellow")}
    for change in result.records:
        mark, style = marks[change.kind]
        lines.append(("", ""))
        lines.append((f"bold {style}", f"{mark} {change.kind} {change.key}"))
        lines += [("red", _statement_line("−", s, prefixes, graph_base)) for s in change.removed]
        lines += [("green", _statement_line("+", s, prefixes, graph_base)) for s in change.added]
    return lines
