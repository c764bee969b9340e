"""Edit a curated data file in place with ruamel.yaml's round trip, keeping its comments and order.

A file is opened only if ruamel writes it back byte for byte as it is (the data's layout: records at
column 0, nested lists indented by four with the dash at two); otherwise the edit is refused rather
than reformatting a curator's file. The blank line and comments that follow a record belong, in
ruamel, to the record's last value: they are moved behind whatever is appended, so that an added
source or record shows in a diff as added lines only (a list written inline, ``[a, b]``, changes its
one line).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

MARGIN = "  "  # ruamel indents top-level items as it does nested ones; the data files do not
NEEDS_QUOTES = re.compile(r"[:#{}\[\],&*!|>'\"%@`]|^[-?]")
INLINE = {"label", "acronyms", "alt_labels", "description", "supplied"}  # written {en: ...} like the data


class EditError(Exception):
    """A data file that cannot be edited without rewriting it, or an edit that does not fit the file."""


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return "\n".join(line[len(MARGIN):] if line.startswith(MARGIN) else line for line in out.getvalue().split("\n"))


def _shift_inline_comments(node: Any, by: int) -> None:
    """Move end-of-line comments right by ``by`` columns, so that they land where they were once the margin
    ruamel gives top-level items is taken off again."""
    if not isinstance(node, CommentedMap | CommentedSeq):
        return
    for entry in node.ca.items.values():
        for token in entry or []:
            for item in token if isinstance(token, list) else [token]:
                if isinstance(item, CommentToken) and item.value.startswith("#") and item.column > 0:
                    item.column += by
    for child in node.values() if isinstance(node, CommentedMap) else node:
        _shift_inline_comments(child, by)


def _flow(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node.fa.flow_style())


def _block_path(node: Any) -> list[tuple[Any, Any]]:
    """The (container, last key) pairs from ``node`` down its last items, stopping at inline containers."""
    path = []
    while isinstance(node, CommentedMap | CommentedSeq) and len(node) and not _flow(node):
        key = list(node.keys())[-1] if isinstance(node, CommentedMap) else len(node) - 1
        path.append((node, key))
        node = node[key]
    return path


def _index(container: Any) -> int:
    return 2 if isinstance(container, CommentedMap) else 0  # where ruamel keeps what follows an item


def _take(node: Any) -> str:
    """Remove and return the text (blank lines, comments) that follows ``node``'s last line."""
    for container, key in reversed(_block_path(node)):
        entry = container.ca.items.get(key)
        if entry and entry[_index(container)] is not None:
            token, entry[_index(container)] = entry[_index(container)], None
            return token.value[1:]  # the token starts with the newline ending the value's own line
        if container.ca.end:
            text, container.ca.end = "".join(t.value for t in container.ca.end), []
            return text
    return ""


def _give(node: Any, text: str) -> None:
    """Put ``text`` (blank lines, comments) after ``node``'s last line."""
    path = _block_path(node)
    if not text or not path:
        return
    container, key = path[-1]
    if _flow(container[key]):  # after an inline item ruamel keeps it at the end of the list or map
        container.ca.end = [CommentToken(text, CommentMark(0), None)]
        if container.ca.comment is None:
            container.ca.comment = [None, None]  # ruamel writes `end` only beside a comment list
        return
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    entry[_index(container)] = CommentToken("\n" + text, CommentMark(0), None)


def to_yaml(value: Any, key: str = "") -> Any:
    """Plain data as ruamel nodes in the data files' style (inline names and id lists, quoted quotes)."""
    if isinstance(value, dict):
        node = CommentedMap((k, to_yaml(v, k)) for k, v in value.items())
        if key in INLINE or key == "_step":
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        node = CommentedSeq(to_yaml(v, "_step" if key == "steps" else "") for v in value)
        if all(isinstance(v, str | int | float) for v in value):
            node.fa.set_flow_style()
        return node
    if isinstance(value, str) and (key in ("quote", "section") or NEEDS_QUOTES.search(value) or value != value.strip()):
        return DoubleQuotedScalarString(value)
    return value


class DataFile:
    """One data file opened for editing."""

    def __init__(self, path: Path, header: str = ""):
        self.path = path
        if path.exists():
            text = path.read_text(encoding="utf-8")
            self.records = _yaml().load(text)
            if self.records is None:
                self.records = CommentedSeq()
            if not isinstance(self.records, CommentedSeq):
                raise EditError(f"{path}: a data file must be a list of records")
            _shift_inline_comments(self.records, len(MARGIN))
            if _dump(self.records) != text:
                raise EditError(f"{path}: ruamel.yaml would not write this file back unchanged, so it is not edited "
                                "(add the records by hand, or name another file with --file)")
            self.prefix = ""
        else:
            self.records = CommentedSeq()
            self.prefix = header

    def record(self, record_id: str) -> CommentedMap:
        for record in self.records:
            if isinstance(record, CommentedMap) and record.get("id") == record_id:
                return record
        raise EditError(f"{self.path}: no record '{record_id}'")

    def append_source(self, record_id: str, source: dict[str, str]) -> None:
        """Add a citation to a record's sources (after the last one)."""
        sources = self.record(record_id).get("sources")
        if not isinstance(sources, CommentedSeq):
            raise EditError(f"{self.path}: record '{record_id}' has no list of sources")
        token = _take(sources)
        item = to_yaml(source)
        if all(isinstance(s, CommentedMap) and s.fa.flow_style() for s in sources) or sources.fa.flow_style():
            item.fa.set_flow_style()  # follow the list's own style: {file: ..., section: ..., quote: ...}
        sources.append(item)
        _give(sources, token)

    def add_reference(self, record_id: str, field: str, value: str, many: bool) -> bool:
        """Add an id to a reference field (a list when ``many``); False when it is there already.

        A single reference that already names another record is refused.
        """
        record = self.record(record_id)
        if field in record:
            current = record[field]
            if not many:
                if current == value:
                    return False
                raise EditError(f"{self.path}: record '{record_id}' already has {field}: {current} (not {value})")
            if value in current:
                return False
            token = _take(current)
            current.append(value)
            _give(current, token)
            return True
        position = list(record.keys()).index("sources") if "sources" in record else len(record)
        record.insert(position, field, to_yaml([value]) if many else value)
        return True

    def add_record(self, record: dict[str, Any], near: tuple[frozenset[str], ...] = ()) -> None:
        """Add a record after the last record whose kind is in the first of ``near`` that this file has
        (e.g. the same kind, then the same group), or at the end."""
        position = len(self.records)
        for kinds in near:
            same = [i for i, r in enumerate(self.records) if isinstance(r, CommentedMap) and r.get("kind") in kinds]
            if same:
                position = same[-1] + 1
                break
        node = to_yaml(record)
        if position:
            previous = self.records[position - 1]
            token = _take(previous)
            _give(previous, "\n")
            _give(node, token)
        self.records.insert(position, node)

    def text(self) -> str:
        return self.prefix + _dump(self.records)
