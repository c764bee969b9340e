"""Hostile data files: each gives one located error through ``soilkg load`` (exit 1, never a traceback),
and the graph served before stays served, whole.

Issue 8, defects 4 (alias bomb), 5 (encoding, bytes, tags, nesting) and 6 (links out of ``data/``).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from api.cli import main
from graph.store import GraphStore
from loaders.files import display_path

FIXTURES = Path(__file__).parents[1] / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
RECORD = b"- id: ministry-z\n  kind: ministry\n  label: {en: Ministry Z}\n"
SOURCES = b'  sources: [{file: fixture.txt, section: "1", quote: "fixture"}]\n'
# the classic "billion laughs": 9 levels of 9 aliases, 9**9 strings once expanded
ALIAS_BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
              + "".join(f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)))


@dataclass(frozen=True)
class Case:
    """A bad data file (bytes) and where and what its error must be."""

    content: bytes
    line: int
    column: int
    message: str


CASES = {
    "alias_bomb": Case(ALIAS_BOMB.encode(), 1, 4, "anchor &a is not allowed"),
    "alias": Case(RECORD + b"  acronyms: *short\n" + SOURCES, 4, 13, "alias *short is not allowed"),
    "anchor": Case(RECORD + b"  acronyms: &short {en: [MZ]}\n" + SOURCES, 4, 13, "anchor &short is not allowed"),
    "invalid_utf8": Case(b"- id: ministry-z\n  kind: ministry\n  label: {en: Minist\xe8re}\n" + SOURCES, 3, 21,
                         "invalid UTF-8 (byte 0xe8)"),
    "utf16": Case(RECORD.decode().encode("utf-16"), 1, 1, "invalid UTF-8 (byte 0xff)"),
    "binary": Case(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, 1, "invalid UTF-8 (byte 0x89)"),
    "nul_byte": Case(RECORD.replace(b"Z}", b"Z\x00}") + SOURCES, 3, 25, "character U+0000 is not allowed"),
    "control_character": Case(RECORD.replace(b"Ministry Z", b"Ministry\x07Z") + SOURCES, 3, 23, "U+0007"),
    "byte_order_mark": Case(b"\xef\xbb\xbf" + RECORD + SOURCES, 1, 1, "byte-order mark"),
    "python_name_tag": Case(RECORD.replace(b"Ministry Z}", b"!!python/name:os.system Z}") + SOURCES, 3, 15,
                            "tag tag:yaml.org,2002:python/name:os.system is not allowed"),
    "python_object_tag": Case(b"- !!python/object:os.system {id: x}\n", 1, 3, "python/object:os.system is not allowed"),
    "local_tag": Case(RECORD + b"  note: !shell rm -rf\n" + SOURCES, 4, 9, "tag !shell is not allowed"),
    "binary_tag": Case(RECORD + b"  note: !!binary aGVsbG8=\n" + SOURCES, 4, 9, "tag tag:yaml.org,2002:binary"),
    "set_tag": Case(RECORD + b"  note: !!set {a, b}\n" + SOURCES, 4, 9, "tag tag:yaml.org,2002:set"),
    "bad_explicit_int": Case(RECORD + b"  member_count: !!int many\n" + SOURCES, 4, 17, "'many' is not a valid int"),
    "merge_key": Case(RECORD + b"  <<: {note: x}\n" + SOURCES, 4, 3, "special YAML meaning"),
    "surrogate_escape": Case(RECORD + b'  note: "\\ud800"\n' + SOURCES, 4, 12, "invalid Unicode character escape"),
    "deep_block_nesting": Case(b"- " * 10_000 + b"x\n", 1, 41, "nested more than 20 deep"),
    "deep_flow_mappings": Case(b"{a: " * 10_000 + b"}" * 10_000, 1, 81, "nested more than 20 deep"),
    "deep_flow_lists": Case(b"[" * 10_000 + b"]" * 10_000, 1, 1001, "exceeded maximum nesting depth"),
    "two_documents": Case(RECORD + SOURCES + b"---\n- id: b\n", 5, 1, "one YAML document"),
}


def _link_out(data: Path, outside: Path) -> Path:
    (outside / "secret.yaml").write_bytes(RECORD + SOURCES)
    (data / "z_link.yaml").symlink_to(outside / "secret.yaml")
    return data / "z_link.yaml"


def _folder_link_out(data: Path, outside: Path) -> Path:
    (outside / "more.yaml").write_bytes(RECORD + SOURCES)
    (data / "z_folder").symlink_to(outside, target_is_directory=True)
    return data / "z_folder"


def _relative_link_out(data: Path, outside: Path) -> Path:
    (outside / "secret.yaml").write_bytes(RECORD + SOURCES)
    (data / "z_rel.yaml").symlink_to(os.path.relpath(outside / "secret.yaml", data))
    return data / "z_rel.yaml"


def _broken_link(data: Path, outside: Path) -> Path:
    (data / "z_broken.yaml").symlink_to(data / "nowhere.yaml")
    return data / "z_broken.yaml"


def _fifo(data: Path, outside: Path) -> Path:
    os.mkfifo(data / "z_pipe.yaml")  # reading it would block the load forever
    return data / "z_pipe.yaml"


FILE_CASES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "link_to_a_file_outside": (_link_out, "is a link to"),
    "relative_link_outside": (_relative_link_out, "outside the data folder"),
    "linked_folder_outside": (_folder_link_out, "linked folder is a link to"),
    "broken_link": (_broken_link, "is a broken link"),
    "fifo": (_fifo, "is not a regular file"),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> GraphStore:
    """A store serving the fixture data, loaded through the CLI."""
    data = tmp_path_factory.mktemp("served") / "data"
    shutil.copytree(FIXTURES / "data" / "base", data)
    store = GraphStore(tmp_path_factory.mktemp("store"))
    assert main(["load", "--store", str(store.root), "--data", str(data)]) == 0
    return store


def _snapshot(store: GraphStore) -> tuple[str | None, int, list[str]]:
    reader = store.reader()
    labels = sorted(str(row["l"].value) for row in reader.query(
        "SELECT ?l WHERE { ?x <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }", use_default_graph_as_union=True))
    return store.generation(), len(reader), labels


def _load_refused(store: GraphStore, data: Path, capsys) -> str:
    """Run ``soilkg load`` on ``data``; assert it exits 1 and changed nothing; return its error output."""
    before = _snapshot(store)
    capsys.readouterr()
    code = main(["load", "--store", str(store.root), "--data", str(data)])
    err = capsys.readouterr().err
    assert code == 1, f"exit {code}, expected 1 (invalid data):\n{err}"
    assert "Traceback" not in err
    assert err.rstrip().endswith("nothing was loaded"), err
    assert _snapshot(store) == before, "the graph served before the bad load changed"
    return err


def _fresh_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "data" / "base", data)
    return data


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_gives_one_located_error_and_the_graph_stays_served(tmp_path, served, capsys, name):
    case = CASES[name]
    data = _fresh_data(tmp_path)
    bad = data / f"z_{name}.yaml"
    bad.write_bytes(case.content)
    err = _load_refused(served, data, capsys)
    located = re.findall(r"^(.+?):(\d+):(\d+): error: (.*)$", err, re.MULTILINE)
    assert len(located) == 1, err
    path, line, column, message = located[0]
    assert (path, int(line), int(column)) == (display_path(bad), case.line, case.column), err
    assert case.message in message, err


@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_data_file_outside_the_data_folder_is_refused(tmp_path, served, capsys, name):
    make, message = FILE_CASES[name]
    data = _fresh_data(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    bad = make(data, outside)
    err = _load_refused(served, data, capsys)
    assert f"{display_path(bad)}:1:1: error: " in err and message in err, err
    assert "Ministry Z" not in err and "ministry-z" not in err, "the outside file was read"


def test_a_link_inside_the_data_folder_is_read(tmp_path, served, capsys):
    data = _fresh_data(tmp_path)
    (data / "extra").mkdir()
    (data / "extra" / "z.yaml").write_bytes(RECORD + SOURCES)
    (data / "z_again").symlink_to(data / "extra", target_is_directory=True)  # not followed: read once
    store = GraphStore(tmp_path / "store")
    assert main(["load", "--store", str(store.root), "--data", str(data)]) == 0, capsys.readouterr().err
    assert "Ministry Z" in _snapshot(store)[2]
