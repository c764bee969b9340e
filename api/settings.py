"""The service's settings, from ``SOILKG_*`` environment variables or arguments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.resources import bundled, default_store
from graph.namespaces import DEFAULT_BASE_IRI, Iris


def _is_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


class Settings(BaseSettings):
    """Where things are and the limits the public endpoint enforces."""

    model_config = SettingsConfigDict(env_prefix="SOILKG_", extra="ignore")

    store: Path = Field(default_factory=default_store, description="folder of the embedded Oxigraph store")
    data_dir: Path = Field(default_factory=lambda: bundled("data"))
    ontology_dir: Path = Field(default_factory=lambda: bundled("ontology"))
    queries_dir: Path = Field(default_factory=lambda: bundled("queries"))
    base_iri: str = DEFAULT_BASE_IRI
    query_timeout: float = Field(10.0, gt=0, description="seconds a SPARQL query may run before it is stopped")
    max_rows: int = Field(10_000, gt=0, description="most result rows (or triples) one query may return")
    max_query_bytes: int = Field(200_000, gt=0, description="longest SPARQL query text accepted")
    query_workers: int = Field(2, gt=0, description="processes that evaluate /sparql queries")
    named_query_workers: int = Field(2, gt=0, description="processes that evaluate the named queries of /api/queries")
    sparql_worker_nice: int = Field(10, ge=0, le=19, description="how much lower the CPU priority of /sparql workers is")
    query_queue: int = Field(64, ge=0, description="queries that may wait for a busy worker (per lane); more get 503")
    query_queue_wait: float = Field(2.0, ge=0, description="seconds a query waits for a worker before it gets 503")
    query_memory_mb: int = Field(1024, ge=256, description="address-space limit of each query worker, in MiB")
    max_result_bytes: int = Field(16 * 2**20, gt=0, description="largest answer one query may return, in bytes")
    max_query_depth: int = Field(64, gt=0, description="deepest nesting of brackets a query may have")
    max_query_operators: int = Field(1000, gt=0, description="most chained operators (UNION, FILTER, ||, / ...) in a query")
    request_read_timeout: float = Field(15.0, gt=0, description="seconds a client has to send a whole request")
    keep_versions: int = Field(20, gt=0, description="newest dataset versions whose statements are kept for diffs")
    publisher: str = Field("soilkg project", description="who publishes the dataset (dcterms:publisher, foaf:name)")
    publisher_homepage: str | None = Field(None, description="the publisher's homepage (an http(s) IRI)")
    contact_url: str | None = Field(None, description="dcat:contactPoint URL, e.g. the repository's issue tracker")
    contact_email: str | None = Field(None, pattern=r"^[^@\s<>\"]+@[^@\s<>\"]+$",
                                      description="dcat:contactPoint e-mail address")
    dataset_issued: date | None = Field(None, description="dcterms:issued of the dataset (default: when the served "
                                                          "version was loaded)")

    @field_validator("publisher_homepage", "contact_url")
    @classmethod
    def _http_iri(cls, value: str | None) -> str | None:
        if value is not None and not (value.startswith(("http://", "https://")) and _is_iri(value)):
            raise ValueError(f"expected an http(s) IRI, got {value!r}")
        return value

    @property
    def iris(self) -> Iris:
        return Iris(self.base_iri if self.base_iri.endswith("/") else self.base_iri + "/")
