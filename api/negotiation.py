"""Content negotiation for SPARQL results: Accept headers with q-values, per query form."""

from __future__ import annotations

from dataclasses import dataclass

RESULT_TYPES = {  # SELECT and ASK
    "application/sparql-results+json": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
}
GRAPH_TYPES = {  # CONSTRUCT and DESCRIBE
    "text/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "text/plain": "application/n-triples",
    "application/ld+json": "application/ld+json",
    "application/json": "application/ld+json",
    "application/rdf+xml": "application/rdf+xml",
}
FORMAT_NAMES = {  # ?format= shortcuts
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"),
    "rdfxml": (None, "application/rdf+xml"),
}
DEFAULT_RESULTS, DEFAULT_GRAPH = "application/sparql-results+json", "text/turtle"


@dataclass(frozen=True)
class Choice:
    """The media type to answer with for each query form; None when the client accepts none."""

    results: str | None
    graph: str | None


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values, best first (stable for equal q)."""
    ranges = []
    for index, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, index))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, q) for media, q, _ in ranges if q > 0]


def _pick(ranges: list[tuple[str, float]], table: dict[str, str], default: str) -> str | None:
    for media, _q in ranges:
        if media in table:
            return table[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            match = next((v for k, v in table.items() if k.startswith(major)), None)
            if match:
                return match
    return None


def negotiate(accept: str | None, format_name: str | None = None) -> Choice:
    """Choose result and graph media types from ``?format=`` (wins) or the Accept header."""
    if format_name:
        results, graph = FORMAT_NAMES.get(format_name.lower(), (None, None))
        return Choice(results, graph)
    ranges = parse_accept(accept)
    return Choice(_pick(ranges, RESULT_TYPES, DEFAULT_RESULTS), _pick(ranges, GRAPH_TYPES, DEFAULT_GRAPH))
