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
from fastapi.responses import RedirectResponse, Response

from api.entity import Labeller, describe, view
from api.rdfdoc import DATASET_FORMATS, DOCUMENT_FORMATS, HTML, RDF_FORMATS, DocumentFormat, choose_document, serialize
from api.templating import render_page, root_of
from graph.namespaces import FOAF
from graph.store import StoreEmpty
from viz.links import diagrams_for

router = APIRouter(tags=["linked data"])

PATH_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9._~-]+)*$")
PAGE_FORMATS = (*RDF_FORMATS, *DATASET_FORMATS)
NEGOTIATED = (HTML, *RDF_FORMATS, *DATASET_FORMATS)


def _split(path: str) -> tuple[str, DocumentFormat | None]:
    """``kh-maff.ttl`` -> (``kh-maff``, Turtle); ``kh-maff`` -> (``kh-maff``, None)."""
    stem, dot, ext = path.rpartition(".")
    if dot and stem and ext in DOCUMENT_FORMATS:
        return stem, DOCUMENT_FORMATS[ext]
    return path, None


def _negotiate(request: Request) -> DocumentFormat:
    fmt = choose_document(request.headers.get("accept"), NEGOTIATED)
    if fmt is None:
        raise HTTPException(406, "accept text/html, " + ", ".join(f.media_type for f in PAGE_FORMATS))
    return fmt


def _document(request: Request, path: str, fmt: DocumentFormat, vary: bool) -> Response:
    settings = request.app.state.settings
    if not PATH_OK.match(path):
        raise HTTPException(404, f"'{path}' is not an entity id")
    iri = settings.iris.base + "id/" + path
    try:
        store = request.app.state.store.reader()
    except StoreEmpty as exc:
        raise HTTPException(503, str(exc)) from exc
    quads = describe(store, iri)
    root = root_of(request)
    doc = f"{root}/doc/{path}"
    headers = {"Content-Location": f"{doc}.{fmt.extension}", "Link": f'<{iri}>; rel="about"'}
    if vary:
        headers["Vary"] = "Accept"
    if not quads:
        if fmt is HTML:
            return render_page(request, "ld_not_found.html", status_code=404, title="Not found", iri=iri,
                               query=path.split("/")[0].replace("-", " "))
        raise HTTPException(404, f"nothing is known about {iri}")
    if fmt is HTML:
        entity = view(quads, iri, Labeller(store, settings.iris, root))
        diagrams = diagrams_for(iri, request.app.state.store, settings.iris.base, root)
        return render_page(request, "ld_entity.html", headers=headers, title=entity.label, entity=entity,
                           doc=doc, formats=PAGE_FORMATS, diagrams=diagrams)
    about = ox.Quad(ox.NamedNode(str(request.base_url).rstrip("/") + doc), ox.NamedNode(str(FOAF.primaryTopic)),
                    ox.NamedNode(iri))
    return Response(serialize([*quads, about], fmt), media_type=fmt.content_type, headers=headers)


def _known(request: Request, path: str) -> bool:
    try:
        store = request.app.state.store.reader()
    except StoreEmpty as exc:
        raise HTTPException(503, str(exc)) from exc
    iri = ox.NamedNode(request.app.state.settings.iris.base + "id/" + path)
    return next(iter(store.quads_for_pattern(iri, None, None, None)), None) is not None


@router.head("/id/{path:path}", include_in_schema=False)
@router.get("/id/{path:path}", summary="Dereference an entity IRI",
                  description="`303 See Other` to the document about the entity, `/doc/{id}.{ext}`, in the format "
                              "the Accept header prefers (HTML, Turtle, JSON-LD, N-Triples, RDF/XML, TriG, N-Quads); "
                              "`/id/{id}.ttl` and the other extensions answer the document directly.",
                  response_class=Response, responses={303: {"description": "see the document about the entity"}})
def dereference(request: Request, path: str) -> Response:
    stem, fmt = _split(path)
    if fmt is not None:
        return _document(request, stem, fmt, vary=False)
    fmt = _negotiate(request)
    if not PATH_OK.match(path) or not _known(request, path):
        if fmt is HTML:
            return _document(request, path, fmt, vary=True)  # the not-found page
        raise HTTPException(404, f"nothing is known about {request.app.state.settings.iris.base}id/{path}")
    target = f"{root_of(request)}/doc/{path}.{fmt.extension}"
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


@router.head("/doc/{path:path}", include_in_schema=False)
@router.get("/doc/{path:path}", summary="The document about an entity",
                  description="With an extension (`.html`, `.ttl`, `.jsonld`, `.nt`, `.rdf`, `.trig`, `.nq`) that format; "
                              "without, the format the Accept header prefers. Statements keep their source graph "
                              "in TriG and N-Quads.", response_class=Response)
def document(request: Request, path: str) -> Response:
    stem, fmt = _split(path)
    if fmt is not None:
        return _document(request, stem, fmt, vary=False)
    return _document(request, path, _negotiate(request), vary=True)
