"""From a read document and the known records to proposals: citations, new records, relations, targets.

Confidences are fixed by the kind of evidence (see the constants below), not learned: a full name is
stronger than an acronym, an acronym defined in place with a kind word stronger than either alone, an
ambiguous acronym weak. Reasons say which evidence was used.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass

from loaders.compile import ID_PATTERN, fold
from loaders.propose.candidates import Candidate, acronym_definitions, kind_word_names, listed_acronyms
from loaders.propose.documents import Document, Sentence
from loaders.propose.known import Known
from loaders.propose.matcher import Mention, Name, NameMatcher, fold_key
from loaders.propose.proposals import Proposal, quote_is_verbatim, ungrounded
from loaders.propose.relations import Found, Named, read_relations
from loaders.propose.targets import TargetFound, read_targets
from loaders.schema import KIND_TO_GROUP

log = logging.getLogger(__name__)

CONFIDENCE = {"label": 0.9, "alt_labels": 0.85, "label-stem": 0.8, "acronyms": 0.75, "ambiguous": 0.3,
              "acronym and kind word": 0.7, "kind word": 0.6, "acronym": 0.35, "listed acronym": 0.3,
              "relation": 0.5, "named after": 0.4, "target": 0.6, "deadline": 0.4, "document": 0.5}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # personal addresses are never quoted into the data
QUOTE_LENGTH = 300  # longest quote taken whole; longer sentences are cut around what they are quoted for
SUPPLIED_LABEL = "soilkg propose (descriptive label built from the quote's words)"


@dataclass
class _Draft:
    """A new record being gathered over the sentences that name it."""

    candidate: Candidate
    sentence: Sentence
    acronym: str | None
    mentions: int = 1
    proposal_id: str = ""


def quote_window(sentence: Sentence, start: int, end: int) -> tuple[str, int]:
    """A verbatim quote of ``sentence`` covering ``[start, end)`` (offsets in the sentence), and where it begins.

    Long sentences are cut around the span at word boundaries; an e-mail address is cut off, or, when
    it cannot be (it lies inside the span), the quote is empty and the proposal is dropped.
    """
    text = sentence.text
    for address in EMAIL.finditer(text):
        if address.start() < end and start < address.end():
            return "", 0
    before = [a.end() for a in EMAIL.finditer(text, 0, start)]
    after = [a.start() for a in EMAIL.finditer(text, end)]
    if before or after:  # quote only the stretch between the addresses around the span
        low, high = (before[-1] if before else 0), (after[0] if after else len(text))
        piece = Sentence(text[low:high], sentence.start + low, sentence.start + high, sentence.section, sentence.page)
        quote, offset = quote_window(piece, start - low, end - low)
        return quote, offset + low

    if len(text) <= QUOTE_LENGTH or end - start >= QUOTE_LENGTH:
        return text, 0
    spare = (QUOTE_LENGTH - (end - start)) // 2
    begin, stop = max(0, start - spare), min(len(text), end + spare)
    while begin > 0 and not text[begin - 1].isspace():
        begin += 1
    while stop < len(text) and not text[stop].isspace():
        stop -= 1
    begin, stop = min(begin, start), max(stop, end)
    piece = text[begin:stop]
    return piece.strip(), begin + len(piece) - len(piece.lstrip())


def _slug(text: str, words: int = 6) -> str:
    parts = [p for p in re.split(r"[^a-z0-9]+", fold_key(text)) if p and p not in ("the", "of", "and", "for", "a", "an")]
    return "-".join(parts[:words])


class Proposer:
    """Proposals for one document against one set of known records."""

    def __init__(self, known: Known, document: Document, file_name: str, language: str = "en"):
        self.known, self.document, self.file_name, self.language = known, document, file_name, language
        self.matcher = NameMatcher.of_records(known.records.values())
        self.countries = known.countries()
        self.taken_ids = set(known.records)
        self.mentions = [self.matcher.find(s.text) for s in document.sentences]
        self.label_keys = [k for k, names in self.matcher.by_key.items() if any(n.field == "label" for n in names)]

    # --- helpers --------------------------------------------------------------------------------------
    def _source(self, sentence: Sentence, start: int, end: int) -> dict[str, str]:
        """The citation of a stretch of a sentence; line breaks folded (the quote check ignores them)."""
        quote, _ = quote_window(sentence, start, end)
        return {"file": self.file_name, "section": fold(sentence.where), "quote": fold(quote)}

    def _new_id(self, base: str) -> str:
        base = base.strip("-") or "record"
        candidate, number = base, 2
        while candidate in self.taken_ids or not ID_PATTERN.match(candidate):
            candidate = f"{base}-{number}"
            number += 1
        self.taken_ids.add(candidate)
        return candidate

    def _country_in(self, mentions: list[Mention]) -> tuple[str, str] | None:
        """The one country a name names ("Vietnam Academy of ..."): ISO code and the words, if exactly one."""
        named = {(self.countries[r], m.text) for m in mentions if not m.ambiguous for r in m.records if r in self.countries}
        codes = {code for code, _ in named}
        return next(iter(named)) if len(codes) == 1 else None

    # --- citations ------------------------------------------------------------------------------------
    def citations(self) -> list[Proposal]:
        """One citation per record the document names (the best sentence), one per ambiguous name."""
        best: dict[tuple[str, ...], tuple[float, int, Sentence, Mention]] = {}
        counts: dict[tuple[str, ...], int] = defaultdict(int)
        for sentence, mentions in zip(self.document.sentences, self.mentions, strict=True):
            for mention in mentions:
                key = mention.records if not mention.ambiguous else ("?", fold_key(mention.text), *mention.records)
                if not mention.ambiguous and self.known.cites(mention.records[0], self.file_name):
                    continue
                counts[key] += 1
                strength = max(CONFIDENCE[n.field] for n in mention.names) if not mention.ambiguous else CONFIDENCE["ambiguous"]
                if key not in best or strength > best[key][0]:
                    best[key] = (strength, len(best), sentence, mention)
        out = []
        for key, (strength, _, sentence, mention) in sorted(best.items(), key=lambda kv: kv[1][1]):
            name = max(mention.names, key=lambda n: CONFIDENCE[n.field])
            words = fold(mention.text)
            proposal = Proposal("", "citation", strength, "", self._source(sentence, mention.start, mention.end),
                                evidence={"name": words}, mentions=counts[key])
            if mention.ambiguous:
                proposal.candidates = list(mention.records)
                proposal.reason = (f"'{words}' names {len(mention.records)} records "
                                   f"({', '.join(mention.records)}); choose one with --edit ID cites=RECORD")
            else:
                proposal.cites = key[0]
                field = {"label": "label", "alt_labels": "alternative name", "acronyms": "acronym",
                         "label-stem": "label without its qualifier"}[name.field]
                proposal.reason = f"{field} '{name.form}' ({name.language}) found as '{words}'" + (
                    f"; named in {counts[key]} sentences" if counts[key] > 1 else "")
            out.append(proposal)
        return out

    # --- new records ----------------------------------------------------------------------------------
    def _known_name(self, name: str) -> bool:
        """A known name, the first words of a known label ("International Research Consortium" of
        "International Research Consortium on soil carbon"), or a known name with its country after it
        ("Land Development Department of Thailand")."""
        key = fold_key(name)
        if key in self.matcher.by_key or (len(key.split()) >= 2 and any(k.startswith(key + " ") for k in self.label_keys)):
            return True
        of_country = re.match(r"^(.+?)\s+of\s+(?:the\s+)?(.+)$", name)
        return bool(of_country) and fold_key(of_country.group(1)) in self.matcher.by_key and any(
            m.records[0] in self.countries for m in self.matcher.find(of_country.group(2)) if not m.ambiguous)

    def _drafts(self) -> list[_Draft]:
        drafts: dict[str, _Draft] = {}
        for sentence, mentions in zip(self.document.sentences, self.mentions, strict=True):
            found = acronym_definitions(sentence.text, 0, len(sentence.text))
            for more in (kind_word_names, listed_acronyms):
                found += [c for c in more(sentence.text, 0, len(sentence.text))
                          if not any(a.start <= c.start < a.end or c.start <= a.start < c.end for a in found)]
            for candidate in found:
                covered = any(m.start <= candidate.start and candidate.end <= m.end for m in mentions)
                if covered or self._known_name(candidate.name) or (candidate.acronym and self._known_name(candidate.acronym)):
                    continue
                if candidate.acronym and not candidate.kind and not _titled(candidate.name):
                    continue  # "soil organic carbon (SOC)": a term, not an organisation or programme
                key = fold_key(candidate.name)
                if key in drafts:
                    drafts[key].mentions += 1
                    if candidate.acronym and not drafts[key].acronym:
                        drafts[key].acronym, drafts[key].sentence, drafts[key].candidate = candidate.acronym, sentence, candidate
                else:
                    drafts[key] = _Draft(candidate, sentence, candidate.acronym)
        return list(drafts.values())

    def new_records(self) -> tuple[list[Proposal], list[_Draft]]:
        proposals, drafts = [], self._drafts()
        for draft in drafts:
            c, sentence = draft.candidate, draft.sentence
            record: dict = {"id": "", "kind": c.kind, "label": {self.language: c.name}}
            evidence = {"label": c.name}
            guessed = ["id"]
            if c.kind:
                guessed.append("kind")
                evidence["kind"] = c.kind_word
            if draft.acronym:
                record["acronyms"] = {self.language: [draft.acronym]}
                evidence["acronyms"] = draft.acronym
            country = self._country_in(self.matcher.find(c.name))
            group = KIND_TO_GROUP[c.kind].name if c.kind else None
            if country and group in ("organisation", "programme", "policy"):
                record["country"], evidence["country"] = country
                guessed.append("country")
            prefix = f"{record['country'].lower()}-" if "country" in record else ""
            record["id"] = self._new_id(prefix + (draft.acronym.lower() if draft.acronym else _slug(c.name)))
            if not c.kind:
                record.pop("kind")
            sign = c.sign if c.sign == "listed acronym" else \
                "acronym and kind word" if draft.acronym and c.kind else "kind word" if c.kind else "acronym"
            reason = {"listed acronym": f"the acronym '{c.name}' is listed among organisations; the document does not write "
                                        "it out, so the label is the acronym: set kind with --edit ID kind=...",
                      "acronym and kind word": f"introduced as '{c.name} ({draft.acronym})'; kind read from '{c.kind_word}'",
                      "kind word": f"a name with the kind word '{c.kind_word}'",
                      "acronym": f"introduced as '{c.name} ({draft.acronym})'; no kind word: set kind with --edit ID kind=..."}
            start, end = c.start, c.end
            if draft.acronym:
                at = sentence.text.find(draft.acronym, c.start)
                end = max(end, at + len(draft.acronym)) if at >= 0 else end
            proposal = Proposal("", "record", CONFIDENCE[sign], reason[sign] + _times(draft.mentions),
                                self._source(sentence, start, end), record=record, evidence=evidence, guessed=guessed,
                                mentions=draft.mentions)
            proposals.append(proposal)
        return proposals, drafts

    # --- relations ------------------------------------------------------------------------------------
    def named_after(self, records: list[Proposal], drafts: list[_Draft]) -> list[Proposal]:
        """A new organisation whose name starts with a known one's ("FAO office for Asia and the Pacific") is
        proposed as part of it."""
        out = []
        for proposal, draft in zip(records, drafts, strict=True):
            if proposal.record.get("kind") not in KIND_TO_GROUP or KIND_TO_GROUP[proposal.record["kind"]].name != "organisation":
                continue
            c = draft.candidate
            head = next((m for m in self.matcher.find(draft.sentence.text) if m.start == c.start and m.end < c.end
                         and not m.ambiguous and self.known.group(m.records[0]) == "organisation"), None)
            if head is not None:
                out.append(Proposal("", "relation", CONFIDENCE["named after"],
                                    f"'{c.name}' is named after '{fold(head.text)}'",
                                    self._source(draft.sentence, c.start, c.end),
                                    relation={"type": "part-of", "subject": proposal.id, "object": head.records[0]},
                                    evidence={"subject": c.name, "object": fold(head.text), "cue": c.name}))
        return out

    def relations(self, records: list[Proposal]) -> list[Proposal]:
        proposed = NameMatcher(Name(p.id, form, "label", "") for p in records
                               for form in [*p.record["label"].values(), *_flat(p.record.get("acronyms"))])
        groups = {p.id: KIND_TO_GROUP[p.record["kind"]].name if "kind" in p.record else None for p in records}
        existing = self.known.relations()
        out: dict[tuple[str, str, str], Proposal] = {}
        for sentence, mentions in zip(self.document.sentences, self.mentions, strict=True):
            named = [Named(m.start, m.end, m.records[0], self.known.group(m.records[0])) for m in mentions
                     if not m.ambiguous and self.known.group(m.records[0]) != "country"]  # countries are scenery here
            for m in proposed.find(sentence.text):
                if not any(n.start < m.end and m.start < n.end for n in named):
                    named.append(Named(m.start, m.end, m.records[0], groups[m.records[0]]))
            for found in read_relations(sentence.text, _merged(sentence.text, named)):
                key = (found.type, found.subject.ref, found.object.ref)
                if key in out or key in existing:
                    continue
                out[key] = self._relation(sentence, found)
        return list(out.values())

    def _relation(self, sentence: Sentence, found: Found) -> Proposal:
        first, second = sorted((found.subject, found.object), key=lambda n: n.start)
        subject_words = fold(sentence.text[found.subject.start:found.subject.end])
        object_words = fold(sentence.text[found.object.start:found.object.end])
        return Proposal("", "relation", CONFIDENCE["relation"],
                        f"'{subject_words}' {found.type} '{object_words}', read from the words '{found.cue}'",
                        self._source(sentence, first.start, second.end),
                        relation={"type": found.type, "subject": found.subject.ref, "object": found.object.ref},
                        evidence={"subject": subject_words, "object": object_words, "cue": fold(found.cue)})

    # --- targets --------------------------------------------------------------------------------------
    def targets(self) -> list[Proposal]:
        out: dict[tuple, Proposal] = {}
        for sentence in self.document.sentences:
            for found in read_targets(sentence.text):
                key = (fold_key(found.indicator), found.value, found.target_year)
                if key not in out and found.indicator:
                    out[key] = self._target(sentence, found)
        return list(out.values())

    def _target(self, sentence: Sentence, found: TargetFound) -> Proposal:
        clause = sentence.text[found.start:found.end]  # from the lead deadline when the year comes from there
        record: dict = {"id": "", "kind": "target",
                        "label": {self.language: f"{found.indicator}: {found.number_text}"
                                  + (f" by {found.target_year}" if found.target_year and found.value is not None else "")},
                        "indicator": found.indicator}
        evidence = {"indicator": found.indicator}
        for name in ("value", "unit", "comparator", "change"):
            value = getattr(found, name)
            if value is not None:
                record[name], evidence[name] = value, found.number_text if name != "change" else fold(clause.strip(" ,;"))
        for name in ("baseline_year", "target_year"):
            value = getattr(found, name)
            if value is not None:
                record[name], evidence[name] = value, _year_words(clause, value)
        record["supplied"] = {"label": SUPPLIED_LABEL}
        year = f"-{found.target_year}" if found.target_year else ""
        record["id"] = self._new_id("target-" + _slug(found.indicator, 5) + year)
        sign = "target" if found.value is not None else "deadline"
        reason = f"a goal with a {'number' if sign == 'target' else 'deadline'}: '{found.number_text}'"
        return Proposal("", "target", CONFIDENCE[sign], reason, self._source(sentence, found.start, found.end),
                        record=record, evidence=evidence, guessed=["id"])

    # --- the document itself --------------------------------------------------------------------------
    def document_record(self) -> Proposal | None:
        """A ``kind: document`` record for a document the data does not know yet, labelled by its title."""
        if self.file_name in self.known.documents:
            return None
        title, text = self.document.title, self.document.text
        written = bool(title) and fold(title) in fold(text)
        quote = title if written else next((s.text for s in self.document.sentences), "")[:QUOTE_LENGTH]
        record: dict = {"id": self._new_id("doc-" + _slug(title or self.document.path.stem, 6)), "kind": "document",
                        "file": self.file_name, "label": {self.language: title or self.document.path.stem}}
        if not written:
            record["supplied"] = {"label": "soilkg propose (" + ("the document's metadata title, not in its text)"
                                                                  if title else "the file name: the document shows no title)")}
        by = "its title" if written else record["supplied"]["label"]
        return Proposal("", "document", CONFIDENCE["document"], f"the document is not yet a record; labelled by {by}",
                        {"file": self.file_name, "section": "title", "quote": fold(quote)},
                        record=record, evidence={"label": title} if written else {}, guessed=["id"])

    # --- all of it ------------------------------------------------------------------------------------
    def propose(self) -> list[Proposal]:
        """Every proposal, numbered by type (d, c, n, r, t), each checked against its quote."""
        records, drafts = self.new_records()
        for number, proposal in enumerate(records, start=1):
            proposal.id = f"n{number}"
        relations = self.relations(records) + self.named_after(records, drafts)
        groups = (("d", [p for p in [self.document_record()] if p]), ("c", self.citations()), ("n", records),
                  ("r", relations), ("t", self.targets()))
        out, dropped = [], set()
        folded = fold(self.document.text)
        for prefix, proposals in groups:
            for number, proposal in enumerate(proposals, start=1):
                proposal.id = proposal.id or f"{prefix}{number}"
                problems = ungrounded(proposal) + ([] if quote_is_verbatim(proposal.source["quote"], folded)
                                                   else ["the quote is not verbatim in the document"])
                if proposal.relation and {proposal.relation["subject"], proposal.relation["object"]} & dropped:
                    problems.append("it relates a dropped proposal")
                if problems:
                    log.warning("dropped proposal %s: %s", proposal.id, "; ".join(problems))
                    dropped.add(proposal.id)
                    continue
                out.append(proposal)
        return out


def _merged(text: str, named: list[Named]) -> list[Named]:
    """One name for "Land Development Department (LDD)": a name and its acronym in brackets right after it."""
    out: list[Named] = []
    for item in sorted(named, key=lambda n: n.start):
        if out and out[-1].ref == item.ref and re.fullmatch(r"\s*\(\s*", text[out[-1].end:item.start]) \
                and text[item.end:item.end + 1] == ")":
            out[-1] = Named(out[-1].start, item.end + 1, item.ref, item.group)
        else:
            out.append(item)
    return out


def _titled(name: str) -> bool:
    words = [w for w in name.split() if w.lower() not in ("of", "and", "for", "the", "on", "in", "to", "de")]
    return bool(words) and sum(w[:1].isupper() for w in words) * 2 >= len(words)


def _flat(by_language: dict | None) -> list[str]:
    return [form for forms in (by_language or {}).values() for form in forms]


def _times(count: int) -> str:
    return f"; named in {count} sentences" if count > 1 else ""


def _year_words(clause: str, year: int) -> str:
    match = re.search(rf"(?:\b\w+\s+){{0,3}}{year}(?:\s+levels?)?", clause)
    return fold(match.group(0)) if match else str(year)
