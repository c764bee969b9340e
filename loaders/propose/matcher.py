"""Find the names of known records in a text with one Aho-Corasick automaton (pyahocorasick).

Names are labels, alternative labels and acronyms in every language. Text and names are folded the
same way (accents removed, case folded, typographic quotes and dashes made plain, commas dropped so
that "Agriculture, Forestry, and Fisheries" matches "Agriculture, Forestry and Fisheries", runs of
white space made one space), with a map from every folded character back to the text, so a hit is
located in the original. A hit counts only at word boundaries (except in scripts written without
spaces: Thai, Lao, Khmer, Myanmar). Acronyms (and labels written like one) are matched as written or
in capitals (``DALaM``, ``DALAM``), never as a lower-case word, so ``ASSET`` does not match "asset".
Overlapping hits keep the leftmost longest one; a hit whose folded text names several records is
ambiguous and keeps all of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

NAME_FIELDS = ("label", "alt_labels", "acronyms")
PLAIN = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "‐": "-", "‑": "-", "‒": "-",
                       "–": "-", "—": "-", "―": "-", "\u00ad": "", ",": ""})
UNSPACED_SCRIPTS = ("THAI", "LAO", "KHMER", "MYANMAR")


@dataclass(frozen=True)
class Name:
    """One name of a record: which record, the name as written, the field and language it comes from."""

    record: str
    form: str
    field: str
    language: str

    @property
    def is_acronym(self) -> bool:
        """An acronym, or a name written like one (a label "ASSET" the source gives only as an acronym)."""
        letters = [c for c in self.form if c.isalpha()]
        capitals = sum(c.isupper() for c in letters)
        return self.field == "acronyms" or (" " not in self.form and capitals >= 2 and capitals * 2 >= len(letters))


@dataclass(frozen=True)
class Mention:
    """A place in the text naming one record, or several (ambiguous)."""

    start: int
    end: int
    text: str
    names: tuple[Name, ...]

    @property
    def records(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n.record for n in self.names))

    @property
    def ambiguous(self) -> bool:
        return len(self.records) > 1


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char.translate(PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_key(text: str) -> str:
    """A name or text folded for matching (see the module docstring)."""
    return " ".join("".join(_fold_char(c) for c in text).split())


def fold_with_origin(text: str) -> tuple[str, list[int]]:
    """The folded text and, for every folded character, the index of the character it came from."""
    out: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        if char.isspace():
            pending_space = bool(out)
            continue
        folded = _fold_char(char)
        if pending_space and folded:
            out.append(" ")
            origin.append(index - 1)
            pending_space = False
        for piece in folded:
            out.append(piece)
            origin.append(index)
    return "".join(out), origin


def _unspaced(char: str) -> bool:
    return unicodedata.name(char, "").split(" ")[0] in UNSPACED_SCRIPTS


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.translate(PLAIN)) if not unicodedata.combining(c))


QUALIFIER = re.compile(r"^(?P<stem>.+?)\s+\([^()]+\)$")  # "Soil Doctor Program (Cambodia)": a curator's qualifier


def names_of(record: dict) -> list[Name]:
    """Every name a record carries: label, alt_labels and acronyms in all languages, and a label without
    the curator's qualifier in brackets (``label-stem``) when what remains is a name of two words or more."""
    names = []
    for field in NAME_FIELDS:
        value = record.get(field)
        if not isinstance(value, dict):
            continue
        for language, forms in value.items():
            for form in forms if isinstance(forms, list) else [forms]:
                if isinstance(form, str) and len(fold_key(form)) >= 2:
                    names.append(Name(record["id"], form.strip(), field, str(language)))
                qualified = QUALIFIER.match(form.strip()) if field == "label" and isinstance(form, str) else None
                if qualified and len(qualified.group("stem").split()) >= 2 and qualified.group("stem")[:1].isupper():
                    names.append(Name(record["id"], qualified.group("stem"), "label-stem", str(language)))
    return names


class NameMatcher:
    """An automaton over the names of a set of records."""

    def __init__(self, names: Iterable[Name]):
        self.by_key: dict[str, list[Name]] = {}
        for name in names:
            self.by_key.setdefault(fold_key(name.form), []).append(name)
        self.automaton = ahocorasick.Automaton()
        for key in self.by_key:
            self.automaton.add_word(key, key)
        if self.by_key:
            self.automaton.make_automaton()

    @classmethod
    def of_records(cls, records: Iterable[dict]) -> NameMatcher:
        return cls(name for record in records for name in names_of(record))

    def find(self, text: str) -> list[Mention]:
        """The mentions of known names in ``text``, in order, without overlaps."""
        if not self.by_key:
            return []
        folded, origin = fold_with_origin(text)
        hits: list[tuple[int, int, tuple[Name, ...]]] = []
        for last, key in self.automaton.iter(folded):
            first = last - len(key) + 1
            if not self._bounded(folded, first, last):
                continue
            start, end = origin[first], origin[last] + 1
            names = tuple(n for n in self.by_key[key] if not n.is_acronym or _acronym_written(text[start:end], n.form))
            if names:
                hits.append((start, end, names))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        mentions: list[Mention] = []
        for start, end, names in hits:
            if mentions and start < mentions[-1].end:
                continue
            mentions.append(Mention(start, end, text[start:end], names))
        return mentions

    @staticmethod
    def _bounded(folded: str, first: int, last: int) -> bool:
        before = folded[first - 1] if first > 0 else " "
        after = folded[last + 1] if last + 1 < len(folded) else " "
        left_ok = not before.isalnum() or _unspaced(folded[first]) or _unspaced(before)
        right_ok = not after.isalnum() or _unspaced(folded[last]) or _unspaced(after)
        return left_ok and right_ok


def _acronym_written(found: str, acronym: str) -> bool:
    """Whether ``found`` writes ``acronym`` as it is or in capitals (accents aside)."""
    found, acronym = _strip_accents(" ".join(found.split())), _strip_accents(acronym)
    return found == acronym or found == acronym.upper()
