"""Read curated YAML files keeping the line and column of every key and value.

``read_records(path)`` returns the records of one file as :class:`Marked` mappings; a syntax error or a
file that is not a list of mappings becomes a :class:`LoaderError` pointing at the place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from loaders.errors import LoaderError


@dataclass(frozen=True)
class Mark:
    """A place in a file: 1-based line and column."""

    line: int
    column: int

    @classmethod
    def of(cls, node: yaml.Node) -> Mark:
        return cls(node.start_mark.line + 1, node.start_mark.column + 1)


class Marked(dict):
    """A YAML mapping that remembers where it, each key and each value stand."""

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}


class MarkedList(list):
    """A YAML sequence that remembers where each item stands."""

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


def mark_of(value: Any, default: Mark) -> Mark:
    """The mark of a mapping or list, or ``default`` for a scalar."""
    return getattr(value, "mark", default)


class _Converter:
    def __init__(self, path: str, loader: yaml.SafeLoader):
        self.path, self.loader, self.errors = path, loader, []

    def convert(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            out = MarkedList(Mark.of(node))
            for item in node.value:
                out.append(self.convert(item))
                out.item_marks.append(Mark.of(item))
            return out
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode) -> Marked:
        out = Marked(Mark.of(node))
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node)
            where = Mark.of(key_node)
            if not isinstance(key, str):
                self.errors.append(LoaderError(self.path, where.line, where.column, f"field names must be strings, got {key!r}"))
                continue
            if key in out:
                first = out.key_marks[key]
                self.errors.append(LoaderError(
                    self.path, where.line, where.column,
                    f"field '{key}' appears twice in this mapping (first on line {first.line})"))
                continue
            out[key] = self.convert(value_node)
            out.key_marks[key] = where
            out.value_marks[key] = Mark.of(value_node)
        return out


def read_records(path: Path, display: str) -> tuple[list[Marked], list[LoaderError]]:
    """Parse one data file; ``display`` is the path used in error messages."""
    text = path.read_text(encoding="utf-8")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return [], [LoaderError(display, line, col, f"YAML syntax: {exc.problem or exc}", "check indentation, colons and quotes")]
    finally:
        loader.dispose()
    if node is None:
        return [], []
    converter = _Converter(display, loader)
    data = converter.convert(node)
    if not isinstance(data, MarkedList):
        where = Mark.of(node)
        return [], [LoaderError(display, where.line, where.column, "a data file must be a list of records",
                                "start each record with '- id: ...'")]
    records, errors = [], list(converter.errors)
    for item, where in zip(data, data.item_marks, strict=True):
        if isinstance(item, Marked):
            records.append(item)
        else:
            errors.append(LoaderError(display, where.line, where.column,
                                      f"each list item must be a record (a mapping of fields), got {type(item).__name__}"))
    return records, errors
