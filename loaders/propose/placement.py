"""Which data file a new record goes to: where records like it already live.

Support and flow records go beside the record they are about, a target beside its policy; any other
record to the file holding most records of the same kind and country, else of the same group and
country, else of the same country, else of the same kind, else of the same group. A record that fits
nowhere goes to ``data/new-records.yaml``. ``--file`` overrides all of it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from loaders.propose.known import Known
from loaders.schema import KIND_TO_GROUP

FALLBACK = "new-records.yaml"


def _country(record: dict[str, Any]) -> str | None:
    if isinstance(record.get("country"), str):
        return record["country"]
    countries = record.get("countries")
    return countries[0] if isinstance(countries, list) and len(countries) == 1 else None


def _group(kind: Any) -> str | None:
    return KIND_TO_GROUP[kind].name if kind in KIND_TO_GROUP else None


def _beside(record: dict[str, Any]) -> list[str]:
    """The records a support, flow or target record is about, in order of preference."""
    kind = record.get("kind")
    if kind == "support":
        return list(record.get("supported") or []) + list(record.get("supporters") or [])
    if kind == "flow":
        return [s.get("from") for s in record.get("steps") or [] if isinstance(s, dict)]
    if kind == "target" and record.get("policy"):
        return [record["policy"]]
    return []


def data_file_for(record: dict[str, Any], known: Known, data_dir: Path, pinned: Path | None = None) -> Path:
    """The data file a new record belongs in (see the module docstring)."""
    if pinned is not None:
        return pinned
    for other in _beside(record):
        if other in known.paths:
            return known.paths[other]
    kind, country, group = record.get("kind"), _country(record), _group(record.get("kind"))
    rules = []
    if country:
        rules += [lambda r: r.get("kind") == kind and _country(r) == country,
                  lambda r: _group(r.get("kind")) == group and _country(r) == country,
                  lambda r: _country(r) == country]
    rules += [lambda r: r.get("kind") == kind, lambda r: _group(r.get("kind")) == group]
    for rule in rules:
        counts = Counter(known.paths[i] for i, r in known.records.items() if i in known.paths and rule(r))
        if counts:
            return max(counts.items(), key=lambda kv: (kv[1], -len(str(kv[0]))))[0]
    return data_dir / FALLBACK
