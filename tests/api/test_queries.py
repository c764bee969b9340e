"""``/api/queries``: every named query as a typed endpoint, its example, paging, formats and hostile input."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from api.catalog import load_catalog
from loaders.schema import GROUP_BY_NAME

ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_catalog(ROOT / "queries")
ID = "https://w3id.org/soilkg/id/"


def records(*files: str) -> dict[str, dict]:
    """The curated records of ``data/<file>``, by id: what the examples must find."""
    out = {}
    for name in files:
        out.update({r["id"]: r for r in yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))})
    return out


CAMBODIA = records("national/cambodia.yaml")


def ids(rows: list[dict], column: str) -> set[str]:
    return {str(r[column]).removeprefix(ID) for r in rows if r[column]}


def check_programmes(rows):
    tagged = {i for i, r in CAMBODIA.items() if "soil-organic-carbon" in r.get("topics", [])
              and r["kind"] in ("policy", "plan", "programme", "action-programme", "strategy")}
    via_targets = {r["policy"] for r in CAMBODIA.values() if r["kind"] == "target"
                   and "soil-organic-carbon" in r.get("topics", [])}
    assert tagged | via_targets <= ids(rows, "programme")


def check_policies(rows):
    in_force = {i for i, r in CAMBODIA.items() if r["kind"] in ("plan", "policy", "strategy", "action-programme")
                and ("start_year" in r or "end_year" in r)
                and r.get("start_year", 0) <= 2020 <= r.get("end_year", 9999)}
    assert ids(rows, "policy") == in_force
    targets = {i for i, r in CAMBODIA.items() if r["kind"] == "target" and r.get("policy") in in_force}
    assert ids(rows, "target") == targets
    soc = next(r for r in rows if str(r["target"]).endswith("kh-target-soc-stocks-2030"))
    assert (soc["value"], soc["unit"], soc["baselineYear"], soc["targetYear"]) == (1.2, "percent", 2015, 2030)


def check_sites(rows):
    sites = {i: r for i, r in CAMBODIA.items() if r["kind"] in ("research-station", "observatory", "experimental-site",
                                                                "research-infrastructure")}
    assert ids(rows, "site") == set(sites)
    bos = next(r for r in rows if r["site"] == ID + "kh-bos-khnor")
    assert (bos["start"], bos["operators"]) == (sites["kh-bos-khnor"]["start_year"], ID + "kh-cardec")


def check_chain(rows):
    chain = CAMBODIA["kh-extension-chain"]["steps"]
    steps = [(r["order"], r["from"].removeprefix(ID), r["to"].removeprefix(ID),
              {c.removeprefix(ID) for c in (r["channels"] or "").split()})
             for r in rows if r["flow"] == ID + "kh-extension-chain"]
    channels = [s.get("channel", []) for s in chain]
    assert steps == [(n, s["from"], s["to"], set(c if isinstance(c, list) else [c]))
                     for n, (s, c) in enumerate(zip(chain, channels, strict=True), start=1)]


def check_partners(rows):
    curated = records("national/cambodia.yaml", "national/thailand.yaml")
    members = {i for i, r in curated.items() if "irc" in r.get("member_of", [])}
    assert members <= {r["partner"].removeprefix(ID) for r in rows if r["relation"] == "member"}
    countries = ids([r for r in rows if r["relation"] == "country"], "partner")
    assert {"country-kh", "country-la", "country-th", "country-vn"} <= countries
    itc = next(r for r in rows if r["partner"] == ID + "kh-itc")
    assert itc["countries"] == "KH"


def check_support(rows):
    expected = {(i, s) for i, r in CAMBODIA.items() if r["kind"] == "support" and "aciar" in r["supporters"]
                for s in r["supported"]}
    assert {(r["relation"].removeprefix(ID), r["supported"].removeprefix(ID)) for r in rows} == expected
    assert {r["type"] for r in rows} == {"support (unspecified)"}


def check_networks(rows):
    assert ids(rows, "member") == {i for i, r in CAMBODIA.items() if "irc" in r.get("member_of", [])}
    assert {r["relation"] for r in rows} == {"member of"}


def check_submissions(rows):
    [row] = rows
    dataset = CAMBODIA["kh-gsocmap-dataset"]
    assert (row["dataset"], row["sampleCount"], row["approximate"], row["socMethod"]) == (
        ID + "kh-gsocmap-dataset", dataset["sample_count"], True, dataset["soc_method"])


def check_disagreements(rows):
    lao = records("national/lao-pdr.yaml")
    [row] = rows
    assert (row["nationalCount"], row["globalCount"]) == (lao["la-national-soc-map"]["sample_count"],
                                                          lao["la-gsocmap-dataset"]["sample_count"])
    assert row["difference"] == row["nationalCount"] - row["globalCount"] > 0


def check_actors(rows):
    agents = set(GROUP_BY_NAME["organisation"].kinds)
    cited = {r["id"]: len({s["file"] for s in r["sources"]}) for path in sorted((ROOT / "data").rglob("*.yaml"))
             for r in yaml.safe_load(path.read_text(encoding="utf-8")) or [] if r.get("kind") in agents}
    assert {r["actor"].removeprefix(ID): r["sources"] for r in rows} == {i: n for i, n in cited.items() if n >= 2}
    assert all(r["documents"].count(" | ") + 1 == r["sources"] for r in rows)


def all_records() -> dict[str, dict]:
    return {r["id"]: r for path in sorted((ROOT / "data").rglob("*.yaml"))
            for r in yaml.safe_load(path.read_text(encoding="utf-8")) or []}


def parts_of(root: str, curated: dict[str, dict]) -> set[str]:
    """Every record whose part_of chain leads to ``root``."""
    found, frontier = set(), {root}
    while frontier:
        frontier = {i for i, r in curated.items() if r.get("part_of") in frontier} - found
        found |= frontier
    return found


def check_programme_places(rows):
    curated = all_records()
    expected = parts_of("global-soil-doctors-programme", curated) | {"global-soil-doctors-programme"}
    assert ids(rows, "part") == expected
    supporters = {(s, p) for r in curated.values() if r["kind"] == "support"
                  for s in r["supporters"] for p in r["supported"] if p in expected}
    assert {(sup.removeprefix(ID), r["part"].removeprefix(ID)) for r in rows
            for sup in (r["supporters"] or "").split()} == supporters
    for row in rows:
        record = curated[row["part"].removeprefix(ID)]
        codes = set(record.get("countries", [])) | ({record["country"]} if "country" in record else set())
        assert set((row["countries"] or "").split()) == codes


def check_flagship(rows):
    curated = all_records()
    assert ids(rows, "part") == parts_of("gra-scs-flagship", curated)
    for row in rows:
        record = curated[row["part"].removeprefix(ID)]
        assert row["parent"] == ID + record["part_of"]
        institutions = set(record.get("led_by", [])) | set(record.get("participants", []))
        assert {i.removeprefix(ID) for i in (row["institutions"] or "").split()} == institutions


def check_network_counts(rows):
    curated = all_records()
    networks = {i for i, r in curated.items() if r["kind"] in ("network", "partnership")}
    assert ids(rows, "network") == networks
    for row in rows:
        rid = row["network"].removeprefix(ID)
        assert row["statedCount"] == curated[rid].get("member_count")
        members = {i for i, r in curated.items() if rid in r.get("member_of", []) or r.get("part_of") == rid}
        assert row["recordedMembers"] == len(members), rid
        assert row["memberCountries"] == len(curated[rid].get("member_countries", []))


def check_document_about_country(rows):
    expected = {(i, " ".join(src["quote"].split())) for i, r in all_records().items()
                if "KH" in ([r["country"]] if isinstance(r.get("country"), str) else []) + r.get("countries", [])
                for src in r["sources"] if src["file"] == "001_bfd7ccae39bdee07.txt"}
    assert expected and {(r["record"].removeprefix(ID), r["quote"]) for r in rows} == expected


def check_sources_of_entity(rows):
    maff = CAMBODIA["kh-maff"]
    assert [(r["section"], r["quote"]) for r in rows] == [(s["section"], " ".join(s["quote"].split()))
                                                          for s in maff["sources"]]
    assert {r["graph"] for r in rows} == {"https://w3id.org/soilkg/graph/doc-soc-mainland-sea-review"}


EXPECTED = {
    "programmes_by_topic_and_country": check_programmes,
    "policies_and_targets_by_country": check_policies,
    "long_term_sites_by_country": check_sites,
    "extension_chain_by_country": check_chain,
    "partnership_partners": check_partners,
    "support_relations": check_support,
    "network_memberships": check_networks,
    "global_map_submissions_by_country": check_submissions,
    "soc_map_sample_count_disagreements": check_disagreements,
    "actors_in_several_sources": check_actors,
    "programme_places_and_supporters": check_programme_places,
    "flagship_components_and_contributions": check_flagship,
    "networks_with_member_counts": check_network_counts,
    "document_statements_about_country": check_document_about_country,
    "sources_of_entity": check_sources_of_entity,
}


def test_every_named_query_has_an_expected_answer_here():
    assert set(EXPECTED) == set(CATALOG), "add a check of the new query's example to EXPECTED"


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_the_example_of_every_named_query_returns_its_expected_answer(data_server, name, http):
    response = http.get(f"{data_server}/api/queries/{name}", params=CATALOG[name].example)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["columns"] and all(set(row) == set(body["columns"]) for row in body["rows"])
    EXPECTED[name](body["rows"])


def test_the_list_shows_every_query_with_parameters_examples_and_allowed_values(data_server, http):
    listed = {q["name"]: q for q in http.get(f"{data_server}/api/queries").json()["queries"]}
    assert set(listed) == set(CATALOG)
    chain = listed["extension_chain_by_country"]
    assert chain["params"][0]["name"] == "country" and "KH" in chain["params"][0]["enum"]
    assert chain["example_url"].endswith("/api/queries/extension_chain_by_country?country=KH")
    assert http.get(chain["example_url"]).status_code == 200


def test_the_openapi_document_lists_every_query_with_its_parameters_and_example(data_server, http):
    spec = http.get(f"{data_server}/openapi.json").json()
    for name, query in CATALOG.items():
        operation = spec["paths"][f"/api/queries/{name}"]["get"]
        assert operation["summary"] == query.header.summary
        params = {p["name"]: p for p in operation["parameters"]}
        assert {"limit", "offset", "format"} <= set(params)
        for pname, declared in query.header.params.items():
            assert params[pname]["required"] == declared.required, f"{name}.{pname}"
            assert params[pname]["examples"]["example"]["value"] == declared.example
            assert params[pname]["description"].startswith(declared.description or declared.type)
            if declared.enum_query:
                assert str(declared.example) in params[pname]["schema"]["enum"], f"{name}.{pname} enum lacks its example"
    assert params["year"]["schema"]["type"] == "integer" if "year" in params else True
    docs = http.get(f"{data_server}/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_formats_by_accept_and_by_format_parameter(data_server, http):
    url = f"{data_server}/api/queries/extension_chain_by_country"
    as_csv = http.get(url, params={"country": "KH", "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["order"] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    assert http.get(url, params={"country": "KH"}, headers={"Accept": "text/csv"}).text == as_csv.text
    sparql = http.get(url, params={"country": "KH"}, headers={"Accept": "application/sparql-results+json"}).json()
    assert sparql["head"]["vars"][:3] == ["flow", "flowLabel", "order"]
    assert sparql["results"]["bindings"][0]["order"] == {"type": "literal", "value": "1",
                                                         "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    tsv = http.get(url, params={"country": "KH", "format": "tsv"})
    assert tsv.text.startswith("?flow\t?flowLabel")
    assert http.get(url, params={"country": "KH"}, headers={"Accept": "image/png"}).status_code == 406


def test_paging_with_limit_offset_and_next(data_server, http):
    url = f"{data_server}/api/queries/extension_chain_by_country"
    everything = http.get(url, params={"country": "KH"}).json()["rows"]
    first = http.get(url, params={"country": "KH", "limit": 2})
    body = first.json()
    assert body["rows"] == everything[:2] and body["next"]
    assert 'rel="next"' in first.headers["link"]
    second = http.get(body["next"]).json()
    assert second["rows"] == everything[2:4] and second["offset"] == 2
    last = http.get(url, params={"country": "KH", "limit": 100, "offset": len(everything) - 1}).json()
    assert last["rows"] == everything[-1:] and last["next"] is None
    assert http.get(url, params={"country": "KH", "limit": 0}).status_code == 422


HOSTILE = ['"} ; DROP ALL #', "> <x> <y>", "kh-maff> } DROP ALL { <x", '"', "\\u0022", "KH\" . ?s ?p ?o #",
           "x' } ; CLEAR DEFAULT ; #", "<script>", "%00", "1; DELETE WHERE { ?s ?p ?o }"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("name", "param"), [
    ("extension_chain_by_country", "country"), ("partnership_partners", "partnership"),
    ("support_relations", "supporter"), ("support_relations", "support_type"),
    ("policies_and_targets_by_country", "year"), ("actors_in_several_sources", "min_sources"),
])
def test_hostile_parameters_give_a_4xx_or_nothing_and_change_nothing(data_server, name, param, value, http):
    before = http.get(f"{data_server}/health").json()["content"]
    params = {**{k: v for k, v in CATALOG[name].example.items() if CATALOG[name].header.params[k].required}, param: value}
    response = http.get(f"{data_server}/api/queries/{name}", params=params)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["rows"] == []
    else:
        assert response.json()["detail"][0]["loc"] == ["query", param]
    assert http.get(f"{data_server}/health").json()["content"] == before


def test_a_string_parameter_is_bound_as_a_literal(fixture_server, http):
    """A value that is not in the allowed values of a free parameter is a term, never query text."""
    response = http.get(f"{fixture_server}/api/queries/support_relations", params={"supporter": "zz-markup"})
    assert [r["supported"] for r in response.json()["rows"]] == [ID + "zz-ministry"]
    response = http.get(f"{fixture_server}/api/queries/support_relations", params={"supporter": "zz-markup-x"})
    assert response.status_code == 200 and response.json()["rows"] == []


def test_missing_required_and_unknown_values_are_422_naming_the_parameter(data_server, http):
    missing = http.get(f"{data_server}/api/queries/extension_chain_by_country")
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["query", "country"]
    unknown = http.get(f"{data_server}/api/queries/partnership_partners", params={"partnership": "kh-maff"})
    assert unknown.status_code == 422 and "irc" in unknown.json()["detail"][0]["msg"]
