"""Each kind of proposal on the fixture documents; every proposal carries only what its quote says."""

from __future__ import annotations

import copy

import pytest
import yaml

from api.cli import main
from api.settings import Settings
from loaders.compile import fold
from loaders.pipeline import Sources
from loaders.propose.documents import read_document
from loaders.propose.known import Known
from loaders.propose.proposals import ungrounded
from loaders.propose.proposer import Proposer
from tests.propose.conftest import FIXTURES, write_pdf


@pytest.fixture(scope="module")
def report(registry):
    document = read_document(FIXTURES / "documents" / "report.txt")
    return document, Proposer(registry, document, "report.txt").propose()


def by_type(proposals, kind):
    return [p for p in proposals if p.type == kind]


def test_existing_records_get_citations_by_label_acronym_and_alternative_name(report):
    _, proposals = report
    cited = {p.cites: p for p in by_type(proposals, "citation") if p.cites}
    assert {"kh-maff", "fao", "th-ldd", "la-dalam", "la-maf", "kh-bos-khnor", "country-la"} <= set(cited)
    assert cited["kh-maff"].evidence["name"] == "Ministry of Agriculture, Forestry and Fisheries"
    assert cited["kh-maff"].confidence == 0.9 and "label" in cited["kh-maff"].reason
    assert cited["fao"].evidence["name"] == "FAO" and cited["fao"].confidence < cited["kh-maff"].confidence
    assert cited["kh-bos-khnor"].source == {
        "file": "report.txt", "section": "3.2.1",
        "quote": "The country hosts several research infrastructures and long-term experimental sites, notably the Bos "
                 "Khnor Research Center managed by CARDEC, where conservation agriculture trials have been ongoing since "
                 "2004 [19]."}


def test_an_acronym_of_several_records_is_flagged_with_its_candidates(report):
    _, proposals = report
    ambiguous = [p for p in by_type(proposals, "citation") if not p.cites]
    assert [(p.evidence["name"], p.candidates) for p in ambiguous] == [("NAP", ["kh-nap", "th-nap"])]
    assert ambiguous[0].confidence < 0.5 and "--edit" in ambiguous[0].reason


def test_long_name_with_acronym_becomes_a_new_record_with_its_kind_guessed(report):
    _, proposals = report
    dalrm = next(p for p in by_type(proposals, "record") if p.record.get("acronyms") == {"en": ["DALRM"]})
    assert dalrm.record["label"] == {"en": "Department of Agricultural Land Resources Management"}
    assert dalrm.record["kind"] == "department" and {"kind", "id"} <= set(dalrm.guessed)
    assert dalrm.evidence["kind"] == "Department" and dalrm.confidence == 0.7
    nuol = next(p for p in by_type(proposals, "record") if p.record.get("acronyms") == {"en": ["NUoL"]})
    assert nuol.record["country"] == "LA" and "country" in nuol.guessed  # "of Laos" is in its name


def test_kind_words_make_new_records_too(report):
    _, proposals = report
    labels = {p.record["label"]["en"]: p.record.get("kind") for p in by_type(proposals, "record")}
    assert labels["Department of Planning and Cooperation"] == "department"
    assert labels["Soil Doctor Program"] == "programme"


def test_acronyms_the_document_never_writes_out_are_not_expanded(report):
    _, proposals = report
    listed = {p.record["label"]["en"]: p for p in by_type(proposals, "record") if p.record["label"]["en"] in ("ACIAR", "IRD")}
    assert set(listed) == {"ACIAR", "IRD"}
    for proposal in listed.values():
        assert proposal.record["acronyms"] == {"en": [proposal.record["label"]["en"]]}
        assert "kind" not in proposal.record and proposal.confidence <= 0.3
    assert not any(p.record["label"]["en"] == "CARDEC" for p in by_type(proposals, "record"))  # not listed, not defined


def test_relations_between_known_and_proposed_records(report):
    _, proposals = report
    ids = {p.id: p.record["label"]["en"] for p in by_type(proposals, "record")}
    relations = {(p.relation["type"], ids.get(p.relation["subject"], p.relation["subject"]),
                  ids.get(p.relation["object"], p.relation["object"])) for p in by_type(proposals, "relation")}
    assert relations == {
        ("part-of", "Department of Agricultural Land Resources Management", "kh-maff"),  # "Within MAFF, the ..."
        ("supports", "fao", "Soil Doctor Program"), ("supports", "th-ldd", "Soil Doctor Program"),
        ("supports", "ACIAR", "Soil Doctor Program"),  # "with support from the FAO, ... LDD (LDD), and ACIAR, launched"
        ("passes-information-to", "la-dalam", "Department of Planning and Cooperation")}


