"""Round-trip edits of the project's own data files: they open unchanged and take additions as added lines."""

from __future__ import annotations

import difflib

import pytest

from loaders.propose.yaml_edit import DataFile
from tests.propose.conftest import ROOT

DATA_FILES = sorted((ROOT / "data").rglob("*.yaml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT / "data")))
def test_every_data_file_takes_a_source_and_a_record_as_added_lines_only(path):
    original = path.read_text(encoding="utf-8")
    data = DataFile(path)  # refuses a file ruamel would not write back unchanged
    first, last = data.records[0]["id"], data.records[-1]["id"]
    data.append_source(first, {"file": "new.txt", "section": "1", "quote": "a quote: with \"marks\""})
    data.append_source(last, {"file": "new.txt", "section": "2", "quote": "another"})
    data.add_record({"id": "zz-new", "kind": data.records[0]["kind"], "label": {"en": "A name"},
                     "sources": [{"file": "new.txt", "section": "3", "quote": "words"}]},
                    near=(frozenset([data.records[0]["kind"]]),))
    diff = [line for line in difflib.unified_diff(original.splitlines(), data.text().splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff and all(line.startswith("+") for line in diff), diff
    assert sum("new.txt" in line for line in diff) == 3
