"""Layering: api -> viz -> core -> graph; a lower package never imports a higher one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {"viz": {"api"}, "core": {"api", "viz"}, "graph": {"api", "viz", "core", "loaders"}}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_packages_do_not_import_higher_ones(package):
    offenders = {str(p.relative_to(ROOT)): sorted(imported_packages(p) & FORBIDDEN[package])
                 for p in sorted((ROOT / package).rglob("*.py"))}
    assert not {k: v for k, v in offenders.items() if v}, f"{package}/ imports a higher layer: {offenders}"
