"""The name matcher: one automaton, case- and accent-insensitive, at word boundaries, acronyms as written."""

from __future__ import annotations

import re

from loaders.propose.documents import read_document
from loaders.propose.matcher import Name, NameMatcher, fold_with_origin, names_of
from tests.propose.conftest import SHARED_SOURCES


def _records():
    # Placeholder records: what they name does not matter, how the names are written does.
    return [
        {"id": "coop", "label": {"es": "Asociación de Cooperativas Argentinas"}},
        {"id": "asset", "label": {"en": "ASSET"}, "acronyms": {"en": ["ASSET"]}},
        {"id": "dalam", "label": {"en": "Department of Agricultural Land Management"}, "acronyms": {"en": ["DALaM"]}},
        {"id": "kh-nap", "label": {"en": "National Action Program"}, "acronyms": {"en": ["NAP"]}},
        {"id": "th-nap", "label": {"en": "National Action Programme"}, "acronyms": {"en": ["NAP"]}},
        {"id": "program-kh", "label": {"en": "Soil Doctor Program (Cambodia)"}},
        {"id": "thai", "label": {"en": "Thai name", "th": "กรมพัฒนาที่ดิน"}},
    ]


def found(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.text, m.records) for m in NameMatcher.of_records(_records()).find(text)]


def test_names_match_whatever_the_case_and_accents():
    assert found("the ASOCIACION DE COOPERATIVAS ARGENTINAS said") == [("ASOCIACION DE COOPERATIVAS ARGENTINAS", ("coop",))]
    assert found("asociación  de\ncooperativas argentinas") == [("asociación  de\ncooperativas argentinas", ("coop",))]


def test_names_match_only_at_word_boundaries():
    assert found("the NAPs and SNAP") == []
    assert found("(NAP),") == [("NAP", ("kh-nap", "th-nap"))]


def test_acronyms_match_as_written_or_in_capitals_never_as_a_word():
    assert found("with an asset of") == []
    assert found("with ASSET and Dalam") == [("ASSET", ("asset",))]
    assert found("DALaM and DALAM") == [("DALaM", ("dalam",)), ("DALAM", ("dalam",))]


def test_leftmost_longest_name_wins_and_an_acronym_of_two_records_is_ambiguous():
    hits = NameMatcher.of_records(_records()).find("the National Action Programme (NAP)")
    assert [(m.text, m.records, m.ambiguous) for m in hits] == [
        ("National Action Programme", ("th-nap",), False), ("NAP", ("kh-nap", "th-nap"), True)]


def test_a_label_without_its_qualifier_is_a_name_too():
    names = {(n.form, n.field) for n in names_of(_records()[5])}
    assert names == {("Soil Doctor Program (Cambodia)", "label"), ("Soil Doctor Program", "label-stem")}
    assert found("launched the Soil Doctor Program to") == [("Soil Doctor Program", ("program-kh",))]


def test_scripts_without_spaces_match_inside_words():
    assert found("ที่กรมพัฒนาที่ดินได้") == [("กรมพัฒนาที่ดิน", ("thai",))]


def test_folding_keeps_a_map_back_to_the_text():
    folded, origin = fold_with_origin("Ŀa  Ⅻ, Éco")
    assert folded == "l·a xii eco"
    assert [origin[i] for i in range(len(folded))][-3:] == [7, 8, 9]


def test_the_automaton_finds_what_a_loop_of_regexes_finds_in_a_real_document():
    text = read_document(SHARED_SOURCES / "000_76f0107b4aa1b503.txt").text
    names = [Name(f"r{i}", form, "label", "en") for i, form in enumerate(
        ["Ministry of Agriculture and Forestry", "Land Development Department", "Soil and Fertilizer Institute",
         "Royal University of Agriculture", "Cambodia", "Lao PDR", "FAO", "Paris Agreement"])]
    ours = {(m.start, m.end) for m in NameMatcher(names).find(text)}
    loop = {(m.start(), m.end()) for n in names for m in re.finditer(  # acronyms as written ("fao" in a URL is not FAO)
        r"(?<!\w)" + r"\s+".join(map(re.escape, n.form.split())) + r"(?!\w)", text, 0 if n.is_acronym else re.IGNORECASE)}
    assert ours == loop and len(ours) > 40
