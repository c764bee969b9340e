"""The ontology, its SKOS vocabularies and the JSON-LD context at their IRIs.

``/def`` is the ontology document (a hash namespace: ``…/def#Ministry`` is read from it), answered
directly in the negotiated format: an HTML reference generated from the ontology, or its statements.
``/def/{version}`` answers the same for the current version IRI. Concept schemes and concepts
(``/vocab/{scheme}``, ``/vocab/{scheme}/{id}``) are things, so they answer ``303 See Other`` to
``….{ext}``. ``/context/{version}.jsonld`` is the JSON-LD context; ``latest.jsonld`` redirects to it.
"""

from __future__ import annotations

import hashlib
import json

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from api.documents import (
    NEGOTIATED,
    RDF_DOCUMENTS,
    cached,
    document_headers,
    format_of,
    jsonld_context,
    negotiate,
    ontology_quads,
    rdf_document,
    reader,
    see_other,
    split_extension,
)
from api.entity import Labeller, describe, view
from api.ontology_page import ontology_page, usage
from api.published import ONTOLOGY_IRI, VOCAB_NS, ontology_document, ontology_version, scheme_document, schemes, version_iris
from api.rdfdoc import HTML, DocumentFormat
from api.templating import render_page, root_of
from graph.namespaces import RDF, SKOS

router = APIRouter(tags=["linked data"])


def _ontology(request: Request, fmt: DocumentFormat, path: str, vary: bool) -> Response:
    quads = ontology_quads(request)
    if fmt is not HTML:
        return rdf_document(request, ontology_document(quads), fmt, path=path, topic=ONTOLOGY_IRI, vary=vary)
    root, settings = root_of(request), request.app.state.settings

    def build(store: ox.Store):
        document = ontology_document(quads)
        properties = sorted({q.subject.value for q in document
                             if q.predicate.value == str(RDF.type) and q.object.value.endswith("Property")})
        used = usage(store, str(settings.iris.graph("ontology")), properties)
        return ontology_page(document, Labeller(store, settings.iris, root), used)

    page = cached(request, f"ontology-page {root}", build)
    return render_page(request, "ld_ontology.html", headers=document_headers(request, path, fmt, ONTOLOGY_IRI, vary),
                       title=page.title, page=page, doc=f"{root}{path}", formats=RDF_DOCUMENTS,
                       version=ontology_version(quads), context_path=_context_path(quads))


@router.head("/def", include_in_schema=False)
@router.get("/def", summary="The ontology (IRI …/def, terms …/def#Term)", response_class=Response,
            description="An HTML reference generated from the ontology for browsers; Turtle, JSON-LD, N-Triples, "
                        "RDF/XML, TriG or N-Quads by Accept header, or `/def.ttl` and the other extensions.")
def ontology(request: Request) -> Response:
    return _ontology(request, negotiate(request, NEGOTIATED), "/def", vary=True)


@router.head("/def.{ext}", include_in_schema=False)
@router.get("/def.{ext}", summary="The ontology in one format", response_class=Response)
def ontology_as(request: Request, ext: str) -> Response:
    fmt = format_of(ext)
    return _ontology(request, fmt, "/def", vary=False)


@router.head("/def/{version}", include_in_schema=False)
@router.get("/def/{version}", summary="The current version of the ontology, by its version IRI", response_class=Response)
def ontology_version_iri(request: Request, version: str) -> Response:
    stem, fmt = split_extension(version)
    if ONTOLOGY_IRI + "/" + stem not in version_iris(ontology_quads(request)):
        raise HTTPException(404, f"{ONTOLOGY_IRI}/{stem} is not the version IRI of the served ontology")
    return _ontology(request, fmt or negotiate(request, NEGOTIATED), f"/def/{stem}", vary=fmt is None)


@router.head("/vocab/{path:path}", include_in_schema=False)
@router.get("/vocab/{path:path}", summary="Dereference a concept scheme or concept IRI", response_class=Response,
            description="`303 See Other` to `/vocab/{scheme}[/{id}].{ext}` in the format the Accept header prefers; "
                        "with an extension, the document itself.",
            responses={303: {"description": "see the document about the scheme or concept"}})
