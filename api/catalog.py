"""The library of named queries: ``queries/*.rq`` files with a ``#+`` YAML header.

Each header is checked strictly at start-up (unknown keys are errors); each declared parameter
must occur as ``?name`` in the body. Parameter values reach SPARQL only as bound terms (pyoxigraph
substitutions), never as query text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal as TypingLiteral

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from rdflib.term import Literal, URIRef

from graph.namespaces import Iris

HEADER = re.compile(r"^#\+ ?(.*)$")
IRI_OK = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
CODE_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


class CatalogError(ValueError):
    """A query file is malformed (raised at start-up, naming the file)."""


class ParameterError(ValueError):
    """A parameter value is not acceptable (a client error)."""


class Parameter(BaseModel):
    """A declared query parameter."""

    model_config = ConfigDict(extra="forbid")

    type: TypingLiteral["iri", "string", "integer", "year", "country", "topic", "entity"]
    description: str = ""
    required: bool = False
    default: str | int | None = None
    enum: list[str] | None = None
    example: str | int | None = None


class Header(BaseModel):
    """The metadata of a named query."""

    model_config = ConfigDict(extra="forbid")

    summary: str
    description: str = ""
    tags: list[str] = []
    params: dict[str, Parameter] = {}
    limit: int | None = None


class NamedQuery(BaseModel):
    """One named query: its name (file stem), header and SPARQL body."""

    name: str
    header: Header
    sparql: str

    def render(self, values: dict[str, str | int | None], iris: Iris) -> str:
        """The query with the validated values bound by a VALUES block opening its WHERE clause.

        Values become RDF terms first (:func:`to_term`), so text from a client can never change the query.
        Raises ParameterError.
        """
        bound = self.bind(values, iris)
        if not bound:
            return self.sparql
        names = " ".join(f"?{n}" for n in bound)
        block = f"\n  VALUES ({names}) {{ ({' '.join(bound.values())}) }}"
        where = WHERE.search(self.sparql)
        return self.sparql[: where.end()] + block + self.sparql[where.end():]

    def bind(self, values: dict[str, str | int | None], iris: Iris) -> dict[str, str]:
        """Validated values as N-Triples terms, by parameter name; raises ParameterError."""
        bound = {}
        for name, param in self.header.params.items():
            value = values.get(name)
            if value in (None, ""):
                value = param.default
            if value in (None, ""):
                if param.required:
                    raise ParameterError(f"parameter '{name}' is required ({param.type})")
                continue
            if param.enum is not None and str(value) not in param.enum:
                raise ParameterError(f"parameter '{name}' must be one of {', '.join(param.enum)}")
            bound[name] = to_term(param.type, value, iris, name).n3()
        return bound


def to_term(kind: str, value: str | int, iris: Iris, name: str = "value") -> URIRef | Literal:
    """Turn one parameter value into an RDF term, refusing anything that is not of its type."""
    text = str(value).strip()
    if kind == "iri":
        if not IRI_OK.match(text):
            raise ParameterError(f"parameter '{name}' must be an http(s) IRI")
        return URIRef(text)
    if kind in ("country", "entity", "topic"):
        if not CODE_OK.match(text):
            raise ParameterError(f"parameter '{name}' must be a {kind} code such as "
                                 + {"country": "KH", "entity": "kh-maff", "topic": "soil-organic-carbon"}[kind])
        if kind == "country":
            return iris.entity(f"country-{text.lower()}")
        return iris.concept("topics", text) if kind == "topic" else iris.entity(text)
    if kind in ("integer", "year"):
        if not re.fullmatch(r"-?\d{1,9}", text):
            raise ParameterError(f"parameter '{name}' must be a whole number")
        return Literal(text, datatype=URIRef("http://www.w3.org/2001/XMLSchema#" + ("gYear" if kind == "year" else "integer")))
    return Literal(text)


def parse_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; raises CatalogError naming the file and what is wrong."""
    text = path.read_text(encoding="utf-8")
    header_lines = [m.group(1) for line in text.splitlines() if (m := HEADER.match(line))]
    body = "\n".join(line for line in text.splitlines() if not HEADER.match(line)).strip()
    try:
        header = Header.model_validate(yaml.safe_load("\n".join(header_lines)) or {})
    except (yaml.YAMLError, ValidationError) as exc:
        raise CatalogError(f"{path}: bad '#+' header: {exc}") from exc
    for name in header.params:
        if not re.search(rf"[?$]{re.escape(name)}\b", body):
            raise CatalogError(f"{path}: parameter '{name}' is declared but ?{name} does not occur in the query")
    if not re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", body, re.IGNORECASE):
        raise CatalogError(f"{path}: a named query must be SELECT, CONSTRUCT, ASK or DESCRIBE")
    if header.params and not WHERE.search(body):
        raise CatalogError(f"{path}: a query with parameters must spell out 'WHERE {{' (its values are bound there)")
    return NamedQuery(name=path.stem, header=header, sparql=body)


def load_catalog(folder: Path) -> dict[str, NamedQuery]:
    """Every named query in ``folder`` (not its subfolders), by name."""
    return {q.name: q for q in map(parse_query_file, sorted(folder.glob("*.rq")))}
