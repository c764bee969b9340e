"""The service's settings, from ``SOILKG_*`` environment variables or arguments."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.resources import bundled, default_store
from graph.namespaces import DEFAULT_BASE_IRI, Iris


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
    query_workers: int = Field(2, gt=0, description="processes that evaluate queries")
    keep_versions: int = Field(20, gt=0, description="newest dataset versions whose statements are kept for diffs")

    @property
    def iris(self) -> Iris:
        return Iris(self.base_iri if self.base_iri.endswith("/") else self.base_iri + "/")
