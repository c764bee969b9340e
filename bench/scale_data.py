"""Write N times the bundled data with fresh ids, for load benchmarks: ``python -m bench.scale_data N DIR``.

Copy 0 is the bundled data as it is; copy k > 0 repeats every record with ``-x<k>`` appended to its id
and to every reference to it, so the copies have the same shapes and consistent references. Countries
and documents are shared (their ids follow ISO codes and file names), so each copy cites the same
source documents with the same verbatim quotes. Files keep their folder layout under ``copy-<k>/``.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED_KINDS = frozenset({"country", "document"})

log = logging.getLogger(__name__)


def _records(data_dir: Path) -> dict[Path, list[dict]]:
    return {path.relative_to(data_dir): yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) or []
            for path in sorted(data_dir.rglob("*.yaml"))}


def _renamed(value: Any, ids: frozenset[str], suffix: str) -> Any:
    """``value`` with every string that is one of ``ids`` suffixed (mapping keys are field names: kept)."""
    if isinstance(value, str):
        return value + suffix if value in ids else value
    if isinstance(value, list):
        return [_renamed(v, ids, suffix) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, ids, suffix) for k, v in value.items()}
    return value


class _NoAliases(yaml.CSafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_scaled(copies: int, out_dir: Path, data_dir: Path = ROOT / "data") -> int:
    """Write ``copies`` copies of the data in ``data_dir`` into ``out_dir``; returns the number of records."""
    files = _records(data_dir)
    records = [r for rs in files.values() for r in rs]
    renamed = frozenset(r["id"] for r in records if r.get("kind") not in SHARED_KINDS)
    written = 0
    for k in range(copies):
        suffix = f"-x{k}" if k else ""
        for relative, rs in files.items():
            keep = [_renamed(r, renamed, suffix) for r in rs if k == 0 or r.get("kind") not in SHARED_KINDS]
            if not keep:
                continue
            target = out_dir / f"copy-{k}" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(yaml.dump(keep, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=110),
                              encoding="utf-8")
            written += len(keep)
    log.info("wrote %d records (%d copies) into %s", written, copies, out_dir)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("copies", type=int)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_scaled(args.copies, args.out_dir)


if __name__ == "__main__":
    main()
