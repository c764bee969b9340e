"""Read a new source document (plain text, PDF or HTML) into sections and sentences.

The document's text is what quotes are checked against: for text files the file itself, for PDF the
text pypdf extracts page by page (pages joined by a blank line, page numbers kept), for HTML the text
of the page without scripts and styles, one block element a line, headings becoming sections.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from loaders.propose.segment import Heading, find_headings, split_sentences

log = logging.getLogger(__name__)

FORMATS = {".txt": "text", ".text": "text", ".md": "text", ".pdf": "pdf", ".html": "html", ".htm": "html",
           ".xhtml": "html"}


class DocumentError(Exception):
    """A document that cannot be read: says which file and why."""


@dataclass(frozen=True)
class Sentence:
    """One sentence: a verbatim slice ``text[start:end]`` of its document, with its section and page."""

    text: str
    start: int
    end: int
    section: str
    page: int | None = None

    @property
    def where(self) -> str:
        """The section as a citation gives it: its name, with the page for paged documents."""
        if self.page is None:
            return self.section or "text"
        return f"{self.section}, p. {self.page}" if self.section else f"p. {self.page}"


@dataclass
class Document:
    """A document's text, where its pages begin, its title, and its sentences in reading order."""

    path: Path
    format: str
    text: str
    sha256: str
    title: str | None = None
    page_starts: list[int] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) or None

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset`` (None for documents without pages)."""
        return bisect.bisect_right(self.page_starts, offset) if self.page_starts else None


def read_document(path: Path) -> Document:
    """Read ``path`` by its extension (.txt, .pdf, .html) and split it into sections and sentences."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(f"{path}: unknown document type '{path.suffix}' (expected one of {', '.join(sorted(FORMATS))})")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read: {exc.strerror}") from exc
    digest = hashlib.sha256(raw).hexdigest()
    if kind == "pdf":
        text, page_starts, title = _pdf_text(path)
        document = Document(path, kind, text, digest, title, page_starts)
        document.headings = find_headings(text)
    elif kind == "html":
        text, html_headings, title = _html_text(_decode(path, raw))
        document = Document(path, kind, text, digest, title, headings=html_headings)
    else:
        text = _decode(path, raw).replace("\r\n", "\n").replace("\r", "\n")
        document = Document(path, kind, text, digest)
        document.headings = find_headings(text)
    if not document.text.strip():
        raise DocumentError(f"{path}: no text found (a scanned PDF needs OCR first)")
    document.title = document.title or _first_line(document.text)
    document.sentences = _sentences(document)
    log.info("%s: %d sections, %d sentences", path.name, len(document.headings), len(document.sentences))
    return document


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path}: not UTF-8 text (byte {exc.start}): {exc.reason}") from exc


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip() if len(line.strip()) <= 200 else None
    return None


def _sentences(document: Document) -> list[Sentence]:
    text, out = document.text, []
    bounds = [(h.end, h.name) for h in document.headings]
    stops = [h.start for h in document.headings] + [len(text)]
    pieces = [(0, stops[0], "")] + [(start, stops[i + 1], name) for i, (start, name) in enumerate(bounds)]
    for start, end, name in pieces:
        for span in split_sentences(text, start, end):
            out.append(Sentence(text[span.start:span.end], span.start, span.end, name, document.page_at(span.start)))
    return out


def _pdf_text(path: Path) -> tuple[str, list[int], str | None]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise DocumentError(f"{path}: the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str(reader.metadata.title) if reader.metadata and reader.metadata.title else None
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DocumentError(f"{path}: not a readable PDF: {exc}") from exc
    starts, parts, at = [], [], 0
    for page in pages:
        starts.append(at)
        parts.append(page)
        at += len(page) + 2
    return "\n\n".join(parts), starts, title


BLOCKS = {"p", "div", "li", "ul", "ol", "tr", "table", "section", "article", "header", "footer", "main", "nav",
          "aside", "blockquote", "pre", "dt", "dd", "dl", "figcaption", "figure", "address", "br", "hr", "td", "th",
          "caption"}
HIDDEN = {"script", "style", "noscript", "template", "svg", "head"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _HtmlText(HTMLParser):
    """Collects the visible text of a page, one block a line, and the position of every heading."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.hidden = 0
        self.heading_part: int | None = None
        self.headings: list[Heading] = []
        self.title: list[str] = []
        self.in_title = False

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def _break(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit("\n")

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in HEADINGS:
            self._break()
            self.heading_part = len(self.parts)
        elif tag in BLOCKS:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in HEADINGS and self.heading_part is not None:
            text = "".join(self.parts[self.heading_part:])
            words = text.strip()
            if words:
                begin = self.length - len(text) + len(text) - len(text.lstrip())
                self.headings.append(Heading(begin, begin + len(words), words))
            self.heading_part = None
            self._break()
        elif tag in BLOCKS:
            self._break()

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        if self.hidden:
            return
        text = " ".join(data.split())
        if not text:
            if self.parts and not self.parts[-1][-1:].isspace() and data:
                self._emit(" ")
            return
        lead = " " if data[:1].isspace() and self.parts and not self.parts[-1][-1:].isspace() else ""
        trail = " " if data[-1:].isspace() else ""
        self._emit(lead + text + trail)


def _html_text(source: str) -> tuple[str, list[Heading], str | None]:
    parser = _HtmlText()
    parser.feed(source)
    parser.close()
    text = "".join(parser.parts)
    title = " ".join("".join(parser.title).split()) or None
    return text, parser.headings, title
