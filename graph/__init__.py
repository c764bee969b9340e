"""The graph store, query execution and result formats."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["package_version"]


def package_version() -> str:
    """The installed soilkg version (``0+unknown`` when running from an uninstalled tree)."""
    try:
        return version("soilkg")
    except PackageNotFoundError:
        return "0+unknown"
