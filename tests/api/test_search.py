"""``/api/search``: names in any language, case and accents folded, ranked; rebuilt when the store changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api.search import RANKS, fold
from api.settings import Settings
from graph.namespaces import Iris
from graph.store import GraphStore
from loaders.pipeline import Sources, load
from tests.api.conftest import FIXTURE_DATA
from tests.server import running_server

ROOT = Path(__file__).resolve().parents[2]


def search(http, url: str, q: str, **params) -> list[dict]:
    response = http.get(f"{url}/api/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()["results"]


@pytest.mark.parametrize("q", ["tap chi khoa hoc dat", "TAP CHI KHOA HOC DAT", "Tạp chí Khoa học Đất", "khoa hoc"])
def test_accents_and_case_do_not_matter(fixture_server, http, q):
    hits = search(http, fixture_server, q)
    assert hits[0]["id"] == "zz-journal" and hits[0]["matched"] == "Tạp chí Khoa học Đất"


def test_a_hit_has_id_iri_label_kind_country_and_a_local_link(fixture_server, http):
    [hit] = search(http, fixture_server, "fms")
    assert hit == {"id": "zz-ministry", "iri": "https://w3id.org/soilkg/id/zz-ministry", "label": "Fixture Ministry of Soils",
                   "kind": "ministry", "country": ["ZZ"], "matched": "FMS", "match": "exact", "href": "/id/zz-ministry"}
    assert search(http, fixture_server, "Cambodia")[0]["country"] == ["KH"]


@pytest.mark.parametrize(("q", "first", "match"), [
    ("fms", "zz-ministry", "exact"),
    ("fixture research station", "zz-station", "exact"),
    ("fixture res", "zz-station", "prefix"),
    ("monitoring", "zz-network", "word prefix"),
    ("ixtureland", "country-zz", "substring"),
    ("soils fixture", "zz-ministry", "all words"),
])
def test_ranks_go_exact_prefix_word_substring_words(fixture_server, http, q, first, match):
    hits = search(http, fixture_server, q)
    assert (hits[0]["id"], hits[0]["match"]) == (first, match)
    ranks = [RANKS.index(h["match"]) for h in hits]
    assert ranks == sorted(ranks)


def test_exact_acronyms_come_before_longer_names_on_the_bundled_data(data_server, http):
    hits = search(http, data_server, "maff")
    assert hits[0]["id"] == "kh-maff" and hits[0]["match"] == "exact"
    assert [h for h in search(http, data_server, "maff", country="KH") if h["id"] == "kh-maff"]


def test_country_filter_limit_and_bad_input(fixture_server, http):
    assert search(http, fixture_server, "fixture", country="KH") == []
    assert len(search(http, fixture_server, "fixture", limit=2)) == 2
    assert http.get(f"{fixture_server}/api/search", params={"q": ""}).status_code == 422
    assert http.get(f"{fixture_server}/api/search", params={"q": "x", "country": "K H"}).status_code == 422
    assert search(http, fixture_server, "!!!") == []


def test_fold_keeps_khmer_signs_and_drops_latin_accents():
    assert fold("Bộ Đất Thử nghiệm") == "bo dat thu nghiem"
    assert fold("ក្រសួងដីសាកល្បង") == "ក្រសួងដីសាកល្បង"
    assert fold("กระทรวงดินทดสอบ") == "กระทรวงดินทดสอบ"


def test_the_index_the_enums_and_the_dumps_follow_a_new_store_generation(tmp_path, http):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    store = GraphStore(tmp_path / "store")
    sources = Sources(data, ROOT / "ontology")
    load(store, sources, Iris())
    with running_server(Settings(store=store.root, query_workers=1)) as url:
        assert search(http, url, "second fixture network") == []
        etag = http.get(f"{url}/dumps/soilkg.nt").headers["etag"]
        (data / "more.yaml").write_text(
            "- {id: zz-second-network, kind: network, label: {en: Second fixture network}, "
            "sources: [{file: fixture-a.txt, section: '9', quote: 'second'}]}\n"
            "- {id: zz-member, kind: university, label: {en: Fixture university}, country: ZZ, member_of: [zz-second-network], "
            "sources: [{file: fixture-a.txt, section: '9', quote: 'university'}]}\n", encoding="utf-8")
        assert load(store, sources, Iris())
        assert search(http, url, "second fixture network")[0]["id"] == "zz-second-network"
        assert http.get(f"{url}/dumps/soilkg.nt").headers["etag"] != etag
        rows = http.get(f"{url}/api/queries/partnership_partners", params={"partnership": "zz-second-network"}).json()["rows"]
        assert [r["partner"].rsplit("/", 1)[-1] for r in rows] == ["zz-member"]
        spec = http.get(f"{url}/openapi.json").json()
        enum = spec["paths"]["/api/queries/partnership_partners"]["get"]["parameters"][0]["schema"]["enum"]
        assert "zz-second-network" in enum
