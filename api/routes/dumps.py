"""The whole graph at stable URLs: ``/dumps/soilkg.{ttl,nt,jsonld,nq,trig}[.gz]``.

Dumps are made once per store generation and kept in memory; their ETag is the content hash of the
generation, so clients can revalidate cheaply. Turtle, N-Triples and JSON-LD merge the named graphs
(a triple asserted in two graphs appears once; JSON-LD compacted with the ontology's context); N-Quads
and TriG keep every statement's source graph. The dataset's description lists them as distributions.
"""

from __future__ import annotations

import gzip

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from api.dataset import DUMP_EXTENSIONS
from api.documents import jsonld_context
from api.rdfdoc import DOCUMENT_FORMATS, per_generation, serialize

router = APIRouter(tags=["dumps"])


def _dump(request: Request, ext: str, gz: bool) -> bytes:
    app = request.app
    if gz:
        return per_generation(app, f"dump-{ext}.gz", lambda _store: gzip.compress(_dump(request, ext, False), mtime=0))
    fmt = DOCUMENT_FORMATS[ext]
    context = jsonld_context(request) if ext == "jsonld" else None
    return per_generation(app, f"dump-{ext}", lambda store: serialize(store.quads_for_pattern(None, None, None, None), fmt,
                                                                      context=context))


@router.get("/dumps", summary="The dumps of the whole graph: URLs, formats and sizes")
def list_dumps(request: Request) -> dict:
    base = str(request.base_url).rstrip("/")
    return {"dumps": [{"url": f"{base}/dumps/soilkg.{ext}" + (".gz" if gz else ""),
                       "media_type": "application/gzip" if gz else DOCUMENT_FORMATS[ext].media_type,
                       "content": DOCUMENT_FORMATS[ext].media_type, "named_graphs": DOCUMENT_FORMATS[ext].keeps_graphs}
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
    body = _dump(request, ext, gz)
    media = "application/gzip" if gz else DOCUMENT_FORMATS[ext].content_type
    return Response(body, media_type=media, headers=headers)
