"""What a client's SPARQL text asks for, decided from its tokens before the engine sees it.

:func:`read_query` refuses (:class:`QueryRefused`, with an HTTP status) what this endpoint does not
run: updates (403), SERVICE (400, in any spelling the engine would accept), unreadable text, nesting
or operator chains past the limits that keep the engine's stack safe. Otherwise it returns the query's
dataset: the exact IRIs of its FROM and FROM NAMED clauses, resolved as the engine resolves them.

Oxigraph matches keywords by their first letters with no word boundary (``SERVICEex:x``,
``trueSERVICE<…>`` and ``FROM:g`` are keywords to it) and falls back to a shorter prefixed name
when a local name does not make a valid IRI (``ex:SERVICE<…>`` with ``ex:`` = ``<http://[::1]>``).
So: every word must be a known keyword; no word or prefix name may contain ``service``; no prefix
name may start with ``from`` or ``named``; every prefixed name must use a declared prefix and make a
valid IRI. The lexical rules themselves are in :mod:`graph.sparql_lexer`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.sparql_context import Context, Frame
from graph.sparql_lexer import IRI, PNAME, WORD, Lexer, LexError, Token

NO_SERVICE = "SERVICE is not allowed on this endpoint: it does not call other endpoints"
READ_ONLY = "this endpoint is read-only: SPARQL updates are not accepted"
FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
KEYWORDS = FORMS | {
    "BASE", "PREFIX", "DISTINCT", "REDUCED", "AS", "WHERE", "FROM", "NAMED", "GROUP", "BY", "HAVING", "ORDER",
    "ASC", "DESC", "LIMIT", "OFFSET", "VALUES", "UNDEF", "OPTIONAL", "LATERAL", "MINUS", "GRAPH", "FILTER",
    "BIND", "UNION", "NOT", "EXISTS", "IN", "A", "TRUE", "FALSE", "SEPARATOR",
    "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT",
    "STR", "LANG", "LANGMATCHES", "LANGDIR", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL",
    "FLOOR", "ROUND", "CONCAT", "SUBSTR", "STRLEN", "REPLACE", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS",
    "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS",
    "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "COALESCE", "IF",
    "STRLANG", "STRLANGDIR", "STRDT", "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC",
    "HASLANG", "HASLANGDIR", "REGEX", "TRIPLE", "SUBJECT", "PREDICATE", "OBJECT", "ISTRIPLE", "ADJUST",
}


class QueryRefused(Exception):  # noqa: N818 - the name says what the client is told
    """The query is not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class QueryDataset:
    """The FROM (default) and FROM NAMED graphs of a query; ``given`` is False when it names none."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def resolve(base: str | None, iri: str) -> str:
    """``iri`` (the text between ``<`` and ``>``, escapes included) resolved against ``base`` by the engine's own code."""
    try:
        triple = next(iter(ox.parse(f"<{iri}> <urn:x-p> <urn:x-o> .", format=ox.RdfFormat.TURTLE, base_iri=base)))
    except (SyntaxError, ValueError) as exc:
        raise ValueError(f"<{iri}> is not a valid IRI{' relative to ' + base if base else ''}") from exc
    return triple.subject.value


