"""Each kind of bad YAML gives its exact error with file, line and column; nothing is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.namespaces import Iris
from graph.store import GraphStore
from loaders.errors import LoadFailed
from loaders.pipeline import compile_data, load, read_source_texts

FIXTURES = Path(__file__).parents[1] / "fixtures"
CASES = yaml.safe_load((FIXTURES / "data" / "bad" / "cases.yaml").read_text(encoding="utf-8"))


def errors_of(sources) -> list:
    with pytest.raises(LoadFailed) as failure:
        compile_data(sources, Iris())
    return failure.value.errors


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_record_reports_file_line_and_expectation(fixture_sources, name):
    case = CASES[name]
    bad = fixture_sources.data_dir / f"z_{name}.yaml"  # read after the base records
    bad.write_text(case["text"], encoding="utf-8")
    errors = errors_of(fixture_sources)
    assert len(errors) == 1, f"expected exactly one error, got: {errors}"
    error = errors[0]
    assert error.path.endswith(f"{name}.yaml")
    assert error.line == case["line"], str(error)
    if "column" in case:
        assert error.column == case["column"], str(error)
    assert case["message"] in error.message, str(error)
    assert case.get("hint", "") in error.hint
    assert str(error).startswith(f"{error.path}:{case['line']}:{error.column}: error: ")


def test_all_errors_of_a_run_are_reported_together(fixture_sources):
    for name in ("unknown_field", "bad_year", "unknown_country"):
        (fixture_sources.data_dir / f"{name}.yaml").write_text(CASES[name]["text"].replace("-b", f"-{name[:3]}"))
    errors = errors_of(fixture_sources)
    assert len(errors) == 3
    assert errors == sorted(errors), "errors are sorted by file and line"


def test_bad_data_leaves_the_previous_graph_served(tmp_path, fixture_sources):
    store = GraphStore(tmp_path / "store")
    assert load(store, fixture_sources, Iris())
    before = store.content_hash()
    labels = {str(s["l"].value) for s in store.reader().query(
        "SELECT ?l WHERE { ?m a <https://w3id.org/soilkg/def#Ministry> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }",
        use_default_graph_as_union=True)}
    (fixture_sources.data_dir / "bad.yaml").write_text(CASES["unknown_reference"]["text"])
    with pytest.raises(LoadFailed):
        load(store, fixture_sources, Iris())
    assert store.content_hash() == before
    after = {str(s["l"].value) for s in store.reader().query(
        "SELECT ?l WHERE { ?m a <https://w3id.org/soilkg/def#Ministry> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }",
        use_default_graph_as_union=True)}
    assert after == labels == {"Ministry A"}


def test_quotes_are_checked_against_their_document(fixture_sources):
    texts = read_source_texts(FIXTURES / "sources")
    (fixture_sources.data_dir / "quoted.yaml").write_text(
        '- id: ministry-q\n  kind: ministry\n  label: {en: Q}\n'
        '  sources:\n    - {file: fixture.txt, section: "1", quote: "a verbatim quote that spans lines"}\n'
        '    - {file: fixture.txt, section: "1", quote: "words the document never says"}\n')
    with pytest.raises(LoadFailed) as failure:
        compile_data(fixture_sources, Iris(), texts)
    [error] = failure.value.errors
    assert error.line == 6
    assert "the quote of source 2 of 'ministry-q' does not occur in fixture.txt" in error.message


LABELLED = ('- id: ministry-x\n  kind: ministry\n  label: {{en: "{label}"}}\n{extra}'
            '  sources: [{{file: {file}, section: "1", quote: "{quote}"}}]\n')


def errors_with_texts(sources, texts) -> list:
    try:
        compile_data(sources, Iris(), texts)
    except LoadFailed as failure:
        return failure.errors
    return []


@pytest.mark.parametrize("label, extra", [
    ("Ministry of Imaginary Affairs", ""),  # words the document never says
    ("Fixture Ministry A", ""),  # each word is there, not the phrase
    ("Ministry A of Cambodia", "  note: the label reads two phrases of the source as one\n"),  # a note is no declaration
])
def test_a_label_the_source_does_not_say_is_an_error_unless_supplied(fixture_sources, label, extra):
    texts = read_source_texts(FIXTURES / "sources")
    record = fixture_sources.data_dir / "labelled.yaml"
    record.write_text(LABELLED.format(label=label, extra=extra, file="fixture.txt", quote="fixture"))
    [error] = errors_with_texts(fixture_sources, texts)
    assert (error.line, error.column) == (3, 15), str(error)
    assert error.message == f"the English label {label!r} of 'ministry-x' does not occur in its cited source (fixture.txt)"
    assert "supplied: {label:" in error.hint
    record.write_text(LABELLED.format(label=label, file="fixture.txt", quote="fixture",
                                      extra=extra + "  supplied: {label: curator (made for the test)}\n"))
    assert errors_with_texts(fixture_sources, texts) == []


@pytest.mark.parametrize("label", ["VERBATIM   quote", "ministry a (Cambodia)", "spans lines. It names"])
def test_a_label_in_the_source_passes_whatever_its_case_spacing_or_bracketed_qualifier(fixture_sources, label):
    (fixture_sources.data_dir / "labelled.yaml").write_text(
        LABELLED.format(label=label, extra="", file="fixture.txt", quote="fixture"))
    assert errors_with_texts(fixture_sources, read_source_texts(FIXTURES / "sources")) == []


def test_a_label_counts_only_in_the_documents_the_record_cites(fixture_sources):
    texts = {**read_source_texts(FIXTURES / "sources"), "other.txt": "An other document about the Ministry of Rivers."}
    (fixture_sources.data_dir / "other.yaml").write_text(
        '- id: doc-other\n  kind: document\n  file: other.txt\n  label: {en: Other document}\n'
        '  sources: [{file: other.txt, section: "1", quote: "other document"}]\n')
    record = fixture_sources.data_dir / "labelled.yaml"
    record.write_text(LABELLED.format(label="Ministry of Rivers", extra="", file="fixture.txt", quote="fixture"))
    [error] = errors_with_texts(fixture_sources, texts)
    assert "'Ministry of Rivers' of 'ministry-x' does not occur in its cited source (fixture.txt)" in error.message
    record.write_text(LABELLED.format(label="Ministry of Rivers", extra="", file="other.txt", quote="Ministry of Rivers"))
    assert errors_with_texts(fixture_sources, texts) == []


def test_the_bundled_data_is_valid_and_its_quotes_verbatim(repo_sources):
    sources_dir = Path(__file__).parents[3] / "shared" / "sources"
    texts = read_source_texts(sources_dir) if sources_dir.is_dir() else None
    assert compile_data(repo_sources, Iris(), texts)
