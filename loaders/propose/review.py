"""Write reviewed proposals into data/ as ordinary records, validate, and roll back on failure.

Before anything is written, every accepted proposal is checked: its quote must be verbatim in the
document (white space folded, as ``soilkg validate --sources`` folds it), each fact must be in its
quote or marked supplied, references must resolve. Then citations are appended to the records'
sources, new records go to the file where records like them live (:mod:`placement`), relations to
the field the data format has for them, all by round-trip edits (:mod:`yaml_edit`). The whole data
folder is then validated; on any error every touched file is restored and the errors are reported.
A new document gets a ``kind: document`` record; with ``redistributable`` its file (and, for PDF and
HTML, the extracted text quotes are checked against) is kept in the documents folder, otherwise only
its sha256 is recorded.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.namespaces import Iris
from loaders.compile import fold
from loaders.errors import LoadFailed
from loaders.pipeline import Sources, compile_data, read_source_texts
from loaders.propose.decisions import DecisionError, Decisions, apply_edit
from loaders.propose.documents import Document, DocumentError, read_document
from loaders.propose.known import RELATION_FIELDS, Known
from loaders.propose.placement import data_file_for
from loaders.propose.proposals import Proposal, ProposalsError, quote_is_verbatim, read_proposals, ungrounded, write_proposals
from loaders.propose.yaml_edit import DataFile, EditError
from loaders.schema import KIND_TO_GROUP, FieldType, fields_of

log = logging.getLogger(__name__)

NEW_FILE_HEADER = "# Records added by `soilkg review` from proposals; keep, move or merge them as a curator sees fit.\n"
SUPPLIED_LABEL = "curator (descriptive label, soilkg review)"


@dataclass
class Options:
    """Where things are, and what the reviewer chose for the document."""

    data_dir: Path
    ontology_dir: Path
    documents_dir: Path
    sources_dirs: list[Path] = field(default_factory=list)
    redistributable: bool = False
    pinned_file: Path | None = None
    document: Path | None = None  # the document, if it moved since propose
    iris: Iris = field(default_factory=Iris)


@dataclass
class Outcome:
    """What a review did."""

    accepted: list[str]
    rejected: list[str]
    files: list[Path]
    statements: int = 0
    quotes_checked: bool = False


class ReviewFailed(Exception):  # noqa: N818 - it names the outcome, like loaders.errors.LoadFailed
    """Nothing was written: carries every reason, located where possible."""

    def __init__(self, errors: list[str]):
        self.errors = [str(e) for e in errors]
        super().__init__("\n".join(self.errors))


def review(path: Path, decisions: Decisions, options: Options) -> Outcome:
    """Apply ``decisions`` to the proposals in ``path`` (see the module docstring)."""
    try:
        header, proposals = read_proposals(path)
    except ProposalsError as exc:
        raise ReviewFailed(exc.errors) from exc
    by_id = {p.id: p for p in proposals}
    unknown = sorted(decisions.ids() - set(by_id))
    if unknown:
        raise ReviewFailed([f"{path}: no proposal {', '.join(unknown)} (known: {', '.join(by_id)})"])
    errors = []
    for proposal_id, assignment in decisions.edits:
        try:
            apply_edit(by_id[proposal_id], assignment)
        except DecisionError as exc:
            errors.append(str(exc))
    both = set(decisions.accept) & set(decisions.reject)
    errors += [f"{i}: both accepted and rejected" for i in sorted(both)]
    if errors:
        raise ReviewFailed(errors)
    document = _document(header, options)
    known = Known.from_sources(Sources(options.data_dir, options.ontology_dir), options.iris)
    accepted = [by_id[i] for i in dict.fromkeys(decisions.accept) if by_id[i].status != "accepted"]
    file_name = header["file"]
    new_document = next((p for p in proposals if p.type == "document" and p.status != "accepted"), None)
    if accepted and new_document and file_name not in known.documents and new_document not in accepted:
        if new_document.id in decisions.reject:
            raise ReviewFailed([f"{new_document.id}: the document record is rejected, so nothing citing "
                                f"{file_name} can be accepted"])
        accepted.insert(0, new_document)
    writer = _Writer(known, by_id, accepted, options, document, header)
    problems = writer.check()
    if problems:
        raise ReviewFailed(problems)
    outcome = writer.write() if accepted else Outcome([], [], [])
    for proposal in accepted:
        proposal.status = "accepted"
    for proposal_id in decisions.reject:
        by_id[proposal_id].status = "rejected"
    outcome.accepted = [p.id for p in accepted]
    outcome.rejected = list(decisions.reject)
    write_proposals(path, header, proposals)
    return outcome


def _document(header: dict[str, Any], options: Options) -> Document:
    where = options.document or Path(str(header.get("path", "")))
    try:
        document = read_document(where)
    except DocumentError as exc:
        raise ReviewFailed([f"{exc} (give the document's place with --document)"]) from exc
    if document.sha256 != header.get("sha256"):
        raise ReviewFailed([f"{where}: the document changed since it was proposed from (sha256 {document.sha256[:12]}..., "
                            f"proposals made from {str(header.get('sha256'))[:12]}...); run soilkg propose again"])
    return document


class _Writer:
    """Checks the accepted proposals, then turns them into edits of data files."""

    def __init__(self, known: Known, by_id: dict[str, Proposal], accepted: list[Proposal], options: Options,
                 document: Document, header: dict[str, Any]):
        self.known, self.by_id, self.accepted, self.options = known, by_id, accepted, options
        self.document, self.header, self.file_name = document, header, header["file"]
        self.now = {p.id for p in accepted}
        self.files: dict[Path, DataFile] = {}
        self.new: dict[str, dict[str, Any]] = {}  # id -> record, for records added in this review
        self.created: list[Path] = []

    # --- checks -----------------------------------------------------------------------------------
    def resolve(self, ref: str) -> str | None:
        """A record id for a reference: a known record, or a proposed record accepted now or before."""
        if ref in self.known.records:
            return ref
        proposal = self.by_id.get(ref)
        if proposal and proposal.record and (proposal.id in self.now or proposal.status == "accepted"):
            return proposal.record.get("id")
        return None

    def kind(self, record_id: str) -> str | None:
        if record_id in self.known.records:
            return self.known.records[record_id].get("kind")
        return next((p.record.get("kind") for p in self.by_id.values() if p.record and p.record.get("id") == record_id), None)

    def check(self) -> list[str]:
        folded = fold(self.document.text)
        problems = []
        for p in self.accepted:
            if not quote_is_verbatim(p.source["quote"], folded):
                problems.append(f"{p.id}: refused: its quote is not verbatim in {self.document.path.name}: "
                                f"\"{p.source['quote'][:120]}\"")
            if p.source["file"] != self.file_name:
                problems.append(f"{p.id}: its source names '{p.source['file']}', the document is '{self.file_name}'")
            problems += [f"{p.id}: refused: {problem}" for problem in ungrounded(p)]
            problems += [f"{p.id}: {problem}" for problem in getattr(self, f"_check_{p.type}")(p)]
        return problems

    def _check_citation(self, p: Proposal) -> list[str]:
        if not p.cites:
            return [f"the name '{p.evidence.get('name')}' is ambiguous ({', '.join(p.candidates)}): "
                    f"choose with --edit {p.id} cites=RECORD"]
        return [] if p.cites in self.known.records else [f"cites unknown record '{p.cites}'"]

    def _check_record(self, p: Proposal) -> list[str]:
        record, problems = p.record, []
        if record.get("kind") not in KIND_TO_GROUP:
            problems.append(f"needs a kind (one of the record kinds), got {record.get('kind')!r}: --edit {p.id} kind=...")
        taken = [q.record["id"] for q in self.accepted if q is not p and q.record and "id" in q.record]
        if record.get("id") in self.known.records or record.get("id") in taken:
            problems.append(f"id '{record.get('id')}' is already used: --edit {p.id} id=...")
        return problems

    _check_target = _check_record
    _check_document = _check_record

    def _check_relation(self, p: Proposal) -> list[str]:
        relation = p.relation
        if relation["type"] not in RELATION_FIELDS:
            return [f"unknown relation type '{relation['type']}' (known: {', '.join(RELATION_FIELDS)})"]
        ends = {k: self.resolve(relation[k]) for k in ("subject", "object")}
        missing = [f"{k} '{relation[k]}' is neither a record nor an accepted proposal" for k, v in ends.items() if v is None]
        if missing:
            return missing
        holder, name = RELATION_FIELDS[relation["type"]]
        if holder in ("subject", "object"):
            target = ends[holder]
            kind = self.kind(target)
            if kind not in KIND_TO_GROUP or name not in fields_of(kind):
                return [f"a record of kind {kind!r} ('{target}') has no field '{name}' for '{relation['type']}'"]
        if holder == "flow" and not self._flow_country(ends["subject"], ends["object"]):
            return [f"a flow needs a country and '{ends['subject']}' and '{ends['object']}' do not share one"]
        return []

    # --- writing ----------------------------------------------------------------------------------
    def data_file(self, path: Path) -> DataFile:
        if path not in self.files:
            self.files[path] = DataFile(path, NEW_FILE_HEADER)
        return self.files[path]

    def source(self, p: Proposal) -> dict[str, str]:
        return {"file": self.file_name, "section": p.source["section"], "quote": p.source["quote"]}

    def cite(self, record_id: str, p: Proposal) -> None:
        """Add the proposal's quote to a record's sources, unless it is there already."""
        source = self.source(p)
        if record_id in self.new:
            sources = self.new[record_id].setdefault("sources", [])
            if source not in sources:
                sources.append(source)
            return
        existing = self.known.records[record_id].get("sources") or []
        if not any(fold(str(s.get("quote", ""))) == fold(source["quote"]) and s.get("file") == source["file"] for s in existing):
            self.data_file(self.known.paths[record_id]).append_source(record_id, source)

    def write(self) -> Outcome:
        """Edit the data files and validate them; on any failure restore every file and remove kept documents."""
        originals: dict[Path, bytes | None] = {}
        try:
            for p in self.accepted:
                if p.type in ("record", "target", "document"):
                    self._new_record(p)
            for p in self.accepted:
                if p.type == "citation":
                    self.cite(p.cites, p)
                elif p.type == "relation":
                    self._relation(p)
            for path, record in self._place():
                kind = record.get("kind")
                group = frozenset(KIND_TO_GROUP[kind].kinds) if kind in KIND_TO_GROUP else frozenset()
                self.data_file(path).add_record(record, near=(frozenset([kind]), group))
            originals = {path: path.read_bytes() if path.exists() else None for path in self.files}
            for path, data_file in self.files.items():
                _write(path, data_file.text())
            statements, checked = self._validate()
        except BaseException as exc:
            self._rollback(originals)
            if isinstance(exc, EditError):
                raise ReviewFailed([str(exc), "nothing was written"]) from exc
            raise
        return Outcome([], [], sorted(self.files), statements, checked)

    def _new_record(self, p: Proposal) -> None:
        record = {k: v for k, v in p.record.items() if k not in ("supplied", "note", "sources")}
        note = p.record.get("note")
        if p.type == "document":
            note = self._keep_document()
        elif "kind" in p.guessed:
            note = f"Kind read from the words of its name ('{p.evidence.get('kind')}') by soilkg propose; accepted in review."
        if p.record.get("supplied"):
            record["supplied"] = dict(p.record["supplied"])
        if note:
            record["note"] = note
        record["sources"] = [self.source(p)]
        self.new[record["id"]] = record

    def _relation(self, p: Proposal) -> None:
        relation = p.relation
        subject, obj = self.resolve(relation["subject"]), self.resolve(relation["object"])
        holder, name = RELATION_FIELDS[relation["type"]]
        if holder in ("subject", "object"):
            target, value = (subject, obj) if holder == "subject" else (obj, subject)
            many = fields_of(self.kind(target))[name].type == FieldType.REFS
            if target in self.new:
                record = self.new[target]
                if many:
                    record.setdefault(name, [])
                    record[name] += [] if value in record[name] else [value]
                elif record.get(name, value) != value:
                    raise EditError(f"{p.id}: '{target}' already has {name}: {record[name]}")
                else:
                    record[name] = value
            else:
                self.data_file(self.known.paths[target]).add_reference(target, name, value, many)
            self.cite(target, p)
        elif holder == "support":
            words = "Funding of" if name == "funding" else "Support to"
            self._add_made(f"{obj}-{subject}-{'funding' if name == 'funding' else 'support'}", p, {
                "kind": "support", "label": {"en": f"{words} {self._label(obj)} by {self._label(subject)}"},
                "supporters": [subject], "supported": [obj], "support_type": name})
        else:
            self._add_made(f"{subject}-to-{obj}-flow", p, {
                "kind": "flow", "label": {"en": f"{self._label(subject)} to {self._label(obj)}"},
                "country": self._flow_country(subject, obj), "steps": [{"from": subject, "to": obj}]})

    def _add_made(self, base: str, p: Proposal, fields: dict[str, Any]) -> None:
        """A support or flow record made for a relation (its label describes it, so it is supplied)."""
        record_id, number = base, 2
        while record_id in self.known.records or record_id in self.new:
            record_id, number = f"{base}-{number}", number + 1
        self.new[record_id] = {"id": record_id, **fields, "supplied": {"label": SUPPLIED_LABEL},
                               "sources": [self.source(p)]}

    def _label(self, record_id: str) -> str:
        record = self.known.records.get(record_id) or self.new.get(record_id) or {}
        label = record.get("label") or {}
        return label.get("en") or next(iter(label.values()), record_id)

    def _country_of(self, record_id: str) -> str | None:
        record = self.known.records.get(record_id) or self.new.get(record_id) or \
            next((p.record for p in self.by_id.values() if p.record and p.record.get("id") == record_id), {})
        if record.get("kind") == "post" and record.get("organisation"):
            return record.get("country") or self._country_of(record["organisation"])
        return record.get("country")

    def _flow_country(self, subject: str, obj: str) -> str | None:
        countries = {self._country_of(subject), self._country_of(obj)} - {None}
        return countries.pop() if len(countries) == 1 else None

    def _place(self) -> list[tuple[Path, dict[str, Any]]]:
        placed, paths = [], dict(self.known.paths)
        for record_id, record in self.new.items():
            pinned = self.options.pinned_file if record.get("kind") != "document" else None
            path = data_file_for(record, Known({**self.known.records, **self.new}, paths), self.options.data_dir, pinned)
            paths[record_id] = path
            placed.append((path, record))
        return placed

    def _keep_document(self) -> str:
        """Store the document if it may be redistributed; say where, or give its checksum."""
        original, digest = self.document.path, self.document.sha256
        if not self.options.redistributable:
            return f"Not redistributed with the project: sha256 {digest} of {original.name}."
        folder = self.options.documents_dir
        copies = [(original.name, original.read_bytes())]
        if self.file_name != original.name:
            copies.append((self.file_name, self.document.text.encode("utf-8")))
        for name, content in copies:
            target = folder / name
            if target.exists() and target.read_bytes() != content:
                raise EditError(f"{target} exists with other content; rename the document")
            if not target.exists():
                folder.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
                self.created.append(target)
        kept = f"Kept in {folder.name}/{original.name} (sha256 {digest})."
        return kept + (f" Quotes are checked against its text, {folder.name}/{self.file_name}."
                       if self.file_name != original.name else "")

    def _validate(self) -> tuple[int, bool]:
        texts: dict[str, str] = {}
        for folder in [*self.options.sources_dirs, self.options.documents_dir]:
            if folder.is_dir():
                texts.update(read_source_texts(folder))
        texts[self.file_name] = fold(self.document.text)
        checked = bool(self.options.sources_dirs)
        try:
            quads = compile_data(Sources(self.options.data_dir, self.options.ontology_dir), self.options.iris,
                                 texts if checked else None)
        except LoadFailed as failure:
            raise ReviewFailed([*map(str, failure.errors), "the data did not validate: every file was restored"]) from failure
        return len(quads), checked

    def _rollback(self, originals: dict[Path, bytes | None]) -> None:
        for path, content in originals.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                _write(path, content.decode("utf-8"))
        for path in self.created:
            path.unlink(missing_ok=True)
        log.info("rolled back %d data files and %d documents", len(originals), len(self.created))


def _write(path: Path, text: str) -> None:
    """Write a file through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.review")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)

