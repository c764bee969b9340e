"""A reviewer's decisions on proposals: accept, reject, edit, from options or asked on a terminal.

An edit is ``field=value`` (value read as YAML: ``2030`` is a number, ``[A, B]`` a list, nothing
removes the field). ``quote`` and ``section`` change the citation; ``cites`` picks the record of a
citation; ``type``, ``subject``, ``object`` change a relation; anything else is a field of the proposed
record (``label.en=...`` for one language). An edited fact that its quote does not write is marked
``supplied`` by the curator, as the data format asks; an edited kind or id is no longer a guess.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

import yaml

from loaders.propose.matcher import fold_key
from loaders.propose.proposals import NOT_FACTS, Proposal, strings_of

SUPPLIED_BY_REVIEW = "curator (edited in soilkg review)"
SOURCE_KEYS = ("quote", "section")
RELATION_KEYS = ("type", "subject", "object")


@dataclass
class Decisions:
    """What to do with which proposal."""

    accept: list[str] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)
    edits: list[tuple[str, str]] = field(default_factory=list)  # (proposal id, "field=value")

    def ids(self) -> set[str]:
        return set(self.accept) | set(self.reject) | {i for i, _ in self.edits}


class DecisionError(ValueError):
    """An edit that cannot apply: says which proposal and why."""


def _value(text: str) -> Any:
    try:
        return yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError:
        return text


def apply_edit(proposal: Proposal, assignment: str) -> None:
    """Apply one ``field=value`` edit to a proposal (see the module docstring)."""
    name, sep, raw = assignment.partition("=")
    name = name.strip()
    if not sep or not name:
        raise DecisionError(f"{proposal.id}: an edit is field=value, got {assignment!r}")
    if name in SOURCE_KEYS:
        if not raw.strip():
            raise DecisionError(f"{proposal.id}: '{name}' cannot be empty")
        proposal.source[name] = raw.strip()
        return
    if proposal.type == "citation":
        if name != "cites":
            raise DecisionError(f"{proposal.id}: a citation's editable fields are cites, quote and section, not '{name}'")
        proposal.cites = raw.strip()
        return
    if proposal.type == "relation":
        if name not in RELATION_KEYS:
            raise DecisionError(f"{proposal.id}: a relation's editable fields are {', '.join(RELATION_KEYS)}, quote and section")
        proposal.relation[name] = raw.strip()
        return
    _edit_record(proposal, name, _value(raw))


def _edit_record(proposal: Proposal, name: str, value: Any) -> None:
    record = proposal.record
    top, _, sub = name.partition(".")
    if sub:
        inner = record.setdefault(top, {})
        if not isinstance(inner, dict):
            raise DecisionError(f"{proposal.id}: '{top}' is not a mapping, so '{name}' cannot be set")
        _assign(inner, sub, value)
    else:
        _assign(record, top, value)
    if top in ("kind", "id") and top in proposal.guessed:
        proposal.guessed.remove(top)
    if top in NOT_FACTS:
        return
    proposal.evidence.pop(top, None)
    if top not in record:
        return
    written = strings_of(record[top])
    quote = fold_key(proposal.source["quote"])
    if written and all(fold_key(s) in quote for s in written) and not isinstance(record[top], int | float):
        proposal.evidence[top] = written[0] if len(written) == 1 else proposal.source["quote"]
    else:
        record.setdefault("supplied", {})[top] = SUPPLIED_BY_REVIEW


def _assign(mapping: dict, key: str, value: Any) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


def describe(proposal: Proposal) -> str:
    """A proposal as a reviewer reads it on a terminal."""
    what = {"citation": lambda p: f"cite for {p.cites or ' or '.join(p.candidates)}",
            "relation": lambda p: f"{p.relation['subject']} {p.relation['type']} {p.relation['object']}",
            }.get(proposal.type, lambda p: yaml.safe_dump(p.record, sort_keys=False, allow_unicode=True, width=4096).strip())
    return (f"[{proposal.id}] {proposal.type}, confidence {proposal.confidence:.2f}: {proposal.reason}\n"
            f"  {what(proposal)}\n  section {proposal.source['section']}: \"{proposal.source['quote']}\"\n")


def ask(proposals: list[Proposal], read: Callable[[str], str], out: TextIO) -> Decisions:
    """Ask about each pending proposal: [a]ccept, [r]eject, [e]dit field=value, [s]kip, [q]uit."""
    decisions = Decisions()
    for proposal in proposals:
        if proposal.status != "proposed":
            continue
        draft = copy.deepcopy(proposal)  # edits are shown on a copy; review applies them to the proposal
        out.write(describe(draft))
        while True:
            answer = read("  [a]ccept, [r]eject, [e]dit field=value, [s]kip, [q]uit? ").strip()
            if answer.startswith("e"):
                assignment = answer[1:].strip() or read("  field=value: ").strip()
                try:
                    apply_edit(draft, assignment)
                except DecisionError as exc:
                    out.write(f"  {exc}\n")
                    continue
                decisions.edits.append((proposal.id, assignment))
                out.write(describe(draft))
            elif answer in ("a", "accept"):
                decisions.accept.append(proposal.id)
                break
            elif answer in ("r", "reject"):
                decisions.reject.append(proposal.id)
                break
            elif answer in ("s", "skip", ""):
                break
            elif answer in ("q", "quit"):
                return decisions
    return decisions
