"""Spot organisations, programmes and policies a sentence introduces that no record knows yet.

Two signs: an acronym defined in place, ``Long Name (ACRONYM)`` or ``ACRONYM (Long Name)``, where the
long form is found with Schwartz and Hearst's rule (its words hold the acronym's letters in order, the
first letter starting a word); and a capitalised name around a kind word (ministry, department,
institute, programme, project, strategy, plan ...). The kind is guessed from the kind word and marked
as a guess; a name without a kind word gets no kind. An acronym the text never writes out gets no
long form: nothing here expands an acronym.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.propose.segment import CONNECTORS

# The word that names what a thing is -> the record kind it suggests (a guess the reviewer confirms).
KIND_WORDS = {
    "ministry": "ministry", "department": "department", "directorate": "department", "division": "department",
    "bureau": "department", "agency": "agency", "authority": "agency", "service": "agency", "office": "agency",
    "commission": "agency", "institute": "research-institute", "institution": "research-institute",
    "centre": "research-institute", "center": "research-institute", "laboratory": "research-institute",
    "university": "university", "college": "university", "organization": "international-organisation",
    "organisation": "international-organisation", "network": "network", "association": "network",
    "partnership": "partnership", "alliance": "partnership", "consortium": "partnership", "group": "partnership",
    "programme": "programme", "program": "programme", "fund": "programme", "project": "project",
    "initiative": "initiative", "scheme": "incentive-scheme", "strategy": "strategy", "plan": "plan",
    "policy": "policy", "law": "law", "decree": "law", "roadmap": "roadmap", "agreement": "agreement",
    "convention": "agreement", "station": "research-station", "observatory": "observatory",
    "company": "company", "foundation": "ngo",
}
NOT_NAMES = set(KIND_WORDS) | CONNECTORS | {"no"}  # words that do not make a phrase a name
WORD = re.compile(r"[^\W_][\w'’&-]*|\d[\d.,/-]*", re.UNICODE)
SHORT_FORM = re.compile(r"^[^\W_][\w&./-]{1,11}$")
ROMAN = re.compile(r"^[ivxlIVXL]{1,5}$")


@dataclass(frozen=True)
class Candidate:
    """A name the sentence introduces: where it stands, its long form, acronym and guessed kind."""

    start: int
    end: int
    name: str
    acronym: str | None
    kind: str | None
    kind_word: str | None
    sign: str  # "acronym", "kind word" or "listed acronym"


def kind_word(word: str) -> str | None:
    """The kind word a word is, singular or (capitalised, as in a name) plural: Centers, Departments."""
    lower = word.lower().strip("'’")
    if lower in KIND_WORDS:
        return lower
    if word[:1].isupper() and lower not in ("services", "offices", "groups"):  # "Ecosystem Services" is no agency
        for singular in (lower[:-3] + "y" if lower.endswith("ies") else None, lower[:-1] if lower.endswith("s") else None):
            if singular in KIND_WORDS:
                return singular
    return None


def kind_of(name: str) -> tuple[str | None, str | None]:
    """The kind a name's kind word suggests, and that word as written: ``Ministry of X`` or ``X Programme``."""
    words = WORD.findall(name)
    if len(words) > 1 and kind_word(words[0]) and words[1].lower() in CONNECTORS:
        return KIND_WORDS[kind_word(words[0])], words[0]
    for word in reversed(words):
        if kind_word(word):
            return KIND_WORDS[kind_word(word)], word
    return None, None


def _is_short_form(text: str) -> bool:
    """An acronym: 2-12 characters, two capitals or more, not a plural (NDCs), a roman numeral or a year."""
    capitals = sum(c.isupper() for c in text)
    return (bool(SHORT_FORM.match(text)) and capitals >= 2 and not re.search(r"[A-Z]s$", text)
            and not ROMAN.match(text) and not text.isdigit())


