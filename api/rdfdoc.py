"""RDF documents the service publishes: formats by extension and media type, serialisation, caching.

JSON-LD is written compacted, as one plain graph (see :mod:`api.jsonld`); only TriG and N-Quads keep
each statement's named graph.

>>> DOCUMENT_FORMATS["ttl"].media_type
'text/turtle'
>>> choose_document("application/ld+json;q=0.9, text/turtle").extension
'ttl'
>>> [f.extension for f in DOCUMENT_FORMATS.values() if f.keeps_graphs]
['trig', 'nq']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox

from api.jsonld import compact, used_context
from api.negotiation import best_match
from graph import generation_memo as memo
from graph.namespaces import PREFIXES

T = TypeVar("T")


@dataclass(frozen=True)
class DocumentFormat:
    """One way to publish a document: its file extension, media type and (for RDF) pyoxigraph format."""

    extension: str
    media_type: str
    rdf: ox.RdfFormat | None  # None for HTML
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")

    @property
    def keeps_graphs(self) -> bool:
        """True for TriG and N-Quads; the other formats merge the named graphs into one graph."""
        return self.rdf is not None and self.rdf.supports_datasets and self.rdf is not ox.RdfFormat.JSON_LD


HTML = DocumentFormat("html", "text/html", None, ("application/xhtml+xml",))
RDF_FORMATS = (
    DocumentFormat("ttl", "text/turtle", ox.RdfFormat.TURTLE, ("application/turtle", "application/x-turtle", "text/n3")),
    DocumentFormat("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, ("application/json", "application/x-json+ld")),
    DocumentFormat("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("text/plain",)),
    DocumentFormat("rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML, ("application/xml", "text/xml")),
)
DATASET_FORMATS = (
    DocumentFormat("trig", "application/trig", ox.RdfFormat.TRIG),
    DocumentFormat("nq", "application/n-quads", ox.RdfFormat.N_QUADS),
)
DOCUMENT_FORMATS = {f.extension: f for f in (HTML, *RDF_FORMATS, *DATASET_FORMATS)}
DOCUMENT_FORMATS["json"] = DOCUMENT_FORMATS["jsonld"]


def choose_document(accept: str | None, formats: Iterable[DocumentFormat] = (HTML, *RDF_FORMATS)) -> DocumentFormat | None:
    """The format the client prefers among ``formats`` (the first is the default for ``*/*``)."""
    offers = {f.media_type: (f.media_type, *f.aliases) for f in formats}
    chosen = best_match(accept, offers)
    return next((f for f in formats if f.media_type == chosen), None)


def serialize(items: Iterable[ox.Triple | ox.Quad], fmt: DocumentFormat, prefixes: dict[str, str] | None = None,
              context: dict | None = None, topic: str | None = None) -> bytes:
    """``items`` in ``fmt``: quads keep their graph in TriG and N-Quads and are merged otherwise.

    ``prefixes`` are added to the project's own. JSON-LD is compacted
    with the terms of ``context`` it uses (the project's prefixes without one), ``topic`` first.
    """
    items = list(items)
    if fmt.rdf is None:
        raise ValueError("HTML is not an RDF format")
    if not fmt.keeps_graphs:
        items = sorted({ox.Triple(i.subject, i.predicate, i.object) if isinstance(i, ox.Quad) else i for i in items},
                       key=str)
    else:
        items = sorted((i if isinstance(i, ox.Quad) else ox.Quad(i.subject, i.predicate, i.object) for i in items),
                       key=str)
    if fmt.rdf is ox.RdfFormat.JSON_LD:
        terms = used_context(context or {"@version": 1.1, **PREFIXES}, items)
        return compact(items, {**terms, **(prefixes or {})}, topic)
    if fmt.rdf not in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        return ox.serialize(items, format=fmt.rdf)
    return ox.serialize(items, format=fmt.rdf, prefixes={**PREFIXES, **(prefixes or {})})


def per_generation(app, name: str, build: Callable[[ox.Store], T]) -> T:
    """``build(store)`` for the generation ``app`` serves, computed once per generation (single flight).

    Raises :class:`graph.store.StoreEmpty` when nothing is loaded.
    """
    return memo.per_generation(app.state.store, ("app", id(app), name), build)
