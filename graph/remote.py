"""A store behind any SPARQL 1.1 server, reached with SPARQLWrapper.

Queries go to the query endpoint; a load replaces the server's whole dataset in one SPARQL update
request (``DROP SILENT ALL`` then ``INSERT DATA``), which a conforming server applies atomically.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pyoxigraph as ox
from SPARQLWrapper import POST, SPARQLWrapper

log = logging.getLogger(__name__)


class RemoteStore:
    """Query and replace the content of a SPARQL 1.1 server."""

    def __init__(self, query_url: str, update_url: str | None = None, timeout: int = 60):
        self.query_url, self.update_url, self.timeout = query_url, update_url, timeout

    def query(self, sparql: str, accept: str = "application/sparql-results+json") -> bytes:
        """The raw answer of the server to ``sparql`` in the ``accept`` media type."""
        wrapper = SPARQLWrapper(self.query_url)
        wrapper.setQuery(sparql)
        wrapper.setMethod(POST)
        wrapper.setTimeout(self.timeout)
        wrapper.addCustomHttpHeader("Accept", accept)
        wrapper.setOnlyConneg(True)
        return wrapper.query().response.read()

    def replace(self, quads: Iterable[ox.Quad]) -> None:
        """Make the server hold exactly ``quads``, in one update request."""
        if not self.update_url:
            raise ValueError("this remote store has no update endpoint")
        graphs: dict[str, list[str]] = {}
        for quad in quads:
            graphs.setdefault(str(quad.graph_name), []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
        body = "\n".join(f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}" for name, lines in graphs.items())
        wrapper = SPARQLWrapper(self.query_url, updateEndpoint=self.update_url)
        wrapper.setMethod(POST)
        wrapper.setTimeout(self.timeout)
        wrapper.setQuery(f"DROP SILENT ALL ;\nINSERT DATA {{\n{body}\n}}")
        wrapper.query()
        log.info("replaced the content of %s (%d graphs)", self.update_url, len(graphs))
