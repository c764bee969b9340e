"""Answering for a published IRI: suffix forms, content negotiation, ``303 See Other``, the document.

Every kind of resource (entities, the ontology, concepts, named graphs, the dataset) goes through
these helpers, so all answer alike: ``{path}.{ext}`` is the document in that format, a negotiated
answer names its variant in ``Content-Location`` and varies on ``Accept``, RDF documents say which
resource they are about (``foaf:primaryTopic``, ``Link: rel="about"``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pyoxigraph as ox
from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from api.jsonld import build_context
from api.published import ONTOLOGY_IRI, graph_quads
from api.rdfdoc import (
    DATASET_FORMATS,
    DOCUMENT_FORMATS,
    HTML,
    RDF_FORMATS,
    DocumentFormat,
    choose_document,
    per_generation,
    serialize,
)
from api.templating import root_of
from graph.namespaces import FOAF
from graph.store import StoreEmpty

T = TypeVar("T")
RDF_DOCUMENTS = (*RDF_FORMATS, *DATASET_FORMATS)
NEGOTIATED = (HTML, *RDF_DOCUMENTS)
PRIMARY_TOPIC = ox.NamedNode(str(FOAF.primaryTopic))


def split_extension(path: str) -> tuple[str, DocumentFormat | None]:
    """``kh-maff.ttl`` -> (``kh-maff``, Turtle); ``kh-maff`` -> (``kh-maff``, None).

    >>> split_extension("topics/soil-organic-carbon.jsonld")[1].media_type
    'application/ld+json'
    >>> split_extension("v1.2")
    ('v1.2', None)
    """
    stem, dot, ext = path.rpartition(".")
    if dot and stem and ext in DOCUMENT_FORMATS:
        return stem, DOCUMENT_FORMATS[ext]
    return path, None


def format_of(ext: str) -> DocumentFormat:
    """The format an extension names; 404 for an unknown one."""
    if ext not in DOCUMENT_FORMATS:
        raise HTTPException(404, f"no format '.{ext}': use " + ", ".join(f".{e}" for e in DOCUMENT_FORMATS))
    return DOCUMENT_FORMATS[ext]


def negotiate(request: Request, formats: tuple[DocumentFormat, ...] = NEGOTIATED) -> DocumentFormat:
    """The format the Accept header prefers among ``formats`` (the first for ``*/*``); 406 if none."""
    fmt = choose_document(request.headers.get("accept"), formats)
    if fmt is None:
        raise HTTPException(406, "accept one of " + ", ".join(f.media_type for f in formats))
    return fmt


def see_other(request: Request, path: str, fmt: DocumentFormat) -> RedirectResponse:
    """``303 See Other`` to the document ``{path}.{ext}`` about a thing that is not a document."""
    return RedirectResponse(f"{root_of(request)}{path}.{fmt.extension}", status_code=303, headers={"Vary": "Accept"})


def cached(request: Request, name: str, build: Callable[[ox.Store], T]) -> T:
    """``build(store)`` once per served generation; 503 when nothing is loaded."""
    try:
        return per_generation(request.app, name, build)
    except StoreEmpty as exc:
        raise HTTPException(503, str(exc)) from exc


def reader(request: Request) -> ox.Store:
    try:
        return request.app.state.store.reader()
    except StoreEmpty as exc:
        raise HTTPException(503, str(exc)) from exc


def ontology_quads(request: Request) -> list[ox.Quad]:
    """The ``ontology`` named graph of the served generation: the ontology and its vocabularies."""
    graph = str(request.app.state.settings.iris.graph("ontology"))
    return cached(request, "ontology-quads", lambda store: graph_quads(store, graph))


def jsonld_context(request: Request) -> dict:
    """The JSON-LD context of the served ontology (see :mod:`api.jsonld`)."""
    return cached(request, "jsonld-context", lambda _store: build_context(ontology_quads(request), ONTOLOGY_IRI))


def document_headers(request: Request, path: str, fmt: DocumentFormat, topic: str, vary: bool) -> dict[str, str]:
    headers = {"Content-Location": f"{root_of(request)}{path}.{fmt.extension}", "Link": f'<{topic}>; rel="about"'}
    if vary:
        headers["Vary"] = "Accept"
    return headers


def rdf_document(request: Request, items: list, fmt: DocumentFormat, *, path: str, topic: str, vary: bool,
                 prefixes: dict[str, str] | None = None) -> Response:
    """``items`` in ``fmt``, plus ``<{path}> foaf:primaryTopic <topic>`` (``path`` without extension)."""
    doc = str(request.url.replace(path=f"{root_of(request)}{path}", query="", fragment=""))
    about = ox.Triple(ox.NamedNode(doc), PRIMARY_TOPIC, ox.NamedNode(topic))
    body = serialize([*items, about], fmt, prefixes, context=jsonld_context(request), topic=topic)
    return Response(body, media_type=fmt.content_type, headers=document_headers(request, path, fmt, topic, vary))
