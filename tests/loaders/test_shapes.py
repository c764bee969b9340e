"""The SHACL shapes catch what the loader's own checks let through, each at its file and line."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Namespace

from graph.namespaces import Iris
from loaders.errors import LoadFailed
from loaders.pipeline import Sources, compile_data, read_ontology, registered
from loaders.shapes import data_graph, read_shapes, violations

ROOT = Path(__file__).resolve().parents[2]
SHAPES = Path(__file__).parents[1] / "fixtures" / "shapes"
CASES = yaml.safe_load((SHAPES / "cases.yaml").read_text(encoding="utf-8"))
EXPECT = Namespace("https://w3id.org/soilkg/test#")


@pytest.fixture
def shape_sources(tmp_path) -> Sources:
    """A writable copy of the valid base records, with the real ontology and shapes."""
    shutil.copytree(SHAPES / "base", tmp_path / "data")
    return Sources(tmp_path / "data", ROOT / "ontology")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return read_ontology(Sources(ROOT / "data", ROOT / "ontology"))


def errors_of(sources: Sources) -> list:
    with pytest.raises(LoadFailed) as failure:
        compile_data(sources, Iris())
    return failure.value.errors


def test_the_base_fixture_conforms(shape_sources):
    assert compile_data(shape_sources, Iris())


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_record_is_reported_at_its_file_and_line(shape_sources, name):
    case = CASES[name]
    (shape_sources.data_dir / f"z_{name}.yaml").write_text(case["text"], encoding="utf-8")
    errors = errors_of(shape_sources)
    assert len(errors) == case.get("errors", 1), "\n".join(map(str, errors))
    error = errors[0]
    assert error.path.endswith(f"z_{name}.yaml"), str(error)
    assert (error.line, error.column) == (case["line"], case["column"]), str(error)
    assert case["message"] in error.message, str(error)
    assert f"constraint '{case['constraint']}'" in error.hint, str(error)


def test_shape_violations_come_with_the_loaders_own_errors(shape_sources):
    (shape_sources.data_dir / "z_both.yaml").write_text(CASES["start_after_end_year"]["text"] + """
- id: plan-c
  kind: plan
  label: {en: Plan C}
  start_yaer: 2020
  sources: [{file: fixture.txt, section: "1", quote: "fixture"}]
""", encoding="utf-8")
    messages = [e.message for e in errors_of(shape_sources)]
    assert len(messages) == 2, messages
    assert "unknown field 'start_yaer'" in messages[1]
    assert "record 'plan-b': the start year (2020) must not be after the end year (2010)" in messages[0]


def test_a_record_with_a_loader_error_gets_no_shape_errors(shape_sources):
    """Its quads are incomplete, so shape violations on it would only repeat or confuse."""
    indicator = "  indicator: forest cover\n"
    text = CASES["baseline_after_target_year"]["text"].replace(indicator, indicator + "  value: five\n")
    (shape_sources.data_dir / "z_target.yaml").write_text(text, encoding="utf-8")
    [error] = errors_of(shape_sources)
    assert "'value' expects a number" in error.message


@pytest.mark.parametrize("fixture", sorted((SHAPES / "rdf").glob("*.ttl")), ids=lambda p: p.stem)
def test_rdf_fixture_gives_exactly_the_expected_results(fixture, ontology):
    """Constraints the loader makes unreachable from YAML, on hand-written RDF (pySHACL dash-test style)."""
    graph = Graph().parse(fixture, format="turtle")
    expected = {(str(graph.value(r, EXPECT.focus)), str(graph.value(r, EXPECT.constraint)))
                for r in graph.subjects(EXPECT.focus, None)}
    data = [t for t in graph if not str(t[1]).startswith(str(EXPECT))]
    shapes = read_shapes(ROOT / "ontology" / "shapes")
    found = {(str(v.focus), v.constraint) for v in violations(data_graph(data, ontology), shapes)}
    assert found == expected


def test_flattened_shapes_find_what_the_nested_ones_find(shape_sources, ontology):
    for number, (name, case) in enumerate(CASES.items()):
        text = case["text"].replace("-b", f"-b{number}").replace("-c", f"-c{number}")
        (shape_sources.data_dir / f"z_{name}.yaml").write_text(text, encoding="utf-8")
    quads = registered(shape_sources, Iris()).compile()
    shapes_dir = ROOT / "ontology" / "shapes"
    graph = data_graph(quads, ontology)

    def found(shapes):
        return {(v.focus, v.path, v.value, v.message) for v in violations(graph, shapes)}

    flat, nested = found(read_shapes(shapes_dir)), found(read_shapes(shapes_dir, flat=False))
    assert flat == nested
    assert len(flat) >= len(CASES)


def test_the_bundled_data_conforms_to_the_shapes(repo_sources, ontology):
    compiler = registered(repo_sources, Iris())
    quads = compiler.compile()
    started = time.perf_counter()
    found = violations(data_graph(quads, ontology), read_shapes(repo_sources.shapes_dir))
    seconds = time.perf_counter() - started
    logging.getLogger(__name__).info("shapes: %d statements in %.2f s", len(quads), seconds)
    assert not found, "\n".join(f"{v.focus}: {v.message}" for v in found)
