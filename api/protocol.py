"""Reading a SPARQL 1.1 Protocol query request: the three operations, their parameters and the dataset.

https://www.w3.org/TR/sparql11-protocol/#query-operation — GET with ``?query=``, POST with an
``application/x-www-form-urlencoded`` body, or POST with an ``application/sparql-query`` body (graph
parameters then in the URL). Every conflict is a :class:`ProtocolError` carrying the HTTP status.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import parse_qs

from fastapi import Request
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery

log = logging.getLogger(__name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL updates are not accepted"
NO_SERVICE = "federated queries (SERVICE) are not supported: this endpoint does not call other endpoints"

UPDATE_START = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
SERVICE = re.compile(r"(?<![?$\w])SERVICE\s+(?:SILENT\s+)?(?:<|[A-Za-z_][\w.-]*:|:|[?$])", re.IGNORECASE)
FROM = re.compile(r"(?<![?$\w])FROM\s+(?:NAMED\s+)?(?:<|[A-Za-z_][\w.-]*:|:)", re.IGNORECASE)  # not ?from


class ProtocolError(Exception):
    """A request the protocol does not allow; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class QueryRequest:
    """One query operation: the query text, the protocol's dataset and the ``?format=`` shortcut(s)."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()  # the ``format`` parameter(s), a non-standard shortcut


def uses_service(text: str) -> bool:
    """True when ``text`` calls another endpoint (SERVICE), which this endpoint refuses.

    The engine would send the request from the server, to any address a client names (internal ones too).

    >>> uses_service("SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }"), uses_service("SELECT ?service {}")
    (True, False)
    """
    return SERVICE.search(COMMENT.sub("", text)) is not None


def looks_like_update(text: str) -> bool:
    """True when ``text`` starts like a SPARQL update (after comments and prologue).

    >>> looks_like_update("# hi\\nPREFIX x: <urn:x>\\nDROP ALL")
    True
    """
    return UPDATE_START.match(COMMENT.sub("", text)) is not None


def _parse_qs(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the parameters are not valid percent-encoded UTF-8: {exc}") from exc


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"the request body is longer than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"the request body is longer than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _content_type(request: Request) -> tuple[str, str]:
    """The media type and charset of the request body."""
    media, *params = [p.strip() for p in request.headers.get("content-type", "").split(";")]
    charset = next((v.strip('"').lower() for k, _, v in (p.partition("=") for p in params) if k.lower() == "charset"), "")
    return media.lower(), charset


async def read_query_request(request: Request, max_query_bytes: int) -> QueryRequest | None:
    """The query operation in ``request``; None for a GET without a query (the service description)."""
    params = _parse_qs(request.url.query)
    if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise ProtocolError(403, READ_ONLY)
    if request.method == "GET":
        if "query" not in params:
            return None
        query = params["query"]
        too_long = 414, f"the query is longer than {max_query_bytes} bytes: send it by POST"
    else:
        media, charset = _content_type(request)
        if media == UPDATE:
            raise ProtocolError(403, READ_ONLY)
        if media not in (FORM, DIRECT):
            raise ProtocolError(415, f"send the query as {FORM} or {DIRECT}, not {media or 'a body without Content-Type'}")
        body = await _body(request, max_query_bytes * 3 + 4096)  # percent-encoding at most triples the size
        if media == FORM:
            form = _parse_qs(_decode(body, "utf-8"))
            if "update" in form:
                raise ProtocolError(403, READ_ONLY)
            if "query" in params and "query" in form:
                raise ProtocolError(400, "the query is given both in the URL and in the form body")
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            query = params.get("query", [])
        else:
            if "query" in params:
                raise ProtocolError(400, f"a POST of {DIRECT} carries the query in its body, not also in the URL")
            query = [_decode(body, charset or "utf-8")]
        too_long = 413, f"the query is longer than {max_query_bytes} bytes"
    if len(query) != 1:
        raise ProtocolError(400, "give exactly one 'query' parameter" if query else "missing 'query' parameter")
    if not query[0].strip():
        raise ProtocolError(400, "the query is empty")
    if len(query[0].encode()) > max_query_bytes:
        raise ProtocolError(*too_long)
    return QueryRequest(query[0], _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"),
                        tuple(params.get("format", [])))


def _decode(body: bytes, charset: str) -> str:
    try:
        return body.decode(charset)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ProtocolError(400, f"the request body is not valid {charset}: {exc}") from exc


def _graphs(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    values = tuple(v.strip() for v in params.get(name, []))
    for value in values:
        if not ABSOLUTE_IRI.match(value):
            raise ProtocolError(400, f"'{name}' must be an absolute IRI, got {value!r}")
    return values


def dataset_of(request: QueryRequest, prefixes: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The (default graphs, named graphs) to evaluate with; both empty means the union default graph.

    The protocol's ``default-graph-uri``/``named-graph-uri`` win over the query's FROM/FROM NAMED
    (SPARQL 1.1 Protocol 2.1.4). A dataset that names only one of the two leaves the other empty.
    """
    defaults, named = request.default_graphs, request.named_graphs
    if not defaults and not named:
        defaults, named = query_dataset(request.query, prefixes)
    return defaults, named  # the executor reads an empty side as "no graph", not as "all graphs"


def query_dataset(text: str, prefixes: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The IRIs of the query's FROM and FROM NAMED clauses (parsed only when ``FROM`` occurs at all)."""
    if not FROM.search(text):
        return (), ()
    try:
        parsed = parseQuery(text)
    except ParseException:
        return (), ()  # leave the error to the engine, which reports it with a position
    except Exception:  # noqa: BLE001 - rdflib's parser can fail on what Oxigraph accepts
        log.warning("could not read the dataset clause of a query; using the union default graph", exc_info=True)
        return (), ()
    prologue, body = parsed[0], parsed[1]
    known = dict(prefixes)
    for decl in prologue:
        if "prefix" in decl or decl.name == "PrefixDecl":
            known[decl.get("prefix") or ""] = str(decl["iri"])
    defaults, named = [], []
    for clause in body.get("datasetClause") or []:
        for key, target in (("default", defaults), ("named", named)):
            if key in clause:
                target.append(_iri(clause[key], known))
    return tuple(defaults), tuple(named)


def _iri(term, prefixes: dict[str, str]) -> str:
    if hasattr(term, "localname") or getattr(term, "name", "") == "pname":
        prefix = term.get("prefix") or ""
        if prefix not in prefixes:
            raise ProtocolError(400, f"undeclared prefix '{prefix}:' in FROM")
        return prefixes[prefix] + (term.get("localname") or "")
    return str(term)
