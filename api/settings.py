"""The service's settings, from ``SOILKG_*`` environment variables or arguments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.namespaces import DEFAULT_BASE_IRI, Iris

ROOT = Path(__file__).resolve().parents[1]


def _is_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


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
