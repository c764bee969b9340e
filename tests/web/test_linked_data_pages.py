"""The dataset, ontology and vocabulary pages in a real browser: HTML (not a download), offline, no JS errors.

Issue 11: the "Dataset (VoID)" link downloaded ``void.rdf`` because a browser's Accept header
(``application/xml;q=0.9``) picked RDF/XML. Chromium's own Accept header is used here, following
the site navigation as a person would.
"""

from __future__ import annotations

import re

import httpx


def test_the_dataset_link_shows_the_dataset_page(watched):
    watched.open("/")
    with watched.page.expect_navigation():
        watched.page.get_by_role("link", name="Dataset", exact=True).click()
    assert watched.page.url.endswith("/dataset.html"), watched.page.url
    assert watched.page.locator("h1").inner_text().startswith("Dataset")
    downloads = watched.page.locator("#distributions ~ table").first.locator("tr td:first-child a")
    assert downloads.count() == 10
    assert watched.page.locator("#classes ~ table").first.locator("tr").count() > 10
    watched.screenshot("dataset-page")
    watched.assert_clean()


def test_well_known_void_renders_in_the_browser(watched, site):
    response = watched.open("/.well-known/void")
    assert response.headers["content-type"].startswith("text/html")
    assert "Downloads" in watched.page.locator("main").inner_text()
    machine = httpx.get(site.base_url + "/.well-known/void")
    assert machine.headers["content-type"].startswith("text/turtle"), "machines still get RDF"
    watched.assert_clean()


def test_linked_data_pages_render_offline_without_errors(watched):
    for path in ["/def", "/vocab/topics", "/vocab/topics/soil-organic-carbon", "/graph/inferred", "/id/zz-hostile-ministry"]:
        watched.open(path)
        assert watched.page.locator("h1").count() == 1, path
        assert watched.page.evaluate("() => window.__xss") is None, path
    watched.assert_clean()


def test_a_term_iri_lands_on_its_section_of_the_ontology_page(watched, site):
    """``…/def#Term`` is read from the ontology page: the browser scrolls to the term's section."""
    page = httpx.get(site.base_url + "/def", headers={"Accept": "text/html"}).text
    last = re.findall(r'<article class="term" id="([^"]+)"', page)[-1]
    watched.open(f"/def#{last}")
    assert watched.page.locator(f"article#{last}").is_visible()
    assert watched.page.evaluate("() => window.scrollY") > 1000, "the page scrolled to the section"
    watched.screenshot("ontology-page")
    watched.assert_clean()
