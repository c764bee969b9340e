"""Documents become sections and sentences whose text is a verbatim slice of what quotes are checked against."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.compile import fold
from loaders.propose.documents import DocumentError, read_document
from loaders.propose.segment import find_headings, split_sentences
from tests.propose.conftest import FIXTURES, PDF_PAGES, write_pdf


def test_text_headings_become_sections_and_sentences_are_slices():
    document = read_document(FIXTURES / "documents" / "report.txt")
    assert [h.name for h in document.headings] == ["3.2.1", "3.2.2", "3.2.4"]
    assert document.title == "Soil carbon actors in Cambodia, Lao PDR and Thailand: excerpts for a test"
    for sentence in document.sentences:
        assert document.text[sentence.start:sentence.end] == sentence.text
    def section_of(start: str) -> str:
        return next(s.section for s in document.sentences if s.text.startswith(start))
    assert section_of("This information is reported") == "3.2.2"
    assert section_of("Thailand’s Land Development") == "3.2.4"
    assert section_of("Soil carbon actors") == ""  # the title, before any heading
    assert all(s.page is None for s in document.sentences)


def test_sentences_do_not_end_at_abbreviations_or_initials():
    text = "Organizations (e.g., IRD, CIRAD, ACIAR) work there. Engr. Pablo M. Montalla welcomed all. Next one."
    sentences = [text[s.start:s.end] for s in split_sentences(text)]
    assert sentences == ["Organizations (e.g., IRD, CIRAD, ACIAR) work there.", "Engr. Pablo M. Montalla welcomed all.",
                         "Next one."]


def test_numbered_list_items_are_not_taken_for_headings():
    text = "3. Results\nSome text.\n1. The writing of technical guidelines for soil\nmore text.\n4. Discussion\nEnd.\n"
    assert [h.name for h in find_headings(text)] == ["3", "4"]


def test_pdf_keeps_page_numbers_and_its_text_is_what_quotes_are_checked_against(tmp_path):
    document = read_document(write_pdf(tmp_path / "report.pdf"))
    assert document.format == "pdf" and document.pages == 2
    assert document.title == "Soil carbon actors: a PDF written by the tests"
    assert [h.name for h in document.headings] == ["3.2.1", "3.2.2"]
    reported = next(s for s in document.sentences if "reported by DALaM" in s.text)
    assert reported.page == 2 and reported.where == "3.2.2, p. 2"
    maff = next(s for s in document.sentences if "(MAFF)" in s.text)
    assert maff.where == "3.2.1, p. 1"
    for _, body in PDF_PAGES:  # line breaks of the PDF are folded away, so the source sentences are found whole
        assert fold(body) in fold(document.text)


def test_html_drops_scripts_styles_and_makes_headings_sections():
    document = read_document(FIXTURES / "documents" / "page.html")
    assert "Ministry of Environment" not in document.text  # only in a script and a style
    assert "h1 {" not in document.text
    assert "Asociación de Cooperativas Argentinas" in document.text  # &oacute; decoded
    assert document.title == "Notes on the soil carbon flagship"
    assert [h.name for h in document.headings] == ["Notes on the soil carbon flagship", "A multi-scale project",
                                                   "Countries: Argentina", "National maps"]
    valor = next(s for s in document.sentences if "Valor Ganadero" in s.text)
    assert valor.section == "Countries: Argentina"
    assert document.text[valor.start:valor.end] == valor.text


@pytest.mark.parametrize(("name", "content", "message"), [
    ("notes.docx", b"PK\x03\x04", "unknown document type '.docx'"),
    ("latin1.txt", "Asociaci\u00f3n".encode("latin-1"), "not UTF-8 text"),
    ("broken.pdf", b"%PDF-1.4 this is not a PDF body", "not a readable PDF"),
    ("empty.html", b"<html><script>only code</script></html>", "no text found"),
])
def test_unreadable_documents_are_refused_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as error:
        read_document(path)
    assert str(error.value).startswith(str(path)) and message in str(error.value)


def test_missing_document_is_refused(tmp_path):
    with pytest.raises(DocumentError, match="cannot read"):
        read_document(Path(tmp_path / "absent.txt"))
