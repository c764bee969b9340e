"""Serialise SPARQL results in every standard format, with a cap on the number of rows.

pyoxigraph serialises a whole result iterator at once; to stop a query at ``max_rows`` the rows are
drawn here one by one and written in the W3C formats (SPARQL 1.1 Query Results JSON, XML, CSV, TSV).
Graph results (CONSTRUCT, DESCRIBE) are capped the same way and written by pyoxigraph. :func:`table`
gives rows as plain JSON values for the named-query API.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"


class ResultTooLarge(Exception):  # noqa: N818 - the name says what the client is told
    """The query produced more rows or more bytes than the configured limits."""


def _size(term) -> int:
    if term is None:
        return 0
    if isinstance(term, ox.Triple):
        return _size(term.subject) + _size(term.predicate) + _size(term.object)
    return len(term.value) + 8


def _too_many_bytes(max_bytes: int) -> str:
    return f"the result is larger than {max_bytes} bytes: add a LIMIT or select fewer or shorter values"


def check_size(body: bytes, max_bytes: int | None) -> None:
    """:class:`ResultTooLarge` if ``body`` is longer than ``max_bytes`` (None: no limit)."""
    if max_bytes is not None and len(body) > max_bytes:
        raise ResultTooLarge(_too_many_bytes(max_bytes))


def take(rows: Iterator, max_rows: int, max_bytes: int | None = None) -> list:
    """Up to ``max_rows`` items of ``rows`` (tuples of terms, or triples) holding at most ``max_bytes`` of values.

    Raises :class:`ResultTooLarge` past either limit, before the rest is read or anything is serialised.
    """
    out, size = [], 0
    for row in rows:
        if len(out) == max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows} rows: add a LIMIT or narrow the query")
        if max_bytes is not None:
            size += sum(map(_size, row)) if isinstance(row, tuple) else _size(row)
            if size > max_bytes:
                raise ResultTooLarge(_too_many_bytes(max_bytes))
        out.append(row)
    return out


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate), "object": _json_term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
        return "<triple>" + "".join(f"<{n}>{_xml_term(t)}</{n}>" for n, t in parts) + "</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def _tsv_term(term) -> str:
    return "" if term is None else str(term)  # pyoxigraph's str() is the N-Triples / Turtle form


def solutions(variables: list[str], rows: list, fmt: ox.QueryResultsFormat) -> bytes:
    """SELECT results as bytes in ``fmt``; ``rows`` hold pyoxigraph terms or None per variable."""
    if fmt == ox.QueryResultsFormat.JSON:
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode()
    if fmt == ox.QueryResultsFormat.XML:
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        body = "".join(
            "<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                 for v, t in zip(variables, row, strict=True) if t is not None) + "</result>"
            for row in rows)
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head><results>{body}</results></sparql>\n").encode()
    if fmt == ox.QueryResultsFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return buffer.getvalue().encode()
    lines = ["\t".join("?" + v for v in variables)] + ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def triples(items: list, fmt: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    """CONSTRUCT or DESCRIBE results in ``fmt``."""
    return ox.serialize(items, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None)


NUMBER_TYPES = {XSD + t: int for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                       "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong")}
NUMBER_TYPES.update({XSD + t: float for t in ("decimal", "double", "float")})


def native(term):
    """A term as a plain JSON value: IRIs and strings as text, numbers, booleans and ``xsd:gYear`` as numbers.

    >>> native(ox.Literal("2004", datatype=ox.NamedNode(XSD + "gYear")))
    2004
    >>> native(ox.Literal("ក", language="km"))
    'ក'
    """
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, ox.Literal):
        return term.value if isinstance(term, ox.NamedNode) else str(term)
    datatype = term.datatype.value
    try:
        if datatype in NUMBER_TYPES:
            return NUMBER_TYPES[datatype](term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == XSD + "gYear" and term.value.lstrip("-").isdigit():
            return int(term.value)
    except ValueError:
        pass
    return term.value


def table(variables: list[str], rows: list) -> list[dict]:
    """Rows as ``{variable: plain value}`` (None when unbound), in the order of ``variables``."""
    return [{v: native(t) for v, t in zip(variables, row, strict=True)} for row in rows]
