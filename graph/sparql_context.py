"""Which brackets of a SPARQL query hold expressions, so that ``<`` is read as the engine reads it.

Inside an expression, ``<`` after an operand is "less than"; everywhere else it opens an IRI. The
engine (a PEG parser) decides this from the grammar rule it is in; here the same is decided from the
enclosing bracket and the tokens before it:

* a ``(`` holds an expression after FILTER, BIND, a function or aggregate name, a function IRI right
  after FILTER, inside another expression, in a SELECT clause and in GROUP BY / HAVING / ORDER BY;
* a ``(`` after VALUES, inside a VALUES block, in triple patterns (collections, path groups) and
  ``<<(`` triple terms holds terms, never an expression.

The context also counts nesting depth and the operators that make the engine's algebra deeper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OPERAND_END = {"var", "iri", "pname", "string", "number", "langtag", "bnode"}
OPERAND_END_PUNCT = {")", "}", "]", ">>"}
CHAIN_WORDS = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "LATERAL"}
CHAIN_PUNCT = {"||", "&&", "+", "-", "*", "/", "|", "^", "{"}
NOT_FUNCTIONS = {"A", "VALUES"}  # upper-cased: the verb a, VALUES (?x ?y)


@dataclass
class Frame:
    """One open bracket (or the query itself, at the bottom of the stack)."""

    kind: str
    mode: str = "triples"  # for QUERY and GROUP: triples, select, where, modifiers or values
    resume: str = "triples"  # the mode to return to after a VALUES block

    QUERY, GROUP, EXPR, TERMS, BLANK, DATA, TRIPLE = "query", "group", "expr", "terms", "blank", "data", "triple"


@dataclass
class Context:
    """Fed every token in order; answers :meth:`less_than_here` for the next ``<``."""

    stack: list[Frame] = field(default_factory=lambda: [Frame(Frame.QUERY, mode="prologue")])
    previous: tuple = (None, None)  # (kind, upper-cased text) of the last two tokens, newest first
    depth: int = 0
    max_depth: int = 0
    operators: int = 0

    @property
    def top(self) -> Frame:
        return self.stack[-1]

    def less_than_here(self) -> bool:
        """True when a ``<`` at this point is the "less than" operator rather than the start of an IRI."""
        kind, text = self.previous[0] or (None, None)
        if self.top.kind != Frame.EXPR or kind is None:
            return False
        return kind in OPERAND_END or (kind == "punct" and text in OPERAND_END_PUNCT) or (
            kind == "word" and text in ("TRUE", "FALSE"))

    def feed(self, token) -> None:
        text = token.text.upper() if token.kind in ("word", "punct") else token.text
        if token.kind == "word":
            self._word(text)
        elif token.kind == "punct":
            self._punct(text)
        self.previous = ((token.kind, text), self.previous[0])

    def _word(self, word: str) -> None:
        if word in CHAIN_WORDS:
            self.operators += 1
        frame = self.top
        if frame.kind not in (Frame.QUERY, Frame.GROUP):
            return
        if word == "SELECT":
            frame.mode = "select"
        elif word == "WHERE":
            frame.mode = "where"
        elif word in ("GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET"):
            frame.mode = "modifiers"
        elif word == "VALUES":
            frame.resume, frame.mode = ("modifiers" if frame.mode != "triples" else "triples"), "values"
        elif word in ("CONSTRUCT", "DESCRIBE", "ASK"):
            frame.mode = "where"

    def _punct(self, punct: str) -> None:
        if punct in CHAIN_PUNCT:
            self.operators += 1
        if punct in ("(", "{", "[", "<<", "{|"):
            self._open(punct)
        elif punct in (")", "}", "]", ">>", "|}") and len(self.stack) > 1:
            self.stack.pop()
            self.depth -= 1
            if punct == "}" and self.top.mode == "values":
                self.top.mode = self.top.resume

    def _open(self, punct: str) -> None:
        frame = self.top
        if punct == "(":
            kind = self._paren_kind(frame)
        elif punct == "[":
            kind = Frame.BLANK
        elif punct == "<<":
            kind = Frame.TRIPLE
        elif frame.kind in (Frame.QUERY, Frame.GROUP) and frame.mode == "values":
            kind = Frame.DATA
        else:
            kind = Frame.GROUP
            if frame.kind in (Frame.QUERY, Frame.GROUP) and frame.mode in ("select", "where", "prologue"):
                frame.mode = "modifiers"  # the pattern of a (sub)query: what follows its '}' are modifiers
        self.stack.append(Frame(kind))
        self.depth += 1
        self.max_depth = max(self.max_depth, self.depth)

    def _paren_kind(self, frame: Frame) -> str:
        if frame.kind == Frame.EXPR:
            return Frame.EXPR
        kind, text = self.previous[0] or (None, None)
        if frame.kind in (Frame.TERMS, Frame.DATA, Frame.TRIPLE) or (kind, text) == ("punct", "<<"):
            return Frame.TERMS
        if frame.kind in (Frame.QUERY, Frame.GROUP):
            if frame.mode in ("select", "modifiers"):
                return Frame.EXPR
            if frame.mode == "values":
                return Frame.TERMS
        if kind == "word" and text not in NOT_FUNCTIONS:
            return Frame.EXPR  # FILTER(, BIND(, a built-in or aggregate name
        if kind in ("iri", "pname") and self.previous[1] == ("word", "FILTER"):
            return Frame.EXPR  # FILTER <function>(
        return Frame.TERMS
