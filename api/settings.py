"""The service's settings, from ``SOILKG_*`` environment variables or arguments."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.namespaces import DEFAULT_BASE_IRI, Iris

ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Where things are and the limits the public endpoint enforces."""

    model_config = SettingsConfigDict(env_prefix="SOILKG_", extra="ignore")

    store: Path = Field(ROOT / "var" / "store", description="folder of the embedded Oxigraph store")
    data_dir: Path = ROOT / "data"
    ontology_dir: Path = ROOT / "ontology"
    queries_dir: Path = ROOT / "queries"
    base_iri: str = DEFAULT_BASE_IRI
    query_timeout: float = Field(10.0, gt=0, description="seconds a SPARQL query may run before it is stopped")
    max_rows: int = Field(10_000, gt=0, description="most result rows (or triples) one query may return")
    max_query_bytes: int = Field(200_000, gt=0, description="longest SPARQL query text accepted")
    query_workers: int = Field(2, gt=0, description="processes that evaluate queries")

    @property
    def iris(self) -> Iris:
        return Iris(self.base_iri if self.base_iri.endswith("/") else self.base_iri + "/")
