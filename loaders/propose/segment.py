"""Split extracted text into sections (from headings) and sentences, keeping offsets into the text.

Every span is a slice of the text it was cut from, so a sentence is always a verbatim quote.
Headings of plain text are recognised by their numbering (``3.2.1. Cambodia``, numbers rising through
the document) or by their shape (a short capitalised line between finished sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$")
CAPTION = re.compile(r"^((?:Table|Figure|Annex)\s+[0-9IVX]+)\b")
FIELD_LABEL = re.compile(r"^\w+(?: \w+){0,2}: ")  # "Region: e.g. ...", a form's field, not a heading
BULLETS = "•◦▪●‣∙·-–*\uf0b7\uf0a7\uf0d8"
FINISHED = ".!?:;"
CONNECTORS = {"of", "and", "for", "the", "on", "in", "to", "a", "an", "at", "by", "with", "de", "du", "des", "la",
              "le", "y", "et", "&", "its"}
ABBREVIATIONS = {"e.g", "i.e", "etc", "mr", "ms", "mrs", "dr", "prof", "no", "fig", "vs", "al", "approx", "st", "jr",
                 "engr", "dept", "inc", "ltd", "co", "cf", "ca", "nos", "vol", "pp", "p", "eds", "ed", "u.s", "u.k",
                 "bs", "as", "spp", "sp"}
SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*(?=\s+[\"'‘“(\[]?[A-Z0-9" + re.escape(BULLETS) + r"])")


@dataclass(frozen=True)
class Span:
    """A stretch of the text: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    """A heading line: where it stands and the section name it gives (its number, or its words)."""

    start: int
    end: int
    name: str


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The lines of ``text[start:end]`` as spans without their line break."""
    end = len(text) if end is None else end
    spans, at = [], start
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        spans.append(Span(at, stop))
        at = stop + 1
    return spans


def _number(value: str) -> tuple[int, ...]:
    return tuple(int(p) for p in value.split("."))


def _follows(number: tuple[int, ...], current: tuple[int, ...] | None) -> bool:
    """Whether a heading number can come after the current one (3.1 -> 3.2, 3.2.1, 4; not 1 after 3)."""
    if current is None:  # the first numbered heading: "1. Introduction", or an excerpt's "3.2.1. Cambodia"
        return True
    return number > current and number[0] <= current[0] + 1


def _titled(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in CONNECTORS]
    capitalised = [w for w in content if w[:1].isupper() or w[:1] == "("]
    return len(words) <= 4 or (bool(content) and len(capitalised) * 2 >= len(content))


def find_headings(text: str, start: int = 0, end: int | None = None) -> list[Heading]:
    """The heading lines of a plain-text stretch (see the module docstring)."""
    lines = [s for s in lines_of(text, start, end)]
    body = [s for s in lines if text[s.start:s.end].strip()]
    headings: list[Heading] = []
    current: tuple[int, ...] | None = None
    previous = ""
    for i, span in enumerate(body):
        raw = text[span.start:span.end]
        line = raw.strip()
        following = text[body[i + 1].start:body[i + 1].end].strip() if i + 1 < len(body) else ""
        left = span.start + len(raw) - len(raw.lstrip())
        heading = None
        caption = CAPTION.match(line)
        if caption and not raw.startswith("\t"):
            heading = caption.group(1)
        elif not raw.startswith("\t") and len(line) <= 120 and line[-1] not in ",;-–":
            numbered = NUMBERED.match(line)
            if numbered and numbered.group(2)[:1].isupper() and ". " not in numbered.group(2) \
                    and _follows(_number(numbered.group(1)), current):
                current = _number(numbered.group(1))
                heading = numbered.group(1)
            elif _looks_like_title(line, previous, following):
                heading = line
        if heading is not None:
            headings.append(Heading(left, left + len(line), heading))
            previous = "."  # a heading finishes what came before it
        else:
            previous = line
    return headings


def _looks_like_title(line: str, previous: str, following: str) -> bool:
    words = line.split()
    return (len(line) <= 90 and not FIELD_LABEL.match(line) and len(words) <= 12 and line[:1].isupper()
            and line[-1] not in FINISHED and line[0] not in BULLETS and (not previous or previous[-1] in FINISHED)
            and (not following or not following[:1].islower()) and _titled(words))


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``text[stop]`` ends an abbreviation or an initial rather than a sentence."""
    begin = stop
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:stop].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _blocks(text: str, start: int, end: int) -> list[Span]:
    """Cut a section body where a line starts a bullet or a table cell, or after a finished line."""
    blocks: list[Span] = []
    block_start: int | None = None
    previous_end = start
    finished = True
    for span in lines_of(text, start, end):
        raw = text[span.start:span.end]
        line = raw.strip()
        if not line:
            continue
        first = span.start + len(raw) - len(raw.lstrip())
        breaks = raw.startswith("\t") or line[0] in BULLETS or bool(re.match(r"^(\(?\d{1,2}[)/]|\(?[ivx]{1,4}\))\s", line))
        if block_start is not None and (breaks or finished):
            blocks.append(Span(block_start, previous_end))
            block_start = None
        if block_start is None:
            block_start = first
        previous_end = span.start + len(raw.rstrip())
        finished = raw.startswith("\t") or line[-1] in ".!?:;"
    if block_start is not None:
        blocks.append(Span(block_start, previous_end))
    return blocks


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of ``text[start:end]``, each a span with no white space at either end."""
    end = len(text) if end is None else end
    sentences: list[Span] = []
    for block in _blocks(text, start, end):
        at = block.start
        for match in SENTENCE_END.finditer(text, block.start, block.end):
            stop = match.start()
            if text[stop] == "." and _is_abbreviation(text, stop):
                continue
            sentences.append(Span(at, match.end()))
            at = match.end()
            while at < block.end and text[at].isspace():
                at += 1
        if at < block.end:
            sentences.append(Span(at, block.end))
    return [s for s in sentences if text[s.start:s.end].strip()]