def test_targets_carry_value_unit_comparator_and_years_from_their_quote(report):
    _, proposals = report
    targets = {p.record["value"]: p for p in by_type(proposals, "target")}
    soc = targets[1.2]
    assert {k: soc.record[k] for k in ("indicator", "unit", "change", "baseline_year", "target_year")} == {
        "indicator": "SOC stocks in forests and croplands", "unit": "percent", "change": "increase",
        "baseline_year": 2015, "target_year": 2030}
    assert targets[8].record["comparator"] == "at-least"
    assert "label" in soc.record["supplied"]  # the label is composed, so it is marked supplied


def test_nothing_is_proposed_without_a_verbatim_quote_or_with_an_unquoted_fact(report):
    document, proposals = report
    assert proposals
    for proposal in proposals:
        assert fold(proposal.source["quote"]) in fold(document.text)
        assert ungrounded(proposal) == [], proposal.id


def test_the_grounding_check_catches_a_fact_not_in_the_quote(report):
    _, proposals = report
    record = copy.deepcopy(next(p for p in by_type(proposals, "record") if p.record.get("acronyms") == {"en": ["DALRM"]}))
    record.record["label"] = {"en": "Department of Agricultural Land Resources and Mapping"}
    assert any("label" in problem for problem in ungrounded(record))
    target = copy.deepcopy(next(p for p in by_type(proposals, "target") if p.record["value"] == 47))
    target.record["value"] = 74
    assert any("'value' is 74" in problem for problem in ungrounded(target))
    citation = copy.deepcopy(next(p for p in by_type(proposals, "citation") if p.cites == "fao"))
    citation.source["quote"] = "a quote that names nothing"
    assert any("evidence of 'name'" in problem for problem in ungrounded(citation))


def test_pdf_proposals_cite_the_page(tmp_path, registry):
    document = read_document(write_pdf(tmp_path / "report.pdf"))
    proposals = Proposer(registry, document, "report.txt").propose()
    dpc = next(p for p in by_type(proposals, "record") if p.record["label"]["en"] == "Department of Planning and Cooperation")
    assert dpc.source["section"] == "3.2.2, p. 2"
    maff = next(p for p in by_type(proposals, "citation") if p.cites == "kh-maff")
    assert maff.source["section"] == "3.2.1, p. 1"
    title = next(p for p in proposals if p.type == "document")  # the metadata title is not in the text: supplied
    assert title.record["supplied"]["label"].startswith("soilkg propose (the document's metadata title")
    assert all(ungrounded(p) == [] for p in proposals)


def test_html_proposals_use_headings_and_accents(registry):
    document = read_document(FIXTURES / "documents" / "page.html")
    proposals = Proposer(registry, document, "page.txt").propose()
    cooperatives = next(p for p in by_type(proposals, "citation") if p.cites == "ar-aca")
    assert cooperatives.evidence["name"] == "Asociación de Cooperativas Argentinas"
    assert cooperatives.source["section"] == "Countries: Argentina"
    assert ("supports", "ar-inta", "ar-valor-ganadero") in {
        (p.relation["type"], p.relation["subject"], p.relation["object"]) for p in by_type(proposals, "relation")}
    assert not any("Ministry of Environment" in p.source["quote"] for p in proposals)


def test_propose_command_writes_a_proposals_file(workspace, capsys):
    output = workspace / "report.proposals.yaml"
    code = main(["propose", str(workspace / "incoming" / "report.txt"), "--data", str(workspace / "data"), "-o", str(output)])
    assert code == 0, capsys.readouterr().err
    assert "1 document" in capsys.readouterr().out
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Proposals of `soilkg propose`")
    data = yaml.safe_load(text)
    assert data["document"]["file"] == "report.txt" and len(data["document"]["sha256"]) == 64
    assert {p["type"] for p in data["proposals"]} == {"document", "citation", "record", "relation", "target"}


def test_propose_refuses_an_unreadable_document(workspace, capsys):
    (workspace / "notes.docx").write_bytes(b"PK")
    assert main(["propose", str(workspace / "notes.docx"), "--data", str(workspace / "data")]) == 1
    assert "unknown document type" in capsys.readouterr().err


def test_every_proposal_on_the_three_sources_is_grounded(shared_sources, caplog):
    """Against the whole curated data, leaving each document out (as the benchmark does); none is dropped."""
    settings = Settings()
    known = Known.from_sources(Sources(settings.data_dir, settings.ontology_dir))
    for path in sorted(shared_sources.glob("*.txt")):
        kept = Known({i: {**r, "sources": [s for s in r["sources"] if s["file"] != path.name]}
                      for i, r in known.records.items() if any(s["file"] != path.name for s in r["sources"])})
        document = read_document(path)
        proposals = Proposer(kept, document, path.name).propose()
        assert len(proposals) > 30, path.name
        folded = fold(document.text)
        for proposal in proposals:
            assert ungrounded(proposal) == [] and fold(proposal.source["quote"]) in folded, (path.name, proposal.id)
            assert "@" not in proposal.source["quote"]  # no e-mail address is quoted
    assert "dropped proposal" not in caplog.text