def long_form(short: str, words: str) -> str | None:
    """The shortest tail of ``words`` holding the letters of ``short`` in order (Schwartz and Hearst)."""
    s, position = len(short) - 1, len(words) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while position >= 0 and (words[position].lower() != char or
                                 (s == 0 and position > 0 and words[position - 1].isalnum())):
            position -= 1
        if position < 0:
            return None
        position -= 1
        s -= 1
    begin = words.rfind(" ", 0, position + 1) + 1
    found = words[begin:].strip()
    if len(found) <= len(short) or short.lower() in found.lower().split():
        return None
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so that it neither starts nor ends with a connector word, a comma or a bracket."""
    while True:
        piece = text[start:end]
        first = re.match(r"^(?:[\s,;(]+|(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|of|and|for|on|in|to|at|by|with)\s+|\w+['’]s\s+)", piece)
        last = re.search(r"(?:[\s,;)]+|\s+(?:of|and|for|the|on|in|to|at|by|with|de|y|et|&))$", piece)
        if first:
            start += first.end()
        elif last:
            end -= len(last.group(0))
        else:
            return start, end


def acronym_definitions(text: str, start: int, end: int) -> list[Candidate]:
    """``Long Name (ACR)`` and ``ACR (Long Name)`` inside ``text[start:end]``."""
    found = []
    for match in re.finditer(r"\(([^()]{2,200})\)", text[start:end]):
        opening, inner = start + match.start(), match.group(1)
        first = re.split(r"[,;]\s*", inner.strip())[0].strip()
        if _is_short_form(first) and len(first.split()) == 1:
            before = text[start:opening].rstrip()
            words = list(WORD.finditer(before))
            reach = min(len(first) + 5, 2 * len(first))
            window = before[words[-reach].start() if len(words) >= reach else 0:]
            window = window[max(window.rfind(c) for c in ";:()") + 1:]
            lf = long_form(first, window)
            if lf:
                found.append(_candidate(text, *_trim(text, start + len(before) - len(lf), start + len(before)), first))
            continue
        preceding = re.search(r"([^\s(),;]{2,12})\s*$", text[start:opening])
        long_part = re.split(r"[,;]", inner)[0]
        if preceding and _is_short_form(preceding.group(1)) and len(long_part.split()) > 1:
            part = long_part.strip()
            lf = long_form(preceding.group(1), part)
            if lf:
                part_start = start + match.start(1) + len(long_part) - len(long_part.lstrip())
                lf_start = part_start + len(part) - len(lf)
                found.append(_candidate(text, *_trim(text, lf_start, lf_start + len(lf)), preceding.group(1)))
    return [c for c in found if c.end > c.start]


ACRONYM_TOKEN = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9&+-]{1,9}(?![\w-])")
COLLECTIVE = re.compile(
    r"(?:agencies|organi[sz]ations|institutions|institutes|partners|donors|universities|ministries|networks|"
    r"support\s+(?:of|from)|supported\s+by|funded\s+by|financed\s+by|collaborations?\s+with|partnerships?\s+with)"
    r"[^.;()]{0,30}?(?:\(?e\.g\.,?|such\s+as|including|:|,)?\s*(?:the\s+)?$", re.IGNORECASE)
LIST_SEPARATOR = re.compile(r"^(?:\s+from\s+[A-Z][\w ]{1,30}?)?\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$")


def listed_acronyms(text: str, start: int, end: int) -> list[Candidate]:
    """Acronyms listed after words that announce organisations ("agencies (e.g., AFD, IRD and CIRAD", "with
    support from GIZ, ASSET"). The document does not write them out, so the name is the acronym itself."""
    tokens = [m for m in ACRONYM_TOKEN.finditer(text, start, end) if _acronymish(m.group(0)) and not m.group(0).isdigit()]
    found, index = [], 0
    while index < len(tokens):
        run = [tokens[index]]
        while index + len(run) < len(tokens) and LIST_SEPARATOR.match(text[run[-1].end():tokens[index + len(run)].start()]):
            run.append(tokens[index + len(run)])
        if COLLECTIVE.search(text[max(start, run[0].start() - 90):run[0].start()]):
            found += [Candidate(m.start(), m.end(), m.group(0), m.group(0), None, None, "listed acronym") for m in run]
        index += len(run)
    return found


def _candidate(text: str, start: int, end: int, acronym: str | None) -> Candidate:
    name = " ".join(text[start:end].split())
    kind, word = kind_of(name)
    return Candidate(start, end, name, acronym, kind, word, "acronym" if acronym else "kind word")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def kind_word_names(text: str, start: int, end: int) -> list[Candidate]:
    """Capitalised names around a kind word: ``Ministry of Environment``, ``Soil Doctor program``."""
    tokens = [(m.start() + start, m.end() + start, m.group(0)) for m in WORD.finditer(text[start:end])]
    found = []
    for i, (_, _, word) in enumerate(tokens):
        if not kind_word(word):
            continue
        left = i
        while left > 0 and _joins(text, tokens, left - 1, left):
            left -= 1
        right = i
        while right + 1 < len(tokens) and _joins(text, tokens, right, right + 1, forward=True):
            right += 1
        s, e = _trim(text, tokens[left][0], tokens[right][1])
        words = WORD.findall(text[s:e])
        named = [w for w in words if _capitalised(w) and len(w) > 1 and w.lower() not in NOT_NAMES]
        placeholder = any(len(w) == 1 and w.isupper() for w in words[1:])  # "Institution X": a form's blank
        if len(words) >= 2 and named and not placeholder and (_capitalised(word) or left < i) \
                and not _sentence_start_only(text, s, words):
            found.append(_candidate(text, s, e, None))
    return _outermost(found)


def _acronymish(word: str) -> bool:
    """DALaM, NUoL, GSOCmap; not M-Tropics."""
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return capitals >= 2 and capitals * 2 >= len(letters)


def _joins(text: str, tokens, a: int, b: int, forward: bool = False) -> bool:
    """Whether tokens ``a`` and ``b`` (adjacent) belong to one name; acronyms never join a long name."""
    gap = text[tokens[a][1]:tokens[b][0]]
    if gap not in (" ", ", ", "-") and not re.fullmatch(r" ?& ?", gap):
        return False
    word_a, word_b = tokens[a][2], tokens[b][2]
    if _acronymish(word_a if not forward else word_b) or (forward and b + 1 < len(tokens) and word_b.lower()
                                                           in CONNECTORS and _acronymish(tokens[b + 1][2])):
        return False
    if gap == ", ":  # "Ministry of Agriculture, Forestry(,) and Fisheries": a comma inside a capitalised list
        if forward and word_b == "and":
            return b + 1 < len(tokens) and _capitalised(tokens[b + 1][2]) and not _acronymish(tokens[b + 1][2])
        return forward and _capitalised(word_a) and _capitalised(word_b) and word_b.lower() not in KIND_WORDS
    if forward:
        if word_b.lower() in CONNECTORS and word_b.lower() not in ("a", "an", "the", "its"):
            return b + 1 < len(tokens) and _capitalised(tokens[b + 1][2]) and text[tokens[b][1]:tokens[b + 1][0]] == " "
        if word_b.lower() == "the":
            return b + 1 < len(tokens) and _capitalised(tokens[b + 1][2])
        return _capitalised(word_b)
    if word_a.lower() in ("of", "for", "and", "on", "de"):
        return a > 0 and _capitalised(tokens[a - 1][2]) and not _acronymish(tokens[a - 1][2])
    return _capitalised(word_a)


def _sentence_start_only(text: str, start: int, words: list[str]) -> bool:
    """A phrase capitalised only because it opens the sentence or a line ('Research programmes ...')."""
    before = text[:start]
    opening = not before.strip() or "\n" in before[len(before.rstrip()):] or before.rstrip()[-1] in ".:•;"
    capitals = [w for w in words if _capitalised(w)]
    return opening and len(capitals) == 1 and words[0] == capitals[0]


def _outermost(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept
