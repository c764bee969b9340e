"""The small hand-made graph of the viz tests (tests/viz/fixtures/mini.ttl) and what it must give."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.namespaces import DEFAULT_BASE_IRI

FIXTURES = Path(__file__).parent / "fixtures"
BASE = DEFAULT_BASE_IRI

# The partner map the fixture must give, written out by hand: (source, relation kind, target).
EXPECTED_RELATIONS = {
    ("kh-itc", "member", "irc"), ("kh-rua", "member", "irc"), ("la-nafri", "member", "irc"), ("la-nafri", "member", "gsp"),
    ("kh-rua", "sub-organisation", "kh-maff"), ("kh-cardec", "sub-organisation", "kh-maff"),
    ("la-lonely", "collaborates", "la-nafri"), ("fao", "collaborates", "gsp"),
    ("kh-maff", "leads", "kh-prog"), ("kh-rua", "participates", "kh-prog"), ("kh-itc", "operates", "kh-site"),
    ("fao", "funding", "kh-prog"), ("aciar", "support", "kh-prog"), ("aciar", "support", "kh-chain"),
    ("kh-cardec", "information", "kh-maff"), ("kh-maff", "information", "kh-farmers"),
}


def quads() -> list[ox.Quad]:
    """The fixture's triples in one named graph."""
    graph = ox.NamedNode(BASE + "graph/fixture")
    triples = ox.parse(path=str(FIXTURES / "mini.ttl"), format=ox.RdfFormat.TURTLE)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
