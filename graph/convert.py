"""Convert rdflib terms and quads into pyoxigraph ones and back (no serialisation round trip)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD


def to_ox(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


def stream_ox_quads(quads: Iterable[tuple]) -> Iterator[ox.Quad]:
    """rdflib (s, p, o, g) tuples as pyoxigraph quads, one at a time."""
    return (ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in quads)


def to_ox_quads(quads: Iterable[tuple]) -> list[ox.Quad]:
    """rdflib (s, p, o, g) tuples as pyoxigraph quads."""
    return list(stream_ox_quads(quads))


def from_ox(term) -> URIRef | BNode | Literal:
    """One pyoxigraph term as the equal rdflib term (``xsd:string`` literals plain, as rdflib parses them).

    >>> from_ox(ox.Literal("2015", datatype=ox.NamedNode(str(XSD.gYear)))).datatype == XSD.gYear
    True
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == str(XSD.string) else Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")
