"""The dataset versions page and the diff of two versions, in a real headless Chromium."""

from __future__ import annotations

import pytest
from conftest import watch

from api.settings import Settings
from tests.server import running_server
from tests.versions_fixture import expected_changes, two_versions


@pytest.fixture(scope="module")
def versions_site(tmp_path_factory):
    v1, v2, store = two_versions(tmp_path_factory.mktemp("versions-site"))
    with running_server(Settings(store=store, query_workers=1)) as url:
        yield url, v1, v2


def test_versions_page_links_each_version_to_its_changes(browser, versions_site):
    url, _v1, _v2 = versions_site
    with watch(browser, url) as page:
        page.open("/versions")
        rows = page.page.locator("#versions tbody tr")
        assert [rows.nth(i).get_attribute("data-version") for i in range(rows.count())] == ["2", "1"]
        assert "(served)" in rows.nth(0).inner_text()
        page.page.locator("a.compare-link").first.click()
        page.page.wait_for_url("**/versions/1/2")
        assert page.page.locator("h1").inner_text() == "Changes from version 1 to version 2"
        page.assert_clean()


def test_diff_page_shows_the_same_changes_as_the_cli(browser, versions_site):
    url, v1, v2 = versions_site
    with watch(browser, url) as page:
        page.open("/versions/1/2")
        sections = page.page.locator("section.record-change")
        shown = {sections.nth(i).get_attribute("data-record"): sections.nth(i).get_attribute("data-change")
                 for i in range(sections.count())}
        assert shown == expected_changes(v1, v2)
        changed = page.page.locator('section[data-record="ministry-a"]')
        removed = changed.locator("tr.removed").all_inner_texts()
        added = changed.locator("tr.added").all_inner_texts()
        assert any('"Ministry A"@en' in row and "doc-fixture" in row for row in removed), removed
        assert any('"Ministry of A"@en' in row and "doc-fixture" in row for row in added), added
        assert "1 record(s) added, 1 removed, 1 changed" in page.page.locator("#diff-summary").inner_text()
        page.screenshot("versions-diff")
        page.assert_clean()
