"""Review: accepted proposals become ordinary records, files keep their comments and order, a failed
validation restores everything, and a quote that is not verbatim in the document is refused."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import yaml

from api.cli import main
from graph.namespaces import Iris
from loaders.compile import fold
from loaders.pipeline import Sources, compile_data, read_source_texts
from loaders.propose.decisions import ask
from loaders.propose.documents import read_document
from loaders.propose.proposals import read_proposals
from loaders.propose.review import Options, review
from tests.propose.conftest import ROOT, SHARED_SOURCES


def propose(workspace: Path, name: str = "report.txt") -> Path:
    output = workspace / f"{name}.proposals.yaml"
    code = main(["propose", str(workspace / "incoming" / name), "--data", str(workspace / "data"), "-o", str(output)])
    assert code == 0
    return output


def find(proposals: Path, test) -> str:
    """The id of the one proposal ``test`` accepts."""
    matches = [p["id"] for p in yaml.safe_load(proposals.read_text(encoding="utf-8"))["proposals"] if test(p)]
    assert len(matches) == 1, matches
    return matches[0]


def label(text: str):
    return lambda p: (p.get("record") or {}).get("label", {}).get("en") == text


def run_review(workspace: Path, proposals: Path, *args: str) -> int:
    return main(["review", str(proposals), "--data", str(workspace / "data"), "--documents", str(workspace / "documents"),
                 "--sources", str(SHARED_SOURCES), *args])


def snapshot(workspace: Path) -> dict[str, bytes]:
    return {str(p.relative_to(workspace)): p.read_bytes() for p in sorted(workspace.rglob("*"))
            if p.is_file() and "incoming" not in p.parts and not p.name.endswith(".proposals.yaml")}


def changes(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    diff = [line for line in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
            if not line.startswith(("+++", "---", "@@"))]
    return [line[1:] for line in diff if line.startswith("+")], [line[1:] for line in diff if line.startswith("-")]


def texts_with(document: Path, name: str) -> dict[str, str]:
    return {**read_source_texts(SHARED_SOURCES), name: fold(read_document(document).text)}


def test_accepted_proposals_are_written_as_records_keeping_comments_and_order(workspace, capsys):
    proposals = propose(workspace)
    before = snapshot(workspace)
    dalrm = find(proposals, label("Department of Agricultural Land Resources Management"))
    doctor = find(proposals, label("Soil Doctor Program"))
    target = find(proposals, lambda p: (p.get("record") or {}).get("value") == 1.2)
    bos = find(proposals, lambda p: p.get("cites") == "kh-bos-khnor")
    fao = find(proposals, lambda p: p.get("cites") == "fao")
    within = find(proposals, lambda p: (p.get("relation") or {}).get("type") == "part-of")
    support = find(proposals, lambda p: p.get("relation") == {"type": "supports", "subject": "fao", "object": doctor})
    code = run_review(workspace, proposals, "--accept", bos, fao, dalrm, doctor, target, within, support,
                      "--edit", dalrm, "country=KH", "--edit", doctor, "country=KH")
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "data valid:" in out.out and "every quote checked" in out.out
    after = snapshot(workspace)

    added, removed = changes(before["data/national/cambodia.yaml"], after["data/national/cambodia.yaml"])
    assert removed == []  # only lines added: comments, order and layout of the file kept
    text = after["data/national/cambodia.yaml"].decode()
    assert "# --- Sites ---" in text and "- id: kh-bos-khnor  # a long-term site" in text
    ids = [line.split()[2] for line in text.splitlines() if line.startswith("- id: ")]
    assert ids[:2] == ["kh-maff", "dalrm"]  # the new department after the ministry section's last record...
    assert ids.index("kh-nap") < ids.index("kh-bos-khnor")  # ...and the curated records in their order
    assert any(line.startswith("      quote: \"The country hosts several research infrastructures") for line in added), added
    assert "  part_of: kh-maff" in added and "  country: KH" in added
    assert "    label: curator (edited in soilkg review)" not in added and "  supplied: {country: " in text

    added, removed = changes(before["data/international/organisations.yaml"], after["data/international/organisations.yaml"])
    assert removed == [] and len(added) == 1 and added[0].startswith("    - {file: report.txt, section: \"3.2.1\"")

    sources = after["data/sources.yaml"].decode()
    assert "kind: document" in sources and "file: report.txt" in sources and "Not redistributed" in sources
    assert read_document(workspace / "incoming" / "report.txt").sha256 in sources
    assert not (workspace / "documents").exists()  # not redistributable: only the checksum is kept

    support_records = [p for p in (workspace / "data").rglob("*.yaml") if "kind: support" in p.read_text()]
    assert len(support_records) == 1
    statuses = {p.id: p.status for p in read_proposals(proposals)[1]}
    assert statuses[dalrm] == statuses[support] == "accepted" and list(statuses.values()).count("accepted") == 8
    # an independent check of what was written: the loader, every quote against its document
    quads = compile_data(Sources(workspace / "data", ROOT / "ontology"), Iris(),
                         texts_with(workspace / "incoming" / "report.txt", "report.txt"))
    assert len(quads) > 200


def test_a_redistributable_pdf_is_kept_with_the_text_its_quotes_are_checked_against(workspace, capsys):
    proposals = propose(workspace, "report.pdf")
    maff = find(proposals, lambda p: p.get("cites") == "kh-maff")
    assert run_review(workspace, proposals, "--accept", maff, "--redistributable") == 0, capsys.readouterr().err
    kept = sorted(p.name for p in (workspace / "documents").iterdir())
    assert kept == ["report.pdf", "report.txt"]
    assert (workspace / "documents" / "report.pdf").read_bytes() == (workspace / "incoming" / "report.pdf").read_bytes()
    sources = (workspace / "data" / "sources.yaml").read_text()
    assert "Kept in documents/report.pdf" in sources and "file: report.txt" in sources
    texts = {**read_source_texts(SHARED_SOURCES), **read_source_texts(workspace / "documents")}
    compile_data(Sources(workspace / "data", ROOT / "ontology"), Iris(), texts)  # raises if a quote is not found
    assert 'section: "3.2.1, p. 1"' in (workspace / "data" / "national" / "cambodia.yaml").read_text()


def test_new_records_go_to_a_file_named_by_an_option(workspace, capsys):
    proposals = propose(workspace)
    cardi = find(proposals, label("Cambodian Agricultural Research and Development Institute"))
    target = find(proposals, lambda p: (p.get("record") or {}).get("value") == 47)
    pinned = workspace / "data" / "incoming" / "report.yaml"
    assert run_review(workspace, proposals, "--accept", cardi, target, "--file", str(pinned)) == 0, capsys.readouterr().err
    written = yaml.safe_load(pinned.read_text(encoding="utf-8"))
    assert [r["id"] for r in written] == ["cardi", "target-national-forest-cover-2030"]
    assert pinned.read_text(encoding="utf-8").startswith("# Records added by `soilkg review`")
    assert "kind: document" in (workspace / "data" / "sources.yaml").read_text()  # documents stay with documents


def test_a_failed_validation_restores_every_file_and_reports_located_errors(workspace, capsys):
    proposals = propose(workspace)
    before = snapshot(workspace)
    dalrm = find(proposals, label("Department of Agricultural Land Resources Management"))
    fao = find(proposals, lambda p: p.get("cites") == "fao")
    code = run_review(workspace, proposals, "--accept", fao, dalrm, "--edit", dalrm, "country=XX", "--redistributable")
    err = capsys.readouterr().err
    assert code == 1
    assert "/data/national/" in err and ": error: 'country' names unknown country str 'XX'" in err  # path:line:col: error:
    assert "every file was restored" in err and "nothing was written" in err
    assert snapshot(workspace) == before  # data files as they were; the kept document removed again
    assert not any((workspace / "documents").glob("*"))
    assert {p.status for p in read_proposals(proposals)[1]} == {"proposed"}


def test_a_quote_that_is_not_verbatim_in_the_document_is_refused(workspace, capsys):
    proposals = propose(workspace)
    before = snapshot(workspace)
    fao = find(proposals, lambda p: p.get("cites") == "fao")
    code = run_review(workspace, proposals, "--accept", fao,
                      "--edit", fao, "quote=The Ministry of Environment oversees forest lands")
    assert code == 1 and "refused: its quote is not verbatim in report.txt" in capsys.readouterr().err
    # the same through a hand-edited proposals file
    edited = proposals.read_text(encoding="utf-8").replace("with support from the FAO", "with support from FAO and UNDP")
    assert edited != proposals.read_text(encoding="utf-8")
    proposals.write_text(edited, encoding="utf-8")
    assert run_review(workspace, proposals, "--accept", fao) == 1
    assert "refused: its quote is not verbatim" in capsys.readouterr().err
    assert snapshot(workspace) == before


def test_a_quote_may_be_shortened_to_words_of_the_document(workspace, capsys):
    proposals = propose(workspace)
    fao = find(proposals, lambda p: p.get("cites") == "fao")
    assert run_review(workspace, proposals, "--accept", fao, "--edit", fao, "quote=with support from the FAO") == 0
    assert 'quote: "with support from the FAO"' in (workspace / "data" / "international" / "organisations.yaml").read_text()


def test_an_ambiguous_citation_needs_a_choice(workspace, capsys):
    proposals = propose(workspace)
    nap = find(proposals, lambda p: p.get("candidates") == ["kh-nap", "th-nap"])
    assert run_review(workspace, proposals, "--accept", nap) == 1
    assert f"choose with --edit {nap} cites=RECORD" in capsys.readouterr().err
    assert run_review(workspace, proposals, "--accept", nap, "--edit", nap, "cites=th-nap") == 0
    assert "report.txt" in (workspace / "data" / "national" / "thailand.yaml").read_text()


def test_a_relation_to_a_rejected_record_is_refused(workspace, capsys):
    proposals = propose(workspace)
    dpc = find(proposals, label("Department of Planning and Cooperation"))
    flow = find(proposals, lambda p: (p.get("relation") or {}).get("type") == "passes-information-to")
    assert run_review(workspace, proposals, "--reject", dpc) == 0
    assert run_review(workspace, proposals, "--accept", flow) == 1
    assert f"object '{dpc}' is neither a record nor an accepted proposal" in capsys.readouterr().err
    assert run_review(workspace, proposals, "--accept", dpc, "--reject", dpc) == 1
    assert f"{dpc}: both accepted and rejected" in capsys.readouterr().err


def test_a_flow_relation_becomes_a_flow_record(workspace, capsys):
    proposals = propose(workspace)
    dpc = find(proposals, label("Department of Planning and Cooperation"))
    flow = find(proposals, lambda p: (p.get("relation") or {}).get("type") == "passes-information-to")
    assert run_review(workspace, proposals, "--accept", dpc, flow) == 0, capsys.readouterr().err
    lao = yaml.safe_load((workspace / "data" / "national" / "lao-pdr.yaml").read_text())
    made = next(r for r in lao if r["kind"] == "flow")
    assert made["country"] == "LA" and made["steps"] == [{"from": "la-dalam", "to": "department-planning-cooperation"}]
    assert "reported by DALaM to the Department of Planning and Cooperation" in made["sources"][0]["quote"]


def test_a_data_file_ruamel_would_rewrite_is_not_edited(workspace, capsys):
    odd = workspace / "data" / "national" / "cambodia.yaml"
    odd.write_text(odd.read_text().replace("  sources:\n    - file:", "  sources:\n  - file:", 1).replace(
        "\n      section: \"3.2.1\"\n      quote: \"The Ministry", "\n    section: \"3.2.1\"\n    quote: \"The Ministry", 1))
    before = snapshot(workspace)
    proposals = propose(workspace)
    maff = find(proposals, lambda p: p.get("cites") == "kh-maff")
    assert run_review(workspace, proposals, "--accept", maff) == 1
    assert "would not write this file back unchanged" in capsys.readouterr().err
    assert snapshot(workspace) == before


def test_the_reviewer_is_asked_on_a_terminal(workspace):
    proposals = propose(workspace)
    _, pending = read_proposals(proposals)
    answers = iter(["e section=3.2.1 (excerpt)", "a", "r", "", "q"])
    out = io.StringIO()
    decisions = ask(pending, lambda prompt: next(answers), out)
    first, second = pending[0].id, pending[1].id
    assert decisions.accept == [first] and decisions.reject == [second]
    assert decisions.edits == [(first, "section=3.2.1 (excerpt)")]
    assert "[a]ccept, [r]eject" not in out.getvalue() and f"[{first}]" in out.getvalue()
    outcome = review(proposals, decisions, Options(workspace / "data", ROOT / "ontology", workspace / "documents",
                                                   [SHARED_SOURCES]))
    assert outcome.accepted == [first] and outcome.rejected == [second]
    assert 'section: "3.2.1 (excerpt)"' in (workspace / "data" / "sources.yaml").read_text()


def test_review_without_decisions_and_without_a_terminal_is_a_usage_error(workspace, capsys):
    proposals = propose(workspace)
    assert run_review(workspace, proposals) == 2
    assert "nothing to do" in capsys.readouterr().err


def test_a_broken_proposals_file_is_reported_with_its_place(workspace, capsys):
    broken = workspace / "broken.proposals.yaml"
    broken.write_text("document: {file: x.txt}\nproposals:\n  - id: c1\n    type: citation\n    source: [\n", encoding="utf-8")
    assert run_review(workspace, broken, "--accept", "c1") == 1
    assert f"{broken}:6:1: error: YAML syntax" in capsys.readouterr().err
    wrong = workspace / "wrong.proposals.yaml"
    wrong.write_text("document: {file: x.txt}\nproposals:\n  - id: c1\n    type: guess\n", encoding="utf-8")
    assert run_review(workspace, wrong, "--accept", "c1") == 1
    assert f"{wrong}:3:5: error: proposal 'c1': 'type' expects one of" in capsys.readouterr().err