def vocabulary(request: Request, path: str) -> Response:
    stem, fmt = split_extension(path)
    iri = VOCAB_NS + stem
    quads = ontology_quads(request)
    if not any(q.subject.value == iri for q in quads):
        if (fmt or negotiate(request, NEGOTIATED)) is HTML:
            return render_page(request, "ld_not_found.html", status_code=404, title="Not found", iri=iri,
                               query=stem.rsplit("/", 1)[-1].replace("-", " "))
        raise HTTPException(404, f"no concept scheme or concept {iri}")
    if fmt is None:
        return see_other(request, f"/vocab/{stem}", negotiate(request, NEGOTIATED))
    path = f"/vocab/{stem}"
    if iri in schemes(quads):
        if fmt is not HTML:
            return rdf_document(request, scheme_document(quads, iri), fmt, path=path, topic=iri, vary=False)
        return _scheme_page(request, quads, iri, path)
    store = reader(request)
    described = describe(store, iri)
    if fmt is not HTML:
        return rdf_document(request, described, fmt, path=path, topic=iri, vary=False)
    root = root_of(request)
    entity = view(described, iri, Labeller(store, request.app.state.settings.iris, root))
    return render_page(request, "ld_entity.html", headers=document_headers(request, path, fmt, iri, False),
                       title=entity.label, entity=entity, doc=f"{root}{path}", formats=RDF_DOCUMENTS, diagrams=[],
                       sourced=False)


def _scheme_page(request: Request, quads: list[ox.Quad], iri: str, path: str) -> Response:
    store, root = reader(request), root_of(request)
    labeller = Labeller(store, request.app.state.settings.iris, root)
    document = scheme_document(quads, iri)
    entity = view([q for q in document if q.subject.value == iri], iri, labeller)
    ontology_graph = str(request.app.state.settings.iris.graph("ontology"))
    concepts = []
    for concept in sorted({q.subject.value for q in document if q.predicate.value == str(SKOS.inScheme)}):
        props: dict[str, list] = {}
        for q in document:
            if q.subject.value == concept:
                props.setdefault(q.predicate.value, []).append(q.object)
        uses = {q.subject for q in store.quads_for_pattern(None, None, ox.NamedNode(concept), None)
                if q.graph_name.value != ontology_graph}
        concepts.append({"link": labeller.link(concept), "notation": [t.value for t in props.get(str(SKOS.notation), [])],
                         "definition": [t.value for t in props.get(str(SKOS.definition), [])],
                         "broader": [labeller.link(t.value) for t in props.get(str(SKOS.broader), [])],
                         "uses": len(uses)})
    concepts.sort(key=lambda c: c["link"].label.lower())
    return render_page(request, "ld_scheme.html", headers=document_headers(request, path, HTML, iri, False),
                       title=entity.label, entity=entity, concepts=concepts, doc=f"{root}{path}", formats=RDF_DOCUMENTS)


def _context_path(quads: list[ox.Quad]) -> str:
    return f"/context/{ontology_version(quads) or 'unversioned'}.jsonld"


@router.head("/context/{name}", include_in_schema=False)
@router.get("/context/{name}", summary="The JSON-LD context of the ontology, by version (or latest.jsonld)",
            response_class=Response, responses={302: {"description": "latest.jsonld: to the current version"}})
def context(request: Request, name: str) -> Response:
    current = _context_path(ontology_quads(request))
    if name == "latest.jsonld":
        return RedirectResponse(f"{root_of(request)}{current}", status_code=302)
    if f"/context/{name}" != current:
        raise HTTPException(404, f"no context {name}: the served ontology's context is {current.rsplit('/', 1)[-1]}")
    body = json.dumps({"@context": jsonld_context(request)}, ensure_ascii=False, indent=2).encode()
    headers = {"ETag": '"' + hashlib.sha256(body).hexdigest()[:20] + '"', "Cache-Control": "public, max-age=3600"}
    return Response(body, media_type="application/ld+json", headers=headers)

