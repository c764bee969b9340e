"""What the curated data holds, for a curator: counts by class, country and source, and missing fields.

:func:`collect_stats` reads the data files (without validating them: it works on data being edited)
and returns plain, JSON-ready data; :func:`render_stats` turns it into text for ``soilkg stats``.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TypedDict

from graph.namespaces import Iris
from loaders.compile import Registry
from loaders.pipeline import Sources, registered
from loaders.schema import KIND_TO_GROUP, fields_of

log = logging.getLogger(__name__)

NO_COUNTRY = "(none)"


class MissingField(TypedDict):
    """A recommended field a record leaves out, and where the record is."""

    record: str
    kind: str
    field: str
    path: str
    line: int
    column: int


class Stats(TypedDict):
    """Counts of the records (each sorted by count, then name) and the recommended fields they miss."""

    records: int
    files: int
    by_class: dict[str, int]  # class local name (soilkg namespace) -> records of that class
    by_country: dict[str, int]  # ISO code -> records naming it in country/countries; NO_COUNTRY for none
    by_document: dict[str, int]  # source file name -> records citing it (once per record)
    missing_recommended: list[MissingField]  # sorted by file and line


def collect_stats(sources: Sources, iris: Iris | None = None) -> Stats:
    """Count the records of ``sources`` and list the recommended fields they miss."""
    compiler = registered(sources, iris or Iris())
    if compiler.errors:
        log.info("%d error(s) in the data; counting the records that could be read", len(compiler.errors))
    return stats_of(compiler.registry, len(sources.data_files()))


def stats_of(registry: Registry, files: int = 0) -> Stats:
    """The statistics of the records in ``registry`` (see :class:`Stats`)."""
    by_class, by_country, by_document = Counter(), Counter(), Counter()
    missing: list[MissingField] = []
    for record_id, located in registry.records.items():
        data, kind = located.data, located.data["kind"]
        by_class[KIND_TO_GROUP[kind].kinds[kind]] += 1
        for code in _countries(data) or [NO_COUNTRY]:
            by_country[code] += 1
        sources = [s for s in data.get("sources") or [] if isinstance(s, dict)]
        for file in {s["file"] for s in sources if isinstance(s.get("file"), str)}:
            by_document[file] += 1
        for name, spec in fields_of(kind).items():
            if spec.recommended and name not in data:
                missing.append(MissingField(record=record_id, kind=kind, field=name, path=located.path,
                                            line=located.mark.line, column=located.mark.column))
    missing.sort(key=lambda m: (m["path"], m["line"], m["field"]))
    return Stats(records=len(registry.records), files=files, by_class=_sorted(by_class),
                 by_country=_sorted(by_country), by_document=_sorted(by_document), missing_recommended=missing)


def render_stats(stats: Stats) -> str:
    """``stats`` as text: three tables of counts, then each missing field as ``path:line:col: record``."""
    lines = [f"{stats['records']} records in {stats['files']} files", ""]
    for title, counts in (("By class", stats["by_class"]), ("By country", stats["by_country"]),
                          ("By source document", stats["by_document"])):
        lines.append(title)
        width = max((len(name) for name in counts), default=0)
        lines += [f"  {name:<{width}}  {count:>5}" for name, count in counts.items()]
        lines.append("")
    missing = stats["missing_recommended"]
    lines.append(f"Recommended fields missing ({len(missing)})")
    lines += [f"  {m['path']}:{m['line']}:{m['column']}: {m['record']} ({m['kind']}) has no '{m['field']}'"
              for m in missing]
    return "\n".join(lines) + "\n"


def _countries(data) -> list[str]:
    if data["kind"] == "country":
        return [data["iso3166"]] if isinstance(data.get("iso3166"), str) else []
    codes = [data.get("country")] + list(data.get("countries") or [])
    return sorted({c for c in codes if isinstance(c, str)})


def _sorted(counts: Counter) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
