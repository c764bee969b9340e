"""Two versions of a fixture data set, loaded into one store as dataset versions 1 and 2.

The second version is the first with one label changed, one record added and one removed; what a
diff must report is worked out from the two YAML files (:func:`expected_changes`), not written down.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.cli import soilkg

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NEW_RECORD = """
- id: ministry-b
  kind: ministry
  label: {en: Ministry B}
  country: KH
  sources: [{file: fixture.txt, section: "1", quote: "fixture"}]
"""


def records(folder: Path) -> dict[str, dict]:
    return {r["id"]: r for path in sorted(folder.rglob("*.yaml")) for r in yaml.safe_load(path.read_text(encoding="utf-8"))}


def two_versions(root: Path) -> tuple[Path, Path, Path]:
    """Folders v1 (the base fixture plus ministry-c) and v2 (ministry-a's label changed, ministry-b added,
    ministry-c removed), and a store holding them as versions 1 and 2."""
    v1, v2, store = root / "v1", root / "v2", root / "store"
    shutil.copytree(FIXTURES / "data" / "base", v1)
    (v1 / "extra.yaml").write_text(NEW_RECORD.replace("ministry-b", "ministry-c").replace("Ministry B", "Ministry C"),
                                   encoding="utf-8")
    shutil.copytree(v1, v2)
    (v2 / "extra.yaml").unlink()  # ministry-c removed
    text = (v2 / "records.yaml").read_text(encoding="utf-8")
    (v2 / "records.yaml").write_text(text.replace("label: {en: Ministry A}", "label: {en: Ministry of A}") + NEW_RECORD,
                                     encoding="utf-8")
    for folder in (v1, v2):
        loaded = soilkg("load", "--data", folder, "--store", store)
        assert loaded.code == 0, loaded.err
    return v1, v2, store


def expected_changes(v1: Path, v2: Path) -> dict[str, str]:
    old, new = records(v1), records(v2)
    out = {rid: "added" for rid in new.keys() - old.keys()}
    out |= {rid: "removed" for rid in old.keys() - new.keys()}
    out |= {rid: "changed" for rid in old.keys() & new.keys() if old[rid] != new[rid]}
    return out
