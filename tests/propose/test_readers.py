"""Relations and targets read from one sentence (placeholder names: only the wording is under test)."""

from __future__ import annotations

import re

import pytest

from loaders.propose.relations import Named, read_relations
from loaders.propose.targets import read_targets

GROUPS = {"Alpha Programme": "programme", "Beta Agency": "organisation", "Gamma Institute": "organisation",
          "Delta Network": "organisation", "Epsilon Station": "site", "Zeta Fund": "organisation"}


def relations(sentence: str) -> set[tuple[str, str, str]]:
    names = [Named(m.start(), m.end(), name, GROUPS[name]) for name in GROUPS for m in re.finditer(re.escape(name), sentence)]
    return {(f.type, f.subject.ref, f.object.ref) for f in read_relations(sentence, names)}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Alpha Programme, led by the Beta Agency, started.", {("leads", "Beta Agency", "Alpha Programme")}),
    ("Beta Agency will lead the Alpha Programme.", {("leads", "Beta Agency", "Alpha Programme")}),
    ("5/ Beta Agency has a project called Alpha Programme, which", {("leads", "Beta Agency", "Alpha Programme")}),
    ("A Zeta Fund funded project named Alpha Programme aims at", {("funds", "Zeta Fund", "Alpha Programme")}),
    ("the Alpha Programme funded by Zeta Fund and Beta Agency", {("funds", "Zeta Fund", "Alpha Programme"),
                                                                 ("funds", "Beta Agency", "Alpha Programme")}),
    ("the Alpha Programme has run in two provinces with support from government, Beta Agency, Zeta Fund",
     {("supports", "Beta Agency", "Alpha Programme"), ("supports", "Zeta Fund", "Alpha Programme")}),
    ("with support from the Beta Agency and Zeta Fund, launched the Alpha Programme",
     {("supports", "Beta Agency", "Alpha Programme"), ("supports", "Zeta Fund", "Alpha Programme")}),
    ("The Gamma Institute is a core member of the Delta Network.", {("member-of", "Gamma Institute", "Delta Network")}),
    ("Gamma Institute, Zeta Fund, under the Beta Agency", {("part-of", "Zeta Fund", "Beta Agency")}),
    ("Within Beta Agency, the Gamma Institute maps soils.", {("part-of", "Gamma Institute", "Beta Agency")}),
    ("the Epsilon Station managed by Gamma Institute", {("operates", "Gamma Institute", "Epsilon Station")}),
    ("results are reported by Gamma Institute to the Beta Agency", {("passes-information-to", "Gamma Institute",
                                                                     "Beta Agency")}),
    ("Gamma Institute then communicated the results to the Beta Agency",
     {("passes-information-to", "Gamma Institute", "Beta Agency")}),
])
def test_each_relation_is_read_from_its_words(sentence, expected):
    assert relations(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The Alpha Programme and the Beta Agency met in 2020.",  # no cue
    "Beta Agency, led by the Gamma Institute, met.",  # an agency is not led in the data format: leads joins a programme
    "the Gamma Institute managed by Beta Agency",  # operates needs a site or channel
])
def test_no_relation_without_a_cue_or_between_records_it_cannot_join(sentence):
    assert relations(sentence) == set()


def test_targets_of_a_list_take_the_deadline_written_before_it():
    sentence = ("By 2030, Cambodia has set four primary objectives to combat land degradation and enhance SOC stocks: "
                "(1) increase national forest cover to 47% of total land area; (2) improve agricultural productivity by 5% "
                "annually; (3) increase SOC stocks in forests and croplands by 1.2% relative to 2015 levels through the "
                "promotion of conservation agriculture; and (4) preserve and expand protected and production forests, "
                "restore at least 8% of degraded land")
    found = [(t.indicator, t.value, t.unit, t.comparator, t.change, t.baseline_year, t.target_year)
             for t in read_targets(sentence)]
    assert found == [
        ("national forest cover", 47, "percent", None, "level", None, 2030),
        ("agricultural productivity", 5, "percent", None, "annual-increase", None, 2030),
        ("SOC stocks in forests and croplands", 1.2, "percent", None, "increase", 2015, 2030),
        ("degraded land", 8, "percent", "at-least", "level", None, 2030)]


def test_targets_read_amounts_comparators_and_deadlines():
    sentence = ("with the objective to earn at least $95 million from the reduction of deforestation and the "
                "preservation of about 30 million tonnes of equivalent CO2")
    assert [(t.value, t.unit, t.comparator) for t in read_targets(sentence)] == [
        (95_000_000, "usd", "at-least"), (30_000_000, "tonne-co2e", "about")]
    deadlines = read_targets("The country has set a target of achieving carbon neutrality by 2050 and net-zero GHG "
                             "emissions by 2065.")
    assert [(t.indicator, t.value, t.target_year) for t in deadlines] == [
        ("carbon neutrality", None, 2050), ("net-zero GHG emissions", None, 2065)]


def test_a_number_without_a_goal_is_no_target():
    assert read_targets("Higher SOC levels were associated with improved crop production, most notably rice (41.8%).") == []
    assert read_targets("The total annual economic cost was estimated at USD 2.7 billion in Thailand in 2018.") == []
