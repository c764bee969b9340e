"""Read curated YAML files keeping the line and column of every key and value.

``read_records(path, display)`` returns the records of one file as :class:`Marked` mappings. The file
is parsed by libyaml's C parser, event by event, and the values are built here without recursion, so
hostile files cost time and memory in proportion to their size and every problem is a
:class:`LoaderError` at its place: bytes that are not UTF-8 or not allowed in YAML, a byte-order mark,
YAML syntax, anchors and aliases (curated data writes every value out; an alias bomb never expands),
tags other than the YAML core ones, nesting deeper than :data:`MAX_DEPTH`, a file that is not a list of
mappings. Scalars get the types PyYAML's ``SafeLoader`` gives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml import _yaml as libyaml

from loaders.errors import LoaderError

MAX_DEPTH = 20  # lists and mappings inside each other; the bundled data uses 5

CORE = "tag:yaml.org,2002:"
STR = CORE + "str"
SCALAR_TAGS = frozenset(CORE + t for t in ("str", "int", "float", "bool", "null"))
COLLECTION_TAGS = {yaml.MappingStartEvent: CORE + "map", yaml.SequenceStartEvent: CORE + "seq"}
# what YAML 1.1 allows in a stream (c-printable), as PyYAML's reader checks it
NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Mark:
    """A place in a file: 1-based line and column."""

    line: int
    column: int

    @classmethod
    def of(cls, node: yaml.Node | yaml.Event) -> Mark:
        return cls(node.start_mark.line + 1, node.start_mark.column + 1)


class Marked(dict):
    """A YAML mapping that remembers where it, each key and each value stand."""

    __slots__ = ("mark", "key_marks", "value_marks")

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}


class MarkedList(list):
    """A YAML sequence that remembers where each item stands."""

    __slots__ = ("mark", "item_marks")

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


def mark_of(value: Any, default: Mark) -> Mark:
    """The mark of a mapping or list, or ``default`` for a scalar."""
    return getattr(value, "mark", default)


class Refused(Exception):  # noqa: N818 - carries the located error that stops reading a file
    """Reading a file stopped at a located problem."""

    def __init__(self, error: LoaderError):
        super().__init__(str(error))
        self.error = error


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_NO_KEY = object()


class _Builder:
    """Builds Marked values from parser events with an explicit stack (no recursion)."""

    def __init__(self, display: str):
        self.display = display
        self.errors: list[LoaderError] = []
        # each frame: [container, pending key (or _NO_KEY), mark of the pending key]
        self.stack: list[list] = []
        self.root: Any = None  # the document's value, once built
        self.root_mark = Mark(1, 1)

    def refuse(self, event: yaml.Event, message: str, hint: str = "") -> Refused:
        where = Mark.of(event)
        return Refused(LoaderError(self.display, where.line, where.column, message, hint))

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._check_anchor(event)
            self._attach(self._scalar(event), Mark.of(event))
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._check_anchor(event)
            if event.tag not in (None, "!", COLLECTION_TAGS[kind]):
                raise self.refuse(event, f"tag {event.tag} is not allowed in curated data", "remove the tag")
            if len(self.stack) >= MAX_DEPTH:
                raise self.refuse(event, f"lists and mappings are nested more than {MAX_DEPTH} deep",
                                  "curated records need a few levels; check the indentation or brackets")
            mark = Mark.of(event)
            self.stack.append([Marked(mark) if kind is yaml.MappingStartEvent else MarkedList(mark), _NO_KEY, None])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            container = self.stack.pop()[0]
            self._attach(container, container.mark)
        elif kind is yaml.AliasEvent:
            raise self.refuse(event, f"alias *{event.anchor} is not allowed in curated data",
                              "write the value out in full instead of referring to an anchor")

    def _check_anchor(self, event: yaml.Event) -> None:
        if event.anchor is not None:
            raise self.refuse(event, f"anchor &{event.anchor} is not allowed in curated data",
                              "remove the anchor and write values out in full")

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:  # quoted, or '!' on a plain scalar
                return event.value
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
        elif tag not in SCALAR_TAGS:
            raise self.refuse(event, f"tag {tag} is not allowed in curated data",
                              "write a plain value (text, number, true/false, a year)")
        if tag == STR:
            return event.value
        constructor = _CONSTRUCTOR.yaml_constructors.get(tag)
        if constructor is None:  # e.g. a plain '<<' (merge key) or '=' (value key)
            raise self.refuse(event, f"{event.value!r} has the special YAML meaning {tag}", "quote it")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return constructor(_CONSTRUCTOR, node)
        except (ValueError, TypeError, yaml.YAMLError) as exc:
            raise self.refuse(event, f"{event.value!r} is not a valid {tag.removeprefix(CORE)}: {exc}") from None

    def _attach(self, value: Any, where: Mark) -> None:
        if not self.stack:
            self.root, self.root_mark = value, where
            return
        frame = self.stack[-1]
        container = frame[0]
        if type(container) is MarkedList:
            container.append(value)
            container.item_marks.append(where)
        elif frame[1] is _NO_KEY:
            frame[1], frame[2] = value, where
        else:
            key, key_mark = frame[1], frame[2]
            frame[1] = _NO_KEY
            if not isinstance(key, str):
                self.errors.append(LoaderError(self.display, key_mark.line, key_mark.column,
                                               f"field names must be strings, got {key!r}"))
            elif key in container:
                first = container.key_marks[key]
                self.errors.append(LoaderError(self.display, key_mark.line, key_mark.column,
                                               f"field '{key}' appears twice in this mapping (first on line {first.line})"))
            else:
                container[key] = value
                container.key_marks[key] = key_mark
                container.value_marks[key] = where


def check_bytes(data: bytes, display: str) -> None:
    """Raise :class:`Refused` at the first byte or character of a data file that YAML (or we) do not allow."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise Refused(LoaderError(display, 1, 1, "the file starts with a byte-order mark (U+FEFF)",
                                  "save the file as UTF-8 without BOM"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        raise Refused(LoaderError(display, data.count(b"\n", 0, exc.start) + 1, column,
                                  f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", "save the file as UTF-8")) from None
    bad = NOT_PRINTABLE.search(text)
    if bad is not None:
        at = bad.start()
        raise Refused(LoaderError(display, text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1,
                                  f"character U+{ord(bad.group()):04X} is not allowed in YAML",
                                  "remove it (a NUL byte or control character usually means a binary or damaged file)"))


def parse(data: bytes, display: str) -> tuple[Any, Mark, list[LoaderError]]:
    """The value of the single document of ``data`` (``None`` if empty), its mark and the errors found."""
    check_bytes(data, display)
    builder = _Builder(display)
    parser = libyaml.CParser(data)
    try:
        documents = 0
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                return builder.root, builder.root_mark, builder.errors
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise builder.refuse(event, "a data file holds one YAML document", "remove the '---' line")
            else:
                builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise Refused(LoaderError(display, line, col, f"YAML syntax: {exc.problem or exc}",
                                  "check indentation, colons and quotes")) from None
    except yaml.YAMLError as exc:  # libyaml errors without a mark (e.g. memory)
        raise Refused(LoaderError(display, 1, 1, f"YAML: {exc}")) from None
    finally:
        parser.dispose()


def read_records(path: Path, display: str) -> tuple[list[Marked], list[LoaderError]]:
    """Parse one data file; ``display`` is the path used in error messages."""
    try:
        data, where, errors = parse(path.read_bytes(), display)
    except Refused as refused:
        return [], [refused.error]
    if data is None:  # an empty file, or one holding only a null
        return [], errors
    if not isinstance(data, MarkedList):
        return [], [LoaderError(display, where.line, where.column, "a data file must be a list of records",
                                "start each record with '- id: ...'")]
    records = []
    for item, where in zip(data, data.item_marks, strict=True):
        if isinstance(item, Marked):
            records.append(item)
        else:
            errors.append(LoaderError(display, where.line, where.column,
                                      f"each list item must be a record (a mapping of fields), got {type(item).__name__}"))
    return records, errors
