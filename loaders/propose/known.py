"""What the graph already knows, as propose and review need it: records, their files, their relations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.namespaces import Iris
from loaders.errors import LoadFailed
from loaders.pipeline import Sources, registered
from loaders.schema import KIND_TO_GROUP

# How each relation type is written in the data format: on which record, in which field.
# "object"/"subject": a list (or single) field on that record; "support"/"flow": a record of its own.
RELATION_FIELDS = {
    "leads": ("object", "led_by"),
    "funds": ("support", "funding"),
    "supports": ("support", "unspecified"),
    "member-of": ("subject", "member_of"),
    "part-of": ("subject", "part_of"),
    "operates": ("object", "operated_by"),
    "passes-information-to": ("flow", "steps"),
}


@dataclass
class Known:
    """Records by id (plain mappings), the data file of each, and the document record of each file name."""

    records: dict[str, dict] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def from_sources(cls, sources: Sources, iris: Iris | None = None) -> Known:
        """Read every data file (pass 1 of the loader); raises :class:`LoadFailed` if any is unreadable."""
        compiler = registered(sources, iris or Iris())
        if compiler.errors:
            raise LoadFailed(compiler.errors)
        known = cls()
        for record_id, located in compiler.registry.records.items():
            known.records[record_id] = located.data
            known.paths[record_id] = Path(located.path)
        return known

    @property
    def documents(self) -> dict[str, str]:
        return {r["file"]: i for i, r in self.records.items() if r.get("kind") == "document" and "file" in r}

    def group(self, record_id: str) -> str | None:
        kind = self.records.get(record_id, {}).get("kind")
        return KIND_TO_GROUP[kind].name if kind in KIND_TO_GROUP else None

    def cites(self, record_id: str, file_name: str) -> bool:
        return any(isinstance(s, dict) and s.get("file") == file_name for s in self.records[record_id].get("sources") or [])

    def countries(self) -> dict[str, str]:
        """Country record id -> ISO code."""
        return {i: r["iso3166"] for i, r in self.records.items() if r.get("kind") == "country" and "iso3166" in r}

    def relations(self) -> set[tuple[str, str, str]]:
        """Every (type, subject, object) the data already records, in the terms of :data:`RELATION_FIELDS`."""
        found: set[tuple[str, str, str]] = set()
        for record_id, record in self.records.items():
            for rtype, (holder, name) in RELATION_FIELDS.items():
                if holder in ("subject", "object"):
                    values = record.get(name)
                    for value in values if isinstance(values, list) else [values] if values else []:
                        pair = (record_id, value) if holder == "subject" else (value, record_id)
                        found.add((rtype, *pair))
                elif holder == "support" and record.get("kind") == "support":
                    if record.get("support_type", "unspecified") == name or rtype == "supports":
                        found.update((rtype, s, o) for s in record.get("supporters") or [] for o in record.get("supported") or [])
                elif holder == "flow" and record.get("kind") == "flow":
                    found.update((rtype, s.get("from"), s.get("to")) for s in record.get("steps") or [] if isinstance(s, dict))
        return found
