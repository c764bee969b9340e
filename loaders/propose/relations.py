"""Relations a sentence states between two things it names (known records or proposed ones).

A relation is read from the words between two names: "A, led by B", "A funded by B", "A with support
from B", "A under B", "A is a member of B", "A managed by B", "A reports to B", and the active forms
"A leads B", "A supports B" ... A list after the cue ("with support from B, C and D") gives one
relation per item. Each relation type says which groups of records it joins, and what field of the
data format records it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ORGS, PROGRAMMES, POLICIES, SITES, CHANNELS = "organisation", "programme", "policy", "site", "channel"
ACTIVITIES = (PROGRAMMES, POLICIES)
MAX_GAP = 90  # characters between the two names, beyond which no cue is read


@dataclass(frozen=True)
class RelationType:
    """A relation a curator records: its name, the groups it joins, and the words that state it."""

    name: str
    subjects: tuple[str, ...]
    objects: tuple[str, ...]
    passive: str  # cue between A and B meaning "B <name> A"
    active: str  # cue between A and B meaning "A <name> B"
    lists: bool = True  # whether "A, B and C <cue> D" means all three (not for "CARDEC, under the DALRM")


_BY = r"(?:,?\s*(?:which|that|who)\s+(?:is|are|was|were|has been|have been)\s+)?"
RELATION_TYPES = (
    RelationType("leads", (ORGS,), ACTIVITIES,
                 _BY + r",?\s*(?:led|headed|coordinated|chaired|implemented)\s+by(?:\s+the)?",
                 r"\s*,?\s*(?:(?:will|shall|to)\s+)?(?:leads?|heads?|coordinates?|coordinated|chairs?|implements?|"
                 r"implemented)(?:\s+(?:this|the|its))?"
                 r"|\s+(?:has|runs|leads|coordinates)\s+(?:a|an|the)\s+(?:project|programme|program|initiative)\s+"
                 r"(?:called|named)"),
    RelationType("funds", (ORGS, PROGRAMMES), (),
                 _BY + r",?\s*(?:primarily\s+|mainly\s+)?(?:funded|financed|financially supported|sponsored)\s+by(?:\s+the)?"
                 r"|,?\s*(?:with|through)\s+(?:the\s+)?(?:funding|financing|financial support|grants?)\s+(?:of|from)(?:\s+the)?",
                 r"\s*,?\s*(?:(?:will|to)\s+)?(?:funds?|finances?|funded|financed)(?:\s+(?:the|this))?"
                 r"|\s+(?:funded|financed)\s+(?:project|programme|program|initiative)\s+(?:called|named)"),
    RelationType("supports", (ORGS, PROGRAMMES), (),
                 _BY + r",?\s*(?:supported|assisted|backed|strengthened|sponsored)\s+by(?:\s+the)?"
                 r"|,?\s*(?:with|through|under)\s+(?:the\s+)?(?:support|assistance|help)\s+(?:of|from)(?:\s+the)?",
                 r"\s*,?\s*(?:(?:will|to)\s+)?(?:supports?|supported|assists?|assisted)(?:\s+(?:the|this))?"),
    RelationType("member-of", (ORGS,), (ORGS,), r"(?!)",
                 r"\s*,?\s*(?:(?:is|are|was|were|has been|have been|became|as)\s+)?(?:an?\s+)?(?:(?:core|founding|full)\s+)?"
                 r"members?\s+of(?:\s+the)?|\s+joined(?:\s+the)?"),
    RelationType("part-of", (ORGS,), (ORGS,), r"(?!)",
                 r"\s*,?\s*(?:(?:is|are|was|were)\s+)?(?:under(?:\s+the)?|within(?:\s+the)?|from\s+the|at|part\s+of(?:\s+the)?|"
                 r"a\s+unit\s+of(?:\s+the)?|belongs?\s+to(?:\s+the)?|affiliated\s+(?:to|with)(?:\s+the)?)", lists=False),
    RelationType("operates", (ORGS,), (SITES, CHANNELS),
                 _BY + r",?\s*(?:managed|operated|run|maintained|hosted)\s+by(?:\s+the)?",
                 r"\s*,?\s*(?:manages?|managed|operates?|operated|runs|maintains?|hosts?)(?:\s+the)?"),
    RelationType("passes-information-to", (ORGS,), (ORGS,), r"(?!)",
                 r"[^.;]{0,40}?\b(?:reports?|reported|communicates?|communicated|transmits?|transmitted|passe[sd]|"
                 r"sends?|sent|forwards?|forwarded|submits?|submitted|disseminates?|disseminated|relays?|relayed)"
                 r"\b[^.;]{0,50}?\bto(?:\s+the)?"),
)
TYPES = {t.name: t for t in RELATION_TYPES}
# Between two items of a list: a comma or "and", maybe a possessive ("Thailand's") or an item that is no
# record ("government, GIZ, ASSET").
LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)(?:the\s+)?(?:[a-z][\w-]*(?:\s+[a-z][\w-]*)?,\s*)?"
                      r"(?:[A-Z][\w-]*['’]s\s+)?$")
REPORTED_BY = re.compile(r"\b(?:reported|communicated|transmitted|passed|sent|forwarded|submitted|relayed)\s+by\s+"
                         r"(?:the\s+)?$", re.IGNORECASE)
LEAD_IN = r"(?:[^;.()]{0,60}?\s)?"  # a verb phrase before a passive cue: "has been implemented in Laos with support from"
ITEM = r"(?:\s*[a-z][\w-]*(?:\s+[a-z][\w-]*)?,)?"  # a first list item that is no record: "government,"
LAUNCH = re.compile(r"^\s*,?\s*(?:launched|implemented|established|created|developed|started|set up)\s+(?:the\s+)?$")
SUPPORT_BEFORE = re.compile(r"\b(?:with|through)\s+(?:the\s+)?(?:financial\s+)?support\s+(?:of|from)\s+(?:the\s+)?$",
                            re.IGNORECASE)


@dataclass(frozen=True)
class Named:
    """A thing a sentence names: its place in the sentence, its reference and its record group."""

    start: int
    end: int
    ref: str  # a record id, or the id of a proposed record
    group: str | None  # None when the kind is unknown


@dataclass(frozen=True)
class Found:
    """One relation read from a sentence: ``subject <type> object`` and the cue words."""

    type: str
    subject: Named
    object: Named
    cue: str


def _fits(named: Named, groups: tuple[str, ...]) -> bool:
    return not groups or named.group is None or named.group in groups


def _list_after(sentence: str, names: list[Named], index: int) -> list[Named]:
    """The name at ``index`` and those listed right after it ("B, C and D")."""
    items = [names[index]]
    for following in names[index + 1:]:
        if not LIST_GAP.match(sentence[items[-1].end:following.start]):
            break
        items.append(following)
    return items


def _list_before(sentence: str, names: list[Named], index: int) -> list[Named]:
    """The name at ``index`` and those listed right before it ("B, C and D" ending at D)."""
    items = [names[index]]
    for preceding in reversed(names[:index]):
        if not LIST_GAP.match(sentence[preceding.end:items[0].start]):
            break
        items.insert(0, preceding)
    return items


def read_relations(sentence: str, names: list[Named]) -> list[Found]:
    """Every relation the sentence states between two of ``names``, read from the words between neighbours."""
    names = sorted(names, key=lambda n: n.start)
    found: list[Found] = []
    for i in range(len(names) - 1):
        gap = sentence[names[i].end:names[i + 1].start]
        if len(gap) <= MAX_GAP:
            found.extend(_cued(sentence, names, i, i + 1, gap))
        if re.search(r"\b[Ww]ithin\s+(?:the\s+)?$", sentence[:names[i].start]) and re.fullmatch(r",\s*(?:the\s+)?", gap):
            found.extend(_typed("part-of", names[i + 1], names[i], "within"))  # "Within A, the B ..."
        supporters = _list_before(sentence, names, i)
        if LAUNCH.match(gap) and SUPPORT_BEFORE.search(sentence[:supporters[0].start]):
            # "with support from A, B and C, launched D": A, B, C support D
            found.extend(f for s in supporters for f in _typed("supports", s, names[i + 1], gap.strip(" ,")))
        if REPORTED_BY.search(sentence[:names[i].start]) and re.fullmatch(r"\s*to\s+(?:the\s+)?", gap):
            # "reported by A to B": A passes information to B
            found.extend(_typed("passes-information-to", names[i], names[i + 1], gap.strip()))
    return _unique(found)


def _cued(sentence: str, names: list[Named], i: int, j: int, gap: str) -> list[Found]:
    out: list[Found] = []
    for rtype in RELATION_TYPES:
        passive = re.fullmatch(rf"{LEAD_IN}(?:{rtype.passive}){ITEM}\s*", gap, flags=re.IGNORECASE)
        active = re.fullmatch(rf"(?:{rtype.active})\s*", gap, flags=re.IGNORECASE)
        before = _list_before(sentence, names, i) if rtype.lists else [names[i]]
        after = _list_after(sentence, names, j) if rtype.lists else [names[j]]
        if passive:  # "A <cue> B, C": B and C <type> A (and A's list before it)
            out.extend(f for subject in after for obj in before for f in _typed(rtype.name, subject, obj, gap.strip()))
        elif active:  # "A, B <cue> C": A and B <type> C
            out.extend(f for subject in before for obj in after for f in _typed(rtype.name, subject, obj, gap.strip()))
        if passive or active:
            break
    return out


def _typed(name: str, subject: Named, obj: Named, cue: str) -> list[Found]:
    rtype = TYPES[name]
    if subject.ref == obj.ref or not _fits(subject, rtype.subjects) or not _fits(obj, rtype.objects):
        return []
    return [Found(name, subject, obj, cue)]


def _unique(found: list[Found]) -> list[Found]:
    seen, out = set(), []
    for f in found:
        key = (f.type, f.subject.ref, f.object.ref)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
