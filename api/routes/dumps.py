"""The whole graph at stable URLs (``/dumps/soilkg.{ttl,nt,jsonld,nq,trig}[.gz]``) and its VoID/DCAT description.

Dumps are made once per store generation and kept in memory; their ETag is the content hash of the
generation, so clients can revalidate cheaply. Turtle, N-Triples and JSON-LD merge the named graphs
(a triple asserted in two graphs appears once); N-Quads and TriG keep every statement's source graph.
"""

from __future__ import annotations

import gzip

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from api.descriptions import DUMP_EXTENSIONS, FORMATS, SD, example_resources, graph_stats, ontology_version, void_description
from api.rdfdoc import DOCUMENT_FORMATS, RDF_FORMATS, choose_document, per_generation, serialize
from graph.store import StoreEmpty

router = APIRouter(tags=["dumps"])


def _dump(app, ext: str, gz: bool) -> bytes:
    if gz:
        return per_generation(app, f"dump-{ext}.gz", lambda _store: gzip.compress(_dump(app, ext, False), mtime=0))
    fmt = DOCUMENT_FORMATS[ext]
    return per_generation(app, f"dump-{ext}", lambda store: serialize(store.quads_for_pattern(None, None, None, None), fmt))


@router.get("/dumps", summary="The dumps of the whole graph: URLs, formats and sizes")
def list_dumps(request: Request) -> dict:
    base = str(request.base_url).rstrip("/")
    return {"dumps": [{"url": f"{base}/dumps/soilkg.{ext}" + (".gz" if gz else ""),
                       "media_type": "application/gzip" if gz else DOCUMENT_FORMATS[ext].media_type,
                       "content": DOCUMENT_FORMATS[ext].media_type, "named_graphs": DOCUMENT_FORMATS[ext].rdf.supports_datasets}
                      for ext in DUMP_EXTENSIONS for gz in (False, True)]}


@router.head("/dumps/soilkg.{name}", include_in_schema=False)
@router.get("/dumps/soilkg.{name}", summary="The whole graph in one file",
                  description="`soilkg.ttl`, `.nt`, `.jsonld` (named graphs merged), `.nq`, `.trig` (source graph of "
                              "every statement kept); add `.gz` for the gzipped file.", response_class=Response)
def dump(request: Request, name: str) -> Response:
    ext, gz = name.removesuffix(".gz"), name.endswith(".gz")
    if ext not in DUMP_EXTENSIONS:
        raise HTTPException(404, f"no dump soilkg.{name}: use one of " + ", ".join(f"soilkg.{e}[.gz]" for e in DUMP_EXTENSIONS))
    store = request.app.state.store
    generation = store.content_hash()
    if generation is None:
        raise HTTPException(503, "the store is empty")
    etag = f'"{generation[:20]}-{name}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300",
               "Content-Disposition": f'attachment; filename="soilkg.{name}"'}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    body = _dump(request.app, ext, gz)
    media = "application/gzip" if gz else DOCUMENT_FORMATS[ext].content_type
    return Response(body, media_type=media, headers=headers)


@router.head("/.well-known/void", include_in_schema=False)
@router.get("/.well-known/void", summary="VoID and DCAT description of the dataset",
                  description="Licence, version, triples per named graph, example resources, the SPARQL endpoint and "
                              "the dumps. Turtle by default; JSON-LD, N-Triples, RDF/XML by Accept header.",
                  response_class=Response)
def void(request: Request) -> Response:
    fmt = choose_document(request.headers.get("accept"), RDF_FORMATS) or RDF_FORMATS[0]
    app = request.app
    try:
        stats = per_generation(app, "graph-stats", graph_stats)
        examples = per_generation(app, "examples", example_resources)
        version = per_generation(app, "ontology-version", ontology_version)
    except StoreEmpty as exc:
        raise HTTPException(503, str(exc)) from exc
    triples = void_description(str(request.base_url), app.state.settings.iris, stats, examples, app.version,
                               app.state.store.content_hash() or "", version)
    body = serialize(triples, fmt, {"sd": SD, "formats": FORMATS})
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})

