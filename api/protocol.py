"""Reading a SPARQL 1.1 Protocol query request: the three operations, their parameters and the dataset.

https://www.w3.org/TR/sparql11-protocol/#query-operation — GET with ``?query=``, POST with an
``application/x-www-form-urlencoded`` body, or POST with an ``application/sparql-query`` body (graph
parameters then in the URL). Every conflict is a :class:`ProtocolError` carrying the HTTP status.
Only the request is read here; the query text itself is read by the worker that runs it
(:mod:`graph.sparql_text`), under the time limit.
"""

from __future__ import annotations

import asyncio
import codecs
import re
from dataclasses import dataclass
from urllib.parse import parse_qs

from fastapi import Request

from graph.sparql_text import READ_ONLY

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
CHARSETS = {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "ascii", "latin-1",
            "iso8859-1"}
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


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


def _parse_qs(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the parameters are not valid percent-encoded UTF-8: {exc}") from exc


async def _body(request: Request, limit: int, read_timeout: float) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"the request body is longer than {limit} bytes")
    chunks, size = [], 0

    async def read() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ProtocolError(413, f"the request body is longer than {limit} bytes")
            chunks.append(chunk)

    try:
        await asyncio.wait_for(read(), read_timeout)
    except TimeoutError:
        raise ProtocolError(408, f"the request body did not arrive within {read_timeout:g} s") from None
    return b"".join(chunks)


def _content_type(request: Request) -> tuple[str, str]:
    """The media type and charset of the request body."""
    media, *params = [p.strip() for p in request.headers.get("content-type", "").split(";")]
    charset = next((v.strip('"').lower() for k, _, v in (p.partition("=") for p in params) if k.lower() == "charset"), "")
    return media.lower(), charset


async def read_query_request(request: Request, max_query_bytes: int, read_timeout: float) -> QueryRequest | None:
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
        body = await _body(request, max_query_bytes * 3 + 4096, read_timeout)  # percent-encoding at most triples the size
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
    if len(query[0].encode("utf-8", "surrogatepass")) > max_query_bytes:
        raise ProtocolError(*too_long)
    return QueryRequest(query[0], _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"),
                        tuple(params.get("format", [])))


def _decode(body: bytes, charset: str) -> str:
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        codec = ""
    if codec not in CHARSETS:
        raise ProtocolError(415, f"charset {charset!r} is not accepted: send UTF-8 (or UTF-16, UTF-32, ISO-8859-1)")
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the request body is not valid {charset}: {exc}") from exc


def _graphs(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    values = tuple(v.strip() for v in params.get(name, []))
    for value in values:
        if not ABSOLUTE_IRI.match(value):
            raise ProtocolError(400, f"'{name}' must be an absolute IRI, got {value!r}")
    return values
