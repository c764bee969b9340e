"""Split SPARQL text into tokens the way the query engine reads it, in one linear pass.

The lexical rules are those of the SPARQL 1.1 grammar (https://www.w3.org/TR/sparql11-query/#grammar)
as Oxigraph implements them, including where Oxigraph differs from the W3C text, because a guard is
only as good as its agreement with the engine behind it:

* ``\\u`` escapes count inside IRIs and strings only (as in SPARQL 1.2); elsewhere a backslash is an
  error, except the ``PN_LOCAL_ESC`` escapes of prefixed names.
* A comment ends at a line feed *or* a carriage return.
* ``<`` opens an IRI except after an operand inside an expression, where it is "less than"
  (``FILTER(?a<'>')`` compares with a string). :class:`Context` tracks which brackets hold expressions.
* A prefixed name's local part takes at most one run of dots followed by name characters
  (``ex:a.b.c`` is ``ex:a.b`` ``.`` ``c``).

Tokens carry their kind and text; strings and IRIs carry their unescaped value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.sparql_context import Context, Frame

IRI, PNAME, WORD, VAR, STRING, NUMBER, LANGTAG, BNODE, PUNCT = (
    "iri", "pname", "word", "var", "string", "number", "langtag", "bnode", "punct")


class LexError(ValueError):
    """The text is not made of SPARQL tokens; ``offset`` is where reading stopped."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Token:
    kind: str
    text: str  # the source text (for IRIs and strings: the unescaped value)
    offset: int
    end: int
    prefix: str = ""  # for PNAME: the prefix without ':'
    local: str = ""  # for PNAME: the local part with its escapes removed


_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd")
_CHARS = _BASE + "_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
PN_PREFIX = re.compile(rf"[{_BASE}][{_CHARS}]*(?:\.+[{_CHARS}]+)*")
PN_LOCAL = re.compile(rf"(?:[{_BASE}_:0-9]|{_PLX})(?:[{_CHARS}:]|{_PLX})*(?:\.+(?:[{_CHARS}:]|{_PLX})+)?")
WORD_RE = re.compile(rf"[{_BASE}][{_BASE}_0-9]*")
VARNAME = re.compile(rf"[{_BASE}_0-9][{_BASE}_0-9\u00b7\u0300-\u036f\u203f-\u2040]*")
BNODE_RE = re.compile(rf"_:[{_BASE}_0-9][{_CHARS}]*(?:\.+[{_CHARS}]+)*")
LANG_RE = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?")
NUMBER_RE = re.compile(r"(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+"
                       r"|[0-9]*\.[0-9]+|[0-9]+)")
IRI_CHAR = re.compile(r'[^<>"{}|^`\\\x00-\x20]+')
UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
PUNCTUATION = ("^^", "||", "&&", "!=", "<=", ">=", "{|", "|}", "{", "}", "(", ")", "[", "]", ".", ",", ";",
               "*", "+", "-", "/", "|", "^", "!", "=", ">", "?", "~")
SPACE = " \t\r\n"


def _unescape_local(local: str) -> str:
    return re.sub(r"\\(.)", r"\1", local)


class Lexer:
    """Reads ``text`` token by token, feeding each to ``context`` so that ``<`` is read as the engine reads it."""

    def __init__(self, text: str, context: Context):
        self.text, self.pos, self.context = text, 0, context

    def __iter__(self):
        return self

    def __next__(self) -> Token:
        token = self._next()
        if token is None:
            raise StopIteration
        self.context.feed(token)
        return token

    def _skip_space(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text):
            char = text[pos]
            if char in SPACE:
                pos += 1
            elif char == "#":
                while pos < len(text) and text[pos] not in "\r\n":
                    pos += 1
            else:
                break
        self.pos = pos

    def _next(self) -> Token | None:
        self._skip_space()
        text, start = self.text, self.pos
        if start >= len(text):
            return None
        char = text[start]
        if char == "<":
            return self._angle(start)
        if char in "\"'":
            return self._string(start)
        if char in "?$" and (m := VARNAME.match(text, start + 1)):
            return self._take(VAR, start, m.end())
        if char == "_" and (m := BNODE_RE.match(text, start)):
            return self._take(BNODE, start, m.end())
        if char == "@" and (m := LANG_RE.match(text, start)):
            return self._take(LANGTAG, start, m.end())
        if (char.isdigit() or (char == "." and text[start + 1:start + 2].isdigit())) and (m := NUMBER_RE.match(text, start)):
            return self._take(NUMBER, start, m.end())
        if char == ":" or PN_PREFIX.match(text, start):
            return self._name(start)
        if char == ">" and text.startswith(">>", start) and self.context.top.kind == Frame.TRIPLE:
            return self._take(PUNCT, start, start + 2)
        for punct in PUNCTUATION:
            if text.startswith(punct, start):
                return self._take(PUNCT, start, start + len(punct))
        raise LexError(f"unexpected character {char!r}", start)

    def _take(self, kind: str, start: int, end: int, value: str | None = None, **extra) -> Token:
        self.pos = end
        return Token(kind, self.text[start:end] if value is None else value, start, end, **extra)

    def _angle(self, start: int) -> Token:
        text = self.text
        if self.context.less_than_here():
            return self._take(PUNCT, start, start + (2 if text.startswith("<=", start) else 1))
        if text.startswith("<<", start):
            return self._take(PUNCT, start, start + 2)
        pos, parts = start + 1, []
        while True:
            if (m := IRI_CHAR.match(text, pos)):
                parts.append(m.group())
                pos = m.end()
            elif (m := UCHAR.match(text, pos)):
                parts.append(chr(int(m.group(1) or m.group(2), 16)))
                pos = m.end()
            elif text.startswith(">", pos):
                return self._take(IRI, start, pos + 1, "".join(parts))
            else:
                raise LexError("malformed IRI: an IRI in <...> may not hold spaces, quotes, braces, |, ^, ` or \\", pos)

    def _string(self, start: int) -> Token:
        text, quote = self.text, self.text[start]
        long = text.startswith(quote * 3, start)
        pos, parts = start + (3 if long else 1), []
        while pos < len(text):
            char = text[pos]
            if long and text.startswith(quote * 3, pos):
                return self._take(STRING, start, pos + 3, "".join(parts))
            if not long and char == quote:
                return self._take(STRING, start, pos + 1, "".join(parts))
            if not long and char in "\r\n":
                break
            if char == "\\":
                if (m := UCHAR.match(text, pos)):
                    parts.append(chr(int(m.group(1) or m.group(2), 16)))
                    pos = m.end()
                    continue
                escaped = text[pos + 1:pos + 2]
                if escaped not in ECHAR:
                    raise LexError(f"unknown escape \\{escaped} in a string", pos)
                parts.append(ECHAR[escaped])
                pos += 2
                continue
            parts.append(char)
            pos += 1
        raise LexError("unterminated string", start)

    def _name(self, start: int) -> Token:
        text = self.text
        m = PN_PREFIX.match(text, start)
        end = m.end() if m else start
        if text.startswith(":", end):
            prefix = text[start:end]
            local = PN_LOCAL.match(text, end + 1)
            stop = local.end() if local else end + 1
            raw = text[end + 1:stop]
            return self._take(PNAME, start, stop, prefix=prefix, local=_unescape_local(raw))
        word = WORD_RE.match(text, start)
        return self._take(WORD, start, word.end())