class _Reader:
    def __init__(self, text: str, prefixes: dict[str, str], base: str | None, max_depth: int, max_operators: int):
        self.text, self.prefixes, self.base = text, dict(prefixes), base
        self.max_depth, self.max_operators = max_depth, max_operators
        self.context = Context()
        self.tokens = Lexer(text, self.context)
        self.default: list[str] = []
        self.named: list[str] = []

    def where(self, offset: int) -> str:
        line = self.text.count("\n", 0, offset) + 1
        return f"line {line}, column {offset - (self.text.rfind(chr(10), 0, offset) + 1) + 1}"

    def refuse(self, token: Token | None, message: str, status: int = 400) -> QueryRefused:
        at = f" ({self.where(token.offset)})" if token is not None else ""
        return QueryRefused(status, message + at)

    def next(self, what: str) -> Token:
        token = next(self.tokens, None)
        if token is None:
            raise self.refuse(None, f"the query ends where {what} was expected")
        self._check(token)
        return token

    def read(self) -> QueryDataset:
        token = self._prologue()
        word = token.text.upper() if token.kind == WORD else ""
        if word.startswith(UPDATES):
            raise QueryRefused(403, READ_ONLY)
        if word not in FORMS:
            raise self.refuse(token, "a query starts with SELECT, CONSTRUCT, DESCRIBE or ASK (after BASE and PREFIX)")
        for token in self.tokens:
            self._check(token)
            if token.kind == WORD and token.text.upper() == "FROM":
                self._from(token)
        return QueryDataset(tuple(self.default), tuple(self.named))

    def _prologue(self) -> Token:
        while True:
            token = self.next("a query")
            word = token.text.upper() if token.kind == WORD else ""
            if word == "BASE":
                iri = self._iri_token("an IRI after BASE")
                self.base = self._resolve(iri)
            elif word == "PREFIX":
                name = self.next("a prefix name after PREFIX")
                if name.kind != PNAME or name.local or name.end != name.offset + len(name.prefix) + 1:
                    raise self.refuse(name, "PREFIX is followed by a prefix name such as 'ex:'")
                self.prefixes[name.prefix] = self._resolve(self._iri_token("an IRI after the prefix name"))
            else:
                return token

    def _iri_token(self, what: str) -> Token:
        token = self.next(what)
        if token.kind != IRI:
            raise self.refuse(token, f"expected {what}")
        return token

    def _resolve(self, token: Token) -> str:
        try:
            return resolve(self.base, self.text[token.offset + 1:token.end - 1])
        except ValueError as exc:
            raise self.refuse(token, str(exc)) from exc

    def _from(self, token: Token) -> None:
        if len(self.context.stack) > 1:
            raise self.refuse(token, "FROM may only stand between the query form and WHERE")
        target = self.next("NAMED or an IRI after FROM")
        into = self.default
        if target.kind == WORD and target.text.upper() == "NAMED":
            into, target = self.named, self.next("an IRI after FROM NAMED")
        if target.kind == IRI:
            into.append(self._resolve(target))
        elif target.kind == PNAME:
            into.append(self.prefixes[target.prefix] + target.local)
        else:
            raise self.refuse(target, "FROM and FROM NAMED are followed by an IRI")

    def _check(self, token: Token) -> None:
        if token.kind == WORD:
            word = token.text.upper()
            if "SERVICE" in word:
                raise self.refuse(token, NO_SERVICE)
            if word not in KEYWORDS and not word.startswith(UPDATES):
                raise self.refuse(token, f"unknown word '{token.text}' (keywords are separated by spaces)")
        elif token.kind == PNAME:
            self._check_pname(token)
        if self.context.depth > self.max_depth:
            raise self.refuse(token, f"the query nests brackets more than {self.max_depth} deep")
        if self.context.operators > self.max_operators:
            raise self.refuse(token, f"the query chains more than {self.max_operators} operators (UNION, OPTIONAL, "
                                     "FILTER, ||, +, /, ...): use VALUES or IN for long lists of alternatives")

    def _check_pname(self, token: Token) -> None:
        prefix = token.prefix.lower()
        if "service" in prefix:
            raise self.refuse(token, NO_SERVICE + " (a prefix name containing 'service' reads as SERVICE to the engine)")
        if prefix.startswith(("from", "named")):
            raise self.refuse(token, f"the prefix name '{token.prefix}:' reads as the keyword FROM or NAMED to the "
                                     "query engine: choose another prefix name")
        if self.context.top.kind == Frame.QUERY and self.context.top.mode == "prologue":
            return  # the name being declared
        if token.prefix not in self.prefixes:
            raise self.refuse(token, f"undeclared prefix '{token.prefix}:'")
        if token.local:
            try:
                ox.NamedNode(self.prefixes[token.prefix] + token.local)
            except ValueError as exc:
                raise self.refuse(token, f"'{token.text}' does not make a valid IRI: {exc}") from exc


def read_query(text: str, prefixes: dict[str, str], base_iri: str | None, max_depth: int = 64,
               max_operators: int = 1000) -> QueryDataset:
    """The dataset ``text`` names, or :class:`QueryRefused` for what this endpoint does not run.

    ``prefixes`` are those the engine knows without declarations; ``base_iri`` resolves relative IRIs.

    >>> read_query("SELECT * FROM<urn:g> FROM NAMED ex:h { ?s ?p ?o }", {"ex": "urn:"}, None).named_graphs
    ('urn:h',)
    """
    reader = _Reader(text, prefixes, base_iri, max_depth, max_operators)
    try:
        return reader.read()
    except LexError as exc:
        raise QueryRefused(400, f"unreadable query: {exc} ({reader.where(exc.offset)})") from exc
