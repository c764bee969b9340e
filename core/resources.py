"""Where the bundled knowledge and the store are, in a checkout and in an installed package.

The repository's top-level folders ``ontology/``, ``data/`` and ``queries/`` are the source of truth.
A wheel maps them into this package as ``core/bundle/<folder>`` at build time (``pyproject.toml``,
``[tool.setuptools.package-dir]``), so an installed copy finds them with no setting and a checkout
keeps no copies.

The store defaults to ``var/store`` of the checkout when the code runs from one, otherwise to a
per-user data folder (``platformdirs``), never inside site-packages.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent
BUNDLE = PACKAGE / "bundle"
BUNDLED_FOLDERS = ("ontology", "data", "queries")


def running_from_checkout() -> bool:
    """True when this code is the repository's own tree (source or editable install), not an installed copy."""
    return (CHECKOUT / "pyproject.toml").is_file() and all((CHECKOUT / name).is_dir() for name in BUNDLED_FOLDERS)


def bundled(name: str) -> Path:
    """The folder ``name`` (one of :data:`BUNDLED_FOLDERS`): the checkout's own, else the installed copy."""
    if name not in BUNDLED_FOLDERS:
        raise ValueError(f"no bundled folder '{name}': known {', '.join(BUNDLED_FOLDERS)}")
    return CHECKOUT / name if running_from_checkout() else BUNDLE / name


def default_store() -> Path:
    """``var/store`` of the checkout, or ``<user data dir>/soilkg/store`` for an installed package."""
    if running_from_checkout():
        return CHECKOUT / "var" / "store"
    from platformdirs import user_data_path

    return user_data_path("soilkg", appauthor=False) / "store"
