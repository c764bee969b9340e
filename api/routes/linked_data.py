"""Linked data: entity IRIs ``{base}id/{id}`` dereference here, following the W3C Cool URIs note.

``/id/{id}`` names the thing (a ministry, a site), so it answers ``303 See Other`` pointing to the
document about it, ``/doc/{id}.{ext}``, with the extension the Accept header asks for (HTML for a
browser, Turtle, JSON-LD, N-Triples or RDF/XML; TriG and N-Quads keep each statement's source graph).
``/doc/{id}`` negotiates itself (``Content-Location`` names the variant); ``/id/{id}.ttl`` and the
other extensions answer the document directly. The path maps to the IRI under ``SOILKG_BASE_IRI``
whatever host serves it, so ``http://127.0.0.1:8000/id/kh-maff`` answers for
``https://w3id.org/soilkg/id/kh-maff``.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from api.documents import NEGOTIATED, RDF_DOCUMENTS, document_headers, negotiate, rdf_document, reader, see_other, split_extension
from api.entity import Labeller, describe, view
from api.rdfdoc import HTML, DocumentFormat
from api.templating import render_page, root_of
from viz.links import diagrams_for

router = APIRouter(tags=["linked data"])

PATH_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9._~-]+)*$")


def _document(request: Request, path: str, fmt: DocumentFormat, vary: bool) -> Response:
    settings = request.app.state.settings
    if not PATH_OK.match(path):
        raise HTTPException(404, f"'{path}' is not an entity id")
    iri = settings.iris.base + "id/" + path
    store = reader(request)
    quads = describe(store, iri)
    if not quads:
        if fmt is HTML:
            return render_page(request, "ld_not_found.html", status_code=404, title="Not found", iri=iri,
                               query=path.split("/")[0].replace("-", " "))
        raise HTTPException(404, f"nothing is known about {iri}")
    if fmt is not HTML:
        return rdf_document(request, quads, fmt, path=f"/doc/{path}", topic=iri, vary=vary)
    root = root_of(request)
    entity = view(quads, iri, Labeller(store, settings.iris, root))
    diagrams = diagrams_for(iri, request.app.state.store, settings.iris.base, root)
    return render_page(request, "ld_entity.html", headers=document_headers(request, f"/doc/{path}", fmt, iri, vary),
                       title=entity.label, entity=entity, doc=f"{root}/doc/{path}", formats=RDF_DOCUMENTS,
                       diagrams=diagrams)


def _known(request: Request, path: str) -> bool:
    iri = request.app.state.settings.iris.base + "id/" + path
    return next(iter(reader(request).quads_for_pattern(ox.NamedNode(iri), None, None, None)), None) is not None


@router.head("/id/{path:path}", include_in_schema=False)
@router.get("/id/{path:path}", summary="Dereference an entity IRI",
                  description="`303 See Other` to the document about the entity, `/doc/{id}.{ext}`, in the format "
                              "the Accept header prefers (HTML, Turtle, JSON-LD, N-Triples, RDF/XML, TriG, N-Quads); "
                              "`/id/{id}.ttl` and the other extensions answer the document directly.",
                  response_class=Response, responses={303: {"description": "see the document about the entity"}})
def dereference(request: Request, path: str) -> Response:
    stem, fmt = split_extension(path)
    if fmt is not None:
        return _document(request, stem, fmt, vary=False)
    fmt = negotiate(request, NEGOTIATED)
    if not PATH_OK.match(path) or not _known(request, path):
        if fmt is HTML:
            return _document(request, path, fmt, vary=True)  # the not-found page
        raise HTTPException(404, f"nothing is known about {request.app.state.settings.iris.base}id/{path}")
    return see_other(request, f"/doc/{path}", fmt)


@router.head("/doc/{path:path}", include_in_schema=False)
@router.get("/doc/{path:path}", summary="The document about an entity",
                  description="With an extension (`.html`, `.ttl`, `.jsonld`, `.nt`, `.rdf`, `.trig`, `.nq`) that format; "
                              "without, the format the Accept header prefers. Statements keep their source graph "
                              "in TriG and N-Quads; JSON-LD is compacted, one plain graph.", response_class=Response)
def document(request: Request, path: str) -> Response:
    stem, fmt = split_extension(path)
    if fmt is not None:
        return _document(request, stem, fmt, vary=False)
    return _document(request, path, negotiate(request, NEGOTIATED), vary=True)
