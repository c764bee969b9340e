"""The dataset ``{base}dataset`` in DCAT-AP and VoID, and each of its named graphs.

One :class:`DatasetFacts` holds everything the description says (counted from the served store once
per generation, plus the publisher of the settings and the URL the service is reached at); the RDF
(:func:`dataset_triples`, :func:`graph_triples`) and the HTML page are both made from it, so they
cannot disagree. The dataset IRI is fixed under the base IRI; the download and access URLs are where
this service answers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pyoxigraph as ox

from api.descriptions import SD, GraphStats, _lit, _n
from api.published import ONTOLOGY_IRI
from api.rdfdoc import DOCUMENT_FORMATS
from graph.namespaces import DCAT, DCTERMS, FOAF, OWL, PREFIXES, RDF, SOILKG, VOID, XSD, Iris
from graph.store import CURRENT, GraphStore

DCAT_NS = str(DCAT)
VCARD = "http://www.w3.org/2006/vcard/ns#"
IANA = "https://www.iana.org/assignments/media-types/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
# EU Data Theme vocabulary (the one DCAT-AP requires for dcat:theme): agriculture, fisheries, forestry and
# food; environment. Soil organic carbon management belongs to both.
EU_THEMES = ("http://publications.europa.eu/resource/authority/data-theme/AGRI",
             "http://publications.europa.eu/resource/authority/data-theme/ENVI")
DUMP_EXTENSIONS = ("ttl", "nt", "jsonld", "nq", "trig")
TITLE = "soilkg"
DESCRIPTION = ("Knowledge graph of the actors, policies, targets, long-term sites, datasets and communication flows of "
               "soil organic carbon management in mainland Southeast Asia; every fact cites its source document.")
GRAPH_NOTES = {"ontology": "The ontology and its SKOS vocabularies.",
               "inferred": "What the ontology entails from the data (class and property hierarchy, inverses, chains); "
                           "no asserted triple is repeated here."}
EXAMPLE_CLASSES = 8


@dataclass(frozen=True)
class Partitions:
    """VoID statistics of the union graph (a triple asserted in two graphs counts once)."""

    classes: dict[str, int]  # class -> distinct instances
    properties: dict[str, int]  # property -> distinct triples
    distinct_subjects: int
    distinct_objects: int
    entities: int  # distinct subjects under the dataset's URI space


@dataclass(frozen=True)
class Publisher:
    name: str
    homepage: str | None = None
    contact_url: str | None = None
    contact_email: str | None = None


@dataclass(frozen=True)
class Distribution:
    node: str
    title: str
    url: str
    media_type: str
    compressed: bool
    named_graphs: bool


@dataclass(frozen=True)
class DatasetFacts:
    iri: str
    service: str  # the root URL the service answers at, ending in '/'
    version: str
    content_hash: str
    issued: date | datetime
    modified: datetime
    ontology_version: str | None
    stats: GraphStats
    partitions: Partitions
    examples: list[str]
    keywords: list[str]
    spatial: list[str]
    publisher: Publisher

    @property
    def distributions(self) -> list[Distribution]:
        out = []
        for ext in DUMP_EXTENSIONS:
            fmt = DOCUMENT_FORMATS[ext]
            for gz in (False, True):
                suffix = ".gz" if gz else ""
                out.append(Distribution(f"{self.iri}#dump-{ext}{'-gz' if gz else ''}",
                                        f"{fmt.media_type} dump{' (gzip)' if gz else ''}",
                                        f"{self.service}dumps/soilkg.{ext}{suffix}", fmt.media_type, gz, fmt.keeps_graphs))
        return out


def _count(store: ox.Store, query: str, **bindings) -> dict[str, int]:
    subs = {ox.Variable(k): v for k, v in bindings.items()}
    return {r["x"].value: int(r["n"].value) for r in store.query(query, substitutions=subs)}


def partitions(store: ox.Store, iris: Iris) -> Partitions:
    classes = _count(store, "SELECT ?x (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?x } } GROUP BY ?x")
    properties = _count(store, "SELECT ?x (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?x ?o WHERE { GRAPH ?g { ?s ?x ?o } } } "
                               "GROUP BY ?x")
    [totals] = store.query("SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) "
                           "WHERE { GRAPH ?g { ?s ?p ?o } }")
    [entities] = store.query("SELECT ?space (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                             "FILTER(STRSTARTS(STR(?s), ?space)) } GROUP BY ?space",
                             substitutions={ox.Variable("space"): ox.Literal(iris.base + "id/")})
    return Partitions(dict(sorted(classes.items())), dict(sorted(properties.items())), int(totals["subjects"].value),
                      int(totals["objects"].value), int(entities["n"].value))


def example_resources(store: ox.Store, iris: Iris) -> list[str]:
    """The first instance (by IRI) of each of the ontology's most used classes, in the curated graphs."""
    skip = {str(iris.graph("ontology")), str(iris.graph("inferred"))}
    instances: dict[str, set[str]] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, None):
        if q.object.value.startswith(str(SOILKG)) and q.graph_name.value not in skip and isinstance(q.subject, ox.NamedNode):
            instances.setdefault(q.object.value, set()).add(q.subject.value)
    most = sorted(instances.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:EXAMPLE_CLASSES]
    return sorted({min(members) for _, members in most})


