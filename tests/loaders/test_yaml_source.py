"""The C-parser reader gives the values and places PyYAML's pure-Python SafeLoader gives (the reference)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loaders.yaml_source import Marked, MarkedList, parse, read_records

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = sorted((ROOT / "data").rglob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))

SYNTAX_ERRORS = {
    "unclosed_quote": '- id: broken\n  kind: ministry\n  label: {en: "unclosed\n',
    "bad_indent": "- id: a\n  kind: b\n kind2: c\n",
    "tab_indent": "- id: a\n\tkind: b\n",
    "colon_in_value": "- id: a\n  kind: b: c\n",
    "unclosed_flow": "- id: [a, b\n",
    "stray_brace": "- id: a\n- - -\n  x: [}\n",
    "unclosed_single_quote": "- id: 'a\n  kind: b\n",
    "bad_block_scalar": "- note: |x\n    text\n",
}


def _same(value, node: yaml.Node, loader: yaml.SafeLoader, where: str) -> None:
    """``value`` (ours) equals what the reference built from ``node``, with the same marks."""
    if isinstance(node, yaml.MappingNode):
        assert isinstance(value, Marked), where
        assert (value.mark.line, value.mark.column) == (node.start_mark.line + 1, node.start_mark.column + 1), where
        assert len(value) == len(node.value), where
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            at = f"{where}/{key}"
            assert value.key_marks[key].line == key_node.start_mark.line + 1, at
            assert value.key_marks[key].column == key_node.start_mark.column + 1, at
            assert value.value_marks[key].line == value_node.start_mark.line + 1, at
            assert value.value_marks[key].column == value_node.start_mark.column + 1, at
            _same(value[key], value_node, loader, at)
    elif isinstance(node, yaml.SequenceNode):
        assert isinstance(value, MarkedList), where
        assert len(value) == len(node.value), where
        for i, (item, item_node) in enumerate(zip(value, node.value, strict=True)):
            assert value.item_marks[i].line == item_node.start_mark.line + 1, f"{where}[{i}]"
            assert value.item_marks[i].column == item_node.start_mark.column + 1, f"{where}[{i}]"
            _same(item, item_node, loader, f"{where}[{i}]")
    else:
        expected = loader.construct_object(node, deep=True)
        assert value == expected and type(value) is type(expected), f"{where}: {value!r} != {expected!r}"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_values_and_marks_match_the_pure_python_safe_loader(path):
    value, mark, errors = parse(path.read_bytes(), str(path))
    assert errors == []
    loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
        assert (mark.line, mark.column) == (node.start_mark.line + 1, node.start_mark.column + 1)
        _same(value, node, loader, path.name)
    finally:
        loader.dispose()


@pytest.mark.parametrize("name", sorted(SYNTAX_ERRORS))
def test_syntax_errors_point_where_the_pure_python_parser_points(tmp_path, name):
    text = SYNTAX_ERRORS[name]
    with pytest.raises(yaml.MarkedYAMLError) as reference:
        yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - the safe loader, pure Python
    mark = reference.value.problem_mark
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    records, errors = read_records(path, "x.yaml")
    assert records == []
    [error] = errors
    assert (error.line, error.column) == (mark.line + 1, mark.column + 1), str(error)
    assert str(error).startswith(f"x.yaml:{mark.line + 1}:{mark.column + 1}: error: YAML syntax: ")
