"""Dataset versions and ``soilkg diff``: two versions of a fixture data set, compared by the CLI and the API."""

from __future__ import annotations

import json

import httpx
import pytest

from api.settings import Settings
from graph.releases import Releases
from graph.store import GraphStore
from tests.cli import soilkg
from tests.server import running_server
from tests.versions_fixture import expected_changes, two_versions


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    return two_versions(tmp_path_factory.mktemp("versions"))


def test_each_load_that_changes_the_content_is_a_version(versions):
    v1, _v2, store = versions
    recorded = Releases(store).versions()
    assert [v.number for v in recorded] == [1, 2]
    assert recorded[1].content == GraphStore(store).content_hash()
    assert recorded[0].sha256 != recorded[1].sha256 and all(v.dump for v in recorded)
    again = soilkg("load", "--data", v1, "--store", store)  # back to the first content: a third version
    assert again.code == 0 and "dataset version 3" in again.out
    unchanged = soilkg("load", "--data", v1, "--store", store)
    assert unchanged.code == 0 and "unchanged" in unchanged.out and "dataset version 3" in unchanged.out
    assert Releases(store).versions()[2].sha256 == recorded[0].sha256


def test_diff_of_two_versions_lists_records_and_statements_with_sources(versions):
    v1, v2, store = versions
    run = soilkg("diff", "1", "2", "--format", "json", "--store", store)
    assert run.code == 0, run.err
    result = json.loads(run.out)
    assert {r["record"]: r["change"] for r in result["records"]} == expected_changes(v1, v2)
    changed = next(r for r in result["records"] if r["record"] == "ministry-a")
    assert {(s["o"], s["g"]) for s in changed["removed"]} >= {('"Ministry A"@en', "<https://w3id.org/soilkg/graph/doc-fixture>")}
    assert {(s["o"], s["g"]) for s in changed["added"]} >= {('"Ministry of A"@en', "<https://w3id.org/soilkg/graph/doc-fixture>")}
    added = next(r for r in result["records"] if r["change"] == "added")
    assert not added["removed"] and any(s["p"].endswith("#type>") for s in added["added"])
    text = soilkg("diff", "1", "2", "--store", store)
    assert "1 record(s) added, 1 removed, 1 changed" in text.out
    assert '− id:ministry-a skos:prefLabel "Ministry A"@en  [doc-fixture]' in text.out, text.out
    assert '+ id:ministry-a skos:prefLabel "Ministry of A"@en  [doc-fixture]' in text.out


def test_diff_of_data_folders_and_dumps_agrees_with_the_versions(versions, tmp_path):
    v1, v2, store = versions
    by_version = json.loads(soilkg("diff", "1", "2", "--format", "json", "--store", store).out)["records"]
    by_folder = json.loads(soilkg("diff", v1, v2, "--format", "json", "--store", store).out)["records"]
    assert by_folder == by_version
    dump = tmp_path / "two.nq"
    assert soilkg("export", "--format", "nq", "-o", dump, "--store", store).code == 0  # the store now serves version 3 = v1
    assert json.loads(soilkg("diff", dump, "1", "--format", "json", "--store", store).out)["records"] == []


def test_old_dumps_are_pruned_to_the_setting(tmp_path):
    v1, v2, store = two_versions(tmp_path)
    run = soilkg("load", "--data", v1, "--store", store, env={"SOILKG_KEEP_VERSIONS": "2"})
    assert run.code == 0
    kept = [v.dump is not None for v in Releases(store).versions()]
    assert kept == [False, True, True]
    gone = soilkg("diff", "1", "2", "--store", store)
    assert gone.code == 1 and "no longer kept" in gone.err


def test_versions_api_lists_versions_with_distributions_and_diffs(versions):
    v1, v2, store = versions
    with running_server(Settings(store=store, query_workers=1)) as url:
        listed = httpx.get(f"{url}/api/versions").json()["versions"]
        assert [v["version"] for v in listed] == ["3", "2", "1"] and listed[0]["served"]
        dump = httpx.get(listed[1]["distributions"][0]["url"])
        assert dump.status_code == 200 and dump.headers["content-type"] == "application/gzip"
        health = httpx.get(f"{url}/health").json()
        assert health["version"] == "3" and health["statements"] == listed[0]["statements"]
        result = httpx.get(f"{url}/api/versions/1/2").json()
        assert {r["record"]: r["change"] for r in result["records"]} == expected_changes(v1, v2)
        assert httpx.get(f"{url}/api/versions/1/9").status_code == 404


def test_two_loads_at_once_each_record_their_own_version(tmp_path):
    """Loads run one at a time; each records its content as a version before the other can serve its own."""
    import subprocess
    import sys

    v1, v2, _store = two_versions(tmp_path / "setup")
    store = tmp_path / "store"
    loads = [subprocess.Popen([sys.executable, "-m", "api.cli", "load", "--data", str(folder), "--store", str(store)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for folder in (v1, v2)]
    outs = [load.communicate(timeout=300) for load in loads]
    assert [load.returncode for load in loads] == [0, 0], outs
    named = sorted(out.rsplit("dataset version ", 1)[1].rstrip(")\n") for out, _err in outs)
    assert named == ["1", "2"], outs
    for folder, (out, _err) in zip((v1, v2), outs, strict=True):
        number = out.rsplit("dataset version ", 1)[1].rstrip(")\n")
        same = json.loads(soilkg("diff", folder, number, "--format", "json", "--store", store).out)
        assert same["records"] == [], f"version {number} is not the content of {folder}"