def keywords(store: ox.Store) -> list[str]:
    """The English labels of the concepts the records have as subject."""
    return sorted({r["label"].value for r in store.query(
        "SELECT DISTINCT ?label WHERE { GRAPH ?g { ?s dcterms:subject ?c } GRAPH ?h { ?c skos:prefLabel ?label } "
        "FILTER(LANGMATCHES(LANG(?label), 'en')) }", prefixes=PREFIXES)})


def spatial(store: ox.Store) -> list[str]:
    """The places the records are about (``dcterms:spatial``)."""
    return sorted({r["place"].value for r in store.query(
        "SELECT DISTINCT ?place WHERE { GRAPH ?g { ?s dcterms:spatial ?place } FILTER(isIRI(?place)) }", prefixes=PREFIXES)})


def served_since(store: GraphStore) -> datetime:
    """When the served generation was switched in (the time of the load that made this version)."""
    return datetime.fromtimestamp((store.root / CURRENT).stat().st_mtime, UTC).replace(microsecond=0)


def _when(value: date | datetime) -> ox.Literal:
    if isinstance(value, datetime):
        return _lit(value.isoformat().replace("+00:00", "Z"), XSD.dateTime)
    return _lit(value.isoformat(), XSD.date)


def partition_iri(dataset: str, kind: str, iri: str) -> str:
    """A stable IRI for the class or property partition of ``iri``: ``{dataset}#class-<hash of iri>``."""
    return f"{dataset}#{kind}-{hashlib.sha256(iri.encode()).hexdigest()[:12]}"


def graph_triples(facts: DatasetFacts, iris: Iris, graph: str) -> list[tuple]:
    """A named graph as a VoID subset of the dataset: size, what it holds, where it comes from."""
    node, name = _n(graph), graph.removeprefix(iris.base + "graph/")
    t = [(node, _n(RDF.type), _n(VOID.Dataset)), (node, _n(RDF.type), _n(SD + "Graph")),
         (node, _n(VOID.triples), _lit(facts.stats.per_graph.get(graph, 0), XSD.integer)),
         (_n(facts.iri), _n(VOID.subset), node)]
    if name in GRAPH_NOTES:
        t.append((node, _n(DCTERMS.description), _lit(GRAPH_NOTES[name], lang="en")))
    elif name != graph:
        t.append((node, _n(DCTERMS.source), _n(iris.entity(name))))
    return t


