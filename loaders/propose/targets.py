"""Quantified targets in a sentence: value, unit, comparator, change, baseline year and target year.

A sentence is cut into clauses (at semicolons and list markers such as "(1)", "(ii)"). A clause is a
target when it has a verb of change (increase, reduce, restore, achieve ...) or of aim (aim, target)
and either a number with a unit ("1.2%", "$95 million", "30 million tonnes of equivalent CO2") or a
deadline ("by 2050"), and the sentence speaks of a goal (a deadline, or words such as aim, target,
objective, plan, strategy, measures). A deadline before the first list marker ("By 2030, Cambodia has
set four objectives: (1) ...") holds for every item. Every value comes from the clause's words: the
number as written (times "million" or "billion" when the clause says so), the unit and comparator
from the words next to it, the target year after "by", the baseline year after "relative to",
"compared to" or before "levels". The indicator is the clause's own words between the verb and the
number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

MARKERS = re.compile(r";|\(\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])\s*\)")
INCREASE = r"increas\w*|rais\w*|improv\w*|expand\w*|enhanc\w*|grow\w*|doubl\w*|boost\w*|earn\w*|sequester\w*"
DECREASE = r"reduc\w*|decreas\w*|cut\w*|lower\w*|halv\w*|limit\w*|eliminat\w*"
LEVEL = r"restor\w*|rehabilitat\w*|reach\w*|achiev\w*|maintain\w*|preserv\w*|plant\w*|protect\w*"
GOAL = r"target\w*|aim\w*|goal|objective|commit\w*|pledg\w*|seek\w*|sought"
VERB = re.compile(rf"\b(?P<verb>{INCREASE}|{DECREASE}|{LEVEL}|{GOAL})\b", re.IGNORECASE)
NUMBER = re.compile(
    r"(?:(?P<cmp>at least|up to|about|approximately|around|nearly|more than|over|less than|under|~)\s*(?:an?\s+)?)?"
    r"(?P<cur>US\s?\$|USD\s?|\$)?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<mult>million|billion|thousand)?\s*"
    r"(?P<unit>%|percent\b|per cent\b|hectares?\b|ha\b|(?:metric\s+)?tonnes?\s+of\s+(?:equivalent\s+)?CO2(?:\s*eq\w*)?|"
    r"(?:metric\s+)?tonnes?\s+(?:of\s+)?(?:CO2e|CO2-eq\w*|CO2\s+equivalent)|t\s?CO2e?\b|(?:metric\s+)?tonnes?\s+of\s+carbon|tC\b)?",
    re.IGNORECASE)
DEADLINE = re.compile(r"\b(?:[Bb]y|[Uu]ntil|[Bb]efore|(?:back|postponed|moved|extended)\s+to)\s+"
                      r"(?:the\s+year\s+|the\s+end\s+of\s+)?(?P<year>(?:19|20)\d\d)\b(?!\s*levels)")
GOAL_WORDS = re.compile(rf"\b(?:{GOAL}|plans?|strateg\w*|measures|roadmaps?|priorit\w*)\b", re.IGNORECASE)
BASELINE = re.compile(r"(?:relative\s+to|compared\s+(?:to|with)|from|against|over|above|below)\s+(?:the\s+)?"
                      r"(?:levels?\s+(?:of|in)\s+)?(?P<year>(?:19|20)\d\d)|(?P<year2>(?:19|20)\d\d)\s+(?:levels?|baseline)",
                      re.IGNORECASE)
ANNUAL = re.compile(r"\b(?:annually|per\s+year|a\s+year|each\s+year|every\s+year|per\s+annum|annual)\b", re.IGNORECASE)
COMPARATORS = {"at least": "at-least", "up to": "up-to", "about": "about", "approximately": "about", "around": "about",
               "nearly": "about", "~": "about", "more than": "more-than", "over": "more-than", "less than": "less-than",
               "under": "less-than"}
MULTIPLIERS = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


@dataclass(frozen=True)
class TargetFound:
    """A target read from one clause; ``start``/``end`` delimit the words it was read from in the sentence
    (the clause, from the deadline before the list when the target year comes from there)."""

    start: int
    end: int
    indicator: str
    value: int | float | None
    unit: str | None
    comparator: str | None
    change: str | None
    baseline_year: int | None
    target_year: int | None
    number_text: str  # the words the value was read from


def _unit(words: str | None, currency: str | None) -> str | None:
    if currency:
        return "usd"
    if not words:
        return None
    words = words.lower()
    if words in ("%", "percent", "per cent"):
        return "percent"
    if words.startswith("h"):
        return "hectare"
    return "tonne-carbon" if "carbon" in words or words == "tc" else "tonne-co2e"


def _value(match: re.Match) -> int | float:
    number = Decimal(match.group("num").replace(",", ""))
    if match.group("mult"):
        number *= MULTIPLIERS[match.group("mult").lower()]
    return int(number) if number == number.to_integral() else float(number)


def clauses(sentence: str) -> list[tuple[int, int]]:
    """The clauses of a sentence as (start, end) offsets, cut at semicolons and list markers."""
    cuts = [0] + [m.start() for m in MARKERS.finditer(sentence)] + [len(sentence)]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if sentence[a:b].strip(" ;,")]


def _change(verb: str, clause: str, after_verb: int, number: re.Match) -> str | None:
    """The kind of change: to a level ("to 47%"), by an amount, up or down, or up every year."""
    verb = verb.lower()
    unit_text = number.group("unit") or ""
    if re.fullmatch(INCREASE, verb) and re.search(r"\bto\s*$", clause[after_verb:number.start()]):
        return "level"
    if ANNUAL.search(clause) and re.fullmatch(INCREASE, verb):
        return "annual-increase"
    if re.fullmatch(INCREASE, verb):
        return "amount" if verb.startswith(("earn", "sequester")) else "increase"
    if re.fullmatch(DECREASE, verb):
        return "decrease"
    if re.fullmatch(LEVEL, verb):
        return "level" if "%" in unit_text or "percent" in unit_text.lower() else "amount"
    return None


def read_targets(sentence: str) -> list[TargetFound]:
    """The targets stated in a sentence: each number with a unit, or else each deadline, after a goal verb."""
    found = []
    parts = clauses(sentence)
    lead = DEADLINE.search(sentence, 0, parts[0][1] if len(parts) > 1 else 0)
    if not (lead or DEADLINE.search(sentence) or GOAL_WORDS.search(sentence)):
        return []
    for start, end in parts:
        clause = sentence[start:end]
        numbers = [m for m in NUMBER.finditer(clause) if m.group("unit") or m.group("cur")]
        anchors = numbers or list(DEADLINE.finditer(clause))
        indicator, previous_end = "", 0
        for index, anchor in enumerate(anchors):
            verb = _last_verb(clause, anchor.start())
            if verb is None:
                continue
            number = anchor if numbers else None
            gap = re.sub(r"^\s*(?:and|or)\s+", "", clause[previous_end:anchor.start()])
            if verb.end() >= previous_end or not indicator or ("," not in gap and len(gap.split()) >= 2):
                indicator = _indicator(clause, verb, max(verb.end(), previous_end), anchor.start(), number)
            previous_end = anchor.end()
            following = anchors[index + 1].start() if index + 1 < len(anchors) else len(clause)
            deadline = DEADLINE.search(clause, anchor.start(), following) if number else anchor
            baseline = BASELINE.search(clause, verb.end(), following)
            baseline_year = int(baseline.group("year") or baseline.group("year2")) if baseline else None
            target_year = int(deadline.group("year")) if deadline else int(lead.group("year")) if lead else None
            found.append(TargetFound(
                start if deadline or not lead else min(start, lead.start()), end, indicator,
                _value(number) if number else None,
                _unit(number.group("unit"), number.group("cur")) if number else None,
                COMPARATORS.get((number.group("cmp") or "").lower()) if number else None,
                _change(verb.group("verb"), clause, verb.end(), number) if number else None,
                baseline_year, target_year if target_year != baseline_year else None,
                " ".join(anchor.group(0).split())))
    return found


def _last_verb(clause: str, before: int) -> re.Match | None:
    verbs = list(VERB.finditer(clause, 0, before))
    return verbs[-1] if verbs else None


def _indicator(clause: str, verb: re.Match, begin: int, stop: int, number: re.Match | None) -> str:
    """The clause's words naming what is measured: between the verb and the number, after "N% of", or
    (for a deadline alone) the words leading up to the verb."""
    words = clause[begin:stop]
    words = re.sub(r"\s+(?:by|to|of|at|with|for|targeting|a|an)\s*$", "", words)
    words = re.sub(r"^\s*(?:of|in|the|to|and|or)\s+", "", words).strip(" ,:;-–")
    if len(words.split()) < 2 and number is not None:
        after = re.match(r"\s*(?:of\s+)?(?:the\s+)?((?:[^\s,;.()]+\s*){1,8})", clause[number.end():])
        words = after.group(1).strip() if after else words
    elif len(words.split()) < 2:
        words = re.split(r"[,;:]|\bthat\b|\bwhich\b", clause[:verb.end()])[-1].strip()
    if not words and number is not None:
        words = clause[verb.start():number.end()]
    return " ".join(words.split())
