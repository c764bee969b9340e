"""The library of named queries: ``queries/*.rq`` files with a ``#+`` YAML header.

Each header is checked strictly at start-up (unknown keys are errors); every parameter declares its
type and an example, and must occur as ``?name`` in the body; the body and every ``enum_query`` are
parsed by the engine that runs them. Parameter values reach SPARQL only as validated RDF terms in a
VALUES block, never as query text. The header keys are documented in ``queries/README.md``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from rdflib.term import Literal, URIRef

from graph.namespaces import PREFIXES, VOCAB, XSD, Iris

HEADER = re.compile(r"^#\+ ?(.*)$")
IRI_OK = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
CODE_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
FORM = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)
TRAILING_SLICE = re.compile(r"\b(LIMIT|OFFSET)\b", re.IGNORECASE)
ENUM_FILE = re.compile(r"^[a-z][a-z0-9_-]*$")
RESERVED = {"limit", "offset", "format"}
CODE_EXAMPLES = {"country": "KH", "entity": "kh-maff", "topic": "soil-organic-carbon", "concept": "funding"}


class CatalogError(ValueError):
    """A query file is malformed (raised at start-up, naming the file)."""


class ParameterError(ValueError):
    """A parameter value is not acceptable (a client error); ``param`` names the parameter."""

    def __init__(self, message: str, param: str = ""):
        super().__init__(message)
        self.param = param


class Parameter(BaseModel):
    """A declared query parameter."""

    model_config = ConfigDict(extra="forbid")

    type: TypingLiteral["iri", "string", "integer", "year", "country", "topic", "entity", "concept"]
    description: str = ""
    required: bool = False
    default: str | int | None = None
    enum: list[str] | None = None
    enum_query: str | None = None  # SELECT ?value [?label]; or the name of queries/enums/<name>.rq
    vocabulary: str | None = None  # for type concept: the vocabulary file stem in ontology/vocab/
    example: str | int

    @model_validator(mode="after")
    def _consistent(self) -> Parameter:
        if self.type == "concept" and not self.vocabulary:
            raise ValueError("a parameter of type concept needs 'vocabulary' (e.g. support-types)")
        if self.enum is not None and self.enum_query is not None:
            raise ValueError("give either 'enum' or 'enum_query', not both")
        if self.enum is not None and str(self.example) not in self.enum:
            raise ValueError(f"the example {self.example!r} is not in 'enum'")
        return self

    @property
    def python_type(self) -> type:
        return int if self.type in ("integer", "year") else str


class Header(BaseModel):
    """The metadata of a named query."""

    model_config = ConfigDict(extra="forbid")

    summary: str
    description: str = ""
    tags: list[str] = []
    params: dict[str, Parameter] = {}
    limit: int | None = None  # the most rows one page may have


class NamedQuery(BaseModel):
    """One named query: its name (file stem), header and SPARQL body."""

    name: str
    header: Header
    sparql: str
    enum_queries: dict[str, str] = {}  # parameter -> SPARQL text (file references resolved)

    @property
    def form(self) -> str:
        """SELECT, CONSTRUCT, ASK or DESCRIBE."""
        return FORM.search(_without_prologue(self.sparql)).group(1).upper()

    @property
    def example(self) -> dict[str, str | int]:
        """The example value of every parameter."""
        return {name: p.example for name, p in self.header.params.items()}

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

    def page(self, values: dict[str, str | int | None], iris: Iris, limit: int, offset: int = 0) -> str:
        """:meth:`render` with ``LIMIT``/``OFFSET`` (whole numbers, checked here) appended."""
        if not (isinstance(limit, int) and isinstance(offset, int) and limit >= 0 and offset >= 0):
            raise ParameterError("limit and offset must be whole numbers >= 0", "limit")
        text = self.render(values, iris)
        return text if self.form == "ASK" else f"{text}\nLIMIT {limit}\nOFFSET {offset}"

    def bind(self, values: dict[str, str | int | None], iris: Iris) -> dict[str, str]:
        """Validated values as N-Triples terms, by parameter name; raises ParameterError."""
        bound = {}
        for name, param in self.header.params.items():
            value = values.get(name)
            if value in (None, ""):
                value = param.default
            if value in (None, ""):
                if param.required:
                    raise ParameterError(f"parameter '{name}' is required ({param.type})", name)
                continue
            if param.enum is not None and str(value) not in param.enum:
                raise ParameterError(f"parameter '{name}' must be one of {', '.join(param.enum)}", name)
            bound[name] = to_term(param.type, value, iris, name, param.vocabulary).n3()
        return bound


def to_term(kind: str, value: str | int, iris: Iris, name: str = "value", vocabulary: str | None = None) -> URIRef | Literal:
    """Turn one parameter value into an RDF term, refusing anything that is not of its type."""
    text = str(value).strip()
    if kind == "iri":
        if not IRI_OK.match(text):
            raise ParameterError(f"parameter '{name}' must be an http(s) IRI", name)
        return URIRef(text)
    if kind in CODE_EXAMPLES:
        if not CODE_OK.match(text):
            article = "an" if kind[0] in "aeiou" else "a"
            raise ParameterError(f"parameter '{name}' must be {article} {kind} code such as {CODE_EXAMPLES[kind]}", name)
        if kind == "country":
            return iris.entity(f"country-{text.lower()}")
        if kind == "topic":
            return iris.concept("topics", text)
        return iris.concept(vocabulary or "", text) if kind == "concept" else iris.entity(text)
    if kind in ("integer", "year"):
        if not re.fullmatch(r"-?\d{1,9}", text):
            raise ParameterError(f"parameter '{name}' must be a whole number", name)
        return Literal(text, datatype=XSD.gYear if kind == "year" else XSD.integer)
    return Literal(text)


def from_term(kind: str, term: ox.NamedNode | ox.Literal, iris: Iris, vocabulary: str | None = None) -> str | None:
    """The parameter value that :func:`to_term` would turn into ``term`` (None if there is none).

    >>> from_term("entity", ox.NamedNode("https://w3id.org/soilkg/id/kh-maff"), Iris())
    'kh-maff'
    """
    if isinstance(term, ox.Literal):
        return term.value.upper() if kind == "country" else term.value
    value = term.value
    if kind == "iri":
        return value
    prefixes = {"entity": str(iris.entity("")), "country": str(iris.entity("country-")),
                "topic": str(VOCAB) + "topics/", "concept": f"{VOCAB}{vocabulary}/"}
    prefix = prefixes.get(kind)
    if prefix is None or not value.startswith(prefix):
        return None
    code = value[len(prefix):]
    return code.upper() if kind == "country" else code


def _without_prologue(text: str) -> str:
    return re.sub(r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>|#[^\n]*)\s*)*", "", text, flags=re.IGNORECASE)


def _check_sparql(path: Path, text: str, what: str) -> None:
    try:
        ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise CatalogError(f"{path}: {what} is not valid SPARQL: {exc}") from exc


def parse_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; raises CatalogError naming the file and what is wrong."""
    text = path.read_text(encoding="utf-8")
    header_lines = [m.group(1) for line in text.splitlines() if (m := HEADER.match(line))]
    body = "\n".join(line for line in text.splitlines() if not HEADER.match(line)).strip()
    try:
        header = Header.model_validate(yaml.safe_load("\n".join(header_lines)) or {})
    except (yaml.YAMLError, ValidationError) as exc:
        raise CatalogError(f"{path}: bad '#+' header: {exc}") from exc
    if not FORM.search(_without_prologue(body)):
        raise CatalogError(f"{path}: a named query must be SELECT, CONSTRUCT, ASK or DESCRIBE")
    if header.params and not WHERE.search(body):
        raise CatalogError(f"{path}: a query with parameters must spell out 'WHERE {{' (its values are bound there)")
    if TRAILING_SLICE.search(body[body.rfind("}"):]):
        raise CatalogError(f"{path}: leave LIMIT and OFFSET out (the API pages results; set '#+ limit:' instead)")
    _check_sparql(path, body, "the query")
    enum_queries = {}
    for name, param in header.params.items():
        if name in RESERVED or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise CatalogError(f"{path}: parameter name '{name}' is reserved or not lowercase_with_underscores")
        if not re.search(rf"[?$]{re.escape(name)}\b", body):
            raise CatalogError(f"{path}: parameter '{name}' is declared but ?{name} does not occur in the query")
        try:
            to_term(param.type, param.example, Iris(), name, param.vocabulary)
        except ParameterError as exc:
            raise CatalogError(f"{path}: the example of '{name}' is not valid: {exc}") from exc
        if param.enum_query:
            enum_queries[name] = _enum_query(path, name, param.enum_query)
    return NamedQuery(name=path.stem, header=header, sparql=body, enum_queries=enum_queries)


def _enum_query(path: Path, name: str, value: str) -> str:
    if ENUM_FILE.match(value.strip()):
        source = path.parent / "enums" / f"{value.strip()}.rq"
        if not source.is_file():
            raise CatalogError(f"{path}: enum_query of '{name}' names {source}, which does not exist")
        value = source.read_text(encoding="utf-8")
    if "?value" not in value:
        raise CatalogError(f"{path}: the enum_query of '{name}' must select ?value (and may select ?label)")
    _check_sparql(path, value, f"the enum_query of '{name}'")
    return value


def load_catalog(folder: Path) -> dict[str, NamedQuery]:
    """Every named query in ``folder`` (not its subfolders), by name."""
    return {q.name: q for q in map(parse_query_file, sorted(folder.glob("*.rq")))}
