"""The ``soilkg`` command line as a person uses it: tables on a terminal, formats, clean errors, exit codes.

Every test runs the real command in a child process against a real store (the API fixture graph).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
import yaml

from tests.api.conftest import FIXTURE_DATA
from tests.cli import ROOT, soilkg, soilkg_on_terminal

HEAVY = ("pyoxigraph", "rdflib", "fastapi", "pydantic", "pydantic_settings", "networkx", "owlready2", "pyshacl",
         "uvicorn", "jinja2", "rich", "yaml", "pyvis")
LABELS_QUERY = "SELECT ?id ?label WHERE { ?id a soilkg:Ministry ; skos:prefLabel ?label } ORDER BY ?label"


@pytest.fixture(scope="module")
def store(fixture_store) -> str:
    return str(fixture_store.root)


@pytest.fixture(scope="module")
def ministry() -> dict:
    """The fixture's ministry record, as the curator wrote it (the expected values come from here)."""
    records = yaml.safe_load((FIXTURE_DATA / "records.yaml").read_text(encoding="utf-8"))
    return next(r for r in records if r["kind"] == "ministry")


def test_help_and_completion_import_no_heavy_module():
    """`--help` stays fast because no command's libraries are imported to show it (bench/cli_help.py times it)."""
    probe = ("import sys; from api.cli import main\n"
             "for args in (['--help'], ['query', '--help'], ['diff', '--help'], ['serve', '--help']):\n"
             "    assert main(args) == 0\n"
             f"print('imported:', ','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "imported: ", f"--help {done.stdout.splitlines()[-1]}"
    assert "Usage: soilkg query [OPTIONS] [SPARQL]" in done.stdout


def test_query_prints_a_table_on_a_terminal(store, ministry):
    run = soilkg_on_terminal("query", LABELS_QUERY, "--store", store)
    assert run.code == 0, run.out
    assert "┃ id" in run.out and "┃ label" in run.out, run.out
    for language, label in ministry["label"].items():
        assert f"{label} @{language}" in run.out, f"{language} label missing from the table:\n{run.out}"
    assert f"id:{ministry['id']}" in run.out, "record IRIs are shown with the id: prefix"
    assert f"{len(ministry['label'])} row(s)" in run.out


def test_query_prints_json_when_piped_and_every_chosen_format(store, ministry):
    piped = soilkg("query", LABELS_QUERY, "--store", store)
    assert piped.code == 0, piped.err
    labels = {b["label"]["value"] for b in json.loads(piped.out)["results"]["bindings"]}
    assert labels == set(ministry["label"].values())
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        run = soilkg("query", LABELS_QUERY, "--store", store, "--format", fmt)
        assert run.code == 0, run.err
        rows = list(csv.reader(io.StringIO(run.out), delimiter=delimiter))
        assert len(rows) == 1 + len(ministry["label"]), rows
    table = soilkg("query", LABELS_QUERY, "--store", store, "--format", "table")
    assert table.code == 0 and "label" in table.out and ministry["label"]["en"] in table.out


def test_named_query_with_params_as_table(store):
    run = soilkg("query", "--name", "sources_of_entity", "--param", "entity=zz-ministry", "--store", store,
                 "--format", "table")
    assert run.code == 0, run.err
    assert "row(s)" in run.out


@pytest.mark.parametrize(("args", "message"), [
    (["query", "--name", "sources_of_entity", "--param", "entity"], "'entity' is not NAME=VALUE"),
    (["query", "--param", "=KH", "--name", "x"], "is not NAME=VALUE"),
    (["query", "SELECT * {?s ?p ?o}", "--format", "yaml"], "Invalid value for '--format'"),
    (["query"], "give a SPARQL query"),
    (["query", "missing-file.rq"], "no such file: missing-file.rq"),
    (["query", "SELECT * {?s ?p ?o}", "--param", "a=b"], "--param goes with --name"),
    (["query", "--bogus"], "No such option '--bogus'"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["diagram", "maps"], "Invalid value for '{flows|partners}'"),
    (["diagram", "partners", "--hops", "-1"], "Invalid value for '--hops'"),
    (["serve", "--port", "http"], "'http' is not a valid integer"),
    (["validate", "--sources", "/nonexistent/sources"], "does not exist"),
    (["diff", "1"], "Missing argument 'NEW'"),
    (["diff", "nothing-here", "1"], "'nothing-here' is not a version number"),
    (["completion", "tcsh"], "Invalid value for '{bash|zsh|fish}'"),
])
def test_bad_arguments_are_usage_errors_without_traceback(store, args, message):
    run = soilkg(*args, *(["--store", store] if args[0] != "completion" else []))
    assert run.code == 2, f"{args}: exit {run.code}\n{run.err}"
    assert message in run.err, run.err
    assert "Traceback" not in run.err + run.out


@pytest.mark.parametrize(("args", "message"), [
    (["query", "SELECT ?x WHERE {"], "error:"),
    (["query", "--name", "no_such_query"], "no named query 'no_such_query'; known:"),
    (["query", "--name", "sources_of_entity", "--param", "entity=<bad iri>"], "error:"),
    (["diff", "99", "1"], "no dataset version"),
])
def test_invalid_queries_and_versions_exit_1(store, args, message):
    run = soilkg(*args, "--store", store)
    assert run.code == 1, f"{args}: exit {run.code}\n{run.err}"
    assert message in run.err and "Traceback" not in run.err, run.err


def test_commands_on_an_empty_store_say_so(tmp_path):
    for args in (["query", "ASK {}"], ["export"], ["diagram", "flows"]):
        run = soilkg(*args, "--store", tmp_path / "store")
        assert run.code == 1, f"{args}: {run.err}"
        assert "is empty: run 'soilkg load' first" in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("command", ["validate", "load", "serve", "stats", "reason"])
def test_an_empty_data_folder_is_refused(tmp_path, command):
    (tmp_path / "data").mkdir()
    run = soilkg(command, "--data", tmp_path / "data", "--store", tmp_path / "store", "--port", "0") if command == "serve" \
        else soilkg(command, "--data", tmp_path / "data", "--store", tmp_path / "store")
    assert run.code == 1, f"{command}: exit {run.code}\n{run.out}{run.err}"
    assert "data: error: no data files (*.yaml) in this folder" in run.err
    assert "valid" not in run.out
    assert not list((tmp_path / "store").glob("gen-*")) and not (tmp_path / "store" / "versions").exists(), "nothing stored"


def test_data_files_without_records_are_refused(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "empty.yaml").write_text("# nothing yet\n", encoding="utf-8")
    run = soilkg("validate", "--data", tmp_path / "data")
    assert run.code == 1 and "the data files hold no records" in run.err, run.err


def test_invalid_data_is_located(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bad.yaml").write_text("- id: x\n  kind: ministry\n  label: [oops\n", encoding="utf-8")
    run = soilkg("validate", "--data", tmp_path / "data")
    assert run.code == 1
    assert "bad.yaml:" in run.err and ": error: YAML syntax" in run.err and "nothing was loaded" in run.err


@pytest.mark.parametrize(("command", "step", "done"), [
    ("validate", "against the shapes", "data valid:"),
    ("load", "recorded dataset version 1", "loaded "),
    ("reason", "HermiT: consistent", "consistent: HermiT checked"),
])
def test_long_commands_show_their_steps_on_a_terminal(tmp_path, command, step, done):
    run = soilkg_on_terminal(command, "--data", FIXTURE_DATA, "--store", tmp_path / "store")
    assert run.code == 0, run.out
    assert "✓ validated" in run.out and step in run.out, run.out
    assert done in run.out


def test_shell_completion_script_and_answers(store):
    script = soilkg("completion", "bash")
    assert script.code == 0 and "_SOILKG_COMPLETE=bash_complete" in script.out
    words = soilkg(env={"_SOILKG_COMPLETE": "bash_complete", "COMP_WORDS": "soilkg qu", "COMP_CWORD": "1"})
    assert "plain,query" in words.out.splitlines(), words.out
    names = soilkg(env={"_SOILKG_COMPLETE": "bash_complete", "COMP_WORDS": "soilkg query --name sources_", "COMP_CWORD": "3"})
    expected = sorted(p.stem for p in (ROOT / "queries").glob("sources_*.rq"))
    assert [line.split(",", 1)[1] for line in names.out.splitlines()] == expected


def test_version_option():
    run = soilkg("--version")
    assert run.code == 0 and run.out.startswith("soilkg ")


def test_an_internal_error_is_one_line_unless_verbose(tmp_path):
    """A store Oxigraph cannot open: exit 2 with a one-line message; -v adds the traceback."""
    (tmp_path / "gen-broken").mkdir()
    (tmp_path / "CURRENT").write_text("gen-broken\n", encoding="utf-8")
    (tmp_path / "gen-broken" / "CURRENT").write_text("not a database\n", encoding="utf-8")
    run = soilkg("query", "ASK {}", "--store", tmp_path)
    assert run.code == 2 and run.err.startswith("error: internal error: ") and "Traceback" not in run.err, run.err
    verbose = soilkg("-v", "query", "ASK {}", "--store", tmp_path)
    assert verbose.code == 2 and "Traceback" in verbose.err
