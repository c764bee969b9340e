"""``soilkg stats``: counts by class, country and source document, and the recommended fields records miss."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from loaders.pipeline import Sources
from loaders.stats import NO_COUNTRY, collect_stats, render_stats

ROOT = Path(__file__).resolve().parents[2]
BASE = Path(__file__).parents[1] / "fixtures" / "shapes" / "base"


@pytest.fixture
def sources(tmp_path) -> Sources:
    shutil.copytree(BASE, tmp_path / "data")
    (tmp_path / "data" / "more.yaml").write_text("""
- id: target-b
  kind: target
  label: {en: Target B}
  country: KH
  indicator: forest cover
  value: 47
  description: {en: A target with every recommended field but one.}
  sources:
    - {file: fixture.txt, section: "1", quote: "fixture"}
    - {file: other.txt, section: "2", quote: "other"}
""", encoding="utf-8")
    return Sources(tmp_path / "data", ROOT / "ontology")


def test_counts_by_class_country_and_document(sources):
    stats = collect_stats(sources)
    assert stats["records"] == 11 and stats["files"] == 2
    assert stats["by_class"]["Ministry"] == 1 and stats["by_class"]["Target"] == 1
    assert sum(stats["by_class"].values()) == 11
    assert stats["by_country"] == {NO_COUNTRY: 6, "KH": 5}  # country-kh counts for its own code
    assert stats["by_document"] == {"fixture.txt": 11, "other.txt": 1}


def test_counts_are_sorted_by_count_then_name(sources):
    counts = collect_stats(sources)["by_class"]
    assert list(counts.items()) == sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def test_missing_recommended_fields_are_listed_with_their_place(sources):
    missing = collect_stats(sources)["missing_recommended"]
    target = [(m["field"], m["line"], m["column"]) for m in missing if m["record"] == "target-b"]
    assert target == [("policy", 2, 3), ("target_year", 2, 3)]
    ministry = [m for m in missing if m["record"] == "ministry-a"]
    assert [m["field"] for m in ministry] == ["description"]
    assert ministry[0]["path"].endswith("records.yaml") and ministry[0]["line"] == 14
    assert missing == sorted(missing, key=lambda m: (m["path"], m["line"], m["field"]))


def test_stats_are_plain_data(sources):
    stats = collect_stats(sources)
    assert json.loads(json.dumps(stats)) == stats


def test_render_stats_shows_tables_and_clickable_places(sources):
    text = render_stats(collect_stats(sources))
    assert text.startswith("11 records in 2 files\n")
    assert "By class\n" in text and "By country\n" in text and "By source document\n" in text
    assert "  fixture.txt     11\n" in text
    assert "records.yaml:14:3: ministry-a (ministry) has no 'description'" in text
    assert "more.yaml:2:3: target-b (target) has no 'target_year'" in text


def test_stats_count_the_records_of_data_being_edited(sources):
    (sources.data_dir / "broken.yaml").write_text("- id: plan-z\n  kind: plan\n  label: {en: Z}\n  start_yaer: 2020\n")
    assert collect_stats(sources)["by_class"]["Plan"] == 2
