"""The dataset ``{base}dataset`` and its named graphs ``{base}graph/{name}`` at their IRIs, and ``/.well-known/void``.

Both are things, not documents: ``/dataset`` and ``/graph/{name}`` answer ``303 See Other`` to
``….{ext}`` in the negotiated format (HTML for a browser). A graph's document is its description
and its statements (in TriG and N-Quads inside the named graph, the description in the default
graph). ``/.well-known/void`` answers the dataset's description directly: RDF by default (Turtle
for ``*/*``), the HTML page when a browser asks for HTML.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from api.dataset import (
    DESCRIPTION,
    EU_THEMES,
    LICENSE,
    TITLE,
    DatasetFacts,
    Publisher,
    dataset_triples,
    example_resources,
    graph_triples,
    keywords,
    partitions,
    served_since,
    spatial,
)
from api.descriptions import SD, graph_stats
from api.documents import (
    NEGOTIATED,
    RDF_DOCUMENTS,
    cached,
    document_headers,
    format_of,
    negotiate,
    ontology_quads,
    rdf_document,
    reader,
    see_other,
    split_extension,
)
from api.entity import Labeller
from api.published import ONTOLOGY_IRI, dataset_iri, local_path, ontology_version
from api.rdfdoc import HTML, DocumentFormat
from api.templating import render_page, root_of
from graph.namespaces import DCTERMS

router = APIRouter(tags=["linked data"])
PREFIXES = {"sd": SD, "vcard": "http://www.w3.org/2006/vcard/ns#"}
VOID_FORMATS = (*RDF_DOCUMENTS, HTML)  # RDF first: */* gets Turtle


def dataset_facts(request: Request) -> DatasetFacts:
    """What the dataset description says, counted once per served generation."""
    app, settings = request.app, request.app.state.settings
    iris = settings.iris
    stats = cached(request, "graph-stats", graph_stats)
    counted = cached(request, "void-partitions", lambda store: partitions(store, iris))
    examples = cached(request, "void-examples", lambda store: example_resources(store, iris))
    words = cached(request, "dcat-keywords", keywords)
    places = cached(request, "dcat-spatial", spatial)
    store = app.state.store
    modified = served_since(store)
    publisher = Publisher(settings.publisher, settings.publisher_homepage, settings.contact_url, settings.contact_email)
    return DatasetFacts(iri=dataset_iri(iris), service=str(request.base_url), version=app.version,
                        content_hash=store.content_hash() or "", issued=settings.dataset_issued or modified,
                        modified=modified, ontology_version=ontology_version(ontology_quads(request)), stats=stats,
                        partitions=counted, examples=examples, keywords=words, spatial=places, publisher=publisher)


def _dataset(request: Request, fmt: DocumentFormat, vary: bool) -> Response:
    facts = dataset_facts(request)
    if fmt is not HTML:
        return rdf_document(request, dataset_triples(facts, request.app.state.settings.iris), fmt, path="/dataset",
                            topic=facts.iri, vary=vary, prefixes=PREFIXES)
    labeller = Labeller(reader(request), request.app.state.settings.iris, root_of(request))
    classes = sorted(facts.partitions.classes.items(), key=lambda kv: (-kv[1], kv[0]))
    properties = sorted(facts.partitions.properties.items(), key=lambda kv: (-kv[1], kv[0]))
    return render_page(request, "ld_dataset.html", headers=document_headers(request, "/dataset", fmt, facts.iri, vary),
                       title=TITLE, description=DESCRIPTION, license=LICENSE, themes=EU_THEMES, ontology=ONTOLOGY_IRI,
                       uri_space=request.app.state.settings.iris.base + "id/",
                       facts=facts, labeller=labeller, classes=classes, properties=properties,
                       graphs=[(labeller.link(g), n) for g, n in facts.stats.per_graph.items()],
                       doc=f"{root_of(request)}/dataset", formats=RDF_DOCUMENTS)


@router.head("/dataset", include_in_schema=False)
@router.get("/dataset", summary="Dereference the dataset IRI", response_class=Response,
            description="`303 See Other` to `/dataset.{ext}`: the DCAT-AP and VoID description (HTML for browsers; "
                        "Turtle, JSON-LD, N-Triples, RDF/XML, TriG, N-Quads).",
            responses={303: {"description": "see the description of the dataset"}})
def dataset(request: Request) -> Response:
    reader(request)  # 503 when nothing is loaded
    return see_other(request, "/dataset", negotiate(request, NEGOTIATED))


@router.head("/dataset.{ext}", include_in_schema=False)
@router.get("/dataset.{ext}", summary="The description of the dataset in one format", response_class=Response)
def dataset_as(request: Request, ext: str) -> Response:
    fmt = format_of(ext)
    return _dataset(request, fmt, vary=False)


@router.head("/.well-known/void", include_in_schema=False)
@router.get("/.well-known/void", summary="VoID and DCAT-AP description of the dataset", response_class=Response,
            description="The description of `{base}dataset`: licence, publisher, version, dates, distributions, the "
                        "SPARQL endpoint, class and property partitions, named graphs. Turtle by default; JSON-LD, "
                        "N-Triples, RDF/XML, TriG, N-Quads or HTML by Accept header.")
def void(request: Request) -> Response:
    return _dataset(request, negotiate(request, VOID_FORMATS), vary=True)


@router.head("/graph/{path:path}", include_in_schema=False)
@router.get("/graph/{path:path}", summary="Dereference a named graph IRI", response_class=Response,
            description="`303 See Other` to `/graph/{name}.{ext}`: the graph's description and its statements.",
            responses={303: {"description": "see the document about the named graph"}})
def named_graph(request: Request, path: str) -> Response:
    stem, fmt = split_extension(path)
    iris = request.app.state.settings.iris
    graph = str(iris.graph(stem))
    stats = cached(request, "graph-stats", graph_stats)
    if graph not in stats.per_graph:
        raise HTTPException(404, f"no named graph {graph}: the graphs are " + ", ".join(stats.per_graph))
    if fmt is None:
        return see_other(request, f"/graph/{stem}", negotiate(request, NEGOTIATED))
    facts = dataset_facts(request)
    description = [ox.Triple(*t) for t in graph_triples(facts, iris, graph)]
    store = reader(request)
    if fmt is not HTML:
        content = list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        return rdf_document(request, [*description, *content], fmt, path=f"/graph/{stem}", topic=graph, vary=False,
                            prefixes=PREFIXES)
    labeller = Labeller(store, iris, root_of(request))
    return render_page(request, "ld_graph.html", headers=document_headers(request, f"/graph/{stem}", fmt, graph, False),
                       title=labeller.label(graph), graph=graph, size=stats.per_graph[graph],
                       sources=[labeller.link(t.object.value) for t in description if t.predicate.value == str(DCTERMS.source)],
                       notes=[t.object.value for t in description if t.predicate.value == str(DCTERMS.description)],
                       records=_records(store, graph, labeller), doc=f"{root_of(request)}/graph/{stem}",
                       formats=RDF_DOCUMENTS, dataset=local_path(facts.iri, iris))


def _records(store: ox.Store, graph: str, labeller: Labeller) -> list[tuple]:
    """The resources the graph says something about (parts counted with their record), with statement counts."""
    counts: dict[str, int] = {}
    entities = labeller.iris.base + "id/"
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        if isinstance(q.subject, ox.NamedNode):
            key = q.subject.value
            if key.startswith(entities):
                key = entities + key[len(entities):].split("/", 1)[0]
            counts[key] = counts.get(key, 0) + 1
    rows = [(labeller.link(iri), n) for iri, n in counts.items()]
    return sorted(rows, key=lambda r: (r[0].label.lower(), r[0].iri))
