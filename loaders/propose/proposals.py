"""Proposals and the YAML file that carries them to review.

Every proposal has a source ``{file, section, quote}`` whose quote is a verbatim slice of the document,
a confidence between 0 and 1 and a reason. Each fact it carries comes with ``evidence``: the words of
the quote it was read from. :func:`ungrounded` checks that, and nothing that fails it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from loaders.compile import fold
from loaders.errors import LoaderError
from loaders.propose.matcher import fold_key

TYPES = ("document", "citation", "record", "relation", "target")
STATUSES = ("proposed", "accepted", "rejected")
# Fields that are not facts read from the quote: identifiers we mint, classifications marked as guesses,
# the file name of a document, who supplied what, and the citations themselves.
NOT_FACTS = {"id", "kind", "file", "supplied", "sources", "note", "description", "topics"}
HEADER = """\
# Proposals of `soilkg propose`: nothing here is in data/ yet. Each proposal has a verbatim quote,
# a confidence and a reason; `evidence` holds the words of the quote each fact was read from, and
# `guessed` the fields that are guesses (a kind read from a name, an id we made up).
# Review them:  soilkg review THIS-FILE --accept ID ... --reject ID ... --edit ID field=value
# or run `soilkg review THIS-FILE` on a terminal to be asked about each one.
"""


@dataclass
class Proposal:
    """One proposed change to the data, with its quote and why it is proposed."""

    id: str
    type: str
    confidence: float
    reason: str
    source: dict[str, str]
    status: str = "proposed"
    cites: str | None = None  # citation: the record the quote is about (None: ambiguous)
    candidates: list[str] = field(default_factory=list)  # citation: the records an ambiguous name may mean
    record: dict[str, Any] | None = None  # document, record, target: the record to add
    relation: dict[str, str] | None = None  # relation: {type, subject, object}
    evidence: dict[str, str] = field(default_factory=dict)
    guessed: list[str] = field(default_factory=list)
    mentions: int = 1

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "status": self.status,
                                "confidence": round(self.confidence, 2), "reason": self.reason}
        for name in ("cites", "candidates", "record", "relation", "evidence", "guessed"):
            value = getattr(self, name)
            if value:
                data[name] = value
        if self.mentions > 1:
            data["mentions"] = self.mentions
        data["source"] = dict(self.source)
        return data


def _facts(record: dict[str, Any]) -> dict[str, Any]:
    """The fields of a record that state facts: everything but ids, kinds, file names and notes."""
    supplied = record.get("supplied") or {}
    return {k: v for k, v in record.items() if k not in NOT_FACTS and k not in supplied}


def strings_of(value: Any) -> list[str]:
    """Every string a value holds (the values of a mapping, the items of a list)."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_of(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_of(v)]
    return [str(value)]


def _number_in(value: Any, words: str) -> bool:
    """Whether ``words`` write the number ``value`` (plainly, with thousands commas, or in millions)."""
    written = set()
    for match in re.finditer(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", words):
        number = float(match.group(0).replace(",", ""))
        after = words[match.end():match.end() + 9].lower()
        for scale, size in (("thousand", 1e3), ("million", 1e6), ("billion", 1e9)):
            if after.lstrip().startswith(scale):
                number *= size
        written.add(number)
    return float(value) in written


def ungrounded(proposal: Proposal) -> list[str]:
    """What the proposal states that its quote does not say (an empty list when it is sound)."""
    quote = fold_key(proposal.source.get("quote", ""))
    if not quote:
        return ["no quote"]
    problems = []
    evidence = {k: fold_key(v) for k, v in proposal.evidence.items()}
    for name, words in evidence.items():
        if words not in quote:
            problems.append(f"the evidence of '{name}' ({proposal.evidence[name]!r}) is not in the quote")
    facts = _facts(proposal.record or {})
    if proposal.relation:
        facts.update({"subject": proposal.relation["subject"], "object": proposal.relation["object"]})
    for name, value in facts.items():
        if name not in evidence:
            problems.append(f"'{name}' has no evidence in the quote")
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int | float) and not _number_in(value, proposal.evidence[name]):
            problems.append(f"'{name}' is {value}, which {proposal.evidence[name]!r} does not write")
        elif name in ("label", "acronyms", "alt_labels", "indicator", "locations"):
            problems += [f"'{name}' {s!r} is not in the quote" for s in strings_of(value) if fold_key(s) not in quote]
    if proposal.type == "citation" and proposal.evidence.get("name") is None:
        problems.append("a citation needs the name it matched as evidence")
    return problems


