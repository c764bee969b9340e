"""Content negotiation: Accept headers with q-values, per query form and per kind of document.

Result types (SELECT, ASK) and graph types (CONSTRUCT, DESCRIBE) are negotiated separately, so a
header such as ``application/sparql-results+xml, application/rdf+xml`` gives SPARQL XML for a SELECT
and RDF/XML for a CONSTRUCT (rdflib-endpoint PR #24). Ranges follow RFC 9110 §12.5.1: the most
specific range decides a type's quality and ``q=0`` excludes it; among equal q the more specific
range wins, then the range the client listed first, then the server's order.

>>> negotiate("application/sparql-results+json,*/*;q=0.9").graph
'text/turtle'
>>> negotiate("text/*;q=0.5, text/csv;q=0").results
'text/tab-separated-values'
"""

from __future__ import annotations

from dataclasses import dataclass

# Offered type -> the media types (and aliases clients send) that ask for it, in the server's order.
RESULT_OFFERS: dict[str, tuple[str, ...]] = {
    "application/sparql-results+json": ("application/sparql-results+json", "application/json",
                                        "text/javascript", "application/javascript"),
    "application/sparql-results+xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "text/csv": ("text/csv",),
    "text/tab-separated-values": ("text/tab-separated-values",),
}
GRAPH_OFFERS: dict[str, tuple[str, ...]] = {
    "text/turtle": ("text/turtle", "application/turtle", "application/x-turtle",
                    "text/n3", "text/rdf+n3", "application/n3"),  # Turtle is N3
    "application/n-triples": ("application/n-triples", "text/plain"),
    "application/ld+json": ("application/ld+json", "application/x-json+ld", "application/json"),
    "application/rdf+xml": ("application/rdf+xml", "application/xml", "text/xml"),
}
# Kept for callers that map one client type to one offered type.
RESULT_TYPES = {alias: offer for offer, aliases in RESULT_OFFERS.items() for alias in aliases}
GRAPH_TYPES = {alias: offer for offer, aliases in GRAPH_OFFERS.items() for alias in aliases}

FORMAT_NAMES = {  # ?format= shortcuts: (result type, graph type)
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
    # the values SPARQLWrapper sends in format=/output=/results= along with its Accept header
    "n3": (None, "text/turtle"),
    "rdf": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
    "json-ld": (None, "application/ld+json"),
}


class UnknownFormatError(ValueError):
    """A ``?format=`` value that names no format."""


@dataclass(frozen=True)
class Choice:
    """The media type to answer with for each query form; None when the client accepts none."""

    results: str | None
    graph: str | None


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    index: int

    def matches(self, media: str) -> int:
        """How specifically this range matches ``media``: 3 exact, 2 ``type/*``, 1 ``*/*``, 0 not."""
        major, _, minor = media.partition("/")
        if self.type == "*":
            return 1
        if self.type != major:
            return 0
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == minor else 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header (missing or empty means ``*/*``); malformed q counts as 0."""
    ranges = []
    for index, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        major, _, minor = media.partition("/")
        ranges.append(MediaRange(major, minor or "*", q, index))
    return ranges or [MediaRange("*", "*", 1.0, 0)]


def quality(ranges: list[MediaRange], media: str, exact: bool = False) -> tuple[float, int, int]:
    """(q, specificity, -index) of ``media`` under its most specific matching range; q=0 if none.

    With ``exact``, wildcards do not count (used for aliases: ``text/*`` must not pick JSON for being
    also known as ``text/javascript``).
    """
    best: MediaRange | None = None
    best_spec = 0
    for r in ranges:
        spec = r.matches(media)
        if exact and spec < 3:
            continue
        if spec > best_spec or (spec == best_spec and spec and best is not None and r.q > best.q):
            best, best_spec = r, spec
    if best is None:
        return (0.0, 0, 0)
    return (best.q, best_spec, -best.index)


def best_match(accept: str | None, offers: dict[str, tuple[str, ...]]) -> str | None:
    """The offered type the client prefers (``offers`` maps each offer to the types that ask for it)."""
    ranges = parse_accept(accept)
    best, best_key = None, (0.0, 0, 0)
    for offer, aliases in offers.items():  # dict order is the server's preference
        key = max(quality(ranges, alias, exact=alias != offer) for alias in aliases)
        if key[0] > 0 and key > best_key:
            best, best_key = offer, key
    return best


def format_choice(value: str) -> Choice | None:
    """The media types a ``?format=`` value names: a short name (``json``, ``ttl``...) or a media type."""
    value = value.strip().lower()
    if value in FORMAT_NAMES:
        return Choice(*FORMAT_NAMES[value])
    choice = Choice(RESULT_TYPES.get(value), GRAPH_TYPES.get(value))
    return choice if choice.results or choice.graph else None


def negotiate(accept: str | None, format_name: str | list[str] | None = None) -> Choice:
    """Result and graph media types from ``?format=`` (wins) or the Accept header.

    With several format values (SPARQLWrapper sends ``format=tsv&format=text/tab-separated-values``) the
    first known one counts; UnknownFormatError when none is known.
    """
    names = [format_name] if isinstance(format_name, str) else list(format_name or [])
    if names:
        choice = next((c for c in map(format_choice, names) if c is not None), None)
        if choice is None:
            raise UnknownFormatError(f"unknown format {', '.join(repr(n) for n in names)}: use one of "
                                     f"{', '.join(FORMAT_NAMES)} or a media type")
        return choice
    return Choice(best_match(accept, RESULT_OFFERS), best_match(accept, GRAPH_OFFERS))
