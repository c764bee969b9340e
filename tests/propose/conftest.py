"""Fixtures of the propose/review tests: a small registry, its documents, a PDF written with fpdf2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fpdf import FPDF

from loaders.pipeline import Sources
from loaders.propose.known import Known

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
ROOT = HERE.parents[1]
SHARED_SOURCES = ROOT.parent / "shared" / "sources"

# Verbatim sentences of 000_76f0107b4aa1b503.txt (sections 3.2.1 and 3.2.2), in plain ASCII for fpdf2's core font.
PDF_PAGES = [
    ("3.2.1. Cambodia", "The Ministry of Agriculture, Forestry and Fisheries (MAFF) is responsible for the sustainable use "
     "and management of agricultural lands and has developed the National Action Program (NAP), the principal policy "
     "framework for combating land degradation [18]."),
    ("3.2.2. Lao PDR", "In Lao PDR, research on SOC is mostly realized at the Department of Agricultural Land Management "
     "(DALaM) from the Ministry of Agriculture and Forestry (MAF), in the National University of Laos (NUoL) and through "
     "collaborations with different international research organizations (e.g., IRD, CIRAD, ACIAR). This information is "
     "reported by DALaM to the Department of Planning and Cooperation, the vice minister, and the minister of MAF."),
]


def write_pdf(path: Path, title: str = "Soil carbon actors: a PDF written by the tests") -> Path:
    """A two-page PDF, one section a page, with a metadata title that is not in its text."""
    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    for heading, body in PDF_PAGES:
        pdf.add_page()
        pdf.multi_cell(0, 6, heading)
        pdf.ln(2)
        pdf.multi_cell(0, 6, body)
    pdf.output(str(path))
    return path


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A writable project: the fixture data, an empty documents folder, and copies of the test documents."""
    shutil.copytree(FIXTURES / "data", tmp_path / "data")
    shutil.copytree(FIXTURES / "documents", tmp_path / "incoming")
    write_pdf(tmp_path / "incoming" / "report.pdf")
    return tmp_path


@pytest.fixture(scope="session")
def registry() -> Known:
    return Known.from_sources(Sources(FIXTURES / "data", ROOT / "ontology"))


@pytest.fixture(scope="session")
def shared_sources() -> Path:
    if not SHARED_SOURCES.is_dir():
        pytest.fail(f"the source documents are missing: {SHARED_SOURCES}")
    return SHARED_SOURCES
