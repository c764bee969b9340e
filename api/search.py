"""A search index over the names of every entity: labels, alternative names and acronyms, in every language.

Names and queries are folded the same way (:func:`fold`): case-folded, Latin diacritics removed
(``Tạp chí Khoa học Đất`` -> ``tap chi khoa hoc dat``), punctuation turned into spaces. Marks of other
scripts (Khmer, Lao, Thai vowel and tone signs) are kept, since they are letters there, not accents.
Matches rank exact name first, then name prefix, then word prefix, then substring, then all words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from graph.namespaces import PREFIXES, Iris

RANKS = ("exact", "prefix", "word prefix", "substring", "all words")
SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE",
                         "œ": "oe", "Œ": "OE", "ı": "i"})
NAMES = """
SELECT ?s ?name ?acronym ?base WHERE {
  { ?s skos:prefLabel|skos:altLabel|rdfs:label ?name BIND(false AS ?acronym) }
  UNION { ?s soilkg:acronym ?name BIND(true AS ?acronym) }
  FILTER(STRSTARTS(STR(?s), ?base))
}"""
DETAILS = """
SELECT ?s ?label ?kind ?code ?base WHERE {
  ?s skos:prefLabel ?label .
  FILTER(STRSTARTS(STR(?s), ?base) && LANG(?label) = "en")
  OPTIONAL {
    ?s a ?class . ?class rdfs:label ?kind .
    FILTER(STRSTARTS(STR(?class), STR(soilkg:)) && LANG(?kind) = "en")
    FILTER NOT EXISTS { ?s a ?sub . ?sub rdfs:subClassOf ?class . FILTER(?sub != ?class) }
  }
  OPTIONAL { ?s soilkg:country/soilkg:iso3166Code|soilkg:iso3166Code ?code }
}"""


def fold(text: str) -> str:
    """``text`` as the index compares it.

    >>> fold("Tạp chí Khoa học Đất")
    'tap chi khoa hoc dat'
    >>> fold("ក្រសួង កសិកម្ម") == "ក្រសួង កសិកម្ម"
    True
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text.translate(SPECIAL)):
        category = unicodedata.category(ch)
        if category.startswith("M") and out and _latin(out[-1]):
            continue  # an accent on a Latin letter
        out.append(" " if category[0] in "PSZC" else ch)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", "".join(out)).casefold()).strip()


def _latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"


@dataclass(frozen=True)
class Entry:
    """One entity of the index and the folded forms of its names."""

    id: str
    iri: str
    label: str
    kind: str | None
    country: tuple[str, ...]
    names: tuple[tuple[str, str, bool], ...]  # (folded, original, is acronym)


class SearchIndex:
    """Names of the entities of one store generation, searchable with :meth:`search`."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries

    @classmethod
    def build(cls, store: ox.Store, iris: Iris) -> SearchIndex:
        base = str(iris.entity(""))
        bind = {ox.Variable("base"): ox.Literal(base)}
        names: dict[str, dict[tuple[str, str, bool], None]] = {}
        for row in store.query(NAMES, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=bind):
            name = row["name"].value
            names.setdefault(row["s"].value, {})[(fold(name), name, row["acronym"].value == "true")] = None
        details: dict[str, tuple[str, str | None, set[str]]] = {}
        for row in store.query(DETAILS, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=bind):
            label, kind, codes = details.get(row["s"].value, (row["label"].value, None, set()))
            kind = kind or (row["kind"].value if row["kind"] else None)
            if row["code"]:
                codes.add(row["code"].value)
            details[row["s"].value] = (label, kind, codes)
        entries = []
        for iri, found in names.items():
            label, kind, codes = details.get(iri, (next(iter(found))[1], None, set()))
            entries.append(Entry(iri[len(base):], iri, label, kind, tuple(sorted(codes)), tuple(found)))
        return cls(entries)

    def search(self, query: str, limit: int = 20, country: str | None = None) -> list[dict]:
        """The entities whose names match ``query``, best first (see module docstring)."""
        q = fold(query)
        if not q:
            return []
        words = q.split()
        hits = []
        for entry in self.entries:
            if country and country.upper() not in entry.country:
                continue
            best = None
            for folded, original, acronym in entry.names:
                rank = _rank(q, words, folded)
                if rank is not None and (best is None or (rank, not acronym) < best[:2]):
                    best = (rank, not acronym, original)
            if best is not None:
                hits.append((best[0], best[1], len(entry.label), entry.label.casefold(), entry, best[2]))
        hits.sort(key=lambda h: h[:4])
        return [{"id": e.id, "iri": e.iri, "label": e.label, "kind": e.kind, "country": list(e.country),
                 "matched": name, "match": RANKS[rank]} for rank, _a, _n, _l, e, name in hits[:limit]]


def _rank(q: str, words: list[str], name: str) -> int | None:
    if name == q:
        return 0
    if name.startswith(q):
        return 1
    if f" {q}" in f" {name}":
        return 2
    if q in name:
        return 3
    if len(words) > 1 and all(w in name for w in words):
        return 4
    return None