def dataset_triples(facts: DatasetFacts, iris: Iris) -> list[ox.Triple]:
    """The DCAT-AP and VoID description of the dataset, its distributions, service and named graphs."""
    d = _n(facts.iri)
    t = [(d, _n(RDF.type), _n(VOID.Dataset)), (d, _n(RDF.type), _n(DCAT.Dataset)),
         (d, _n(DCTERMS.title), _lit(TITLE, lang="en")), (d, _n(DCTERMS.description), _lit(DESCRIPTION, lang="en")),
         (d, _n(DCTERMS.license), _n(LICENSE)), (d, _n(DCAT_NS + "version"), _lit(facts.version)),
         (d, _n(OWL.versionInfo), _lit(facts.version)), (d, _n(DCTERMS.identifier), _lit(facts.content_hash)),
         (d, _n(DCTERMS.issued), _when(facts.issued)), (d, _n(DCTERMS.modified), _when(facts.modified)),
         (d, _n(DCAT.landingPage), _n(facts.service + "dataset.html")), (d, _n(DCTERMS.conformsTo), _n(ONTOLOGY_IRI)),
         (d, _n(VOID.sparqlEndpoint), _n(facts.service + "sparql")), (d, _n(VOID.uriSpace), _lit(iris.base + "id/")),
         (d, _n(VOID.triples), _lit(facts.stats.union, XSD.integer)),
         (d, _n(VOID.entities), _lit(facts.partitions.entities, XSD.integer)),
         (d, _n(VOID.classes), _lit(len(facts.partitions.classes), XSD.integer)),
         (d, _n(VOID.properties), _lit(len(facts.partitions.properties), XSD.integer)),
         (d, _n(VOID.distinctSubjects), _lit(facts.partitions.distinct_subjects, XSD.integer)),
         (d, _n(VOID.distinctObjects), _lit(facts.partitions.distinct_objects, XSD.integer))]
    if facts.ontology_version:
        t.append((d, _n(DCTERMS.conformsTo), _n(f"{ONTOLOGY_IRI}/{facts.ontology_version}")))
    t += [(d, _n(DCAT.theme), _n(theme)) for theme in EU_THEMES]
    t += [(d, _n(DCAT.keyword), _lit(k, lang="en")) for k in facts.keywords]
    t += [(d, _n(DCTERMS.spatial), _n(place)) for place in facts.spatial]
    t += [(d, _n(VOID.vocabulary), _n(ns)) for ns in sorted(set(PREFIXES.values()))]
    t += [(d, _n(VOID.exampleResource), _n(e)) for e in facts.examples]
    t += _agents(facts, d)
    t += _services(facts, d)
    for cls, n in facts.partitions.classes.items():
        part = _n(partition_iri(facts.iri, "class", cls))
        t += [(d, _n(VOID.classPartition), part), (part, _n(VOID["class"]), _n(cls)),
              (part, _n(VOID.entities), _lit(n, XSD.integer))]
    for prop, n in facts.partitions.properties.items():
        part = _n(partition_iri(facts.iri, "property", prop))
        t += [(d, _n(VOID.propertyPartition), part), (part, _n(VOID.property), _n(prop)),
              (part, _n(VOID.triples), _lit(n, XSD.integer))]
    for graph in facts.stats.per_graph:
        t += graph_triples(facts, iris, graph)
    return [ox.Triple(*x) for x in t]


def _agents(facts: DatasetFacts, d: ox.NamedNode) -> list[tuple]:
    publisher, contact, p = _n(facts.iri + "#publisher"), _n(facts.iri + "#contact"), facts.publisher
    t = [(d, _n(DCTERMS.publisher), publisher), (publisher, _n(RDF.type), _n(FOAF.Agent)),
         (publisher, _n(FOAF.name), _lit(p.name)),
         (d, _n(DCAT.contactPoint), contact), (contact, _n(RDF.type), _n(VCARD + "Kind")),
         (contact, _n(VCARD + "fn"), _lit(p.name))]
    if p.homepage:
        t.append((publisher, _n(FOAF.homepage), _n(p.homepage)))
    if p.contact_url:
        t.append((contact, _n(VCARD + "hasURL"), _n(p.contact_url)))
    if p.contact_email:
        t.append((contact, _n(VCARD + "hasEmail"), _n("mailto:" + p.contact_email)))
    return t


def _services(facts: DatasetFacts, d: ox.NamedNode) -> list[tuple]:
    endpoint, service, access = _n(facts.service + "sparql"), _n(facts.iri + "#sparql-service"), _n(facts.iri + "#sparql")
    t = [(service, _n(RDF.type), _n(DCAT.DataService)), (service, _n(DCTERMS.title), _lit("soilkg SPARQL endpoint", lang="en")),
         (service, _n(DCAT.endpointURL), endpoint), (service, _n(DCAT.endpointDescription), endpoint),
         (service, _n(DCTERMS.conformsTo), _n(SPARQL_PROTOCOL)), (service, _n(DCAT.servesDataset), d),
         (d, _n(DCAT.distribution), access), (access, _n(RDF.type), _n(DCAT.Distribution)),
         (access, _n(DCTERMS.title), _lit("SPARQL endpoint", lang="en")), (access, _n(DCAT.accessURL), endpoint),
         (access, _n(DCAT.accessService), service), (access, _n(DCTERMS.license), _n(LICENSE))]
    for dist in facts.distributions:
        node, url = _n(dist.node), _n(dist.url)
        t += [(d, _n(VOID.dataDump), url), (d, _n(DCAT.distribution), node), (node, _n(RDF.type), _n(DCAT.Distribution)),
              (node, _n(DCTERMS.title), _lit(dist.title, lang="en")), (node, _n(DCAT.accessURL), url),
              (node, _n(DCAT.downloadURL), url), (node, _n(DCAT.mediaType), _n(IANA + dist.media_type)),
              (node, _n(DCTERMS.license), _n(LICENSE))]
        if dist.compressed:
            t.append((node, _n(DCAT.compressFormat), _n(IANA + "application/gzip")))
    return t