def write_proposals(path: Path, document: dict[str, Any], proposals: list[Proposal]) -> None:
    """Write the proposals file (YAML, UTF-8), with a header saying how to review it."""
    yaml = _yaml()
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        yaml.dump({"document": document, "proposals": [p.to_data() for p in proposals]}, out)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


class ProposalsError(Exception):
    """A proposals file that cannot be used: carries located errors."""

    def __init__(self, errors: list[LoaderError]):
        self.errors = errors
        super().__init__("\n".join(map(str, errors)))


def read_proposals(path: Path, display: str | None = None) -> tuple[dict[str, Any], list[Proposal]]:
    """Read a proposals file; every problem is reported as ``path:line:col: error: ...``."""
    display = display or str(path)
    try:
        data = _yaml().load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ProposalsError([LoaderError(display, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                          f"YAML syntax: {exc.problem}")]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ProposalsError([LoaderError(display, 1, 1, f"cannot read the proposals file: {exc}")]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict) or not isinstance(data.get("proposals"), list):
        raise ProposalsError([LoaderError(display, 1, 1, "a proposals file has 'document' (a mapping) and 'proposals' (a list)",
                                          "write it with `soilkg propose DOCUMENT -o FILE`")])
    errors, proposals = [], []
    for item in data["proposals"]:
        line, column = (item.lc.line + 1, item.lc.col + 1) if hasattr(item, "lc") else (1, 1)
        problem = _problem(item)
        if problem:
            errors.append(LoaderError(display, line, column, problem))
            continue
        proposals.append(_proposal(item))
    ids = [p.id for p in proposals]
    for item in data["proposals"]:
        if isinstance(item, dict) and ids.count(item.get("id")) > 1:
            errors.append(LoaderError(display, item.lc.line + 1, item.lc.col + 1, f"proposal id '{item['id']}' appears twice"))
            ids.remove(item["id"])
    if errors:
        raise ProposalsError(errors)
    return _plain(data["document"]), proposals


def _problem(item: Any) -> str:
    if not isinstance(item, dict):
        return "each proposal is a mapping"
    if not isinstance(item.get("id"), str) or not item["id"]:
        return "a proposal needs an 'id'"
    if item.get("type") not in TYPES:
        return f"proposal '{item['id']}': 'type' expects one of {', '.join(TYPES)}, got {item.get('type')!r}"
    if item.get("status", "proposed") not in STATUSES:
        return f"proposal '{item['id']}': 'status' expects one of {', '.join(STATUSES)}, got {item.get('status')!r}"
    source = item.get("source")
    if not isinstance(source, dict) or not all(isinstance(source.get(k), str) and source[k].strip()
                                               for k in ("file", "section", "quote")):
        return f"proposal '{item['id']}' needs a source {{file, section, quote}} with a non-empty quote"
    if item["type"] in ("document", "record", "target") and not isinstance(item.get("record"), dict):
        return f"proposal '{item['id']}' ({item['type']}) needs a 'record' mapping"
    if item["type"] == "relation" and not (isinstance(item.get("relation"), dict)
                                           and all(item["relation"].get(k) for k in ("type", "subject", "object"))):
        return f"proposal '{item['id']}' needs a 'relation' {{type, subject, object}}"
    if not isinstance(item.get("confidence", 0), int | float):
        return f"proposal '{item['id']}': 'confidence' expects a number"
    return ""


def _plain(value: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _proposal(item: dict) -> Proposal:
    item = _plain(item)
    return Proposal(
        id=item["id"], type=item["type"], confidence=float(item.get("confidence", 0)), reason=str(item.get("reason", "")),
        source={k: str(item["source"][k]) for k in ("file", "section", "quote")}, status=item.get("status", "proposed"),
        cites=item.get("cites"), candidates=list(item.get("candidates") or []), record=item.get("record"),
        relation=item.get("relation"), evidence={str(k): str(v) for k, v in (item.get("evidence") or {}).items()},
        guessed=list(item.get("guessed") or []), mentions=int(item.get("mentions", 1)))


def quote_is_verbatim(quote: str, folded_text: str) -> bool:
    """The project's quote check: the quote, white space folded, occurs in the folded document text."""
    return bool(quote.strip()) and fold(quote) in folded_text
